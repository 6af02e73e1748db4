/**
 * What one validation run of the DPP pack computes once and reads many times: each
 * resource's rendered properties and logical id, and each stack's resources indexed by
 * type and by what they refer to. A rule that spans resources (a bucket and its
 * policies) would otherwise render every candidate for every target, and the pack
 * would grow with the square of the resources.
 *
 * The cache lives only while `duringValidationRun` runs: the construct tree does not
 * change while a pack walks it, but it may between runs (a test adds a resource and
 * validates again). Outside a run nothing is cached, so a rule called on its own
 * always sees the tree as it is.
 */

/** One run's memo: a table per kind of value, keyed by the construct it belongs to. */
class RunCache {
  private readonly tables = new Map<string, WeakMap<object, unknown>>();

  public get<V>(table: string, key: object, compute: () => V): V {
    let entries = this.tables.get(table);
    if (!entries) {
      entries = new WeakMap();
      this.tables.set(table, entries);
    }
    if (entries.has(key)) return entries.get(key) as V;
    const value = compute();
    entries.set(key, value);
    return value;
  }
}

let current: RunCache | undefined;

/** Runs `validate` with a fresh cache, dropped when it returns. */
export function duringValidationRun<T>(validate: () => T): T {
  const outer = current;
  current = new RunCache();
  try {
    return validate();
  } finally {
    current = outer;
  }
}

/**
 * The value of `compute` for `key` in `table`, computed once per validation run;
 * outside a run, computed on every call.
 */
export function memoized<V>(table: string, key: object, compute: () => V): V {
  return current ? current.get(table, key, compute) : compute();
}
