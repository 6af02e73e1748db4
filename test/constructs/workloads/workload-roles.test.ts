import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DataClassKey } from '../../../constructs/keys';
import { crossStackRoleArn, workloadRolePath } from '../../../constructs/workloads';
import { TEST_ENV, testApp } from '../../helpers';

/** How a construct of the baseline names a role of another stack (docs/workloads.md). */
describe('crossStackRoleArn', () => {
  const app: App = testApp();
  const baseline = new Stack(app, 'Baseline', { env: TEST_ENV });
  const workload = new Stack(app, 'Workload', { env: TEST_ENV });
  const elsewhere = new Stack(app, 'Elsewhere', { env: { ...TEST_ENV, account: '210987654321' } });
  const path = workloadRolePath('spapi-dpp', 'test');
  const lambdaRole = (stack: Stack, id: string, props: Partial<iam.RoleProps> = {}) =>
    new iam.Role(stack, id, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      ...props,
    });

  test('leaves a role of the same stack, or a service, to be named by reference', () => {
    expect(crossStackRoleArn(baseline, lambdaRole(baseline, 'Own'), path, 'x')).toBeUndefined();
    expect(
      crossStackRoleArn(baseline, new iam.ServicePrincipal('logs.amazonaws.com'), path, 'x'),
    ).toBeUndefined();
  });

  test('names a workload role by its literal ARN, path included', () => {
    const role = lambdaRole(workload, 'Admitted', { roleName: 'spapi-dpp-test-app', path });
    expect(baseline.resolve(crossStackRoleArn(baseline, role, path, 'x'))).toBe(
      'arn:aws:iam::123456789012:role/spapi-dpp/test/workloads/spapi-dpp-test-app',
    );
  });

  test('fails if the baseline admits no other stack, or the role is of another account', () => {
    const role = lambdaRole(workload, 'NoPath', { roleName: 'spapi-dpp-test-b', path });
    expect(() => crossStackRoleArn(baseline, role, undefined, 'reads')).toThrow(
      /cannot be granted reads: Baseline admits no role of another stack/,
    );
    const foreign = lambdaRole(elsewhere, 'Foreign', { roleName: 'spapi-dpp-test-c', path });
    expect(() => crossStackRoleArn(baseline, foreign, path, 'reads')).toThrow(
      /it is not in account 123456789012/,
    );
  });

  test('fails if an imported role of another stack is granted', () => {
    const imported = iam.Role.fromRoleName(workload, 'Imported', 'spapi-dpp-test-d');
    expect(() => crossStackRoleArn(baseline, imported, path, 'reads')).toThrow(
      /it is not a role created in this app/,
    );
  });

  test('a key without a workload path refuses every role of another stack', () => {
    const key = new DataClassKey(baseline, 'Key', {
      aliasName: 'alias/no-workloads',
      description: 'admits no workload',
      services: ['dynamodb'],
    });
    const role = lambdaRole(workload, 'Granted', { roleName: 'spapi-dpp-test-e', path });
    expect(() => key.grantDecrypt(role)).toThrow(/Baseline admits no role of another stack/);
  });
});
