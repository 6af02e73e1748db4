import * as fs from 'fs';
import * as path from 'path';

/**
 * docs/workloads.md shows the example app and its workload as they are in
 * docs/examples/, which `npm run typecheck` compiles and the construct-library test runs
 * from the packed tarball: a block that drifts from its file fails here.
 */
const ROOT = path.join(__dirname, '../..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/workloads.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const example = (file: string) => fs.readFileSync(path.join(ROOT, 'docs/examples', file), 'utf8');

describe('docs/workloads.md', () => {
  test('shows the example app exactly as docs/examples/workload-app.ts has it, in a dozen lines', () => {
    expect(blocks).toContain(example('workload-app.ts'));
    expect(example('workload-app.ts').trim().split('\n').length).toBeLessThanOrEqual(13);
  });

  test('shows the example workload exactly as docs/examples/labels-stack.ts has it', () => {
    expect(blocks).toContain(example('labels-stack.ts'));
  });

  test('the example is in the project the type-check compiles', () => {
    const tsconfig = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');
    expect(tsconfig).toContain('"docs/examples/**/*.ts"');
  });
});
