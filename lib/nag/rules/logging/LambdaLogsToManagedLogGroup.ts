import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperties, objectValue } from '../../rule';
import { refersTo, stackResourcesOfType } from '../../template';

/** The name Lambda gives a function's log group when it creates one itself. */
const LAMBDA_LOG_GROUP_PREFIX = '/aws/lambda/';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether `name` (a resolved LogGroupName) is `/aws/lambda/<the function's name>`: the
 * literal prefix joined to a Ref of the function, or to its literal FunctionName.
 */
function isDefaultNameOf(name: unknown, fn: CfnResource, functionName: unknown): boolean {
  if (typeof name === 'string') {
    return typeof functionName === 'string' && name === `${LAMBDA_LOG_GROUP_PREFIX}${functionName}`;
  }
  const join = (name as { 'Fn::Join'?: unknown } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1]) || join[1].length !== 2) {
    return false;
  }
  const [prefix, rest] = join[1] as unknown[];
  return (
    prefix === LAMBDA_LOG_GROUP_PREFIX && (refersTo(rest, fn) || sameValue(rest, functionName))
  );
}

/**
 * DPP 2.6: logs are kept at least 90 days under access control. A function whose log
 * group is not in the template gets one from Lambda on its first run: unencrypted and
 * kept forever, which no rule on log groups can see. The function must log to a log
 * group of its stack: `LoggingConfig.LogGroup` naming one (a Ref, or its literal name),
 * or a log group named `/aws/lambda/<function>` beside it. The log group rules then
 * check encryption and retention. This includes the functions aws-cdk-lib's custom
 * resource providers render as plain `AWS::Lambda::Function` resources.
 */
export const LambdaLogsToManagedLogGroup: DppRule = {
  name: 'LambdaLogsToManagedLogGroup',
  clauses: ['DPP 2.6'],
  finding:
    "The function's logs go to a log group that is not in the template, which Lambda creates unencrypted and keeps forever. Give it a log group of the stack (LoggingConfig.LogGroup), encrypted and kept for the audit retention.",
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::Lambda::Function') return NagRuleCompliance.NOT_APPLICABLE;
    const properties = cfnProperties(node);
    const logging = objectValue(node, properties.LoggingConfig, 'LoggingConfig');
    const groups = stackResourcesOfType(node, 'AWS::Logs::LogGroup').map((group) => ({
      group,
      name: cfnProperties(group).LogGroupName,
    }));
    const target = logging?.LogGroup;
    const managed =
      target !== undefined
        ? groups.some(
            ({ group, name }) =>
              refersTo(target, group) || (name !== undefined && sameValue(name, target)),
          )
        : groups.some(({ name }) => isDefaultNameOf(name, node, properties.FunctionName));
    return managed ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
