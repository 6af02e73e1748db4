/**
 * An evaluator of EventBridge event patterns, for tests that send the findings of
 * GuardDuty, Macie and Inspector to the routing rules and check which ones reach the
 * security topic. It reads the pattern as written to the template.
 *
 * Covered: literal values (any of a list), `prefix`, `anything-but` (a value or a
 * list), `numeric` with one or two comparisons, `exists`, nested objects, and event
 * fields that are arrays (a field matches when any element does).
 */

type Pattern = Record<string, unknown>;

function matchesValue(condition: unknown, value: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return condition === value;
  const c = condition as Record<string, unknown>;
  if ('prefix' in c) return typeof value === 'string' && value.startsWith(String(c.prefix));
  if ('anything-but' in c) {
    const excluded = [c['anything-but']].flat();
    return value !== undefined && !excluded.includes(value);
  }
  if ('numeric' in c) {
    const ops = c.numeric as (string | number)[];
    if (typeof value !== 'number') return false;
    for (let i = 0; i < ops.length; i += 2) {
      const [op, bound] = [ops[i], Number(ops[i + 1])];
      const ok =
        op === '>='
          ? value >= bound
          : op === '>'
            ? value > bound
            : op === '<='
              ? value <= bound
              : op === '<'
                ? value < bound
                : value === bound;
      if (!ok) return false;
    }
    return true;
  }
  if ('exists' in c) return (value !== undefined) === c.exists;
  throw new Error(`event pattern condition ${JSON.stringify(condition)} is not simulated`);
}

function matchesField(conditions: unknown, value: unknown): boolean {
  if (Array.isArray(conditions)) {
    const values = Array.isArray(value) ? value : [value];
    return conditions.some((condition) => {
      if (condition !== null && typeof condition === 'object' && 'exists' in condition) {
        return matchesValue(condition, value);
      }
      return values.some((v) => matchesValue(condition, v));
    });
  }
  if (conditions !== null && typeof conditions === 'object') {
    const nested = Array.isArray(value) ? value : [value];
    return nested.some((v) => matchesPattern(conditions as Pattern, v));
  }
  throw new Error(`event pattern field ${JSON.stringify(conditions)} is not simulated`);
}

/** Whether `event` matches the pattern `pattern` (as in the template: `detail-type`, not `detailType`). */
export function matchesPattern(pattern: Pattern, event: unknown): boolean {
  if (event === null || typeof event !== 'object') return false;
  return Object.entries(pattern).every(([key, conditions]) =>
    matchesField(conditions, (event as Record<string, unknown>)[key]),
  );
}
