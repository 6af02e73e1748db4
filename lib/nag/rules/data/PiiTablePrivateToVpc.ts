import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty, objectValue } from '../../rule';
import {
  Statement,
  conditionEntries,
  coversAction,
  isAnyPrincipal,
  statementsOf,
} from '../../policy';
import { globalTableReplicas, isPiiTable } from './pii-stores';
import { perimeterCovers } from './vpc-perimeter';

/** Every call that reads or writes items (PartiQL included). */
const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
];

const EXPORT = 'dynamodb:ExportTableToPointInTime';

/** The table's own policy names no ARN of itself (it cannot): `*` is the table. */
const onTheTable = (statement: Statement) => statement.resources.includes('*');

/** A Deny of the export to everyone, with no condition that would let anyone through. */
const deniesExport = (statement: Statement) =>
  statement.effect === 'Deny' &&
  isAnyPrincipal(statement.principal) &&
  statement.notPrincipal === undefined &&
  onTheTable(statement) &&
  coversAction(statement, EXPORT) &&
  conditionEntries(statement).length === 0;

/** The resource policies of a table, or of every replica of a global table. */
function resourcePolicies(node: CfnResource): unknown[] {
  const owners =
    node.cfnResourceType === 'AWS::DynamoDB::GlobalTable'
      ? globalTableReplicas(node).map((replica) => replica.ResourcePolicy)
      : [cfnProperty(node, 'ResourcePolicy')];
  return owners.map((policy) => objectValue(node, policy, 'ResourcePolicy')?.PolicyDocument);
}

function keepsInsideVpc(document: unknown): boolean {
  const statements = statementsOf(document);
  return perimeterCovers(statements, ITEM_ACTIONS, onTheTable) && statements.some(deniesExport);
}

/**
 * DPP 2.3 and DUP 4.7: PII stays on the internal network. Without a resource policy, a
 * PII table answers anyone with valid credentials from anywhere: a laptop, another
 * network, a function outside the VPC. Its resource policy must deny every item read
 * and write (PartiQL included) that does not come through the VPC's endpoint
 * (`aws:SourceVpce`), to every principal but named roles, and deny exporting the table
 * to S3 outright (an export is a copy of every item in a bucket the caller picks). For
 * a global table, every replica's policy must.
 */
export const PiiTablePrivateToVpc: DppRule = {
  name: 'PiiTablePrivateToVpc',
  clauses: ['DPP 2.3', 'DUP 4.7'],
  finding:
    "The PII table can be read or written from outside the VPC, or exported. Give it a resource policy that denies to Principal '*' every item action not made through the VPC endpoint (StringNotEquals aws:SourceVpce; exemptions only for named roles) and denies dynamodb:ExportTableToPointInTime.",
  check(node: CfnResource) {
    if (!isPiiTable(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const policies = resourcePolicies(node);
    const compliant = policies.length > 0 && policies.every(keepsInsideVpc);
    return compliant ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
