#!/usr/bin/env node
/**
 * npm run remove-selling-partner -- --help
 *
 * Schedules deletion of a selling partner's refresh-token secret. This file only starts the command; the logic is in
 * lib/credentials/commands/. See docs/credentials.md.
 */
import { runRemoveSellingPartner } from '../lib/credentials/commands';
import { nodeIo } from './credentials-io';

if (require.main === module) {
  void runRemoveSellingPartner(process.argv.slice(2), nodeIo).then((code) => {
    process.exitCode = code;
  });
}
