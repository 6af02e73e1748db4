/**
 * What each pack costs on the same assembly, measured in one process so that the
 * packs are compared under the same load: the baseline of both environments, and the
 * baseline with 100 and 400 compliant workload resources in each environment. Each
 * pack runs `BENCH_REPEAT` times per assembly, the packs and sizes interleaved, as in
 * a synthesis (`validate` with the app and its templates). Writes JSON to the file in
 * BENCH_RESULT. Started by bench/run.ts.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { App, CfnResource, IPolicyValidationContext } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { ENVIRONMENT_NAMES } from '../lib/config/types';
import { DppChecks } from '../lib/nag/dpp-pack';
import { synthesisValidationContext } from '../lib/nag/validation-run';
import { BenchWorkload } from './workload';

/** The extra workload resources per environment of the assemblies measured. */
export const EXTRA_RESOURCES = [0, 100, 400] as const;

export interface PackCostResult {
  /** Per size of `EXTRA_RESOURCES`: L1 resources in both environments. */
  readonly resources: number[];
  /** Per pack name: the distinct rules it applied to the baseline. */
  readonly rules: Record<string, number>;
  /** Per pack name, per size: the milliseconds of each run over the whole app. */
  readonly runsMs: Record<string, number[][]>;
}

/** The app of both environments with `extra` workload resources in each, synthesized. */
function assembly(extra: number): App {
  const { app, stages } = createBaselineApp({ config: loadConfig().config, checks: false });
  if (extra > 0) {
    for (const name of ENVIRONMENT_NAMES) {
      new BenchWorkload(stages[name], 'BenchWorkload', stages[name].baseline, extra);
    }
  }
  // Aspects (tags, the permissions boundary) apply at synthesis; the packs see the result.
  app.synth();
  return app;
}

/**
 * The rules of a pack: the DPP pack lists them; a pack of cdk-nag's is counted as it
 * applies them (it calls `applyRule` for each rule and resource).
 */
function countRules(pack: NagPack, context: IPolicyValidationContext): number {
  if (pack.ruleIds) return pack.ruleIds.length;
  const seen = new Set<string>();
  const applyRule = (pack as unknown as Record<string, (p: unknown) => void>).applyRule;
  Object.defineProperty(pack, 'applyRule', {
    configurable: true,
    value: (params: { ruleSuffixOverride?: string; rule: { name: string } }) => {
      seen.add(params.ruleSuffixOverride ?? params.rule.name);
      applyRule.call(pack, params);
    },
  });
  pack.validate(context);
  delete (pack as unknown as Record<string, unknown>).applyRule;
  return seen.size;
}

function main(): void {
  const repeat = Number(process.env.BENCH_REPEAT ?? '5');
  const packs: Record<string, () => NagPack> = {
    DPP: () => new DppChecks(),
    AwsSolutions: () => new AwsSolutionsChecks(),
  };
  const apps = EXTRA_RESOURCES.map(assembly);
  const contexts = apps.map(synthesisValidationContext);
  const rules = Object.fromEntries(
    Object.entries(packs).map(([name, make]) => [name, countRules(make(), contexts[0])]),
  );
  const runsMs: Record<string, number[][]> = Object.fromEntries(
    Object.keys(packs).map((name) => [name, EXTRA_RESOURCES.map((): number[] => [])]),
  );
  for (let i = 0; i < repeat; i++) {
    contexts.forEach((context, size) => {
      for (const [name, make] of Object.entries(packs)) {
        const start = performance.now();
        make().validate(context);
        runsMs[name][size].push(performance.now() - start);
      }
    });
  }
  const result: PackCostResult = {
    resources: apps.map((app) => app.node.findAll().filter(CfnResource.isCfnResource).length),
    rules,
    runsMs,
  };
  fs.writeFileSync(process.env.BENCH_RESULT!, JSON.stringify(result));
}

// Run as a process of its own; imported, it only lends its types and constants.
if (require.main === module) main();
