import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BenchWorkload, RESOURCES_PER_UNIT } from '../../bench/workload';
import { ENVIRONMENT_NAMES } from '../../lib/config/types';
import { allPackViolations } from '../helpers';
import { baselineTestApp } from '../baseline-app';

/**
 * The benchmark's stand-in workload (bench/workload.ts) must add exactly the resources
 * it claims, all compliant, or the scaling benchmark would measure findings and wrong
 * counts instead of the checks' work on more resources.
 */
describe('the benchmark workload', () => {
  const units = 2;
  const { app, stages } = baselineTestApp();
  const workloads = ENVIRONMENT_NAMES.map(
    (name) =>
      new BenchWorkload(
        stages[name],
        'BenchWorkload',
        stages[name].baseline,
        units * RESOURCES_PER_UNIT,
      ),
  );
  app.synth();

  test('adds exactly the resources asked for, in a stack of each environment', () => {
    for (const stack of workloads) {
      const resources = Object.keys(Template.fromStack(stack).toJSON().Resources);
      expect({ stack: stack.node.path, count: resources.length }).toEqual({
        stack: stack.node.path,
        count: units * RESOURCES_PER_UNIT,
      });
    }
  });

  test('is compliant with every pack in both environments, and protected in prod', () => {
    expect(workloads.flatMap((stack: Stack) => allPackViolations(stack))).toEqual([]);
    expect(workloads.map((stack) => stack.terminationProtection)).toEqual([false, true]);
  });

  test('fails if asked for a count that is not a whole number of units', () => {
    expect(
      () => new BenchWorkload(stages.test, 'Odd', stages.test.baseline, RESOURCES_PER_UNIT + 1),
    ).toThrow(`${RESOURCES_PER_UNIT + 1} resources is not a multiple of ${RESOURCES_PER_UNIT}`);
  });
});
