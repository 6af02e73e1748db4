import { Template } from 'aws-cdk-lib/assertions';
import { compileFilterPattern } from '../../simulators/filter-pattern';
import { Physical, concrete } from '../../simulators/iam-policy';

/**
 * Log events as CloudTrail, Network Firewall and Route 53 Resolver write them, for
 * feeding the alarms' metric filters. Only the fields the filters read are filled in.
 */

export const ACCOUNT = '123456789012';

export type LogEvent = Record<string, unknown>;

/** An identity that assumed a role (a workload, an engineer's SSO session). */
export function assumedRole(roleArn: string): LogEvent {
  const roleName = roleArn.split('/').pop();
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/session`,
    accountId: ACCOUNT,
    sessionContext: { sessionIssuer: { type: 'Role', arn: roleArn, accountId: ACCOUNT } },
  };
}

export const ROOT: LogEvent = {
  type: 'Root',
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  accountId: ACCOUNT,
};
export const IAM_USER: LogEvent = {
  type: 'IAMUser',
  arn: `arn:aws:iam::${ACCOUNT}:user/legacy-admin`,
  accountId: ACCOUNT,
};
export const ENGINEER = assumedRole(`arn:aws:iam::${ACCOUNT}:role/Administrator`);

/** A CloudTrail record. */
export function cloudTrailEvent(
  eventSource: string,
  eventName: string,
  fields: LogEvent = {},
): LogEvent {
  return {
    eventVersion: '1.09',
    userIdentity: ENGINEER,
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    eventType: 'AwsApiCall',
    readOnly: /^(Get|List|Describe|Head|Lookup)/.test(eventName),
    recipientAccountId: ACCOUNT,
    ...fields,
  };
}

/** Every metric filter of the template, concrete, by metric name. */
export function metricFilters(
  template: Template,
  physical: Physical,
): Record<string, { pattern: string; matches: (event: LogEvent) => boolean }> {
  const filters: Record<string, { pattern: string; matches: (event: LogEvent) => boolean }> = {};
  for (const filter of Object.values(template.findResources('AWS::Logs::MetricFilter'))) {
    const name = filter.Properties.MetricTransformations[0].MetricName as string;
    const pattern = concrete(filter.Properties.FilterPattern, physical) as string;
    filters[name] = { pattern, matches: compileFilterPattern(pattern) };
  }
  return filters;
}
