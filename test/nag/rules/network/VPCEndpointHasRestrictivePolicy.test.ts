import { Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { VPCEndpointHasRestrictivePolicy } from '../../../../lib/nag/rules/network/VPCEndpointHasRestrictivePolicy';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-VPCEndpointHasRestrictivePolicy', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const s3Endpoint = (id: string) =>
    vpc.addGatewayEndpoint(id, { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const allowAnyone = (conditions?: Record<string, Record<string, unknown>>) =>
    new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['*'],
      resources: ['*'],
      conditions,
    });

  test('fails if a gateway endpoint has no policy', () => {
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, s3Endpoint('NoPolicy'))).toBe(true);
  });

  test('fails if an interface endpoint has no policy', () => {
    const endpoint = vpc.addInterfaceEndpoint('SecretsNoPolicy', {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    });
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(true);
  });

  test('fails if an endpoint of absent type (a gateway) has no policy', () => {
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'UntypedNoPolicy', {
      vpcId: vpc.vpcId,
      serviceName: 'com.amazonaws.eu-west-1.dynamodb',
    });
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(true);
  });

  test('fails if the policy allows any principal without a condition', () => {
    const endpoint = s3Endpoint('OpenPolicy');
    endpoint.addToPolicy(allowAnyone());
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(true);
  });

  test('fails if the policy document is not known at synth', () => {
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'ImportedPolicy', {
      vpcId: vpc.vpcId,
      serviceName: 'com.amazonaws.eu-west-1.s3',
      vpcEndpointType: 'Gateway',
      policyDocument: Fn.importValue('PolicyFromAnotherStack'),
    });
    expect(ruleOutcome(VPCEndpointHasRestrictivePolicy, endpoint)).toEqual(
      threw(
        /^policy document \{"Fn::ImportValue":"PolicyFromAnotherStack"\} is not known at synth$/,
      ),
    );
  });

  test("passes a policy limiting any principal to the account's own resources", () => {
    const endpoint = s3Endpoint('OwnAccount');
    endpoint.addToPolicy(allowAnyone({ StringEquals: { 'aws:ResourceAccount': stack.account } }));
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(false);
  });

  test('passes a policy given as a JSON string that names a principal', () => {
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'JsonPolicy', {
      vpcId: vpc.vpcId,
      serviceName: 'com.amazonaws.eu-west-1.s3',
    });
    const statement = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 's3:*',
      Resource: '*',
    };
    endpoint.addPropertyOverride('PolicyDocument', JSON.stringify({ Statement: [statement] }));
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(false);
  });

  test('fails if a JSON string policy allows any principal without a condition', () => {
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'JsonOpenPolicy', {
      vpcId: vpc.vpcId,
      serviceName: 'com.amazonaws.eu-west-1.s3',
    });
    const statement = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
    endpoint.addPropertyOverride('PolicyDocument', JSON.stringify({ Statement: [statement] }));
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(true);
  });

  test('does not apply to a Gateway Load Balancer endpoint', () => {
    const endpoint = new ec2.CfnVPCEndpoint(stack, 'Gwlb', {
      vpcId: vpc.vpcId,
      serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
      vpcEndpointType: 'GatewayLoadBalancer',
    });
    expect(ruleFlags(VPCEndpointHasRestrictivePolicy, endpoint)).toBe(false);
  });
});
