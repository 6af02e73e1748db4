import { createBaselineApp } from '../../lib/app';
import { loadConfig } from '../../lib/config/load';
import {
  acknowledgementsUnder,
  allPackViolationsIgnoringAcknowledgements,
  projectContext,
  staleAcknowledgements,
} from '../helpers';

describe("the baseline's acknowledgements", () => {
  // The packs run once, below, as if nothing were acknowledged; not at synth too.
  const { app } = createBaselineApp({
    config: loadConfig().config,
    checks: false,
    context: projectContext(),
  });
  // The permissions boundary is applied by an aspect at synthesis: synthesize first.
  app.synth();
  const made = acknowledgementsUnder(app);
  const violations = allPackViolationsIgnoringAcknowledgements(app);

  test('are made', () => {
    expect(made.length).toBeGreaterThan(10);
  });

  test('each hide a finding the packs really report, on or below the acknowledged construct', () => {
    expect(staleAcknowledgements(made, violations)).toEqual([]);
  });

  test('leave nothing else unacknowledged', () => {
    const covered = (ruleId: string, path: string) =>
      made.some((a) => a.ruleId === ruleId && (path === a.path || path.startsWith(`${a.path}/`)));
    const uncovered = violations.flatMap((v) =>
      v.paths.filter((p) => !covered(v.ruleId, p)).map((p) => `${v.ruleId} at ${p}`),
    );
    expect(uncovered.sort()).toEqual([]);
  });
});
