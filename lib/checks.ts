import { App, Aspects, Stage, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  NagPack,
  NIST80053R5Checks,
  WriteNagSuppressionsToCloudFormationAspect,
} from 'cdk-nag';
import { DppChecks } from './nag/dpp-pack';
import { trackRuleResults, withRuleResults } from './nag/rule-results';

const RecordingDppChecks = withRuleResults(DppChecks);
const RecordingAwsSolutionsChecks = withRuleResults(AwsSolutionsChecks);
const RecordingNIST80053R5Checks = withRuleResults(NIST80053R5Checks);

/**
 * The packs that run on every synth, new instances: the project's DPP pack, cdk-nag's
 * AWS Solutions and NIST 800-53 rev 5 packs. Tests run the same list. Each records
 * where its rules passed and which findings acknowledgements hid, for the compliance
 * report (lib/nag/rule-results.ts); it validates exactly as the plain pack does.
 */
export function checkPacks(): NagPack[] {
  return [
    new RecordingDppChecks(),
    new RecordingAwsSolutionsChecks(),
    new RecordingNIST80053R5Checks(),
  ];
}

/**
 * Registers the packs of `checkPacks()` on the app.
 *
 * The packs walk the whole construct tree from the app, so they are registered once,
 * on the app. Writing acknowledgements into template metadata is an aspect, and
 * aspects added to the app do not reach into a `Stage`: `recordAcknowledgements`
 * registers it per stage.
 */
export function registerChecks(app: App): void {
  const packs = checkPacks();
  Validations.of(app).addPlugins(...packs);
  trackRuleResults(app, packs);
}

/**
 * Writes every acknowledgement under `stage` into its resources' template metadata
 * (`cdk_nag.rules_to_suppress`), so the audit trail survives in `cdk.out`.
 */
export function recordAcknowledgements(stage: Stage): void {
  Aspects.of(stage).add(new WriteNagSuppressionsToCloudFormationAspect());
}
