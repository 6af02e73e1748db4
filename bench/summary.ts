/**
 * bench/results.json: what one benchmark run measured, summarized, and the budgets.
 * Built from the raw runs by `summarize`; rendered for people by `toMarkdown`.
 */
import * as os from 'os';
import { AppRunResult } from './app-run';
import { Budget, evaluateBudgets } from './budgets';
import { Measured, Spread, spread } from './measure';
import { PackCostResult } from './pack-cost';
import { SuiteRun } from './test-suite';

/** One round of synths: the floor, then the full app at each size. */
export interface SynthRound {
  readonly floor: Measured<AppRunResult>;
  /** Full synths, one per size of `extra`. */
  readonly full: readonly Measured<AppRunResult>[];
}

export interface RawRuns {
  readonly extra: readonly [number, number, number];
  readonly rounds: readonly SynthRound[];
  readonly packCost: Measured<PackCostResult>;
  readonly testSuite: readonly Measured<SuiteRun>[];
}

export interface Results {
  /** When it was measured: the one time field of the file. */
  readonly measuredAt: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
  };
  /** Load average per core before the runs: above 1 means other work shared the CPUs. */
  readonly loadPerCore: Spread & { readonly max: number };
  readonly runs: number;
  readonly synth: {
    readonly fullMs: Spread;
    readonly floorMs: Spread;
    readonly fullOverFloor: Spread;
    readonly cpuMs: Spread;
    /** Where a full synth's time goes, ms (of the full runs at +0). */
    readonly split: Readonly<Record<string, Spread>>;
    readonly resources: number;
  };
  readonly packs: {
    readonly rules: Readonly<Record<string, number>>;
    readonly msPerRule: Readonly<Record<string, Spread>>;
    readonly dppOverAwsSolutions: number;
  };
  readonly scaling: {
    readonly extraPerEnvironment: readonly number[];
    readonly resources: readonly number[];
    readonly fullSynthMs: readonly Spread[];
    /** The DPP pack over both environments, measured in one process. */
    readonly dppPackMs: readonly Spread[];
    readonly awsSolutionsPackMs: readonly Spread[];
  };
  readonly testSuite?: {
    readonly runs: number;
    readonly tests: number;
    readonly wallMs: Spread;
    /** The slowest files of the fastest run, ms. */
    readonly slowestFiles: readonly { readonly file: string; readonly ms: number }[];
  };
  readonly budgets: readonly Budget[];
}

const round = (n: number) => Math.round(n);
const roundSpread = ({ min, median }: Spread): Spread => ({
  min: round(min),
  median: round(median),
});

function splitOf(runs: readonly AppRunResult[]): Record<string, Spread> {
  const packNames = Object.keys(runs[0].packMs).sort();
  const of = (f: (r: AppRunResult) => number) => roundSpread(spread(runs.map(f)));
  const split: Record<string, Spread> = {
    'start-up (node, loader, imports)': of((r) => r.startupMs),
    'construction (bundling included)': of((r) => r.constructionMs),
    'templates (synth without checks)': of(
      (r) => r.synthMs - r.validatorMs - Object.values(r.packMs).reduce((sum, ms) => sum + ms, 0),
    ),
    'built-in CloudFormation validator': of((r) => r.validatorMs),
  };
  for (const name of packNames) split[`${name} pack`] = of((r) => r.packMs[name] ?? 0);
  split['gate and reports'] = of((r) => r.reportsMs);
  return split;
}

function testSuiteOf(runs: readonly Measured<SuiteRun>[]): Results['testSuite'] {
  if (runs.length === 0) return undefined;
  const fastest = [...runs].sort((a, b) => a.wallMs - b.wallMs)[0];
  return {
    runs: runs.length,
    tests: fastest.result.tests,
    wallMs: roundSpread(spread(runs.map((r) => r.wallMs))),
    slowestFiles: fastest.result.files.slice(0, 5).map((f) => ({ file: f.file, ms: round(f.ms) })),
  };
}

