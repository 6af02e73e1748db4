import { IConstruct } from 'constructs';
import { createBaselineApp } from '../../lib/app';
import { checkPacks } from '../../lib/checks';
import { loadConfig } from '../../lib/config/load';
import * as acknowledgeModule from '../../lib/nag/acknowledge';
import { allPackViolations, projectContext } from '../helpers';

/** The rule-id prefixes of the packs whose findings `allPackViolations` reports. */
const PACK_PREFIXES = checkPacks().map((pack) => `${pack.readPackName}-`);

describe("the baseline's acknowledgements", () => {
  // Build the app with acknowledge() recording instead of acknowledging, so that the
  // packs report every finding the acknowledgements would hide.
  const made: { path: string; ruleId: string }[] = [];
  const spy = jest
    .spyOn(acknowledgeModule, 'acknowledge')
    .mockImplementation((scope: IConstruct, ...acks: acknowledgeModule.Acknowledgement[]) => {
      for (const ack of acks) made.push({ path: scope.node.path, ruleId: ack.ruleId });
    });
  const { app } = createBaselineApp({
    config: loadConfig().config,
    context: {
      ...projectContext(),
      'aws:cdk:bundling-stacks': [],
      // Every finding is reported here, acknowledgements being recorded instead of made.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  spy.mockRestore();
  // The permissions boundary is applied by an aspect at synthesis: synthesize first.
  app.synth();
  const violations = allPackViolations(app);

  test('are made', () => {
    expect(made.length).toBeGreaterThan(10);
  });

  test('each hide a finding the packs really report, on or below the acknowledged construct', () => {
    const stale = made
      .filter(({ ruleId }) => PACK_PREFIXES.some((prefix) => ruleId.startsWith(prefix)))
      .filter(
        ({ path, ruleId }) =>
          !violations.some(
            (v) =>
              v.ruleId === ruleId && v.paths.some((p) => p === path || p.startsWith(`${path}/`)),
          ),
      );
    expect(stale).toEqual([]);
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
