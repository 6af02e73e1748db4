import { performance } from 'perf_hooks';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { DppChecks } from '../lib/nag/dpp-pack';
import { DPP_RULES } from '../lib/nag/rules';
import { cfnRenderedResource } from '../lib/nag/rule';
import { duringValidationRun } from '../lib/nag/validation-run';
import { CfnResource } from 'aws-cdk-lib';
const { app } = createBaselineApp({ config: loadConfig().config, checks: false, context: { ...require('../cdk.json').context, 'aws:cdk:bundling-stacks': [] } });
app.synth();
const nodes = app.node.findAll().filter(CfnResource.isCfnResource);
for (let i = 0; i < 3; i++) new DppChecks().validateScope(app);
// render cost alone
let t = performance.now();
for (let i = 0; i < 5; i++) duringValidationRun(() => nodes.forEach((n) => cfnRenderedResource(n)));
console.log('render all', ((performance.now() - t) / 5).toFixed(1), 'ms', nodes.length);
// per rule with pre-rendered cache
const times = new Map<string, number>();
for (let i = 0; i < 5; i++) duringValidationRun(() => {
  nodes.forEach((n) => cfnRenderedResource(n));
  for (const r of DPP_RULES) { const s = performance.now(); for (const n of nodes) { try { r.check(n); } catch {} } times.set(r.name, (times.get(r.name) ?? 0) + performance.now() - s); }
});
const rows = [...times].sort((a, b) => b[1] - a[1]);
let tot = 0; for (const [, v] of rows) tot += v / 5;
console.log('rules total', tot.toFixed(1));
for (const [k, v] of rows.slice(0, 20)) console.log((v / 5).toFixed(2).padStart(7), k);