export function summarize(raw: RawRuns): Results {
  const { rounds, packCost, extra } = raw;
  const fullAt = (size: number) => rounds.map((r) => r.full[size]);
  const loads = [...rounds.flatMap((r) => [r.floor, ...r.full]), packCost, ...raw.testSuite].map(
    (m) => m.loadPerCore,
  );
  const cost = packCost.result;
  const packRuns = (name: string, size: number) => spread(cost.runsMs[name][size]);
  const msPerRule = Object.fromEntries(
    Object.keys(cost.rules).map((name) => {
      const runs = cost.runsMs[name][0].map((ms) => ms / cost.rules[name]);
      const { min, median } = spread(runs);
      return [name, { min: Number(min.toFixed(3)), median: Number(median.toFixed(3)) }];
    }),
  );
  const fullMs = spread(fullAt(0).map((m) => m.wallMs));
  const synthMs = [0, 1, 2].map((size) => spread(fullAt(size).map((m) => m.wallMs)));
  const dppPackMs = [0, 1, 2].map((size) => packRuns('DPP', size));
  const testSuite = testSuiteOf(raw.testSuite);
  const fullOverFloor = spread(rounds.map((r) => r.full[0].wallMs / r.floor.wallMs));
  const budgets = evaluateBudgets({
    fullOverFloor: fullOverFloor.median,
    fullSynthMs: fullMs.min,
    dppMsPerRule: msPerRule.DPP.min,
    awsSolutionsMsPerRule: msPerRule.AwsSolutions.min,
    dppPackMs: dppPackMs.map((s) => s.min) as [number, number, number],
    synthMs: synthMs.map((s) => s.median) as [number, number, number],
    extra,
    resources: cost.resources as [number, number, number],
    synthStartupMs: spread(fullAt(0).map((m) => m.result.startupMs)).median,
    testSuiteMs: testSuite?.wallMs.min,
  });
  return {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    loadPerCore: {
      ...spread(loads.map((l) => Number(l.toFixed(2)))),
      max: Number(Math.max(...loads).toFixed(2)),
    },
    runs: rounds.length,
    synth: {
      fullMs: roundSpread(fullMs),
      floorMs: roundSpread(spread(rounds.map((r) => r.floor.wallMs))),
      fullOverFloor: {
        min: Number(fullOverFloor.min.toFixed(2)),
        median: Number(fullOverFloor.median.toFixed(2)),
      },
      cpuMs: roundSpread(spread(fullAt(0).map((m) => m.result.cpuMs))),
      split: splitOf(fullAt(0).map((m) => m.result)),
      resources: fullAt(0)[0].result.resources,
    },
    packs: {
      rules: cost.rules,
      msPerRule,
      dppOverAwsSolutions: Number((msPerRule.DPP.min / msPerRule.AwsSolutions.min).toFixed(2)),
    },
    scaling: {
      extraPerEnvironment: extra,
      resources: cost.resources,
      fullSynthMs: synthMs.map(roundSpread),
      dppPackMs: dppPackMs.map(roundSpread),
      awsSolutionsPackMs: [0, 1, 2].map((size) => roundSpread(packRuns('AwsSolutions', size))),
    },
    testSuite,
    budgets,
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const both = ({ min, median }: Spread, unit: (n: number) => string = s) =>
  `${unit(min)} / ${unit(median)}`;

/** The README's summary of a benchmark run. */
export function toMarkdown(r: Results): string {
  const lines = [
    `Measured ${r.measuredAt.slice(0, 10)} on ${r.machine.cpus} cores (${r.machine.cpuModel}), Node ${r.machine.node}, ${r.runs} runs; load average per core during the runs ${r.loadPerCore.min}-${r.loadPerCore.max} (above 1: other work shared the CPUs, so compare the ratios). Figures are min / median.`,
    '',
    '| measure | min / median |',
    '| --- | --- |',
    `| full synth of both environments (${r.synth.resources} resources) | ${both(r.synth.fullMs)} |`,
    `| floor: packs and validator off | ${both(r.synth.floorMs)} |`,
    `| full over floor | ${both(r.synth.fullOverFloor, (n) => `${n.toFixed(2)}×`)} |`,
    ...Object.entries(r.synth.split).map(([phase, ms]) => `| - ${phase} | ${both(ms)} |`),
    ...Object.entries(r.packs.msPerRule).map(
      ([pack, ms]) =>
        `| ${pack} pack per rule (${r.packs.rules[pack]} rules) | ${both(ms, (n) => `${n.toFixed(2)} ms`)} |`,
    ),
    ...r.scaling.extraPerEnvironment.map(
      (extra, i) =>
        `| +${extra} workload resources per environment (${r.scaling.resources[i]} in all): full synth / DPP pack | ${both(r.scaling.fullSynthMs[i])} / ${both(r.scaling.dppPackMs[i])} |`,
    ),
  ];
  if (r.testSuite) {
    lines.push(
      `| \`npm test\` (${r.testSuite.tests} tests, ${r.testSuite.runs} runs) | ${both(r.testSuite.wallMs)} |`,
      ...r.testSuite.slowestFiles.map((f) => `| - ${f.file} | ${s(f.ms)} |`),
    );
  }
  lines.push(
    '',
    '| budget | limit | measured | |',
    '| --- | --- | --- | --- |',
    ...r.budgets.map(
      (b) => `| ${b.what} | ${b.limit} | ${b.measured} | ${b.passed ? 'met' : '**broken**'} |`,
    ),
  );
  return lines.join('\n');
}
