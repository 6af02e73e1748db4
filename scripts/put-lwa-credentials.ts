#!/usr/bin/env node
/**
 * npm run put-lwa-credentials -- --help
 *
 * Puts the application's LWA client credentials into the environment's secret. This file only starts the command; the logic is in
 * lib/credentials/commands/. See docs/credentials.md.
 */
import { runPutLwaCredentials } from '../lib/credentials/commands';
import { nodeIo } from './credentials-io';

if (require.main === module) {
  void runPutLwaCredentials(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}
