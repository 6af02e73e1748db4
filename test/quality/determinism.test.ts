import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AssetStaging } from 'aws-cdk-lib';
import { loadConfig } from '../../lib/config/load';
import { synthesizeAndGate } from '../../lib/report/gate';
import { COMPLIANCE_DIRECTORY } from '../../lib/report/report-files';
import { baselineTestApp } from '../baseline-app';

/**
 * Determinism (issue 14): two synths of the same commit give the same bytes, so that a
 * reviewer's diff of two synths shows only what changed in the code, and `cdk diff`
 * shows nothing when nothing changed.
 *
 * The whole app (both environments, every pack, the gate and every report file it
 * writes) is synthesized twice, into two temporary directories, and every file of the
 * two cloud assemblies is compared byte for byte: templates, asset manifests,
 * assembly manifests, the construct tree, the packs' results and the compliance
 * report in all its formats.
 *
 * Time: the reports carry none. The issue allows one time field in a report and none
 * in templates; ALLOWED_TIME_FIELDS names the fields allowed, and is empty today. Two
 * synths in the same second would hide a time field from the byte comparison, so every
 * file is also searched for a date and time and for today's date.
 *
 * Cost: the built-in validator is off (it changes no file); Lambda bundling runs for
 * the order-sync workload stack only, the function that every workload function
 * shares its shape with (minified esbuild, no source map), so that the hash of a bundled
 * asset is compared too. The other handlers bundle with the same options.
 */

/** Time fields allowed in the report files, by file and JSON field: none. */
const ALLOWED_TIME_FIELDS: readonly { file: string; field: string }[] = [];

const CHECKOUT = path.resolve(__dirname, '../..');
/** The one stack whose functions this test bundles. */
const BUNDLED_STACK = 'Test/OrderSync';

function synthesizeInto(outdir: string): void {
  // Asset staging caches hashes per process: without this the second synth would reuse
  // the first one's bundle instead of bundling again.
  AssetStaging.clearAssetHashCache();
  const { app } = baselineTestApp(loadConfig().config, {
    outdir,
    // Over the unit tests' context (test/setup-env.ts), which bundles nothing.
    postCliContext: { 'aws:cdk:bundling-stacks': [BUNDLED_STACK] },
  });
  synthesizeAndGate(app, () => undefined);
}

/** Every file under `directory`, by path relative to it, sorted. */
function filesUnder(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true })
    .map(String)
    .filter((file) => fs.statSync(path.join(directory, file)).isFile())
    .sort();
}

/** `content` with the allowed time fields of `file` blanked. */
function withoutAllowedTime(file: string, content: string): string {
  return ALLOWED_TIME_FIELDS.filter((allowed) => path.basename(file) === allowed.file).reduce(
    (text, { field }) => text.replace(new RegExp(`("${field}": )"[^"]*"`, 'g'), '$1"<time>"'),
    content,
  );
}

/** The first line that differs between two texts, as a message naming the file. */
function firstDifference(file: string, a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  const line = linesA.findIndex((text, i) => text !== linesB[i]);
  const at = line === -1 ? linesA.length : line;
  const clip = (text: string | undefined) => (text ?? '(no line)').slice(0, 300);
  return `${file}: line ${at + 1} differs between two synths of the same commit\n  first:  ${clip(linesA[at])}\n  second: ${clip(linesB[at])}`;
}

let first: string;
let second: string;
let files: string[];

beforeAll(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
  first = path.join(root, 'first');
  second = path.join(root, 'second');
  // From one line: the assembly's metadata carries stack traces of the app's code, and
  // two synths of one commit run the same code.
  for (const outdir of [first, second]) synthesizeInto(outdir);
  files = filesUnder(first);
});

afterAll(() => {
  fs.rmSync(path.dirname(first), { recursive: true, force: true });
});

describe('two synths of the same commit', () => {
  test('write the same files: templates of both environments, assets and every report', () => {
    expect(filesUnder(second)).toEqual(files);
    const templates = files.filter((f) => f.endsWith('.template.json'));
    expect(templates.map((f) => path.basename(f)).sort()).toEqual([
      'ProdBaselineC6DFE538.template.json',
      'TestBaselineFA989451.template.json',
      'TestOrderSyncAD5D6C84.template.json',
    ]);
    expect(files.filter((f) => f.startsWith(`${COMPLIANCE_DIRECTORY}/`)).length).toBe(5);
    // The order-sync function was bundled: its asset is a directory with the bundle.
    expect(files.some((f) => /^asset\.[0-9a-f]{64}\/index\.js$/.test(f))).toBe(true);
  });

  test('write the same bytes in every file', () => {
    const differences = files.flatMap((file) => {
      const a = withoutAllowedTime(file, fs.readFileSync(path.join(first, file), 'utf8'));
      const b = withoutAllowedTime(file, fs.readFileSync(path.join(second, file), 'utf8'));
      return firstDifference(file, a, b) ?? [];
    });
    expect(differences).toEqual([]);
  });

  test('carry no date or time: none in templates, none but the allowed fields in reports', () => {
    const today = new Date().toISOString().slice(0, 10);
    const dateTime = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
    const found = files.flatMap((file) => {
      const text = withoutAllowedTime(file, fs.readFileSync(path.join(first, file), 'utf8'));
      const match = text.match(dateTime)?.[0] ?? (text.includes(today) ? today : undefined);
      return match ? [`${file}: ${match}`] : [];
    });
    expect(found).toEqual([]);
  });

  test('name neither the output directory nor the checkout in templates, assets or reports', () => {
    // Left out: the assembly's *.metadata.json, which hold aws-cdk-lib's stack traces of
    // each acknowledgement (Validations.acknowledge) with absolute file names (the report
    // reads them and writes paths relative to the project; they are not deployed), and
    // the asset manifests of the stacks whose bundling this test skips, which point at
    // the project directory instead of a bundle.
    const unbundledAssets = (file: string) =>
      file.endsWith('.assets.json') && !file.includes(BUNDLED_STACK.replace('/', ''));
    const found = files
      .filter((file) => !file.endsWith('.metadata.json') && !unbundledAssets(file))
      .flatMap((file) => {
        const text = fs.readFileSync(path.join(first, file), 'utf8');
        return [first, CHECKOUT]
          .filter((absolute) => text.includes(absolute))
          .map((absolute) => `${file} contains ${absolute}`);
      });
    expect(found).toEqual([]);
  });
});
