import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, UnresolvedValueError, cfnProperty, resolveLiteral } from '../../rule';

const ALARM_TYPES = ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'];

/** The alarm actions of an alarm; throws when the list itself is not known at synth. */
export function alarmActions(node: CfnResource): unknown[] {
  const actions = cfnProperty(node, 'AlarmActions');
  if (actions === undefined) return [];
  if (!Array.isArray(actions)) {
    throw new UnresolvedValueError(
      `AlarmActions of ${node.node.path} is not a list known at synth`,
    );
  }
  return actions;
}

/** Whether an alarm tells someone when it goes off: it has an action, and actions are on. */
export function alarmNotifies(node: CfnResource): boolean {
  const enabled = resolveLiteral(node, cfnProperty(node, 'ActionsEnabled'), 'ActionsEnabled');
  return alarmActions(node).length > 0 && enabled !== false && enabled !== 'false';
}

/**
 * DPP 2.6: monitoring must "trigger investigative alarms on suspicious actions", and
 * an investigation must follow. An alarm that changes state without an action tells
 * nobody; it must have at least one alarm action, with actions enabled.
 */
export const AlarmHasAction: DppRule = {
  name: 'AlarmHasAction',
  clauses: ['DPP 2.6'],
  finding:
    'The alarm has no alarm action, or its actions are disabled, so nobody is told when it goes off. Add an action (e.g. the security topic) and leave ActionsEnabled true.',
  check(node: CfnResource) {
    if (!ALARM_TYPES.includes(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
    return alarmNotifies(node) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
