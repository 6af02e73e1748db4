import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { recordAcknowledgements } from '../../../lib/checks';
import { acknowledge } from '../../../lib/nag/acknowledge';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { trackRuleResults, withRuleResults } from '../../../lib/nag/rule-results';
import { readAssembly } from '../../../lib/report/assembly';
import { evaluateAssembly } from '../../../lib/report/evaluation';
import { synthesizeAndGate } from '../../../lib/report/gate';
import { TEST_ENV } from '../../helpers';

/**
 * Synthesizes an app with the DPP pack as the CLI does (failSynthOnValidationErrors
 * off, so the report is written and synth itself does not throw) and returns the
 * gate's verdict on it.
 */
function gateOf(build: (stack: Stack) => void) {
  const outdir = fs.mkdtempSync('/tmp/gate-test-');
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const dpp = new (withRuleResults(DppChecks))();
  Validations.of(app).addPlugins(dpp);
  trackRuleResults(app, [dpp]);
  recordAcknowledgements(app);
  const stack = new Stack(app, 'Gated', { env: TEST_ENV });
  build(stack);
  let text = '';
  const exitCode = synthesizeAndGate(app, (printed) => (text += printed));
  return { result: evaluateAssembly(readAssembly(outdir)), stack, text, exitCode };
}

describe('synth gate', () => {
  // A careless engineer's app: the packs left out (createBaselineApp({ checks: false })),
  // or added without recording their results. No finding then means nothing was
  // checked, and the gate must not pass it.
  test.each([
    ['no pack at all', (_app: App) => undefined],
    [
      'the DPP pack added without registerChecks',
      (app: App) => Validations.of(app).addPlugins(new DppChecks()),
    ],
  ])('fails if the DPP pack recorded no results: %s', (_case, addPacks) => {
    const outdir = fs.mkdtempSync('/tmp/gate-test-');
    const app = new App({
      outdir,
      context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
    });
    addPacks(app);
    new logs.LogGroup(new Stack(app, 'Unchecked', { env: TEST_ENV }), 'Short', {
      retention: logs.RetentionDays.ONE_WEEK,
    });
    let text = '';
    expect(synthesizeAndGate(app, (printed) => (text += printed))).toBe(1);
    expect(text).toContain('Checks that did not run: DPP.');
    expect(text).toMatch(/Checks: FAILED/);
    const report = JSON.parse(
      fs.readFileSync(path.join(outdir, 'compliance/compliance-report.json'), 'utf8'),
    );
    expect(report.gate).toMatchObject({ passed: false, missingPacks: ['DPP'] });
  });

  test('fails if a finding is not acknowledged, naming rule, clause and construct', () => {
    const { result, text, exitCode } = gateOf(
      (stack) => new logs.LogGroup(stack, 'Short', { retention: logs.RetentionDays.ONE_WEEK }),
    );
    expect(result.passed).toBe(false);
    expect(exitCode).toBe(1);
    expect(text).toContain('[error] DPP-LogGroupRetentionAtLeast90Days (DPP)');
    expect(text).toContain(
      '[DPP 2.6 Logging and Monitoring] The log group keeps its events less than the 90 days',
    );
    expect(text).toContain('at Gated/Short/Resource');
    expect(text).toMatch(/Checks: FAILED: 2 unacknowledged errors/);
  });

  test('passes when every finding is acknowledged with a basis, and the templates keep the trail', () => {
    const { result, stack, text, exitCode } = gateOf((s) => {
      const group = new logs.LogGroup(s, 'Canary', { retention: logs.RetentionDays.ONE_WEEK });
      acknowledge(group, {
        ruleId: 'DPP-LogGroupRetentionAtLeast90Days',
        reason: 'Holds synthetic canary events only; no Information ever reaches it.',
        basis: { clause: 'DPP 2.6' },
      });
      acknowledge(group, {
        ruleId: 'DPP-LogGroupEncryptedWithCMK',
        reason: 'Holds synthetic canary events only; no Information ever reaches it.',
        basis: { clause: 'DPP 2.6' },
      });
    });
    expect(text).toMatch(/Checks: PASSED: 0 unacknowledged errors/);
    expect(exitCode).toBe(0);
    expect(result.acknowledgements.map((a) => a.ruleId).sort()).toEqual([
      'DPP-LogGroupEncryptedWithCMK',
      'DPP-LogGroupRetentionAtLeast90Days',
    ]);
    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      Metadata: {
        cdk_nag: {
          rules_to_suppress: [
            {
              id: 'DPP-LogGroupRetentionAtLeast90Days',
              reason:
                '[DPP 2.6 Logging and Monitoring] Holds synthetic canary events only; no Information ever reaches it.',
            },
            Match.objectLike({ id: 'DPP-LogGroupEncryptedWithCMK' }),
          ],
        },
      },
    });
  });

  test('fails if an acknowledgement bypasses the helper and gives no reason', () => {
    const { result, text } = gateOf((stack) => {
      const group = new logs.LogGroup(stack, 'Bypassed', {
        retention: logs.RetentionDays.ONE_YEAR,
      });
      Validations.of(group).acknowledge({ id: 'DPP-LogGroupEncryptedWithCMK', reason: '' });
    });
    expect(result.errors).toEqual([]);
    expect(result.passed).toBe(false);
    expect(text).toMatch(
      /DPP-LogGroupEncryptedWithCMK on Gated\.template\.json Bypassed[0-9A-F]{8}: reason ""/,
    );
  });

  test('reads the audit trail from the templates of every stage', () => {
    const outdir = fs.mkdtempSync('/tmp/gate-test-');
    const app = new App({
      outdir,
      context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
    });
    Validations.of(app).addPlugins(new DppChecks());
    for (const name of ['Test', 'Prod']) {
      const stage = new Stage(app, name, { env: TEST_ENV });
      recordAcknowledgements(stage);
      const group = new logs.LogGroup(new Stack(stage, 'Baseline'), 'Canary');
      acknowledge(group, {
        ruleId: 'DPP-LogGroupEncryptedWithCMK',
        reason: 'Holds synthetic canary events only; no Information ever reaches it.',
        basis: { clause: 'DPP 2.6' },
      });
    }
    // Synthesized without the gate, so no pack results: only the acknowledgements matter here.
    const result = evaluateAssembly(readAssembly(app.synth()));
    expect([result.errors, result.unjustified]).toEqual([[], []]);
    expect(result.acknowledgements.map((a) => a.template).sort()).toEqual([
      path.join('assembly-Prod', 'ProdBaselineC6DFE538.template.json'),
      path.join('assembly-Test', 'TestBaselineFA989451.template.json'),
    ]);
  });
});
