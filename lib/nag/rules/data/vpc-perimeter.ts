import {
  ConditionEntry,
  Statement,
  conditionEntries,
  coversAction,
  deniesEveryoneBut,
} from '../../policy';

/**
 * Reading the network perimeter of a data store's resource policy (DPP 2.3, DUP 4.7):
 * a Deny for every principal whose request does not come through the VPC's endpoints
 * (`aws:SourceVpce`, or `aws:SourceVpc`). A deny may exempt named roles or users
 * (`ArnNotEquals aws:PrincipalArn`), each a documented path outside the VPC; any other
 * narrowing condition, a wildcard exemption or a principal other than `*` makes it no
 * perimeter.
 */

const NEGATED_STRING_OPERATORS = ['stringnotequals', 'stringnotequalsifexists'];
const NETWORK_KEYS = ['aws:sourcevpce', 'aws:sourcevpc'];

/** `StringNotEquals aws:SourceVpce <endpoints>`: the request did not come through them. */
export function isOutsideVpcEntry(entry: ConditionEntry): boolean {
  return (
    NEGATED_STRING_OPERATORS.includes(entry.operator.toLowerCase()) &&
    NETWORK_KEYS.includes(entry.key.toLowerCase()) &&
    entry.values.length > 0
  );
}

/** Whether `statement` denies everyone (named exemptions aside) whatever does not come through the VPC. */
export function isVpcPerimeter(statement: Statement): boolean {
  return (
    conditionEntries(statement).some(isOutsideVpcEntry) &&
    deniesEveryoneBut(statement, isOutsideVpcEntry)
  );
}

/**
 * Whether each of `actions` is denied outside the VPC by some perimeter statement that
 * `onResource` accepts (a statement written for the whole bucket, its objects, `*`).
 */
export function perimeterCovers(
  statements: readonly Statement[],
  actions: readonly string[],
  onResource: (statement: Statement) => boolean,
): boolean {
  const perimeter = statements.filter((s) => isVpcPerimeter(s) && onResource(s));
  return actions.every((action) => perimeter.some((s) => coversAction(s, action)));
}
