import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagMessageLevel, NagPack, NagRuleCompliance } from 'cdk-nag';
import { recordAcknowledgements } from '../../../lib/checks';
import { acknowledge } from '../../../lib/nag/acknowledge';
import { declareControl } from '../../../lib/nag/controls';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { ruleResultsOf, trackRuleResults, withRuleResults } from '../../../lib/nag/rule-results';
import { AccountPasswordPolicyMeetsDpp } from '../../../lib/nag/rules/access/AccountPasswordPolicyMeetsDpp';
import { KMSKeyRotationEnabled } from '../../../lib/nag/rules/keys/KMSKeyRotationEnabled';
import { LogGroupRetentionAtLeast90Days } from '../../../lib/nag/rules/logging/LogGroupRetentionAtLeast90Days';
import { S3BucketRequiresTls12 } from '../../../lib/nag/rules/transit/S3BucketRequiresTls12';
import { readAssembly } from '../../../lib/report/assembly';
import { writeComplianceReport, writeRuleResults } from '../../../lib/report/compliance-output';
import { ComplianceReport } from '../../../lib/report/model';
import { parseRunbook } from '../../../lib/report/runbooks';
import { TEST_ENV } from '../../helpers';

/**
 * A small app in which every status shows, for the compliance report's tests. Two
 * stages, Test and Prod, each with:
 *
 * - a rotating KMS key that declares DPP 2.4: `met` (DPP-KMSKeyRotationEnabled passes);
 * - a bucket without TLS enforcement: DPP 1.5 `violated` in Prod, `acknowledged` in
 *   Test, where the finding is accepted with a reason (written to be hostile to HTML);
 * - an alarm that declares DPP 2.6: `monitored`;
 * - a runbook (given, not read from docs/) carrying DPP 1.6: `organizational`;
 * - no password policy, whose rule applies to nothing: DPP 1.4 `gap`;
 * - AUP 1.2 is `not-applicable` by the catalogue;
 * - a pack of its own whose rules check no clause: its finding on the bucket is
 *   open and unmapped in Prod, acknowledged on an engineering basis (still unmapped)
 *   in Test; its finding on the key is acknowledged on DPP 2.4, which places it under
 *   that clause without changing its status.
 */

export const STATUS_APP_RULES = [
  KMSKeyRotationEnabled,
  S3BucketRequiresTls12,
  AccountPasswordPolicyMeetsDpp,
  LogGroupRetentionAtLeast90Days,
];

/** An acknowledgement reason that would break HTML or Markdown if it were not escaped. */
export const HOSTILE_REASON =
  'Test data only <img src=x onerror="alert(1)"> | not a | table cell\nand no second line.';

class UnmappedPack extends NagPack {
  public readonly name = 'TestPack';

  constructor() {
    super();
    this.packName = 'TestPack';
  }

  protected checkResource(node: CfnResource): void {
    for (const [suffix, type] of [
      ['NoBuckets', 'AWS::S3::Bucket'],
      ['NoKeys', 'AWS::KMS::Key'],
    ]) {
      this.applyRule({
        ruleSuffixOverride: suffix,
        info: `The test pack flags every ${type}.`,
        explanation: 'A rule that checks no clause of the policies.',
        level: NagMessageLevel.ERROR,
        rule: (resource) =>
          resource.cfnResourceType === type
            ? NagRuleCompliance.NON_COMPLIANT
            : NagRuleCompliance.NOT_APPLICABLE,
        node,
      });
    }
  }
}

function environment(app: App, id: 'Test' | 'Prod'): void {
  const stage = new Stage(app, id, { env: TEST_ENV });
  recordAcknowledgements(stage);
  const stack = new Stack(stage, 'Baseline');
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  declareControl(key, { clauses: ['DPP 2.4'], summary: 'Rotating customer-managed key' });
  acknowledge(key, {
    ruleId: 'TestPack-NoKeys',
    reason: 'Keys are what DPP 2.4 asks for; the test pack does not know it.',
    basis: { clause: 'DPP 2.4' },
  });
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
  if (id === 'Test') {
    acknowledge(
      bucket,
      { ruleId: 'DPP-S3BucketRequiresTls12', reason: HOSTILE_REASON, basis: { clause: 'DPP 1.5' } },
      {
        ruleId: 'TestPack-NoBuckets',
        reason: 'The test pack flags every bucket; this one is a fixture.',
        basis: { engineering: 'test fixture' },
      },
    );
  }
  const alarm = new cloudwatch.Alarm(stack, 'Alarm', {
    metric: new cloudwatch.Metric({
      namespace: 'Test',
      metricName: 'Canary',
      period: Duration.minutes(1),
    }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  declareControl(alarm, { clauses: ['DPP 2.6'], summary: 'Alarms on access to canary records' });
}

export interface StatusApp {
  readonly report: ComplianceReport;
  /** The assembly directory. */
  readonly outdir: string;
  /** The compliance folder and its files. */
  readonly directory: string;
}

/** Synthesizes the app and writes its compliance report, as the gate does. */
export function synthesizeStatusApp(): StatusApp {
  const outdir = fs.mkdtempSync('/tmp/compliance-status-');
  const app = new App({
    outdir,
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
    // The report places findings in code by the resources' creation traces, which the
    // unit tests' context turns off elsewhere (test/setup-env.ts).
    postCliContext: { 'aws:cdk:disable-creation-stack-traces': false },
  });
  const packs = [
    new (withRuleResults(DppChecks))(undefined, undefined, STATUS_APP_RULES),
    new (withRuleResults(UnmappedPack))(),
  ];
  Validations.of(app).addPlugins(...packs);
  trackRuleResults(app, packs);
  environment(app, 'Test');
  environment(app, 'Prod');
  const assembly = app.synth();
  writeRuleResults(assembly.directory, ruleResultsOf(app));
  const problems: string[] = [];
  const runbook = parseRunbook(
    'docs/runbooks/incident-response.md',
    '# Runbook: a security incident\n\nClauses: DPP 1.6, DPP 2.6.\n\nWho does what.\n',
    problems,
  );
  const { report, directory } = writeComplianceReport(readAssembly(assembly), {
    rules: STATUS_APP_RULES,
    runbooks: { runbooks: [runbook], problems },
  });
  return { report, outdir, directory: path.resolve(directory) };
}
