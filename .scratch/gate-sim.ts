import { performance } from 'perf_hooks';
import * as path from 'path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagRuleCompliance } from '../node_modules/cdk-nag';
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { DppChecks } from '../lib/nag/dpp-pack';
import { DPP_RULES } from '../lib/nag/rules';
const { app } = createBaselineApp({ config: loadConfig().config, checks: false, context: { ...require('../cdk.json').context, 'aws:cdk:bundling-stacks': [] } });
app.synth();
const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
const context: any = { appConstruct: app, templatePaths: [], stackTemplates: stacks.map((s) => ({ stackConstructPath: s.node.path, templatePath: path.join(Stage.of(s)!.outdir, s.templateFile) })) };
// observe applicability
const applies = new Map<string, Set<string>>();
const nodes = app.node.findAll().filter(CfnResource.isCfnResource);
new DppChecks().validate(context);
for (const r of DPP_RULES) { const s = new Set<string>(); for (const n of nodes) { let res; try { res = r.check(n); } catch { res = 'x'; } if (res !== NagRuleCompliance.NOT_APPLICABLE) s.add(n.cfnResourceType); } applies.set(r.name, s); }
class Gated extends DppChecks { protected checkResource(node: CfnResource) { const all = (this as any).rules; for (const a of all) { if (!applies.get(a.rule.name)!.has(node.cfnResourceType)) continue; (this as any).applyRule({ ruleSuffixOverride: a.rule.name, info: a.info, explanation: a.explanation, level: a.level, rule: a.check, node }); } } }
const time = (f: () => void) => { for (let i = 0; i < 3; i++) f(); const t = performance.now(); for (let i = 0; i < 7; i++) f(); return ((performance.now() - t) / 7).toFixed(1); };
console.log('dpp', time(() => new DppChecks().validate(context)), 'gated', time(() => new Gated().validate(context)), 'aws', time(() => new AwsSolutionsChecks().validate(context)));
let calls = 0; for (const n of nodes) for (const r of DPP_RULES) if (applies.get(r.name)!.has(n.cfnResourceType)) calls++;
console.log('calls gated', calls, 'of', nodes.length * DPP_RULES.length);
