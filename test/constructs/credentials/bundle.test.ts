import * as path from 'path';
import { build } from 'esbuild';

/**
 * The unit tests skip Lambda bundling (context aws:cdk:bundling-stacks: []). This test
 * bundles both handlers the way NodejsFunction does, with the local esbuild, so that a
 * handler that would not bundle (a missing or Node-only import) fails here, not at deploy.
 */
describe('credential function bundles', () => {
  test.each(['rotation-handler.ts', 'notification-handler.ts'])(
    '%s bundles for Node.js on Lambda',
    async (entry) => {
      const result = await build({
        entryPoints: [path.join(__dirname, '../../../constructs/credentials/functions', entry)],
        bundle: true,
        platform: 'node',
        target: 'node24',
        format: 'cjs',
        minify: true,
        write: false,
        logLevel: 'silent',
        metafile: true,
      });
      expect(result.errors).toEqual([]);
      const [output] = result.outputFiles;
      expect(output.contents.byteLength).toBeLessThan(3_000_000);
      // What the bundle pulls in from the project: the runtime, the credential helpers, no CDK.
      const inputs = Object.keys(result.metafile!.inputs);
      expect(inputs.some((i) => i.includes('node_modules/aws-cdk-lib'))).toBe(false);
      expect(inputs.some((i) => i.includes('node_modules/constructs'))).toBe(false);
      expect(inputs).toContain('lib/runtime/logger.ts');
    },
  );
});
