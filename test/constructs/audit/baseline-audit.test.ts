import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  acknowledgementsUnder,
  allPackViolations as everyPackViolation,
  allPackViolationsIgnoringAcknowledgements,
  staleAcknowledgements,
  Violation,
} from '../../helpers';

/**
 * The audit composed with keys, network, DNS Firewall and data meets every rule but the
 * permissions boundary, which the access capability applies to the whole stack.
 */
const allPackViolations = (scope: Parameters<typeof everyPackViolation>[0]): Violation[] =>
  everyPackViolation(scope).filter((v) => v.ruleId !== 'DPP-IAMRoleHasPermissionsBoundary');
import { auditStack } from './audit-stack';

describe('BaselineAudit', () => {
  test('passes every check of the three packs, composed with keys, network, DNS Firewall and data', () => {
    expect(allPackViolations(auditStack('Packs').stack)).toEqual([]);
  });

  test('acknowledges only findings the packs really report, on or below the acknowledged construct', () => {
    const { stack } = auditStack('Acknowledgements', {
      accountServices: { ownership: 'another-stack', ownerStackName: 'spapi-dpp-prod-baseline' },
    });
    const made = acknowledgementsUnder(stack);
    const violations = allPackViolationsIgnoringAcknowledgements(stack).filter(
      (v) => v.ruleId !== 'DPP-IAMRoleHasPermissionsBoundary',
    );
    expect(staleAcknowledgements(made, violations)).toEqual([]);
    expect(made).toContainEqual(
      expect.objectContaining({ path: 'Acknowledgements', ruleId: 'DPP-GuardDutyEnabled' }),
    );
  });

  test('with GuardDuty owned by another stack of the account: no detector, and still no finding', () => {
    const { stack } = auditStack('Delegated', {
      accountServices: { ownership: 'another-stack', ownerStackName: 'spapi-dpp-prod-baseline' },
    });
    Template.fromStack(stack).resourceCountIs('AWS::GuardDuty::Detector', 0);
    expect(allPackViolations(stack)).toEqual([]);
  });

  test('with GuardDuty switched off in the owning stack: the gate reports it until someone acknowledges why', () => {
    const { stack, audit } = auditStack('GuardDutyOff', {
      accountServices: {
        ownership: 'this-stack',
        guardDuty: false,
        macie: false,
        inspector: false,
      },
    });
    expect(allPackViolations(stack)).toEqual([
      expect.objectContaining({
        ruleId: 'DPP-GuardDutyEnabled',
        paths: [audit.trail.trail.node.path],
      }),
    ]);
  });

  test('passes the thresholds it is given to the alarms', () => {
    const { stack } = auditStack('Thresholds', {
      alarmThresholds: { unauthorizedCalls: 20, signInFailures: 5, anomalyBandWidth: 4 },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-unauthorized-api-calls',
      Threshold: 20,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-console-sign-in-failures',
      Threshold: 5,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'spapi-dpp-prod-security-pii-read-capacity-1',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'ANOMALY_DETECTION_BAND(m0, 4)' })]),
    });
  });

  test('makes a security auditor role, assumed with MFA for an hour, when none is given', () => {
    const { stack } = auditStack('Auditor');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Description: 'Reads the audit trail for an investigation (DPP 1.6, DPP 2.6)',
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
        ],
      },
    });
  });
});
