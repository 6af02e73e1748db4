import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BaselinePermissionsBoundary } from '../../../../constructs/access';
import { IAMRoleHasPermissionsBoundary } from '../../../../lib/nag/rules/access/IAMRoleHasPermissionsBoundary';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-IAMRoleHasPermissionsBoundary', () => {
  const stack = testStack();
  const boundary = new BaselinePermissionsBoundary(stack, 'Boundary', {
    managedPolicyName: 'spapi-dpp-prod-permissions-boundary',
  });
  const role = (id: string, permissionsBoundary?: iam.IManagedPolicy) =>
    new iam.Role(stack, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      permissionsBoundary,
    });
  /** A managed policy with the given statements besides an Allow of everything. */
  const ceilingWith = (id: string, ...statements: iam.PolicyStatement[]) =>
    new iam.ManagedPolicy(stack, id, {
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }), ...statements],
    });

  /** The role aws-cdk-lib creates (as a plain CfnResource) for its auto-delete provider. */
  const autoDeletingBucketProviderRole = (scope: Stack) => {
    new s3.Bucket(scope, 'Scratch', {
      autoDeleteObjects: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return scope.node
      .findAll()
      .find((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role')!;
  };

  test('fails if a role has no permissions boundary', () => {
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role('Careless'))).toBe(true);
  });

  test('fails if the boundary allows everything and denies nothing', () => {
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role('Open', ceilingWith('OpenCeiling')))).toBe(
      true,
    );
  });

  test('fails if the boundary lets the role create access keys', () => {
    const partial = ceilingWith(
      'NoUsersOnly',
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [
          'iam:CreateUser',
          'iam:CreateLoginProfile',
          'iam:DeleteRolePermissionsBoundary',
          'iam:PutRolePermissionsBoundary',
          'iam:UpdateAccountPasswordPolicy',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        notActions: ['iam:*'],
        resources: ['*'],
        conditions: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      }),
    );
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role('KeysAllowed', partial))).toBe(true);
  });

  test('fails if the boundary does not keep the role in its regions', () => {
    const noRegion = ceilingWith(
      'NoRegion',
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['iam:Create*', 'iam:*PermissionsBoundary', 'iam:UpdateAccountPasswordPolicy'],
        resources: ['*'],
      }),
    );
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role('AnyRegion', noRegion))).toBe(true);
  });

  test('fails if the boundary is defined outside the stack, where the rule cannot read it', () => {
    const external = iam.ManagedPolicy.fromManagedPolicyArn(
      stack,
      'OrgBoundary',
      'arn:aws:iam::123456789012:policy/OrgBoundary',
    );
    expect(ruleOutcome(IAMRoleHasPermissionsBoundary, role('External', external))).toEqual(
      threw(/OrgBoundary" of TestStack\/External\/Resource is not a managed policy of this app/),
    );
  });

  test("fails if an aws-cdk-lib provider's role is left without the boundary", () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bare = testStack('Providers', app);
    const providerRole = autoDeletingBucketProviderRole(bare);
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, providerRole)).toBe(true);
  });

  test("passes an aws-cdk-lib provider's role once the baseline's boundary is applied to the stack", () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const bounded = testStack('BoundedProviders', app);
    const providerRole = autoDeletingBucketProviderRole(bounded);
    new BaselinePermissionsBoundary(bounded, 'Boundary', {
      managedPolicyName: 'b',
    }).applyTo(bounded);
    app.synth();
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, providerRole)).toBe(false);
  });

  test("passes a role of another stack (a workload's) that carries the baseline's boundary", () => {
    const workload = testStack('Workload', stack.node.root as App);
    const workloadRole = new iam.Role(workload, 'WorkloadRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      permissionsBoundary: boundary.policy,
    });
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, workloadRole)).toBe(false);
  });

  test('fails if a role of another stack carries a boundary of that stack that denies nothing', () => {
    const workload = testStack('OpenWorkload', stack.node.root as App);
    const open = new iam.ManagedPolicy(workload, 'Open', {
      statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })],
    });
    const workloadRole = new iam.Role(workload, 'WorkloadRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      permissionsBoundary: open,
    });
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, workloadRole)).toBe(true);
  });

  test("passes a role with the baseline's boundary", () => {
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, role('Bounded', boundary.policy))).toBe(false);
  });

  test('does not apply to other resources', () => {
    expect(ruleFlags(IAMRoleHasPermissionsBoundary, new sqs.Queue(stack, 'Queue'))).toBe(false);
  });
});
