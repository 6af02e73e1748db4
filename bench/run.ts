/**
 * `npm run bench`: measures what users feel (how long a synth and the tests take, and
 * how the checks grow with the resources), writes bench/results.json, rewrites the
 * benchmark section of the README, prints the summary and exits 1 when a budget
 * (bench/budgets.ts) is broken.
 *
 *   npm run bench -- [--runs N] [--test-runs N] [--no-readme]
 *
 * Each round synthesizes the floor and the full app at three sizes, each in a process
 * of its own, in an order that turns from round to round so that a burst of other work
 * on the machine does not always land on the same measure.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AppRunResult } from './app-run';
import { cliContext, Measured, ROOT, runEntry } from './measure';
import { EXTRA_RESOURCES, PackCostResult } from './pack-cost';
import { RawRuns, summarize, SynthRound, toMarkdown } from './summary';
import { runTestSuite } from './test-suite';

const README_START = '<!-- bench:start -->';
const README_END = '<!-- bench:end -->';

interface Options {
  readonly runs: number;
  readonly testRuns: number;
  readonly readme: boolean;
}

function parseOptions(args: readonly string[]): Options {
  const value = (flag: string, fallback: number) => {
    const i = args.indexOf(flag);
    if (i < 0) return fallback;
    const n = Number(args[i + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number`);
    return n;
  };
  const runs = value('--runs', 5);
  if (runs < 1) throw new Error('--runs needs at least 1');
  return { runs, testRuns: value('--test-runs', runs), readme: !args.includes('--no-readme') };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function synth(mode: 'full' | 'floor', extra: number): Measured<AppRunResult> {
  const measured = runEntry<AppRunResult>('app-run.ts', {
    BENCH_MODE: mode,
    BENCH_EXTRA: String(extra),
    ...(mode === 'floor' ? { CDK_VALIDATION: 'false' } : {}),
  });
  log(`  ${mode} +${extra}: ${(measured.wallMs / 1000).toFixed(2)} s`);
  return measured;
}

function synthRound(index: number): SynthRound {
  const jobs = [
    () => ({ floor: synth('floor', 0) }),
    ...EXTRA_RESOURCES.map((extra, size) => () => ({ [size]: synth('full', extra) })),
  ];
  // Turn the order from round to round.
  const order = jobs.map((_, i) => jobs[(i + index) % jobs.length]);
  const done = Object.assign({}, ...order.map((job) => job())) as Record<
    string,
    Measured<AppRunResult>
  >;
  return { floor: done.floor, full: EXTRA_RESOURCES.map((_, size) => done[size]) };
}

function writeReadme(markdown: string): void {
  const file = path.join(ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) {
    log(`README.md has no ${README_START} ... ${README_END} section; not updated`);
    return;
  }
  fs.writeFileSync(
    file,
    `${text.slice(0, start + README_START.length)}\n${markdown}\n${text.slice(end)}`,
  );
}

/** Formats what the benchmark wrote as the project's lint expects (npm run lint runs prettier --check). */
function formatWritten(files: readonly string[]): void {
  const run = spawnSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--write', ...files],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (run.status !== 0)
    throw new Error(`prettier could not format ${files.join(', ')}:\n${run.stderr}`);
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const rounds: SynthRound[] = [];
  for (let i = 0; i < options.runs; i++) {
    log(`synth round ${i + 1} of ${options.runs}`);
    rounds.push(synthRound(i));
  }
  log('pack cost per rule and per resource');
  const packCost = runEntry<PackCostResult>('pack-cost.ts', {
    BENCH_REPEAT: String(options.runs),
    CDK_VALIDATION: 'false',
    // The packs read templates, not bundles: no need to bundle three apps here.
    CDK_CONTEXT_JSON: JSON.stringify({ ...cliContext(), 'aws:cdk:bundling-stacks': [] }),
  });
  const testSuite = [];
  for (let i = 0; i < options.testRuns; i++) {
    log(`npm test, run ${i + 1} of ${options.testRuns}`);
    testSuite.push(runTestSuite());
  }
  const raw: RawRuns = { extra: EXTRA_RESOURCES, rounds, packCost, testSuite };
  const results = summarize(raw);
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = toMarkdown(results);
  if (options.readme) writeReadme(markdown);
  formatWritten(options.readme ? ['bench/results.json', 'README.md'] : ['bench/results.json']);
  console.log(markdown);
  const broken = results.budgets.filter((b) => !b.passed);
  if (broken.length > 0) {
    console.error(`\n${broken.length} budget(s) broken: ${broken.map((b) => b.id).join(', ')}`);
    process.exitCode = 1;
  }
}

// Run as a process of its own; imported, it only lends its types and constants.
if (require.main === module) main();
