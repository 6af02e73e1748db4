#!/usr/bin/env node
/**
 * Draws the prod network of config/baseline.json as docs/network.svg (embedded by
 * docs/network.md):
 *
 *   npm run diagram                 # (re)writes the SVG
 *   npm run diagram -- --check      # exit 1 if it is stale
 *
 * The picture is drawn from the construct tree (lib/diagram/network-diagram.ts); nothing
 * is synthesized and no AWS credentials are needed. test/lib/diagram/network-diagram.test.ts
 * fails when the committed SVG differs from what this writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createBaselineApp } from '../lib/app';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../lib/config/load';
import { networkDiagramSvg } from '../lib/diagram/network-diagram';

const ROOT = path.join(__dirname, '..');
export const DIAGRAM_FILE = path.join(ROOT, 'docs', 'network.svg');
export const REGENERATE_COMMAND = 'npm run diagram';

/** The diagram of the prod environment of the shipped config, as this script writes it. */
export function shippedNetworkDiagram(): string {
  const { config } = loadConfig(path.join(ROOT, DEFAULT_CONFIG_FILE));
  // The feature flags of cdk.json, so that the app is built as `cdk synth` builds it.
  const cdkJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));
  const { stages } = createBaselineApp({
    config,
    context: { ...cdkJson.context, '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const prod = config.environments.prod;
  return networkDiagramSvg(stages.prod.baseline.network, {
    title: `${config.projectName} prod network (${prod.region})`,
  });
}

function main(args: readonly string[]): number {
  const check = args.includes('--check');
  if (args.some((a) => a !== '--check')) {
    console.error(`Usage: ${REGENERATE_COMMAND} [-- --check]`);
    return 2;
  }
  const svg = shippedNetworkDiagram();
  const relative = path.relative(ROOT, DIAGRAM_FILE);
  if (check) {
    const current = fs.existsSync(DIAGRAM_FILE) ? fs.readFileSync(DIAGRAM_FILE, 'utf8') : '';
    if (current !== svg) {
      console.error(`${relative} is out of date: run \`${REGENERATE_COMMAND}\` and commit it.`);
      return 1;
    }
    console.log(`${relative} is up to date.`);
    return 0;
  }
  fs.writeFileSync(DIAGRAM_FILE, svg);
  console.log(`Wrote ${relative}.`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
