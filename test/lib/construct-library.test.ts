import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The package as a construct library (issue 12): `npm pack` (which builds dist/ with
 * declarations), the tarball installed with npm into a fresh consumer app, offline, and
 * that app synthesized with the gate: the documented example (docs/examples/), a whole
 * environment with a workload of the consumer's own, every pack and report, the
 * package's Lambda handlers bundled from the tarball; then a consumer stack with a
 * non-compliant resource, which fails the gate, and `new DppChecks()` alone in an app.
 *
 * No network: the consumer's node_modules links this project's installed packages
 * (never its `.bin`, which npm would prune through the link), and `npm install
 * --offline` installs the tarball against them. Time: the pack's build is incremental
 * (`tsc -b`), a second or two when dist/ is current, half a minute when it is not.
 */

const ROOT = path.join(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'docs/examples');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // jest's NODE_ENV=test changes how aws-cdk-lib reports; run as a user would.
  delete childEnv.NODE_ENV;
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    env: childEnv,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** Links every package this project installed into `nodeModules`, so npm needs no registry. */
function linkInstalledPackages(nodeModules: string): void {
  const installed = path.join(ROOT, 'node_modules');
  fs.mkdirSync(nodeModules, { recursive: true });
  for (const entry of fs.readdirSync(installed)) {
    if (entry.startsWith('.')) continue; // .bin, .package-lock.json: npm rewrites them
    const source = path.join(installed, entry);
    if (entry.startsWith('@')) {
      fs.mkdirSync(path.join(nodeModules, entry));
      for (const scoped of fs.readdirSync(source)) {
        fs.symlinkSync(path.join(source, scoped), path.join(nodeModules, entry, scoped));
      }
    } else {
      fs.symlinkSync(source, path.join(nodeModules, entry));
    }
  }
}

/** TypeScript to CommonJS, as a consumer's build would emit it. */
function transpile(file: string, to: string): void {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  fs.writeFileSync(to, outputText);
}

/** A consumer app's second file: its own stack with a non-compliant resource, and DppChecks alone. */
const CARELESS_APP = `
const fs = require('fs');
const path = require('path');
const { App, Stack, Stage, Validations } = require('aws-cdk-lib');
const logs = require('aws-cdk-lib/aws-logs');
const { DppChecks, recordAcknowledgements, registerChecks, synthesizeAndGate } = require('spapi-dpp-baseline');

// The gate over a consumer's stack that keeps its logs a week (DPP 2.6 asks for 90 days).
const gated = new App({ outdir: path.join(__dirname, 'careless.out') });
registerChecks(gated);
const stage = new Stage(gated, 'Careless', { env: { account: '111111111111', region: 'eu-west-1' } });
recordAcknowledgements(stage);
new logs.LogGroup(new Stack(stage, 'App'), 'Short', { retention: logs.RetentionDays.ONE_WEEK });
const code = synthesizeAndGate(gated, (text) => console.log(text));
console.log('gate exit code ' + code);

// The DPP pack alone in an existing app, beside whatever packs it already runs.
const existing = new App({ outdir: path.join(__dirname, 'alone.out') });
Validations.of(existing).addPlugins(new DppChecks());
new logs.LogGroup(new Stack(existing, 'Existing', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Logs', {
  retention: logs.RetentionDays.ONE_WEEK,
});
existing.synth();
const report = JSON.parse(fs.readFileSync(path.join(__dirname, 'alone.out', 'validation-report.json'), 'utf8'));
for (const plugin of report.pluginReports) {
  for (const v of plugin.violations) console.log('alone: ' + plugin.pluginName + ' ' + v.ruleName + ' at ' + v.violatingConstructs.map((c) => c.constructPath).join(','));
}
process.exitCode = code;
`;

