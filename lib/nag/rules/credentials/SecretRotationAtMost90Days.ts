import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, objectValue, resolveLiteral } from '../../rule';
import { resourcesReferringTo } from '../../template';

/** DPP 1.4: "rotated at least quarterly". */
const MAX_DAYS = 90;

/**
 * The longest interval, in days, of a rotation schedule expression, or `undefined`
 * when the expression does not guarantee one. `rate(N days)` and `rate(N hours)` say
 * it; a cron expression guarantees at most a month between runs only when it runs in
 * every month (or every second month), which is what its month field says.
 */
function scheduleDays(expression: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/.exec(expression.trim());
  if (rate) return rate[2].startsWith('hour') ? Number(rate[1]) / 24 : Number(rate[1]);
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const month = fields[3];
  if (month === '*' || month === '*/1') return 31;
  if (month === '*/2') return 62;
  return undefined;
}

/** The longest interval of one `AWS::SecretsManager::RotationSchedule`, if it rotates. */
function rotationDays(schedule: CfnResource): number | undefined {
  const properties = cfnProperties(schedule);
  const hasFunction =
    properties.RotationLambdaARN !== undefined || properties.HostedRotationLambda !== undefined;
  if (!hasFunction) return undefined;
  const rules = objectValue(schedule, properties.RotationRules, 'RotationRules');
  const days = resolveLiteral(schedule, rules?.AutomaticallyAfterDays, 'AutomaticallyAfterDays');
  if (days !== undefined) return Number(days);
  const expression = resolveLiteral(schedule, rules?.ScheduleExpression, 'ScheduleExpression');
  return typeof expression === 'string' ? scheduleDays(expression) : undefined;
}

/**
 * DPP 1.4 and DUP 3.4: system credentials are rotated at least quarterly. Every secret
 * has a rotation schedule with a rotation function (`AWS::SecretsManager::RotationSchedule`
 * referring to it) whose interval is at most 90 days. A secret that cannot be rotated
 * automatically is acknowledged with the process that rotates it.
 */
export const SecretRotationAtMost90Days: DppRule = {
  name: 'SecretRotationAtMost90Days',
  clauses: ['DPP 1.4', 'DUP 3.4'],
  finding: `The secret has no rotation schedule with a rotation function, or its schedule allows more than ${MAX_DAYS} days between rotations (AutomaticallyAfterDays, rate(...) or a cron expression that does not run every month).`,
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::SecretsManager::Secret') {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const schedules = resourcesReferringTo(
      node,
      'AWS::SecretsManager::RotationSchedule',
      'SecretId',
    );
    const rotates = schedules.some((schedule) => {
      const days = rotationDays(schedule);
      return days !== undefined && days > 0 && days <= MAX_DAYS;
    });
    return rotates ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
