#!/usr/bin/env node
/**
 * Rebuilds the compliance report (cdk.out/compliance/: JSON, Markdown, HTML, SARIF,
 * record of processing) from an existing cloud assembly, without synthesizing:
 *
 *   npm run report                          # from cdk.out
 *   npm run report -- --cdk-out <directory> # from another assembly
 *
 * It writes the same bytes the synth wrote (test/lib/report/compliance-files.test.ts
 * shows it), so a reviewer can regenerate the views after editing a runbook or
 * upgrading the report code, and CI can rebuild them from an archived cdk.out.
 * Exit code: 0 when written, 2 on a usage error or when there is no assembly to read.
 */
import { regenerateComplianceReport } from '../lib/report/compliance-output';
import { formatSummary } from '../lib/report/summary';

const USAGE = 'usage: npm run report [-- --cdk-out <directory>]';

function main(args: readonly string[]): number {
  let directory = 'cdk.out';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cdk-out' && args[i + 1]) directory = args[++i];
    else if (args[i] === '--help' || args[i] === '-h') {
      console.log(USAGE);
      return 0;
    } else {
      console.error(`unknown argument ${JSON.stringify(args[i])}\n${USAGE}`);
      return 2;
    }
  }
  try {
    const { report, directory: written } = regenerateComplianceReport(directory);
    console.log(formatSummary(report, written));
    return 0;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
