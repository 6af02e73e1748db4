import * as fs from 'fs';
import * as path from 'path';

/**
 * DPP 2.6 Logging and Monitoring: "logs must not contain PII". Every function the
 * baseline ships logs through the one redacting logger (lib/runtime/logger.ts, whose
 * own tests feed it an order payload and tokens): no handler writes to the console,
 * and each handler's code reaches `createLogger`. A new handler that logs its own way
 * fails here.
 */
const ROOT = path.join(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The Lambda code: every file in a `functions/` folder of a construct family. */
const FUNCTION_FILES = filesUnder(path.join(ROOT, 'constructs'))
  .filter((file) => file.split(path.sep).slice(0, -1).includes('functions'))
  .filter((file) => !file.includes(`${path.sep}constructs${path.sep}functions${path.sep}`));

const HANDLERS = FUNCTION_FILES.filter((file) =>
  /export (const|async function|function) handler\b/.test(fs.readFileSync(file, 'utf8')),
);

/** The project files a module imports, followed transitively (relative imports only). */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const target = path.resolve(path.dirname(file), m[1]);
    for (const candidate of [`${target}.ts`, path.join(target, 'index.ts')]) {
      if (fs.existsSync(candidate)) reachable(candidate, seen);
    }
  }
  return seen;
}

describe('the functions the baseline ships log through the redacting logger (DPP 2.6)', () => {
  test('there are handlers to check', () => {
    expect(HANDLERS.length).toBeGreaterThanOrEqual(6);
  });

  test('fails if any function code writes to the console', () => {
    const offenders = FUNCTION_FILES.filter((file) =>
      /\bconsole\.(log|info|warn|error|debug|trace)\(/.test(fs.readFileSync(file, 'utf8')),
    ).map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  test.each(HANDLERS.map((file) => [path.relative(ROOT, file), file]))(
    'fails if %s does not reach createLogger',
    (_name, file) => {
      // A call of createLogger in the function's own code or a library it uses, not the
      // logger's definition (which every importer of the runtime could reach).
      const definition = path.join(ROOT, 'lib/runtime/logger.ts');
      const uses = [...reachable(file)]
        .filter((f) => f !== definition)
        .some((f) => /\bcreateLogger\(\{/.test(fs.readFileSync(f, 'utf8')));
      expect(uses).toBe(true);
    },
  );
});
