import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { WorkloadStack } from '../../../constructs/workloads';
import { registerChecks } from '../../../lib/checks';
import { loadConfig } from '../../../lib/config/load';
import { acknowledge } from '../../../lib/nag/acknowledge';
import { readAssembly } from '../../../lib/report/assembly';
import { evaluateAssembly } from '../../../lib/report/evaluation';
import { synthesizeAndGate } from '../../../lib/report/gate';
import { BaselineStage } from '../../../lib/stage/baseline-stage';
import { APP_WORKLOADS } from '../../../lib/stage/workloads';
import { projectContext } from '../../helpers';

/**
 * A workload stack is checked like the baseline (issue 12): the app's packs find its
 * findings, the acknowledgement trail is written into its template, and the gate and
 * the reports read it. One environment with the reference workload and a careless one,
 * synthesized once with every pack.
 */
describe('gate and reports over workload stacks', () => {
  const { config } = loadConfig();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-gate-'));
  const app = new App({
    outdir,
    context: {
      ...projectContext(),
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      'aws:cdk:bundling-stacks': [],
    },
  });
  registerChecks(app);
  new BaselineStage(app, 'Test', {
    projectName: config.projectName,
    environment: config.environments.test,
    workloads: [
      ...APP_WORKLOADS,
      {
        id: 'Careless',
        create: (scope, id, baseline) => {
          const stack = new WorkloadStack(scope, id, { baseline });
          const logGroup = (logId: string) =>
            new logs.LogGroup(stack, logId, {
              encryptionKey: baseline.logs.encryptionKey,
              retention: logs.RetentionDays.ONE_WEEK,
            });
          logGroup('ShortLived');
          acknowledge(logGroup('Scratch'), {
            ruleId: 'DPP-LogGroupRetentionAtLeast90Days',
            reason: 'Holds synthetic load-test events only; no Information ever reaches it.',
            basis: { clause: 'DPP 2.6' },
          });
          return stack;
        },
      },
    ],
  });
  const printed: string[] = [];
  const exitCode = synthesizeAndGate(app, (text) => printed.push(text));
  const assembly = readAssembly(outdir);
  const result = evaluateAssembly(assembly);

  test('fails the gate on a finding in a workload stack, naming its construct', () => {
    expect(exitCode).toBe(1);
    expect(printed.join('\n')).toContain('at Test/Careless/ShortLived/Resource');
    const unacknowledged = result.errors.flatMap((f) => f.constructPaths);
    expect(unacknowledged).toEqual(['Test/Careless/ShortLived/Resource']);
  });

  test('passes the reference workload with every pack: its findings are fixed or acknowledged', () => {
    const orderSync = [...result.errors, ...result.warnings].filter((f) =>
      f.constructPaths.some((p) => p.startsWith('Test/OrderSync/')),
    );
    expect(orderSync).toEqual([]);
  });

  test("writes a workload's acknowledgements into its own template, with their basis", () => {
    const careless = assembly.stacks.find((s) => s.path === 'Test/Careless')!;
    const recorded = result.acknowledgements.filter((a) => a.template === careless.templateFile);
    expect(recorded).toEqual([
      expect.objectContaining({
        ruleId: 'DPP-LogGroupRetentionAtLeast90Days',
        reason: expect.stringMatching(/^\[DPP 2\.6 Logging and Monitoring\] Holds synthetic/),
      }),
    ]);
    const orderSync = assembly.stacks.find((s) => s.path === 'Test/OrderSync')!;
    expect(
      result.acknowledgements.filter((a) => a.template === orderSync.templateFile).length,
    ).toBeGreaterThan(0);
  });

  test('the reports cover the workload stacks', () => {
    const report = JSON.parse(
      fs.readFileSync(path.join(outdir, 'compliance', 'compliance-report.json'), 'utf8'),
    );
    const test = report.environments.find((e: { id: string }) => e.id === 'Test');
    const scopes: string[] = test.acknowledgements.map((a: { scope: string }) => a.scope);
    expect(scopes.some((scope) => scope.startsWith('Test/Careless/Scratch'))).toBe(true);
    expect(scopes.some((scope) => scope.startsWith('Test/OrderSync/'))).toBe(true);
    expect(test.stacks.map((s: { path: string }) => s.path)).toEqual(
      expect.arrayContaining(['Test/Baseline', 'Test/Careless', 'Test/OrderSync']),
    );
    const record = test.recordOfProcessing;
    const table = record.stores.find(
      (s: { store: string }) => s.store === 'Test/Baseline/Data/PiiTable',
    );
    expect(
      table.access.find(
        (a: { principal: string }) => a.principal === 'Test/OrderSync/OrderSync/Function/Role',
      ),
    ).toMatchObject({ readsFields: ['shipToName', 'shippingAddress'] });
  });
});
