/**
 * How the benchmark runs and summarizes what it measures: each synth in a process of
 * its own, started like the CDK CLI starts the app, and every figure as the minimum
 * and the median of its runs (the machine is shared, so one run says little).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

export const ROOT = path.join(__dirname, '..');

/** The minimum and the median of a set of runs. */
export interface Spread {
  readonly min: number;
  readonly median: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no runs to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median };
}

/** The 1-minute load average per core: above 1, other work competed for the CPU. */
export function loadPerCore(): number {
  return os.loadavg()[0] / os.cpus().length;
}

function projectContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context;
}

/**
 * The context the CDK CLI (2.1148, `contextFromSettings`) gives the app on
 * `cdk synth` with the default settings, over cdk.json's: the app then runs exactly
 * as under `npm run synth`.
 */
export function cliContext(): Record<string, unknown> {
  return {
    ...projectContext(),
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
    'aws:cdk:version-reporting': true,
    'aws:cdk:bundling-stacks': ['**'],
    '@aws-cdk/core:failSynthOnValidationErrors': false,
  };
}

/**
 * The node flags of the app command in cdk.json (`node <flags> bin/app.ts`), so that
 * the benchmark runs its entries as the CLI runs the app.
 */
export function appNodeFlags(): string[] {
  const app: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).app;
  const [command, ...rest] = app.split(/\s+/);
  if (command !== 'node' || rest.length < 2) {
    throw new Error(`cdk.json's app is not "node <flags> <entry>": ${app}`);
  }
  return rest.slice(0, -1);
}

/** What a measured process gave back. */
export interface Measured<T> {
  readonly wallMs: number;
  readonly result: T;
  /** Load average per core just before the run. */
  readonly loadPerCore: number;
}

/**
 * Runs `entry` (a TypeScript file of bench/) in a node process started with the app's
 * flags and `env`, and returns its wall time and the JSON it wrote to BENCH_RESULT.
 * Throws, with its output, when it fails.
 */
export function runEntry<T>(entry: string, env: Record<string, string>): Measured<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spapi-bench-'));
  const resultFile = path.join(dir, 'result.json');
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    CDK_OUTDIR: path.join(dir, 'cdk.out'),
    CDK_CONTEXT_JSON: JSON.stringify(cliContext()),
    BENCH_RESULT: resultFile,
    ...env,
  };
  // The validator runs unless a run turns it off, as under the CLI.
  if (!('CDK_VALIDATION' in env)) delete childEnv.CDK_VALIDATION;
  const load = loadPerCore();
  const start = performance.now();
  const run = spawnSync(process.execPath, [...appNodeFlags(), path.join(__dirname, entry)], {
    cwd: ROOT,
    env: childEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  try {
    if (run.status !== 0 || !fs.existsSync(resultFile)) {
      throw new Error(
        `${entry} (${JSON.stringify(env)}) exited ${run.status ?? run.signal}:\n${run.stderr}`,
      );
    }
    return { wallMs, loadPerCore: load, result: JSON.parse(fs.readFileSync(resultFile, 'utf8')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
