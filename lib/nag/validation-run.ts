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
 *
 * A run inside a synthesis also knows where the templates just synthesized are: a
 * resource is then read from its stack's template (parsed once per run) instead of
 * being rendered again, which was most of the pack's time.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, IPolicyValidationContext, Stack, Stage } from 'aws-cdk-lib';

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

/** Where a stack's synthesized template is, by the stack's construct path. */
export type TemplateFiles = ReadonlyMap<string, string>;

/** A synthesized template's resources, by logical id and by construct path. */
export interface SynthesizedResources {
  readonly byLogicalId: Readonly<Record<string, Record<string, unknown>>>;
  /** From each resource's `aws:cdk:path` metadata, when the app writes it (the CLI's default). */
  readonly byPath: ReadonlyMap<string, Record<string, unknown>>;
}

interface Run {
  readonly cache: RunCache;
  readonly templates: TemplateFiles;
  readonly parsed: Map<string, SynthesizedResources>;
}

let current: Run | undefined;

/**
 * Runs `validate` with a fresh cache, dropped when it returns. `templates` are the
 * templates of this synthesis, when the run is part of one (a validation plugin's
 * context names them); they must be the templates of the tree as it is now.
 */
export function duringValidationRun<T>(validate: () => T, templates: TemplateFiles = new Map()): T {
  const outer = current;
  current = { cache: new RunCache(), templates, parsed: new Map() };
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
  return current ? current.cache.get(table, key, compute) : compute();
}

/**
 * The resources of the template synthesized in this run for the stack at
 * `stackPath`, parsed once per run; `undefined` outside a synthesis or for a stack it
 * did not synthesize.
 */
export function synthesizedResources(stackPath: string): SynthesizedResources | undefined {
  const file = current?.templates.get(stackPath);
  if (!current || file === undefined) return undefined;
  let resources = current.parsed.get(stackPath);
  if (!resources) {
    const template = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      Resources?: Record<string, Record<string, unknown>>;
    };
    const byLogicalId = template.Resources ?? {};
    const byPath = new Map<string, Record<string, unknown>>();
    for (const resource of Object.values(byLogicalId)) {
      const path = (resource.Metadata as Record<string, unknown> | undefined)?.['aws:cdk:path'];
      if (typeof path === 'string') byPath.set(path, resource);
    }
    resources = { byLogicalId, byPath };
    current.parsed.set(stackPath, resources);
  }
  return resources;
}

/**
 * What a validation plugin is given when it runs as part of `app`'s synthesis (the way
 * `npm run synth` runs the packs): the app and the templates just written. For what
 * runs the packs as a synthesis would, outside one (the benchmark, tests).
 */
export function synthesisValidationContext(app: App): IPolicyValidationContext {
  const stacks = app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const stackTemplates = stacks.map((stack) => ({
    stackConstructPath: stack.node.path,
    templatePath: path.join(Stage.of(stack)!.outdir, stack.templateFile),
    accountId: stack.account,
    region: stack.region,
  }));
  return {
    appConstruct: app,
    stackTemplates,
    templatePaths: stackTemplates.map((s) => s.templatePath),
  };
}
