import { evaluateBudgets, BudgetInputs } from '../../bench/budgets';

/**
 * The benchmark's budgets (bench/budgets.ts) judge figures; these tests give them
 * figures that keep and break each one, so that `npm run bench` cannot pass a pack
 * that grows quadratically or a synth over its limits.
 */

/** Figures shaped like a run on this machine that keeps every budget. */
const KEPT: BudgetInputs = {
  fullOverFloor: 1.8,
  fullSynthMs: 7_000,
  dppMsPerRule: 0.8,
  awsSolutionsMsPerRule: 0.9,
  // 0.1 ms a resource, whatever the size.
  dppPackMs: [66, 86, 146],
  synthMs: [7_000, 7_400, 8_600],
  extra: [0, 100, 400],
  resources: [657, 859, 1459],
  synthStartupMs: 1_500,
  testSuiteMs: 40_000,
};

const verdicts = (inputs: BudgetInputs) =>
  Object.fromEntries(evaluateBudgets(inputs).map((b) => [b.id, b.passed]));

describe('the benchmark budgets', () => {
  test('a run within every limit keeps every budget', () => {
    expect(verdicts(KEPT)).toEqual({
      'full-synth-vs-floor': true,
      'full-synth-time': true,
      'dpp-per-rule': true,
      'dpp-400-resources': true,
      'dpp-linear': true,
      'synth-linear': true,
      'npm-test': true,
    });
  });

  test('fails if the full synth is over twice the floor or 10 s', () => {
    expect(verdicts({ ...KEPT, fullOverFloor: 2.05, fullSynthMs: 10_000 })).toMatchObject({
      'full-synth-vs-floor': false,
      'full-synth-time': false,
    });
  });

  test('fails if a DPP rule costs more than an AwsSolutions rule', () => {
    expect(verdicts({ ...KEPT, dppMsPerRule: 1.0 })['dpp-per-rule']).toBe(false);
  });

  test('fails if the DPP pack grows quadratically with the resources', () => {
    // Time proportional to the square of the resources, 0.1 ms a resource at the baseline.
    const quadratic = KEPT.resources.map((n) => (0.1 * n * n) / KEPT.resources[0]);
    const inputs = { ...KEPT, dppPackMs: quadratic as unknown as BudgetInputs['dppPackMs'] };
    expect(verdicts(inputs)['dpp-linear']).toBe(false);
  });

  test('fails if 400 extra resources add a second or more to the DPP pack', () => {
    expect(verdicts({ ...KEPT, dppPackMs: [66, 400, 1_066] })['dpp-400-resources']).toBe(false);
  });

  test('fails if the synth grows worse than linearly', () => {
    // Past the start-up, time proportional to the square of the resources.
    const [baseline] = KEPT.resources;
    const quadratic = KEPT.resources.map(
      (n) => KEPT.synthStartupMs + (KEPT.synthMs[0] - KEPT.synthStartupMs) * (n / baseline) ** 2,
    );
    const inputs = { ...KEPT, synthMs: quadratic as unknown as BudgetInputs['synthMs'] };
    expect(verdicts(inputs)['synth-linear']).toBe(false);
  });

  test('fails if npm test takes 45 s or more; no verdict when the suite was not run', () => {
    expect(verdicts({ ...KEPT, testSuiteMs: 45_000 })['npm-test']).toBe(false);
    expect(verdicts({ ...KEPT, testSuiteMs: undefined })).not.toHaveProperty('npm-test');
  });
});
