import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import {
  DPP_MAX_PII_RETENTION_DAYS,
  MAX_PII_PITR_RECOVERY_DAYS,
} from '../../../../lib/policy/bounds';
import { DppRule, cfnProperty, isTrue, objectValue, resolveLiteral } from '../../rule';
import { daysValue, globalTableReplicas, isPiiTable } from './pii-stores';

const SPECIFICATION = 'PointInTimeRecoverySpecification';

/** The PITR specifications that apply: the table's own, or each replica's for a global table. */
function pitrSpecifications(table: CfnResource): unknown[] {
  return table.cfnResourceType === 'AWS::DynamoDB::GlobalTable'
    ? globalTableReplicas(table).map((replica) => replica[SPECIFICATION])
    : [cfnProperty(table, SPECIFICATION)];
}

/** Enabled, with a recovery period set (the service default is 35 days) within the limit. */
function isBoundedPitr(table: CfnResource, value: unknown): boolean {
  const specification = objectValue(table, value, SPECIFICATION);
  const enabled = resolveLiteral(
    table,
    specification?.PointInTimeRecoveryEnabled,
    `${SPECIFICATION}.PointInTimeRecoveryEnabled`,
  );
  const period = daysValue(
    table,
    specification?.RecoveryPeriodInDays,
    `${SPECIFICATION}.RecoveryPeriodInDays`,
  );
  return isTrue(enabled) && period !== undefined && period <= MAX_PII_PITR_RECOVERY_DAYS;
}

/**
 * DPP 2.1: generic packs (AWS Solutions, NIST 800-53) require point-in-time
 * recovery on every table, but a PITR backup is a copy of the PII and counts towards
 * its retention. A PII table keeps PITR on and bounds its recovery period so that an
 * item, deleted by TTL up to two days late and then held in backups, is gone within
 * the 30 days with at least one day left for live use. Every replica of a global
 * table keeps its own backups, so each one must comply.
 */
export const PiiTablePitrWithinRetention: DppRule = {
  name: 'PiiTablePitrWithinRetention',
  clauses: ['DPP 2.1'],
  finding: `The PII table (or one of its replicas) has no point-in-time recovery, or keeps its backups too long. Enable PITR and set RecoveryPeriodInDays to at most ${MAX_PII_PITR_RECOVERY_DAYS} days, so backups and TTL lag stay within the ${DPP_MAX_PII_RETENTION_DAYS}-day retention.`,
  check(node: CfnResource) {
    if (!isPiiTable(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const specifications = pitrSpecifications(node);
    return specifications.length > 0 && specifications.every((s) => isBoundedPitr(node, s))
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
