import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The synth gate as users meet it: the real `cdk` CLI, which by itself exits 0 on
 * findings (CLI 2.1148 sets failSynthOnValidationErrors=false).
 */
const ROOT = path.join(__dirname, '../..');
const CDK_CLI = require.resolve('aws-cdk/bin/cdk');

function cdkSynth(args: string[], env: Record<string, string> = {}) {
  const outdir = fs.mkdtempSync('/tmp/cdk-synth-test-');
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // jest sets NODE_ENV=test, which makes the app throw instead of reporting as it
  // does under the CLI, and test/setup-env.ts context the CLI does not give: run the
  // app as a user would.
  delete childEnv.NODE_ENV;
  delete childEnv.CDK_CONTEXT_JSON;
  delete childEnv.CDK_DISABLE_STACK_TRACE;
  // The CLI of node_modules, as `npm run synth` starts it (without npx's start-up).
  const run = spawnSync(
    process.execPath,
    [CDK_CLI, 'synth', '--quiet', '--no-notices', '--output', outdir, ...args],
    { cwd: ROOT, env: childEnv, encoding: 'utf8', timeout: 120_000 },
  );
  const templates = fs.existsSync(outdir)
    ? fs
        .readdirSync(outdir, { recursive: true })
        .filter((f) => String(f).endsWith('.template.json'))
    : [];
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, templates };
}

describe('cdk synth gate (real CLI)', () => {
  test('fails if an app has an unacknowledged error, and prints the finding', () => {
    const { status, output } = cdkSynth([
      '--app',
      'node -r ./scripts/register-ts.cjs test/fixtures/noncompliant-app.ts',
    ]);
    expect(status).not.toBe(0);
    expect(output).toContain('[error] DPP-LogGroupRetentionAtLeast90Days (DPP)');
    expect(output).toContain('[DPP 2.6 Logging and Monitoring]');
    expect(output).toContain('at Test/Baseline/ShortLived/Resource');
    expect(output).toContain('Checks: FAILED');
  });

  test('fails if the config is invalid, listing every error, and writes no template', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'config/baseline.json'), 'utf8'));
    config.environments.prod.audit.logRetentionDays = 30;
    config.environments.test.account = '1234';
    const file = path.join(fs.mkdtempSync('/tmp/bad-config-'), 'baseline.json');
    fs.writeFileSync(file, JSON.stringify(config));

    const { status, output, templates } = cdkSynth([], { BASELINE_CONFIG: file });
    expect(status).not.toBe(0);
    expect(output).toContain(
      'The baseline configuration has 2 errors; no template was synthesized',
    );
    expect(output).toContain('environments.test.account: "1234" is not a 12-digit AWS account id');
    expect(output).toContain(
      'environments.prod.audit.logRetentionDays: 30 days is below the 365 days this baseline requires for DPP 2.6 Logging and Monitoring',
    );
    expect(templates).toEqual([]);
  });
});
