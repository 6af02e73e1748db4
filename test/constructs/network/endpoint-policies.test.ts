import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataClassKeys } from '../../../constructs/keys';
import { BaselineNetwork, BaselineNetworkProps } from '../../../constructs/network';
import { decide, SimulatedRequest } from '../../iam-simulator';
import { testStack, TEST_AZS } from '../../helpers';

const ACCOUNT = '123456789012';
const OTHER = '999999999999';
const ORG = 'o-a1b2c3d4e5';

/** The endpoint policies of a baseline network, by the service name's last part (`sts`, `s3`). */
function endpointPolicies(id: string, props: Partial<BaselineNetworkProps> = {}) {
  const stack: Stack = testStack(id);
  const keys = new DataClassKeys(stack, 'Keys', { projectName: 'spapi-dpp', environmentName: 't' });
  new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: TEST_AZS,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-t',
    ...props,
  });
  const endpoints = Object.values(Template.fromStack(stack).findResources('AWS::EC2::VPCEndpoint'));
  return Object.fromEntries(
    endpoints.map((e) => {
      const name = JSON.stringify(e.Properties.ServiceName).match(/\.([a-z0-9]+)"/)![1];
      return [name, e.Properties.PolicyDocument];
    }),
  ) as Record<string, unknown>;
}

const workload = { arn: `arn:aws:iam::${ACCOUNT}:role/workload`, account: ACCOUNT };
const assumeRoleIn = (account: string, orgId?: string): SimulatedRequest => ({
  principal: workload,
  action: 'sts:AssumeRole',
  resource: `arn:aws:iam::${account}:role/target`,
  context: { 'aws:ResourceAccount': account, ...(orgId ? { 'aws:ResourceOrgID': orgId } : {}) },
});

describe('endpoint policies (data perimeter)', () => {
  const policies = endpointPolicies('Perimeter');

  test("the STS endpoint refuses a workload's AssumeRole into another account", () => {
    expect(decide(policies.sts, assumeRoleIn(OTHER))).not.toBe('allow');
    for (const action of ['sts:TagSession', 'sts:SetSourceIdentity']) {
      expect(decide(policies.sts, { ...assumeRoleIn(OTHER), action })).not.toBe('allow');
    }
  });

  test('the STS endpoint admits AssumeRole of this account and calls that name no role', () => {
    expect(decide(policies.sts, assumeRoleIn(ACCOUNT))).toBe('allow');
    expect(
      decide(policies.sts, { principal: workload, action: 'sts:GetCallerIdentity', resource: '*' }),
    ).toBe('allow');
  });

  test('the STS endpoint admits a web identity only into roles of this account', () => {
    const webIdentity = (account: string): SimulatedRequest => ({
      principal: {},
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: `arn:aws:iam::${account}:role/pod`,
      context: { 'aws:ResourceAccount': account },
    });
    expect(decide(policies.sts, webIdentity(ACCOUNT))).toBe('allow');
    expect(decide(policies.sts, webIdentity(OTHER))).not.toBe('allow');
  });

  test('with an organization configured, STS admits roles in the organization only', () => {
    const withOrg = endpointPolicies('Org', { organizationId: ORG });
    expect(decide(withOrg.sts, assumeRoleIn(OTHER, ORG))).toBe('allow');
    expect(decide(withOrg.sts, assumeRoleIn(OTHER, 'o-zzzzzzzzzz'))).not.toBe('allow');
    expect(decide(withOrg.sts, assumeRoleIn(OTHER))).not.toBe('allow');
  });

  test('fails at synth on an organization id that is not one', () => {
    expect(() => endpointPolicies('BadOrg', { organizationId: 'my-org' })).toThrow(
      /organizationId 'my-org' is not an AWS Organizations id/,
    );
  });

  test("no endpoint lets this account's principals act on another account's resources", () => {
    // Session Manager's message channels name no resource of any account.
    const resourceless = ['ssmmessages', 'ec2messages'];
    const scoped = Object.entries(policies).filter(([service]) => !resourceless.includes(service));
    expect(scoped).toHaveLength(8);
    for (const [service, policy] of scoped) {
      const request: SimulatedRequest = {
        principal: workload,
        action: `${service}:PutSomething`,
        resource: `arn:aws:${service}:eu-west-1:${OTHER}:thing/x`,
        context: { 'aws:ResourceAccount': OTHER },
      };
      expect([service, decide(policy, request)]).toEqual([
        service,
        expect.not.stringMatching(/^allow$/),
      ]);
    }
  });

  test("no endpoint admits another account's principals", () => {
    for (const [service, policy] of Object.entries(policies)) {
      const request: SimulatedRequest = {
        principal: { arn: `arn:aws:iam::${OTHER}:role/intruder`, account: OTHER },
        action: `${service}:GetSomething`,
        resource: `arn:aws:${service}:eu-west-1:${ACCOUNT}:thing/x`,
        context: { 'aws:ResourceAccount': ACCOUNT },
      };
      expect([service, decide(policy, request)]).toEqual([
        service,
        expect.not.stringMatching(/^allow$/),
      ]);
    }
  });
});
