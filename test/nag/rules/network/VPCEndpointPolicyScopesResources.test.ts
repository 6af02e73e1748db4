import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { VPCEndpointPolicyScopesResources } from '../../../../lib/nag/rules/network/VPCEndpointPolicyScopesResources';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-VPCEndpointPolicyScopesResources', () => {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 1,
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const endpoint = (id: string, ...statements: iam.PolicyStatement[]) => {
    const e = vpc.addInterfaceEndpoint(id, { service: ec2.InterfaceVpcEndpointAwsService.STS });
    statements.forEach((s) => e.addToPolicy(s));
    return e;
  };
  const allowAnyone = (
    actions: string[],
    conditions?: Record<string, Record<string, unknown>>,
    resources = ['*'],
  ) =>
    new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions,
      resources,
      conditions,
    });
  const ownPrincipals = { StringEquals: { 'aws:PrincipalAccount': '123456789012' } };
  const flags = (e: ec2.InterfaceVpcEndpoint) => ruleFlags(VPCEndpointPolicyScopesResources, e);

  test('fails if STS lets this account assume roles in any account (principal bound only)', () => {
    expect(flags(endpoint('PrincipalOnly', allowAnyone(['*'], ownPrincipals)))).toBe(true);
    expect(flags(endpoint('AssumeAnyRole', allowAnyone(['sts:AssumeRole'], ownPrincipals)))).toBe(
      true,
    );
  });

  test('fails if the resource bound is negated or a wildcard', () => {
    const negated = allowAnyone(['sts:AssumeRole'], {
      StringNotEquals: { 'aws:ResourceAccount': '999999999999' },
    });
    expect(flags(endpoint('Negated', negated))).toBe(true);
    const wildcard = allowAnyone(['sts:AssumeRole'], {
      StringLike: { 'aws:ResourceAccount': '*' },
    });
    expect(flags(endpoint('Wildcard', wildcard))).toBe(true);
  });

  test("fails if the resources named are every account's", () => {
    const anyAccountsRoles = allowAnyone(['sts:AssumeRole'], ownPrincipals, [
      'arn:aws:iam::*:role/*',
    ]);
    expect(flags(endpoint('AnyAccountsRoles', anyAccountsRoles))).toBe(true);
  });

  test('fails if a NotAction statement slips resource-bearing actions in', () => {
    const e = endpoint('NotAction');
    e.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        notActions: ['sts:GetCallerIdentity'],
        resources: ['*'],
        conditions: ownPrincipals,
      }),
    );
    expect(flags(e)).toBe(true);
  });

  test('fails if the endpoint has no policy', () => {
    expect(flags(endpoint('NoPolicy'))).toBe(true);
  });

  test('passes AssumeRole bounded to this account or organization', () => {
    const own = allowAnyone(['sts:AssumeRole', 'sts:TagSession'], {
      StringEquals: {
        'aws:PrincipalAccount': '123456789012',
        'aws:ResourceAccount': '123456789012',
      },
    });
    expect(flags(endpoint('OwnRoles', own))).toBe(false);
    const org = allowAnyone(['sts:AssumeRole'], {
      StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' },
    });
    expect(flags(endpoint('OrgRoles', org))).toBe(false);
  });

  test('passes calls that name no resource with only the caller bounded', () => {
    const caller = allowAnyone(['sts:GetCallerIdentity', 'sts:GetSessionToken'], ownPrincipals);
    expect(flags(endpoint('Caller', caller))).toBe(false);
    const channels = allowAnyone(['ssmmessages:*'], ownPrincipals);
    expect(flags(endpoint('Channels', channels))).toBe(false);
  });

  test('passes named resources of this account or owned by AWS', () => {
    const named = allowAnyone(['s3:GetObject'], ownPrincipals, [
      'arn:aws:s3:::amazon-ssm-eu-west-1/*',
      'arn:aws:iam::123456789012:role/deploy',
    ]);
    expect(flags(endpoint('Named', named))).toBe(false);
  });

  test('does not apply to a Gateway Load Balancer endpoint', () => {
    const gwlb = new ec2.CfnVPCEndpoint(stack, 'Gwlb', {
      vpcId: vpc.vpcId,
      serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0',
      vpcEndpointType: 'GatewayLoadBalancer',
    });
    expect(ruleFlags(VPCEndpointPolicyScopesResources, gwlb)).toBe(false);
  });
});
