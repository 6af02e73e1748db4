import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Physical } from './iam-policy';

/**
 * Physical names and ARNs for every resource of a synthesized stack, as CloudFormation
 * would give them: a test makes a policy or a filter pattern concrete with these before
 * it evaluates a request or a log event against it. Names are the lower-cased logical
 * ids; physical names set in the template are used as they are.
 */
export function physicalOf(stack: Stack, template: Template = Template.fromStack(stack)): Physical {
  const account = stack.account;
  const region = stack.region;
  const refs: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  const resources = template.toJSON().Resources as Record<
    string,
    { Type: string; Properties?: Record<string, unknown> }
  >;
  for (const [id, resource] of Object.entries(resources)) {
    const props = resource.Properties ?? {};
    const named = (key: string) =>
      typeof props[key] === 'string' ? (props[key] as string) : id.toLowerCase();
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        refs[id] = named('BucketName');
        attributes[`${id}.Arn`] = `arn:aws:s3:::${refs[id]}`;
        break;
      case 'AWS::IAM::Role':
        refs[id] = named('RoleName');
        attributes[`${id}.Arn`] = `arn:aws:iam::${account}:role/${refs[id]}`;
        break;
      case 'AWS::DynamoDB::Table':
        refs[id] = named('TableName');
        attributes[`${id}.Arn`] = `arn:aws:dynamodb:${region}:${account}:table/${refs[id]}`;
        break;
      case 'AWS::SNS::Topic':
        refs[id] = `arn:aws:sns:${region}:${account}:${named('TopicName')}`;
        attributes[`${id}.TopicArn`] = refs[id];
        break;
      case 'AWS::KMS::Key':
        refs[id] = `${id.toLowerCase()}-key-id`;
        attributes[`${id}.Arn`] = `arn:aws:kms:${region}:${account}:key/${refs[id]}`;
        break;
      case 'AWS::Logs::LogGroup':
        refs[id] = named('LogGroupName');
        attributes[`${id}.Arn`] = `arn:aws:logs:${region}:${account}:log-group:${refs[id]}:*`;
        break;
      case 'AWS::Lambda::Function':
        refs[id] = named('FunctionName');
        attributes[`${id}.Arn`] = `arn:aws:lambda:${region}:${account}:function:${refs[id]}`;
        break;
      case 'AWS::CloudTrail::Trail':
        refs[id] = named('TrailName');
        attributes[`${id}.Arn`] = `arn:aws:cloudtrail:${region}:${account}:trail/${refs[id]}`;
        break;
      case 'AWS::EC2::VPC':
        refs[id] = `vpc-${id.toLowerCase()}`;
        break;
      case 'AWS::EC2::VPCEndpoint':
        refs[id] = `vpce-${id.toLowerCase()}`;
        break;
      case 'AWS::Route53Resolver::FirewallDomainList':
      case 'AWS::Route53Resolver::FirewallRuleGroup':
        refs[id] = `rslvr-${id.toLowerCase()}`;
        attributes[`${id}.Id`] = refs[id];
        break;
      default:
        refs[id] = id.toLowerCase();
    }
  }
  return { refs, attributes, account, region };
}
