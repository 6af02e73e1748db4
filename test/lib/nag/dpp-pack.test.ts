import * as fs from 'fs';
import * as path from 'path';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { DPP_RULES } from '../../../lib/nag/rules';
import { testStack, violationsOf } from '../../helpers';

describe('DPP pack', () => {
  test('holds exactly the registered rules', () => {
    expect(new DppChecks().ruleIds).toEqual([
      'DPP-NoHardcodedCredentials',
      'DPP-LogGroupRetentionAtLeast90Days',
      'DPP-LogGroupEncryptedWithCMK',
      'DPP-LambdaLogsToManagedLogGroup',
      'DPP-FlowLogRoleTrustScopedToAccount',
      'DPP-SubnetNoPublicIpOnLaunch',
      'DPP-SubnetHasNetworkAcl',
      'DPP-NetworkAclDenyListFirst',
      'DPP-NetworkAclNoAllTrafficFromAnywhere',
      'DPP-NetworkAclNoAdminPortsFromAnywhere',
      'DPP-SecurityGroupNoWorldIngress',
      'DPP-SecurityGroupEgressRestricted',
      'DPP-VPCFlowLogsEnabled',
      'DPP-NetworkFirewallPolicyDropsByDefault',
      'DPP-VPCEndpointHasRestrictivePolicy',
      'DPP-VPCEndpointPolicyScopesResources',
      'DPP-WorkloadNotInEgressSubnet',
      'DPP-S3BucketRequiresTls12',
      'DPP-LoadBalancerListenerTls12',
      'DPP-ApiCustomDomainTls12',
      'DPP-NetworkFirewallPassesTlsOnly',
      'DPP-KMSKeyRotationEnabled',
      'DPP-KMSKeyPolicyNoUnconditionedWildcard',
      'DPP-KMSKeyGrantsOnlyForAWSResources',
      'DPP-KMSKeyPolicyChangeRestricted',
      'DPP-DataStoreClassified',
      'DPP-DataStoreEncryptedWithCMK',
      'DPP-PiiBucketExpiresWithinRetention',
      'DPP-PiiBucketPrivateToVpc',
      'DPP-PiiBucketNotReplicated',
      'DPP-PiiBucketAccessLogged',
      'DPP-PiiTableTtlEnabled',
      'DPP-PiiTablePitrWithinRetention',
      'DPP-PiiTablePrivateToVpc',
      'DPP-TaxArchiveLockedAndCold',
      'DPP-StatefulResourceRetainedInProduction',
      'DPP-IAMNoUserGroupOrAccessKey',
      'DPP-IAMRoleHumanTrustRequiresMfa',
      'DPP-IAMRoleTrustWithinOrganization',
      'DPP-IAMRoleHasPermissionsBoundary',
      'DPP-IAMPolicyNoDataServiceWildcard',
      'DPP-AccountPasswordPolicyMeetsDpp',
      'DPP-SecretEncryptedWithCMK',
      'DPP-SecretRotationAtMost90Days',
      'DPP-SecretReadableOnlyThroughVpcEndpoint',
      'DPP-SecretReadersRestricted',
      'DPP-SpApiNotificationQueueEncryptedWithCMK',
      'DPP-SpApiNotificationQueuePolicyMinimal',
      'DPP-TrailMultiRegionValidatedWithCMK',
      'DPP-TrailBucketLockedAndPrivate',
      'DPP-PiiStoreDataEventsLogged',
      'DPP-AlarmHasAction',
      'DPP-PiiStoreHasCanaryAlarm',
      'DPP-GuardDutyEnabled',
      'DPP-VPCDnsFirewallBlocksByDefault',
    ]);
  });

  test('registers every rule file, and every rule file has its test file', () => {
    const rulesDir = path.join(__dirname, '../../../lib/nag/rules');
    const ruleFiles = fs
      .readdirSync(rulesDir, { recursive: true })
      .map(String)
      .filter((file) => /(^|\/)[A-Z]\w+\.ts$/.test(file));
    expect(ruleFiles.map((file) => path.basename(file, '.ts')).sort()).toEqual(
      DPP_RULES.map((rule) => rule.name).sort(),
    );
    for (const file of ruleFiles) {
      const test = path.join(__dirname, '../../nag/rules', file.replace(/\.ts$/, '.test.ts'));
      expect(fs.existsSync(test)).toBe(true);
    }
  });

  test('reports findings with the clause citation from the catalogue', () => {
    const stack = testStack();
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_WEEK });
    const violations = violationsOf(new DppChecks(), stack);
    expect(violations.map((v) => v.ruleId).sort()).toEqual([
      'DPP-LogGroupEncryptedWithCMK',
      'DPP-LogGroupRetentionAtLeast90Days',
    ]);
    expect(violations[0].description).toMatch(/^\[DPP 2\.6 Logging and Monitoring\] /);
  });

  test('explains a finding with the clause wording when verbose', () => {
    const stack = testStack();
    new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_WEEK });
    const [first] = violationsOf(new DppChecks(undefined, { verbose: true }), stack);
    expect(first.description).toContain(
      'DPP 2.6 Logging and Monitoring: Log security events on all channels',
    );
  });
});
