import { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataClassKey, DataClassKeys } from '../../../constructs/keys';
import { decide, SimulatedRequest } from '../../iam-simulator';
import { testStack } from '../../helpers';

const ACCOUNT = '123456789012';
const EXEC_ROLE = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-eu-west-1`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Administrator`;

function keyPolicy(stack: Stack, key: DataClassKey): unknown {
  const id = stack.getLogicalId(key.node.defaultChild as CfnElement);
  return Template.fromStack(stack).toJSON().Resources[id].Properties.KeyPolicy;
}

const as = (
  arn: string,
  action: string,
  context: Record<string, unknown> = {},
): SimulatedRequest => ({
  principal: { arn, account: ACCOUNT },
  action,
  resource: '*',
  context,
});

/**
 * Issue 7 item 7: "administration separate from use" must hold against the key's own
 * administrators, who could otherwise grant themselves use (CreateGrant) or rewrite
 * the key policy (PutKeyPolicy).
 */
describe('data-class key policy against its administrators', () => {
  const stack = testStack();
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'prod',
  });
  // A careless later change: a statement that lets an operator role create grants.
  const operator = new iam.Role(stack, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
  keys.pii.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [operator],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
    }),
  );
  const operatorArn = stack.resolve(operator.roleArn);
  const pii = keyPolicy(stack, keys.pii);

  test('nobody can create a grant that is not for an AWS resource, whatever else allows it', () => {
    const request = {
      ...as('', 'kms:CreateGrant'),
      principal: { arn: operatorArn, account: ACCOUNT },
    };
    expect(decide(pii, { ...request, context: { 'kms:GrantIsForAWSResource': 'false' } })).toBe(
      'explicit-deny',
    );
    expect(decide(pii, request)).toBe('explicit-deny');
  });

  test('DynamoDB can still create its table grant through the account', () => {
    const tableGrant = as(EXEC_ROLE, 'kms:CreateGrant', {
      'kms:GrantIsForAWSResource': 'true',
      'kms:CallerAccount': ACCOUNT,
      'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com',
    });
    expect(decide(pii, tableGrant)).toBe('allow');
  });

  test('an account administrator cannot change the key policy; the deploying role can', () => {
    for (const key of [keys.pii, keys.credentials, keys.auditLogs, keys.taxArchive]) {
      const policy = keyPolicy(stack, key);
      expect(decide(policy, as(ADMIN, 'kms:PutKeyPolicy'))).toBe('explicit-deny');
      expect(decide(policy, as(`arn:aws:iam::${ACCOUNT}:root`, 'kms:PutKeyPolicy'))).toBe(
        'explicit-deny',
      );
      expect(decide(policy, as(EXEC_ROLE, 'kms:PutKeyPolicy'))).toBe('allow');
    }
  });

  test('named key-policy administrators replace the deploying role', () => {
    const other = testStack('Named');
    const breakGlass = `arn:aws:iam::${ACCOUNT}:role/KeyPolicyBreakGlass`;
    const key = new DataClassKey(other, 'Key', {
      aliasName: 'alias/named',
      description: 'named administrators',
      services: ['s3'],
      keyPolicyAdministrators: [EXEC_ROLE, breakGlass].map((arn, i) =>
        iam.Role.fromRoleArn(other, `Admin${i}`, arn),
      ),
    });
    const policy = keyPolicy(other, key);
    expect(decide(policy, as(breakGlass, 'kms:PutKeyPolicy'))).toBe('allow');
    expect(decide(policy, as(ADMIN, 'kms:PutKeyPolicy'))).toBe('explicit-deny');
  });

  test('fails at synth on a wildcard key-policy administrator', () => {
    const other = testStack('Wildcard');
    expect(
      () =>
        new DataClassKey(other, 'Key', {
          aliasName: 'alias/wild',
          description: 'wildcard',
          services: ['s3'],
          keyPolicyAdministrators: [
            iam.Role.fromRoleArn(other, 'Wild', `arn:aws:iam::${ACCOUNT}:role/*`),
          ],
        }),
    ).toThrow(/keyPolicyAdministrators .*role\/\*.* names no single role or user/);
  });
});
