/**
 * The expensive properties of config fuzzing (issue 14): generated valid configs always
 * synthesize, with no finding of the DPP pack, and an invalid config never reaches a
 * template through the app's own entry (bin/app.ts). Few runs, a fixed seed (printed on
 * failure; rerun with FUZZ_SEED=<seed>).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { validateConfig } from '../../../lib/config/validate';
import { DppChecks } from '../../../lib/nag/dpp-pack';
import { violationsOf } from '../../helpers';
import { configSlots, invalidValue, placed, validConfig } from './config-arbitraries';
import { baselineTestApp } from '../../baseline-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

describe('config fuzzing: synthesis', () => {
  test('a generated valid config synthesizes both environments with no DPP finding', () => {
    fc.assert(
      // No shrinking: each step would be a synth of seconds; the failure prints the config.
      fc.property(fc.noShrink(validConfig), (raw) => {
        const { config } = validateConfig(raw);
        const { app, stages } = baselineTestApp(config);
        for (const stage of Object.values(stages)) {
          try {
            expect(stage.synth().stacks.length).toBeGreaterThan(0);
          } catch (e) {
            throw new Error(`${JSON.stringify(raw)}\ndoes not synthesize: ${(e as Error).message}`);
          }
        }
        const findings = violationsOf(new DppChecks(), app).flatMap((v) =>
          v.paths.map((p) => `${v.ruleId} at ${p}`),
        );
        if (findings.length > 0) {
          throw new Error(`${JSON.stringify(raw)}\nfound:\n${findings.join('\n')}`);
        }
      }),
      { numRuns: 3, seed: SEED },
    );
  });

  test('an invalid config never yields a template: the app exits 1 before any stack exists', () => {
    const slots = configSlots();
    const invalid = fc
      .constantFrom(...slots)
      .chain((slot) => invalidValue(slot).map((value) => ({ slot, value })));
    const shipped = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../../config/baseline.json'), 'utf8'),
    );
    const env = { ...process.env };
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      fc.assert(
        fc.property(invalid, ({ slot, value }) => {
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-fuzz-'));
          const file = path.join(dir, 'baseline.json');
          fs.writeFileSync(file, JSON.stringify(placed(shipped, slot, value)));
          process.env.BASELINE_CONFIG = file;
          process.env.CDK_OUTDIR = path.join(dir, 'cdk.out');
          process.exitCode = undefined;
          jest.isolateModules(() => {
            // The app's own entry, run afresh as `cdk synth` runs it: a module import cannot.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require('../../../bin/app');
          });
          expect(process.exitCode).toBe(1);
          expect(fs.existsSync(process.env.CDK_OUTDIR)).toBe(false);
          expect(errors).toHaveBeenLastCalledWith(
            expect.stringMatching(/no template was synthesized/),
          );
          fs.rmSync(dir, { recursive: true });
        }),
        { numRuns: 4, seed: SEED },
      );
    } finally {
      process.env = env;
      process.exitCode = undefined;
      errors.mockRestore();
    }
  });
});
