import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The dependency check of `npm run lint` (scripts/check-dependencies.mjs with the rules of
 * .dependency-cruiser.js), run on small trees written here, so that a test shows it
 * failing on a wrong arrow and on a cycle, and passing on a tree that keeps the layers.
 */
const ROOT = path.join(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/check-dependencies.mjs');

type Tree = Record<string, string>;

/** A tree that keeps the layers: every arrow points the allowed way. */
const LAYERED: Tree = {
  'lib/policy/bounds.ts': 'export const DAYS = 30;\n',
  'lib/runtime/logger.ts': "import { DAYS } from '../policy/bounds';\nexport const log = DAYS;\n",
  'lib/nag/rules/Rule.ts':
    "import { DAYS } from '../../policy/bounds';\nexport const rule = DAYS;\n",
  'constructs/data/layout.ts': "export const KEY = 'sellingPartnerId';\n",
  'constructs/data/store.ts': [
    "import { App } from 'aws-cdk-lib';",
    "import { DAYS } from '../../lib/policy/bounds';",
    "import { log } from '../../lib/runtime/logger';",
    'export const store = [App, DAYS, log];',
    '',
  ].join('\n'),
  'constructs/data/functions/handler.ts': [
    "import { log } from '../../../lib/runtime/logger';",
    "import { KEY } from '../layout';",
    'export const handler = [log, KEY];',
    '',
  ].join('\n'),
  'lib/deletion/command.ts': [
    "import { KEY } from '../../constructs/data/layout';",
    "import { DAYS } from '../policy/bounds';",
    'export const command = [KEY, DAYS];',
    '',
  ].join('\n'),
  'lib/report/summary.ts':
    "import { rule } from '../nag/rules/Rule';\nexport const summary = rule;\n",
  'lib/stage/stack.ts':
    "import { store } from '../../constructs/data/store';\nexport const stack = store;\n",
};

/** The layered tree with a rule that imports the construct it checks, and a cycle in the reports. */
const BROKEN: Tree = {
  ...LAYERED,
  'lib/nag/rules/Rule.ts':
    "import { store } from '../../../constructs/data/store';\nexport const rule = store;\n",
  'lib/report/summary.ts': "import { format } from './format';\nexport const summary = format;\n",
  'lib/report/format.ts':
    "import { summary } from './summary';\nexport const format = () => summary;\n",
  'constructs/data/functions/handler.ts':
    "import { App } from 'aws-cdk-lib';\nexport const handler = App;\n",
  'lib/deletion/command.ts':
    "import { stack } from '../stage/stack';\nexport const command = stack;\n",
};

function check(tree: Tree) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  for (const [file, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  // The fixture's `aws-cdk-lib` import resolves as the project's does.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const run = spawnSync(process.execPath, [SCRIPT, '--base-dir', dir], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

describe('dependency check (npm run lint)', () => {
  test('passes a tree whose imports keep the layers', () => {
    const { status, output } = check(LAYERED);
    expect(output).toContain('Dependencies: PASSED');
    expect(status).toBe(0);
  });

  describe('on a tree with wrong arrows and a cycle', () => {
    let result: { status: number | null; output: string };
    beforeAll(() => {
      result = check(BROKEN);
    });

    test('fails', () => {
      expect(result.status).toBe(1);
      expect(result.output).toContain('Dependencies: FAILED');
    });

    test('fails if a rule imports the construct it checks', () => {
      expect(result.output).toContain(
        'error nag-imports-policy-only: lib/nag/rules/Rule.ts → constructs/data/store.ts',
      );
    });

    test('fails if two modules import each other', () => {
      expect(result.output).toMatch(
        /error no-circular: .*\n {4}circle: lib\/report\/(summary|format)\.ts → lib\/report\/(format|summary)\.ts → lib\/report\/(summary|format)\.ts\n/,
      );
    });

    test('fails if a Lambda handler imports the CDK', () => {
      expect(result.output).toMatch(
        /error functions-bundle-no-cdk: constructs\/data\/functions\/handler\.ts → \S*node_modules\/aws-cdk-lib\//,
      );
    });

    test("fails if a command's code imports the stage", () => {
      expect(result.output).toContain(
        'error commands-stay-below-the-app: lib/deletion/command.ts → lib/stage/stack.ts',
      );
    });
  });
});
