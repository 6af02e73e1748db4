import { createBaselineApp, BaselineAppProps } from '../lib/app';
import { BaselineConfig } from '../lib/config/types';
import { loadConfig } from '../lib/config/load';
import { projectContext } from './helpers';

/**
 * The baseline app of `config` (the committed config by default) as the CLI would
 * build it (cdk.json's context), with findings left to the test to read rather than
 * failing the synth. Lambda bundling is off in unit tests (test/setup-env.ts).
 * A file of its own so that the tests that do not build the whole app (most) do not
 * load it.
 */
export function baselineTestApp(
  config: BaselineConfig = loadConfig().config,
  props: Omit<BaselineAppProps, 'config'> = {},
): ReturnType<typeof createBaselineApp> {
  return createBaselineApp({
    ...props,
    config,
    context: {
      ...projectContext(),
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      ...props.context,
    },
  });
}
