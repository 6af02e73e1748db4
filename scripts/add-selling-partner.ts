#!/usr/bin/env node
/**
 * npm run add-selling-partner -- --help
 *
 * Stores a selling partner's LWA refresh token in its own secret. This file only starts the command; the logic is in
 * lib/credentials/commands/. See docs/credentials.md.
 */
import { runAddSellingPartner } from '../lib/credentials/commands';
import { nodeIo } from './credentials-io';

if (require.main === module) {
  void runAddSellingPartner(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}
