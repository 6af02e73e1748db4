#!/usr/bin/env node
/**
 * The app entry that `cdk synth` and `cdk deploy` run (see cdk.json).
 *
 * It validates the whole config before any construct is built, synthesizes test and
 * prod with every check, and exits non-zero on an invalid config, an unacknowledged
 * error or an acknowledgement without a basis. The CLI does not fail on findings by
 * itself, so this exit code is what stops a non-compliant deploy.
 *
 * Config file: config/baseline.json, or the path in BASELINE_CONFIG.
 */
import { createBaselineApp } from '../lib/app';
import { loadConfig } from '../lib/config/load';
import { ConfigError } from '../lib/config/validate';
import { synthesizeAndGate } from '../lib/report/gate';

function main(): number {
  let loaded;
  try {
    loaded = loadConfig(process.env.BASELINE_CONFIG);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  for (const warning of loaded.warnings) console.error(`[config warning] ${warning}`);
  const { app } = createBaselineApp({ config: loaded.config });
  return synthesizeAndGate(app);
}

process.exitCode = main();
