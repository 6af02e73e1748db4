import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ProcessingDeclaration } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { decide, SimulatedRequest } from '../../iam-simulator';
import { testStack } from '../../helpers';
import { baselineData } from './fixture';

/**
 * Issue 7 item 8: the deletion role is assumed by a person from a workstation. It must
 * find and delete a selling partner's items and objects, and read nothing else: not an
 * item's PII attributes (Query without a projection, a filter on them, ReturnValues on
 * delete), not an object, and write nothing (no puts through BatchWriteItem).
 */
const DECLARATION: ProcessingDeclaration = { dataset: 'Orders', fields: [] };
const stack: Stack = testStack('Deletion');
const keys = new DataClassKeys(stack, 'Keys', { projectName: 'spapi-dpp', environmentName: 'p' });
const data = baselineData(stack, keys, {
  piiTable: DECLARATION,
  piiBucket: DECLARATION,
  taxArchive: DECLARATION,
});
const template = Template.fromStack(stack).toJSON();
const id = (c: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(c.node.defaultChild as CfnElement);
const rolePolicy = Object.values(template.Resources as Record<string, any>).find(
  (r) =>
    r.Type === 'AWS::IAM::Policy' &&
    JSON.stringify(r.Properties.Roles).includes(id(data.deletionRole)),
)!.Properties.PolicyDocument;

const tableArn = { 'Fn::GetAtt': [id(data.piiTable.table), 'Arn'] };
const KEYS = ['sellingPartnerId', 'recordId'];
const call = (
  action: string,
  context: Record<string, unknown> = {},
  resource: unknown = tableArn,
): SimulatedRequest => ({
  principal: { arn: stack.resolve(data.deletionRole.roleArn), account: '123456789012' },
  action,
  resource,
  context,
});
const queryKeys = { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES', 'dynamodb:Attributes': KEYS };
const deleteByKey = { 'dynamodb:ReturnValues': 'NONE', 'dynamodb:Attributes': KEYS };

describe('deletion role', () => {
  test("can query a partner's keys and delete items by key", () => {
    expect(decide(rolePolicy, call('dynamodb:Query', queryKeys))).toBe('allow');
    expect(decide(rolePolicy, call('dynamodb:DeleteItem', deleteByKey))).toBe('allow');
  });

  test('cannot read whole items: Query without a projection returns every attribute', () => {
    expect(
      decide(rolePolicy, call('dynamodb:Query', { 'dynamodb:Select': 'ALL_ATTRIBUTES' })),
    ).not.toBe('allow');
    expect(decide(rolePolicy, call('dynamodb:Query'))).not.toBe('allow');
  });

  test('cannot project or filter on a PII attribute', () => {
    const withAddress = { ...queryKeys, 'dynamodb:Attributes': [...KEYS, 'shippingAddress'] };
    expect(decide(rolePolicy, call('dynamodb:Query', withAddress))).not.toBe('allow');
  });

  test('cannot get the deleted item back, nor condition the delete on a PII attribute', () => {
    expect(
      decide(
        rolePolicy,
        call('dynamodb:DeleteItem', { ...deleteByKey, 'dynamodb:ReturnValues': 'ALL_OLD' }),
      ),
    ).not.toBe('allow');
    expect(
      decide(
        rolePolicy,
        call('dynamodb:DeleteItem', {
          ...deleteByKey,
          'dynamodb:Attributes': [...KEYS, 'buyerName'],
        }),
      ),
    ).not.toBe('allow');
  });

  test('cannot write: no puts, no batch writes, no updates, no reads of items', () => {
    for (const action of [
      'dynamodb:BatchWriteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Scan',
      'dynamodb:PartiQLSelect',
    ]) {
      expect([action, decide(rolePolicy, call(action, queryKeys))]).toEqual([
        action,
        'implicit-deny',
      ]);
    }
  });

  test('cannot read an object of the PII bucket or the archive', () => {
    for (const bucket of [data.piiBucket.bucket, data.taxArchive.bucket]) {
      const object = {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [id(bucket), 'Arn'] }, '/A2EUQ1WTGCTBG2/x']],
      };
      for (const action of ['s3:GetObject', 's3:GetObjectVersion', 's3:RestoreObject']) {
        expect(decide(rolePolicy, call(action, {}, object))).toBe('implicit-deny');
      }
    }
  });
});
