/**
 * The test suite as `npm test` runs it (jest with the project's configuration), timed
 * from start to exit, with the time of each test file from jest's own report.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { loadPerCore, Measured, ROOT } from './measure';

export interface SuiteRun {
  readonly tests: number;
  /** Milliseconds per test file, relative to the root, slowest first. */
  readonly files: readonly { readonly file: string; readonly ms: number }[];
}

interface JestJson {
  readonly success: boolean;
  readonly numTotalTests: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly startTime: number;
    readonly endTime: number;
  }[];
}

/** Runs the whole suite once. Throws, with jest's output, when a test fails. */
export function runTestSuite(): Measured<SuiteRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spapi-bench-jest-'));
  const report = path.join(dir, 'jest.json');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // What the benchmark's own runs set must not reach the tests.
  for (const name of ['CDK_CONTEXT_JSON', 'CDK_OUTDIR', 'CDK_VALIDATION', 'BENCH_RESULT']) {
    delete env[name];
  }
  const load = loadPerCore();
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`],
    { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const wallMs = performance.now() - start;
  try {
    if (run.status !== 0) throw new Error(`npm test failed:\n${run.stderr.slice(-4000)}`);
    const json = JSON.parse(fs.readFileSync(report, 'utf8')) as JestJson;
    const files = json.testResults
      .map((r) => ({ file: path.relative(ROOT, r.name), ms: r.endTime - r.startTime }))
      .sort((a, b) => b.ms - a.ms);
    return { wallMs, loadPerCore: load, result: { tests: json.numTotalTests, files } };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
