import { performance } from 'perf_hooks';
import * as path from 'path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from '../node_modules/cdk-nag';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { DppChecks } from '../lib/nag/dpp-pack';
const { app } = createBaselineApp({ config: loadConfig().config, checks: false, context: { ...require('../cdk.json').context, 'aws:cdk:bundling-stacks': [] } });
const asm = app.synth();
const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
const context: any = { appConstruct: app, templatePaths: [], stackTemplates: stacks.map((s) => ({ stackConstructPath: s.node.path, templatePath: path.join(Stage.of(s)!.outdir, s.templateFile) })) };
const time = (f: () => void) => { const t = performance.now(); for (let i = 0; i < 5; i++) f(); return ((performance.now() - t) / 5).toFixed(0); };
for (let i = 0; i < 2; i++) { new DppChecks().validate(context); new DppChecks().validateScope(app); new AwsSolutionsChecks().validate(context); }
console.log('dpp validate(context)', time(() => new DppChecks().validate(context)), 'dpp validateScope', time(() => new DppChecks().validateScope(app)), 'aws', time(() => new AwsSolutionsChecks().validate(context)));
const a = JSON.stringify(new DppChecks().validate(context)); const b = JSON.stringify(new DppChecks().validateScope(app));
console.log('same report', a === b, a.length);
