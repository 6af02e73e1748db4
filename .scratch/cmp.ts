import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { cfnRenderedResource } from '../lib/nag/rule';
import { isDeepStrictEqual } from 'util';
const { app } = createBaselineApp({ config: loadConfig().config, checks: false, context: { ...require('../cdk.json').context, 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true } });
const asm = app.synth();
let diff = 0, n = 0;
for (const node of app.node.findAll().filter(CfnResource.isCfnResource)) {
  const stack = Stack.of(node);
  const tpl = JSON.parse(fs.readFileSync(path.join(stack.node.scope ? (stack.node.scope as any).outdir : '', stack.templateFile), 'utf8'));
  const id = stack.resolve(node.logicalId);
  const a = JSON.parse(JSON.stringify(cfnRenderedResource(node)));
  const b = tpl.Resources[id];
  n++;
  if (!isDeepStrictEqual(a, b)) { diff++; if (diff < 4) console.log(node.node.path, JSON.stringify(a).slice(0, 300), '\n  vs', JSON.stringify(b).slice(0, 300)); }
}
console.log('diff', diff, 'of', n);
