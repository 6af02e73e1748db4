import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { DppChecks } from '../lib/nag/dpp-pack';
const { app } = createBaselineApp({ config: loadConfig().config, checks: false, context: { ...require('../cdk.json').context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
app.synth();
const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
const context: any = { appConstruct: app, templatePaths: [], stackTemplates: stacks.map((s) => ({ stackConstructPath: s.node.path, templatePath: path.join(Stage.of(s)!.outdir, s.templateFile) })) };
for (let i = 0; i < 5; i++) new DppChecks().validate(context);
const inspector = require('inspector'); const session = new inspector.Session(); session.connect();
session.post('Profiler.enable', () => session.post('Profiler.start', () => {
  for (let i = 0; i < 40; i++) new DppChecks().validate(context);
  session.post('Profiler.stop', (_e: any, { profile }: any) => { require('fs').writeFileSync('/tmp/q-dpp.cpuprofile', JSON.stringify(profile)); });
}));
