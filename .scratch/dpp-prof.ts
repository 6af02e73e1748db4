import { performance } from 'perf_hooks';
import { createBaselineApp } from '/work/wt/quality/lib/app';
import { loadConfig } from '/work/wt/quality/lib/config/load';
import { DppChecks } from '/work/wt/quality/lib/nag/dpp-pack';
import { AwsSolutionsChecks } from '/work/wt/quality/node_modules/cdk-nag';
const { app } = createBaselineApp({ config: loadConfig('/work/wt/quality/config/baseline.json').config, checks: false, context: { ...require('/work/wt/quality/cdk.json').context, 'aws:cdk:bundling-stacks': [] } });
app.synth();
for (let i = 0; i < 3; i++) { new DppChecks().validateScope(app); new AwsSolutionsChecks().validateScope(app); }
const { Session } = require('inspector');
const t = performance.now();
for (let i = 0; i < 5; i++) new DppChecks().validateScope(app);
const d = (performance.now() - t) / 5;
const t2 = performance.now();
for (let i = 0; i < 5; i++) new AwsSolutionsChecks().validateScope(app);
console.log('dpp', d.toFixed(0), 'aws', ((performance.now() - t2) / 5).toFixed(0));
