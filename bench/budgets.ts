/**
 * The budgets the benchmark holds the project to (issue 14), each a limit on a figure
 * of bench/results.json. Ratios are read from the median of the runs, each run
 * comparing two measures taken back to back; absolute times from the fastest run, the
 * one least slowed by other work on this shared machine.
 */

export interface Budget {
  readonly id: string;
  /** What is held to the limit, in a sentence. */
  readonly what: string;
  readonly limit: string;
  readonly measured: string;
  readonly passed: boolean;
}

/** The figures the budgets read, from one benchmark run. */
export interface BudgetInputs {
  /** Full synth over floor, median of the per-run ratios. */
  readonly fullOverFloor: number;
  /** Fastest full synth of both environments, ms. */
  readonly fullSynthMs: number;
  /** Per rule, fastest run over the baseline, ms. */
  readonly dppMsPerRule: number;
  readonly awsSolutionsMsPerRule: number;
  /** Fastest DPP pack run at 0, 100 and 400 extra resources per environment, ms. */
  readonly dppPackMs: readonly [number, number, number];
  /** Median full synth at 0, 100 and 400 extra resources per environment, ms. */
  readonly synthMs: readonly [number, number, number];
  /** Extra resources per environment of the three sizes. */
  readonly extra: readonly [number, number, number];
  /** Fastest `npm test`, ms; undefined when the suite was not run. */
  readonly testSuiteMs?: number;
}

/**
 * How much more an extra resource may cost between the second and third size than
 * between the first and second before growth counts as worse than linear. A pack that
 * compares every resource with every other costs about (n1 + n2) / (n0 + n1) times more
 * per resource there (2.4 times for the baseline's 1,500 resources plus 200 and 800).
 */
export const LINEAR_SLACK = { packs: 1.5, synth: 2 };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Milliseconds per extra resource between two sizes. */
function slope(ms: readonly number[], extra: readonly number[], from: number, to: number): number {
  // Both environments get the extra resources.
  return (ms[to] - ms[from]) / (2 * (extra[to] - extra[from]));
}

function linear(
  id: string,
  what: string,
  ms: readonly number[],
  extra: readonly number[],
  slack: number,
): Budget {
  const first = slope(ms, extra, 0, 1);
  const second = slope(ms, extra, 1, 2);
  // A first slope within noise of zero: compare with a floor of 0.01 ms a resource.
  const passed = second <= slack * Math.max(first, 0.01);
  return {
    id,
    what,
    limit: `≤ ${slack}× the first step's`,
    measured: `${first.toFixed(3)} then ${second.toFixed(3)} ms per extra resource`,
    passed,
  };
}

export function evaluateBudgets(inputs: BudgetInputs): Budget[] {
  const { extra } = inputs;
  const budgets: Budget[] = [
    {
      id: 'full-synth-vs-floor',
      what: 'Full synth of both environments (every pack, validator, reports) over the floor (packs and validator off)',
      limit: '≤ 2.00×',
      measured: `${inputs.fullOverFloor.toFixed(2)}×`,
      passed: inputs.fullOverFloor <= 2,
    },
    {
      id: 'full-synth-time',
      what: 'Full synth of both environments',
      limit: '< 10 s',
      measured: seconds(inputs.fullSynthMs),
      passed: inputs.fullSynthMs < 10_000,
    },
    {
      id: 'dpp-per-rule',
      what: "DPP pack's time per rule over AwsSolutionsChecks' on the same assembly",
      limit: '≤ 1.00×',
      measured: `${(inputs.dppMsPerRule / inputs.awsSolutionsMsPerRule).toFixed(2)}× (${inputs.dppMsPerRule.toFixed(2)} vs ${inputs.awsSolutionsMsPerRule.toFixed(2)} ms)`,
      passed: inputs.dppMsPerRule <= inputs.awsSolutionsMsPerRule,
    },
    {
      id: 'dpp-400-resources',
      what: `What ${extra[2]} extra workload resources per environment add to the DPP pack`,
      limit: '< 1 s',
      measured: seconds(inputs.dppPackMs[2] - inputs.dppPackMs[0]),
      passed: inputs.dppPackMs[2] - inputs.dppPackMs[0] < 1000,
    },
    linear(
      'dpp-linear',
      `DPP pack's cost per extra resource from +${extra[1]} to +${extra[2]} against +${extra[0]} to +${extra[1]}`,
      inputs.dppPackMs,
      extra,
      LINEAR_SLACK.packs,
    ),
    linear(
      'synth-linear',
      `Full synth's cost per extra resource from +${extra[1]} to +${extra[2]} against +${extra[0]} to +${extra[1]}`,
      inputs.synthMs,
      extra,
      LINEAR_SLACK.synth,
    ),
  ];
  if (inputs.testSuiteMs !== undefined) {
    budgets.push({
      id: 'npm-test',
      what: '`npm test`: the whole suite',
      limit: '< 45 s',
      measured: seconds(inputs.testSuiteMs),
      passed: inputs.testSuiteMs < 45_000,
    });
  }
  return budgets;
}
