import { App, Aspects, Stage, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  NagPack,
  NIST80053R5Checks,
  WriteNagSuppressionsToCloudFormationAspect,
} from 'cdk-nag';
import { DppChecks } from './nag/dpp-pack';

/**
 * The packs that run on every synth, new instances: the project's DPP pack, cdk-nag's
 * AWS Solutions and NIST 800-53 rev 5 packs. Tests run the same list.
 */
export function checkPacks(): NagPack[] {
  return [new DppChecks(), new AwsSolutionsChecks(), new NIST80053R5Checks()];
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
  Validations.of(app).addPlugins(...checkPacks());
}

/**
 * Writes every acknowledgement under `stage` into its resources' template metadata
 * (`cdk_nag.rules_to_suppress`), so the audit trail survives in `cdk.out`.
 */
export function recordAcknowledgements(stage: Stage): void {
  Aspects.of(stage).add(new WriteNagSuppressionsToCloudFormationAspect());
}
