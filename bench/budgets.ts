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
  /** L1 resources of both environments at the three sizes. */
  readonly resources: readonly [number, number, number];
  /** Median start-up of the full synth (node, loader, imports): no resource's time. */
  readonly synthStartupMs: number;
  /** Fastest `npm test`, ms; undefined when the suite was not run. */
  readonly testSuiteMs?: number;
}

/**
 * How much an extra resource may cost, between the second and the third size, against
 * what a resource of the baseline costs on average (the whole time over the
 * baseline's resources). Growth that is linear in the resources keeps the two about
 * equal; a check that compares every resource with every other makes the extra
 * resource cost about 2 × 1,459 / 657 = 4.4 times the baseline's average here.
 */
export const LINEAR_SLACK = { packs: 1.5, synth: 2 };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A budget on growth: ms at each size, over L1 resources at each size; `fixedMs` is no resource's. */
function linear(
  id: string,
  what: string,
  ms: readonly number[],
  resources: readonly number[],
  slack: number,
  fixedMs = 0,
): Budget {
  const average = (ms[0] - fixedMs) / resources[0];
  const marginal = (ms[2] - ms[1]) / (resources[2] - resources[1]);
  return {
    id,
    what,
    limit: `≤ ${slack}× a baseline resource's average`,
    measured: `${marginal.toFixed(3)} ms per extra resource, ${average.toFixed(3)} ms average`,
    passed: marginal <= slack * average,
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
      `DPP pack: cost of a resource added between +${extra[1]} and +${extra[2]} per environment, against a baseline resource's`,
      inputs.dppPackMs,
      inputs.resources,
      LINEAR_SLACK.packs,
    ),
    linear(
      'synth-linear',
      `Full synth: cost of a resource added between +${extra[1]} and +${extra[2]} per environment, against a baseline resource's`,
      inputs.synthMs,
      inputs.resources,
      LINEAR_SLACK.synth,
      inputs.synthStartupMs,
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
