import * as fs from 'fs';
import * as path from 'path';
import { ACCESS_REVIEW_ENV } from '../../constructs/access/functions/access-review';
import {
  ACCESS_REVIEW_THRESHOLDS,
  DEFAULT_POLL_LIMITS,
  DEFAULT_RETRY_LIMITS,
  FINDING_CLAUSES,
  FINDING_TITLES,
  FindingKind,
  REVIEW_ENFORCE_PERMISSIONS,
  REVIEW_READ_PERMISSIONS,
} from '../../lib/access-review';

/** The access review runbook says what the code does: these tests fail when they drift apart. */
const runbook = fs.readFileSync(
  path.join(__dirname, '../../docs/runbooks/access-review.md'),
  'utf8',
);
/** The runbook's prose on one line, so a sentence can be found wherever it wraps. */
const prose = runbook.replace(/\s+/g, ' ');
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('docs/runbooks/access-review.md', () => {
  test('lists every finding with its clauses', () => {
    for (const kind of Object.keys(FINDING_TITLES) as FindingKind[]) {
      const row = new RegExp(
        `^\\| ${literal(FINDING_TITLES[kind])} +\\| \\w+ +\\| ${literal(FINDING_CLAUSES[kind].join(', '))} +\\|`,
        'm',
      );
      expect(runbook).toMatch(row);
    }
  });

  test('names every permission the review needs', () => {
    for (const action of [...REVIEW_READ_PERMISSIONS, ...REVIEW_ENFORCE_PERMISSIONS].flatMap(
      (g) => g.actions,
    )) {
      expect(runbook).toContain(`\`${action}\``);
    }
  });

  test('names every environment variable of the scheduled function', () => {
    for (const name of Object.values(ACCESS_REVIEW_ENV)) expect(runbook).toContain(`\`${name}\``);
  });

  test('states the limits the code uses', () => {
    const days = new Set(Object.values(ACCESS_REVIEW_THRESHOLDS).map((t) => t.days));
    expect([...days]).toEqual([90]);
    expect(prose).toContain(`at most ${DEFAULT_RETRY_LIMITS.maxAttemptsPerCall} attempts per call`);
    expect(prose).toContain(`${DEFAULT_RETRY_LIMITS.retryBudget} retries for the whole run`);
    expect(prose).toContain(
      `grow from ${DEFAULT_POLL_LIMITS.initialIntervalMs / 1000} to ${DEFAULT_POLL_LIMITS.maxIntervalMs / 1000} seconds, for at most ${DEFAULT_POLL_LIMITS.maxWaitMs / 60_000} minutes`,
    );
  });
});