describe('the package as a construct library, from its tarball', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'spapi-dpp-consumer-'));
  const consumer = path.join(work, 'app');
  const timings: Record<string, number> = {};
  const timed = <T>(step: string, fn: () => T): T => {
    const start = Date.now();
    try {
      return fn();
    } finally {
      timings[step] = Date.now() - start;
    }
  };
  let pack: ReturnType<typeof run>;
  let install: ReturnType<typeof run>;
  let example: ReturnType<typeof run>;
  let careless: ReturnType<typeof run>;
  let tarball: string;

  beforeAll(() => {
    pack = timed('npm pack (build)', () =>
      run('npm', ['pack', '--pack-destination', work, '--silent'], ROOT),
    );
    tarball = path.join(work, `${PACKAGE.name}-${PACKAGE.version}.tgz`);
    fs.mkdirSync(consumer);
    linkInstalledPackages(path.join(consumer, 'node_modules'));
    fs.writeFileSync(
      path.join(consumer, 'package.json'),
      JSON.stringify({
        name: 'consumer-app',
        version: '1.0.0',
        private: true,
        dependencies: {
          [PACKAGE.name]: `file:${tarball}`,
          'aws-cdk-lib': PACKAGE.dependencies['aws-cdk-lib'],
          constructs: PACKAGE.dependencies.constructs,
        },
        devDependencies: { esbuild: PACKAGE.devDependencies.esbuild },
      }),
    );
    install = timed('npm install --offline', () =>
      run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer),
    );
    fs.mkdirSync(path.join(consumer, 'config'));
    fs.copyFileSync(
      path.join(ROOT, 'config/baseline.json'),
      path.join(consumer, 'config/baseline.json'),
    );
    transpile(path.join(EXAMPLES, 'workload-app.ts'), path.join(consumer, 'app.js'));
    transpile(path.join(EXAMPLES, 'labels-stack.ts'), path.join(consumer, 'labels-stack.js'));
    fs.copyFileSync(
      path.join(EXAMPLES, 'label-printer.ts'),
      path.join(consumer, 'label-printer.ts'),
    );
    fs.writeFileSync(path.join(consumer, 'careless.js'), CARELESS_APP);
    // What the cdk CLI hands an app: the feature flags of cdk.json, and no failure of
    // synth on findings (the gate decides).
    const context = JSON.stringify({
      ...JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).context,
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    });
    const env = { CDK_CONTEXT_JSON: context, CDK_OUTDIR: path.join(consumer, 'cdk.out') };
    example = timed('example app synth', () => run('node', ['app.js'], consumer, env));
    careless = timed('careless apps synth', () => run('node', ['careless.js'], consumer, env));
    // Visible in the test output, for the suite's time budget.
    process.stdout.write(`construct-library test steps (ms): ${JSON.stringify(timings)}\n`);
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('npm pack builds the library and packs JavaScript, declarations and the handlers', () => {
    expect(pack.status).toBe(0);
    const listing = run('tar', ['-tzf', tarball], work).output;
    for (const file of [
      'package/dist/lib/index.js',
      'package/dist/lib/index.d.ts',
      'package/dist/constructs/workloads/order-sync/functions/order-sync-handler.js',
      'package/dist/constructs/credentials/functions/rotation-handler.js',
      'package/docs/workloads.md',
    ]) {
      expect(listing).toContain(file);
    }
    expect(listing).not.toMatch(/\.tsbuildinfo|package\/test\/|package\/lib\/.*\.ts\b/);
  });

  test('installs from the tarball with npm, offline', () => {
    expect(install.status).toBe(0);
    const installed = path.join(consumer, 'node_modules', PACKAGE.name);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).types).toBe(
      'dist/lib/index.d.ts',
    );
  });

  test('synthesizes the documented example, a whole environment with its own workload, and passes every check', () => {
    expect(example.output).toContain('Checks: PASSED: 0 unacknowledged errors');
    expect(example.status).toBe(0);
    const out = path.join(consumer, 'cdk.out', 'compliance');
    for (const report of [
      'compliance-report.json',
      'compliance-report.md',
      'compliance-report.html',
      'compliance-report.sarif',
      'record-of-processing.md',
    ]) {
      expect(fs.existsSync(path.join(out, report))).toBe(true);
    }
    const compliance = JSON.parse(
      fs.readFileSync(path.join(out, 'compliance-report.json'), 'utf8'),
    );
    const record = compliance.environments.find(
      (e: { id: string }) => e.id === 'Test',
    ).recordOfProcessing;
    const table = record.stores.find(
      (s: { store: string }) => s.store === 'Test/Baseline/Data/PiiTable',
    );
    expect(table.fields.map((f: { name: string }) => f.name)).toEqual(['labelAddress']);
    expect(
      table.access.find((a: { principal: string }) => a.principal === 'Test/Labels/Printer/Role'),
    ).toMatchObject({ can: ['read'], readsFields: ['labelAddress'] });
  });

  test("bundles the package's Lambda handlers, and the consumer's, with esbuild from the tarball", () => {
    const bundled = example.output.match(/Bundling asset (\S+)/g) ?? [];
    expect(bundled).toEqual(
      expect.arrayContaining([
        'Bundling asset Test/Baseline/Credentials/Rotation/Function/Code/Stage...',
        'Bundling asset Test/Labels/Printer/Shape/Function/Code/Stage...',
      ]),
    );
  });

  test("fails the gate on a non-compliant resource in the consumer's own stack", () => {
    expect(careless.output).toContain('[error] DPP-LogGroupRetentionAtLeast90Days (DPP)');
    expect(careless.output).toContain('at Careless/App/Short/Resource');
    expect(careless.output).toContain('gate exit code 1');
    expect(careless.status).toBe(1);
  });

  test('runs the DPP pack alone in an existing app', () => {
    expect(careless.output).toContain(
      'alone: DPP DPP-LogGroupRetentionAtLeast90Days at Existing/Logs/Resource',
    );
  });
});
