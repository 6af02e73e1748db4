import { performance } from 'perf_hooks';
import * as path from 'path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { DPP_RULES } from '../lib/nag/rules';
import { cfnRenderedResource } from '../lib/nag/rule';
import { duringValidationRun } from '../lib/nag/validation-run';
const { app } = createBaselineApp({ config: loadConfig().config, checks: false, context: { ...require('../cdk.json').context, 'aws:cdk:bundling-stacks': [] } });
app.synth();
const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
const templates = new Map(stacks.map((s) => [s.node.path, path.join(Stage.of(s)!.outdir, s.templateFile)] as [string, string]));
const nodes = app.node.findAll().filter(CfnResource.isCfnResource);
let t = performance.now();
for (let i = 0; i < 5; i++) duringValidationRun(() => nodes.forEach((n) => cfnRenderedResource(n)), templates);
console.log('read all from templates', ((performance.now() - t) / 5).toFixed(1), 'ms', nodes.length);
const times = new Map<string, number>();
for (let i = 0; i < 7; i++) duringValidationRun(() => {
  nodes.forEach((n) => cfnRenderedResource(n));
  for (const r of DPP_RULES) { const s = performance.now(); for (const n of nodes) { try { r.check(n); } catch {} } if (i >= 2) times.set(r.name, (times.get(r.name) ?? 0) + performance.now() - s); }
}, templates);
const rows = [...times].sort((a, b) => b[1] - a[1]);
let tot = 0; for (const [, v] of rows) tot += v / 5;
console.log('rules total', tot.toFixed(1));
for (const [k, v] of rows.slice(0, 14)) console.log((v / 5).toFixed(2).padStart(7), k);
