/**
 * One synth of the baseline app, timed phase by phase; the benchmark (bench/run.ts)
 * starts it as a process of its own, the way the CDK CLI starts bin/app.ts (same node
 * flags, same context). It writes what it measured as JSON to the file in
 * BENCH_RESULT.
 *
 *   BENCH_MODE=full   the app as `npm run synth` runs it: every pack, the built-in
 *                     CloudFormation validator, the gate and its reports
 *   BENCH_MODE=floor  the same app with the packs and the validator off: construction
 *                     and synthesis of the templates only
 *   BENCH_EXTRA=N     N compliant workload resources added to each environment
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import {
  App,
  CfnResource,
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
} from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { ENVIRONMENT_NAMES } from '../lib/config/types';
import { synthesizeAndGate } from '../lib/report/gate';
import { BenchWorkload } from './workload';

/** What one synth measured, in milliseconds since the process started. */
export interface AppRunResult {
  readonly mode: 'full' | 'floor';
  readonly extraResources: number;
  /** Node's start, the TypeScript loader and the entry's imports. */
  readonly startupMs: number;
  /** Building the construct tree, Lambda bundling included. */
  readonly constructionMs: number;
  /** `app.synth()`: templates, aspects, and in full mode the packs and the validator. */
  readonly synthMs: number;
  /** Each pack's validation of both environments, by pack name (full mode). */
  readonly packMs: Readonly<Record<string, number>>;
  /** The built-in CloudFormation validator, its engine's start included (full mode). */
  readonly validatorMs: number;
  /** The gate's evaluation and the reports it writes after synth (full mode). */
  readonly reportsMs: number;
  /** From the process's start to the end of the gate. */
  readonly totalMs: number;
  /** CPU time of this process (not of the esbuild processes bundling starts). */
  readonly cpuMs: number;
  /** L1 resources in the templates of both environments. */
  readonly resources: number;
}

const startupMs = performance.now();

/** Adds the time of every call of `object[method]` to `record(ms)`. */
function timeCalls<T extends object>(
  object: T,
  method: keyof T & string,
  record: (self: T, ms: number) => void,
): void {
  const original = object[method] as unknown as (...args: unknown[]) => unknown;
  Object.defineProperty(object, method, {
    configurable: true,
    writable: true,
    value: function (this: T, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(this, performance.now() - start);
      }
    },
  });
}

function resourcesIn(app: App): number {
  return app.node.findAll().filter(CfnResource.isCfnResource).length;
}

function main(): void {
  const mode = process.env.BENCH_MODE === 'floor' ? 'floor' : 'full';
  const extraResources = Number(process.env.BENCH_EXTRA ?? '0');
  const packMs: Record<string, number> = {};
  let validatorMs = 0;
  // Every pack's run goes through NagPack's validateScope (the DPP pack's `validate` too).
  timeCalls(NagPack.prototype, 'validateScope', (pack, ms) => {
    packMs[pack.readPackName] = (packMs[pack.readPackName] ?? 0) + ms;
  });
  timeCalls(
    CloudFormationValidatePlugin.prototype as {
      validate(c: IPolicyValidationContext): unknown;
    },
    'validate',
    (_, ms) => (validatorMs += ms),
  );

  const { config } = loadConfig();
  const { app, stages } = createBaselineApp({ config, checks: mode === 'full' });
  for (const name of ENVIRONMENT_NAMES) {
    if (extraResources > 0)
      new BenchWorkload(stages[name], 'BenchWorkload', stages[name].baseline, extraResources);
  }
  const built = performance.now();

  let synthMs = 0;
  timeCalls(app, 'synth', (_, ms) => (synthMs += ms));
  let passed = true;
  if (mode === 'full') passed = synthesizeAndGate(app, () => undefined) === 0;
  else app.synth();
  const totalMs = performance.now();

  const cpu = process.cpuUsage();
  const result: AppRunResult = {
    mode,
    extraResources,
    startupMs,
    constructionMs: built - startupMs,
    synthMs,
    packMs,
    validatorMs,
    reportsMs: mode === 'full' ? totalMs - built - synthMs : 0,
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    resources: resourcesIn(app),
  };
  fs.writeFileSync(process.env.BENCH_RESULT!, JSON.stringify(result));
  if (!passed) {
    console.error('The gate failed: a benchmark of a failing synth measures nothing.');
    process.exitCode = 1;
  }
}

// Run as a process of its own; imported, it only lends its types and constants.
if (require.main === module) main();
