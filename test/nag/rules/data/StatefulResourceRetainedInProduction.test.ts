import { CfnDeletionPolicy, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as macie from 'aws-cdk-lib/aws-macie';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { StatefulResourceRetainedInProduction as rule } from '../../../../lib/nag/rules/data/StatefulResourceRetainedInProduction';
import { ruleFlags, testStack } from '../../../helpers';

/**
 * A stack of environment `environment`: one resource (an encrypted queue, retained)
 * carries the Environment tag, as Tags.of(stack) leaves it on every taggable resource.
 * The resources under test carry no tag of their own: the rule judges them by their stack.
 */
function environmentStack(id: string, environment?: 'prod' | 'test') {
  const stack = testStack(id);
  if (environment) {
    new sqs.CfnQueue(stack, 'Tagged', {
      tags: [{ key: 'Environment', value: environment }],
    }).applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
  return stack;
}

describe('DPP-StatefulResourceRetainedInProduction', () => {
  const prod = environmentStack('Prod', 'prod');

  test('fails if a workload author creates a bucket with RemovalPolicy.DESTROY in prod', () => {
    const bucket = new s3.Bucket(prod, 'Careless', { removalPolicy: RemovalPolicy.DESTROY });
    expect(ruleFlags(rule, bucket)).toBe(true);
  });

  test('fails if an L1 table has no policy at all (CloudFormation deletes it)', () => {
    const table = new dynamodb.CfnTable(prod, 'BareTable', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
    });
    expect(ruleFlags(rule, table)).toBe(true);
  });

  test('fails if a key is retained on deletion but not on replacement', () => {
    const key = new kms.Key(prod, 'HalfRetained', { removalPolicy: RemovalPolicy.RETAIN });
    (key.node.defaultChild as kms.CfnKey).cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;
    expect(ruleFlags(rule, key)).toBe(true);
  });

  test('fails if a resource that cannot be tagged is destroyed in a prod stack', () => {
    const session = new macie.CfnSession(prod, 'Macie', { status: 'ENABLED' });
    session.applyRemovalPolicy(RemovalPolicy.DESTROY);
    expect(ruleFlags(rule, session)).toBe(true);
    const archive = new events.Archive(prod, 'Archive', {
      sourceEventBus: events.EventBus.fromEventBusName(prod, 'Bus', 'default'),
      eventPattern: { source: ['aws.s3'] },
    });
    expect(ruleFlags(rule, archive)).toBe(true);
  });

  test('fails if a bucket asks for a snapshot, which CloudFormation cannot take of it', () => {
    const bucket = new s3.CfnBucket(prod, 'SnapshotBucket');
    bucket.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
    bucket.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    expect(ruleFlags(rule, bucket)).toBe(true);
  });

  test('passes retained buckets, keys and queues in prod', () => {
    expect(ruleFlags(rule, new s3.Bucket(prod, 'Retained'))).toBe(false);
    expect(
      ruleFlags(rule, new kms.Key(prod, 'RetainedKey', { removalPolicy: RemovalPolicy.RETAIN })),
    ).toBe(false);
    const queue = new sqs.Queue(prod, 'RetainedQueue', { removalPolicy: RemovalPolicy.RETAIN });
    expect(ruleFlags(rule, queue)).toBe(false);
  });

  test("fails if a queue keeps aws-cdk-lib's default, which destroys it", () => {
    expect(ruleFlags(rule, new sqs.Queue(prod, 'DefaultQueue'))).toBe(true);
  });

  test('passes a database cluster that leaves a final snapshot', () => {
    const cluster = new rds.CfnDBCluster(prod, 'Cluster', { engine: 'aurora-postgresql' });
    cluster.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    expect(ruleFlags(rule, cluster)).toBe(false);
  });

  test('does not apply to a test stack, which is torn down cheaply by design', () => {
    const test = environmentStack('Test', 'test');
    const bucket = new s3.Bucket(test, 'Disposable', { removalPolicy: RemovalPolicy.DESTROY });
    expect(ruleFlags(rule, bucket)).toBe(false);
  });

  test('does not apply to a stack no resource of which says it is prod', () => {
    const untagged = environmentStack('Untagged');
    const bucket = new s3.Bucket(untagged, 'Disposable', { removalPolicy: RemovalPolicy.DESTROY });
    expect(ruleFlags(rule, bucket)).toBe(false);
  });

  test('does not apply to types without data, nor to the firewall (pinned, not retained)', () => {
    const role = new iam.Role(prod, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(ruleFlags(rule, role)).toBe(false);
    const firewall = new networkfirewall.CfnFirewall(prod, 'Firewall', {
      firewallName: 'egress',
      firewallPolicyArn: 'arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/p',
      vpcId: 'vpc-1',
      subnetMappings: [{ subnetId: 'subnet-1' }],
    });
    expect(ruleFlags(rule, firewall)).toBe(false);
  });
});
