import { App, Aspects, Stage, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  NIST80053R5Checks,
  WriteNagSuppressionsToCloudFormationAspect,
} from 'cdk-nag';
import { DppChecks } from './nag/dpp-pack';

/**
 * Registers the packs that run on every synth: the project's DPP pack, cdk-nag's
 * AWS Solutions and NIST 800-53 rev 5 packs.
 *
 * The packs walk the whole construct tree from the app, so they are registered once,
 * on the app. Writing acknowledgements into template metadata is an aspect, and
 * aspects added to the app do not reach into a `Stage`: `recordAcknowledgements`
 * registers it per stage.
 */
export function registerChecks(app: App): void {
  Validations.of(app).addPlugins(
    new DppChecks(),
    new AwsSolutionsChecks(),
    new NIST80053R5Checks(),
  );
}

/**
 * Writes every acknowledgement under `stage` into its resources' template metadata
 * (`cdk_nag.rules_to_suppress`), so the audit trail survives in `cdk.out`.
 */
export function recordAcknowledgements(stage: Stage): void {
  Aspects.of(stage).add(new WriteNagSuppressionsToCloudFormationAspect());
}
