import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * DPP 2.5 Secure Coding Practices: "sensitive credentials must not be exposed in public
 * code repositories". CI runs `npm run scan-secrets` (secretlint with its recommended
 * rules and the project's patterns for Login with Amazon secrets and tokens) over the
 * repository and the synthesized templates. These tests plant credentials where a
 * careless engineer would leave them and check the scan fails on each.
 */

const ROOT = path.join(__dirname, '../..');
const SECRETLINT = path.join(ROOT, 'node_modules/.bin/secretlint');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

// Fake credentials of the real shapes, assembled here so that this file holds none.
const AWS_KEY_ID = ['AKIA', '2E0A8F3B244C9986'].join('');
const AWS_SECRET_KEY = ['Ra9jdXzF+kqZ9y1cPq7Xk1h2', 'v3b4n5m6Q8w9E0rT'].join('');
const LWA_CLIENT_SECRET = ['amzn1', 'oa2-cs', 'v1', 'a1'.repeat(32)].join('.');
const LWA_REFRESH_TOKEN = ['Atzr', 'IwEBI' + 'x7Yq'.repeat(12)].join('|');

interface ScanResult {
  readonly status: number | null;
  readonly output: string;
}

/** Runs secretlint as the project's scripts do, from `cwd`, on `globs`. */
function scan(cwd: string, args: readonly string[]): ScanResult {
  const result = spawnSync(
    SECRETLINT,
    [
      '--secretlintrc',
      path.join(ROOT, '.secretlintrc.json'),
      '--no-color',
      '--format',
      'unix',
      ...args,
    ],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A throwaway repository with the files given, like a fresh clone with a change in it. */
function repoWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secret-scan-'));
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\ncdk.out/\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('secret scanning (DPP 2.5)', () => {
  test('the CI script scans the repository and the synthesized templates', () => {
    const script: string = PACKAGE.scripts['scan-secrets'];
    expect(script).toContain('secretlint "**/*"');
    expect(script).toMatch(/--no-gitignore .*"cdk\.out\/\*\*\/\*\.template\.json"/);
    expect(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toContain('npm run scan-secrets');
  });

  test('fails if an AWS secret access key is committed', () => {
    const dir = repoWith({
      'lib/settings.ts': `export const key = '${AWS_KEY_ID}';\nexport const aws_secret_access_key = '${AWS_SECRET_KEY}';\n`,
    });
    const result = scan(dir, ['**/*']);
    expect(result.status).toBe(1);
    // The secret on line 2, by secretlint's AWS rule; an access key id alone is an
    // identifier, not a credential, and the access review handles them by design.
    expect(result.output).toMatch(/lib\/settings\.ts:2:\d+: \[AWSSecretAccessKey\]/);
    expect(result.output).not.toContain(AWS_SECRET_KEY);
    expect(result.output).not.toContain(AWS_KEY_ID);
  });

  test('fails if an LWA client secret or refresh token is committed, in any file type', () => {
    const dir = repoWith({
      'config/baseline.json': JSON.stringify({ clientSecret: LWA_CLIENT_SECRET }),
      'docs/notes.md': `refresh token: ${LWA_REFRESH_TOKEN}\n`,
    });
    const result = scan(dir, ['**/*']);
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/config\/baseline\.json:1:\d+: \[PATTERN\]/);
    expect(result.output).toMatch(/docs\/notes\.md:1:\d+: \[PATTERN\]/);
    expect(result.output).not.toContain(LWA_CLIENT_SECRET);
    expect(result.output).not.toContain(LWA_REFRESH_TOKEN);
  });

  test('fails if a synthesized template carries a secret, although cdk.out is git-ignored', () => {
    const dir = repoWith({
      'cdk.out/assembly-Test/TestBaseline.template.json': JSON.stringify({
        Resources: { Fn: { Properties: { Environment: { CLIENT_SECRET: LWA_CLIENT_SECRET } } } },
      }),
    });
    expect(scan(dir, ['**/*']).status).toBe(0);
    const templates = scan(dir, [
      '--no-gitignore',
      '--secretlintignore',
      '/dev/null',
      'cdk.out/**/*.template.json',
    ]);
    expect(templates.status).toBe(1);
    expect(templates.output).toContain('TestBaseline.template.json');
  });

  test('passes a repository without credentials', () => {
    const dir = repoWith({
      'lib/ok.ts':
        "export const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:x';\n",
    });
    expect(scan(dir, ['**/*'])).toMatchObject({ status: 0 });
  });
});
