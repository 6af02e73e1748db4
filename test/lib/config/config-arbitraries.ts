/**
 * fast-check arbitraries for the config, derived from its JSON Schema
 * (`configJsonSchema()`), so that a new field is fuzzed without editing the tests:
 * every field of the schema (`configSlots`), invalid values for each from its type and
 * bounds (`invalidValue`), and whole valid configs (`validConfig`). What the JSON Schema
 * cannot say (cross-field rules, problems only the validator checks) is written once
 * here, in `VALID_OVERRIDES` and `consistent`.
 */
import fc from 'fast-check';
import { configJsonSchema } from '../../../lib/config/json-schema';
import { fieldPath } from '../../../lib/config/issues';
import { DPP_MAX_PII_RETENTION_DAYS, maxPiiPitrRecoveryDays } from '../../../lib/policy/bounds';

export interface SchemaNode {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly propertyNames?: SchemaNode;
  readonly items?: SchemaNode;
  readonly oneOf?: readonly SchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  readonly not?: SchemaNode;
}

export type Path = readonly (string | number)[];

/** Where a field sits and what it is: one per property, array item and union variant. */
export interface Slot {
  readonly path: Path;
  readonly node: SchemaNode;
  /** Whether its object requires it. */
  readonly required: boolean;
  /** For each union on the way, the variant taken: key is the union's path. */
  readonly variants: ReadonlyMap<string, number>;
}

export const CONFIG_SCHEMA = configJsonSchema() as SchemaNode;

/** `a.b[0].c`, as errors name fields. */
export const dotted = (path: Path) => fieldPath(path);

function walk(
  node: SchemaNode,
  path: Path,
  required: boolean,
  variants: ReadonlyMap<string, number>,
  out: Slot[],
) {
  if (node.oneOf) {
    node.oneOf.forEach((variant, i) =>
      walk(variant, path, required, new Map([...variants, [dotted(path), i]]), out),
    );
    return;
  }
  if (path.length > 0) out.push({ path, node, required, variants });
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    walk(child, [...path, key], node.required?.includes(key) ?? false, variants, out);
  }
  // An item is never missing: a list is as long as it is.
  if (node.items) walk(node.items, [...path, 0], false, variants, out);
}

/** Every field of the config, down to the items of lists and each variant of a union. */
export function configSlots(): Slot[] {
  const out: Slot[] = [];
  walk(CONFIG_SCHEMA, [], true, new Map(), out);
  return out;
}

// ---------------------------------------------------------------------------
// Valid values

const SAFE_TEXT_CHARS = fc.constantFrom(
  ...'abcXYZ019 _-.:/=+@',
  'é',
  'ß',
  'Ω',
  'ж',
  'ש', // right-to-left letters: text, not a control
  'ع',
  '日',
  '本',
  '١',
  '😀',
  '\u200d', // zero-width joiner: part of emoji and some scripts
);

/** Free text as a person might write it, in any script. */
const freeText = (minLength = 1) =>
  fc
    .array(SAFE_TEXT_CHARS, { minLength, maxLength: 24 })
    .map((chars) => chars.join(''))
    .filter((text) => text.trim().length >= minLength);

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
const host = fc
  .tuple(label, fc.constantFrom('example.com', 'contoso.net', 'fabrikam.org'), fc.boolean())
  .map(([sub, domain, wholeDomain]) => (wholeDomain ? `.${sub}.${domain}` : `${sub}.${domain}`));

/** Tag keys: letters of any script, not reserved, not an AWS prefix. */
const tagKey = fc
  .tuple(fc.constantFrom('Team', 'Cost Centre', 'Équipe', 'owner:id', 'チーム', 'k'), label)
  .map(([a, b]) => `${a}${b}`);
const tagValue = fc
  .array(fc.constantFrom(...'abc XYZ 019_.:/=+-@', 'é', 'ש', '日', '١'), { maxLength: 30 })
  .map((c) => c.join(''));

const privateSsh = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 16, max: 28 }))
  .map(([third, prefix]) => {
    const size = 2 ** (32 - prefix);
    return `192.168.${prefix >= 24 ? third : third & ~((size >> 8) - 1) & 255}.0/${prefix}`;
  });

/**
 * Principals of the environment's own account (`consistent` gives test and prod these),
 * so that a principal placed in any config is within reach without an organization.
 */
function trustedAccountOverrides(environment: string, account: string) {
  const principal = `environments.${environment}.access.roles.*.principals.*`;
  return {
    [`${principal}.account`]: fc.constant(account),
    [`${principal}.principalArns.*`]: fc
      .tuple(fc.constantFrom('role', 'user', 'role/ops'), fc.stringMatching(/^[\w+=,.@-]{1,20}$/))
      .map(([kind, name]) => `arn:aws:iam::${account}:${kind}/${name}`),
  };
}

/** Values only the validator constrains, by dotted path with `*` for any key or index. */
const VALID_OVERRIDES: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  $schema: fc.constant('./baseline.schema.json'),
  'environments.*.tags': fc.dictionary(tagKey, tagValue, { maxKeys: 4 }),
  // /16 to /22 without host bits; `consistent` gives each environment its own range.
  'environments.*.network.vpcCidr': fc.integer({ min: 16, max: 22 }).map((p) => `10.0.0.0/${p}`),
  'environments.*.network.egressAllowList.*.host': host,
  'environments.*.network.dnsFirewall.additionalDomains.*.host': host,
  // Public, outside every reserved range, one per entry.
  'environments.*.network.deniedCidrs': fc
    .uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 3 })
    .map((octets) => octets.map((o) => ({ cidr: `${o * 10 + 1}.0.0.0/8`, reason: 'abuse seen' }))),
  'environments.*.network.deniedCidrs.*.cidr': fc
    .integer({ min: 1, max: 9 })
    .map((o) => `${o * 10 + 1}.0.0.0/8`),
  'environments.*.network.adminSshCidrs.*.cidr': privateSsh,
  'environments.*.access.roles.*.principals.*.subjects.*': freeText().filter(
    (s) => !/^[*?]*$/.test(s),
  ),
  ...trustedAccountOverrides('test', '111111111111'),
  ...trustedAccountOverrides('prod', '222222222222'),
  'environments.*.workloads.orderSync.sellingPartnerIds.*':
    fc.stringMatching(/^A[A-Z0-9._-]{5,20}$/),
};

function override(path: Path): fc.Arbitrary<unknown> | undefined {
  const at = path.map((k) => String(k));
  const match = Object.keys(VALID_OVERRIDES).find((pattern) => {
    const parts = pattern.split('.');
    return parts.length === at.length && parts.every((p, i) => p === '*' || p === at[i]);
  });
  return match === undefined ? undefined : VALID_OVERRIDES[match];
}

/** The override patterns that no field of the schema matches any more: they have rotted. */
export function unusedOverrides(): string[] {
  const used = new Set(
    configSlots().flatMap((slot) => {
      const at = slot.path.map((k) => (typeof k === 'number' ? '*' : k));
      return Object.keys(VALID_OVERRIDES).filter((pattern) => {
        const parts = pattern.split('.');
        return parts.length === at.length && parts.every((p, i) => p === '*' || p === at[i]);
      });
    }),
  );
  return Object.keys(VALID_OVERRIDES).filter((p) => !used.has(p));
}

/** A pattern of the JSON Schema as a RegExp: `u` for the \p{..} classes of tags. */
export const patternOf = (node: SchemaNode) =>
  node.pattern === undefined ? undefined : new RegExp(node.pattern, 'u');

/** A valid value of `node` at `path`, as far as the JSON Schema and the overrides say. */
export function validValue(node: SchemaNode, path: Path = []): fc.Arbitrary<unknown> {
  const given = override(path);
  if (given) return given;
  if (node.oneOf) return fc.oneof(...node.oneOf.map((variant) => validValue(variant, path)));
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum) return fc.constantFrom(...node.enum);
  switch (node.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: node.minimum ?? -1000, max: node.maximum ?? 100000 });
    case 'string': {
      const pattern = patternOf(node);
      return pattern ? fc.stringMatching(new RegExp(node.pattern as string)) : freeText();
    }
    case 'array': {
      const min = node.minItems ?? 0;
      return fc.uniqueArray(validValue(node.items ?? {}, [...path, 0]), {
        minLength: min,
        maxLength: Math.min(node.maxItems ?? Infinity, min + 2),
        selector: (v) => JSON.stringify(v),
      });
    }
    case 'object': {
      const properties = node.properties ?? {};
      const arbitraries = Object.fromEntries(
        Object.entries(properties).map(([key, child]) => [key, validValue(child, [...path, key])]),
      );
      return fc.record(arbitraries, { requiredKeys: [...(node.required ?? [])] });
    }
    default:
      throw new Error(`${dotted(path)}: no valid value for schema ${JSON.stringify(node)}`);
  }
}

type Env = Record<string, any>;

const LETTERS = 'abcdef';

/**
 * Makes a generated config meet the rules that cross fields, which the JSON Schema
 * cannot carry: zones of the environment's region, test and prod in separate address
 * ranges and accounts, the sandbox only with its hosts, backups inside the PII
 * retention, one owner of each account-level control (GuardDuty on where owned),
 * principals within reach.
 */
export function consistent(config: Record<string, any>): Record<string, any> {
  const envs = config.environments as Record<string, Env>;
  Object.values(envs).forEach((env, i) => {
    env.availabilityZones = env.availabilityZones.map(
      (_: string, z: number) => `${env.region}${LETTERS[z]}`,
    );
    env.account = String(111111111111 * (i + 1));
    env.network.vpcCidr = env.network.vpcCidr.replace(/^\d+\.\d+\./, `10.${20 + i * 10}.`);
    if (env.credentials?.useSandbox) env.network.allowSandboxHosts = true;
    // Backups count as retention: keep them inside it, lengthening a retention too short for any.
    env.data ??= {};
    const retention = Math.max(env.data.piiRetentionDays ?? DPP_MAX_PII_RETENTION_DAYS, 4);
    if (env.data.piiRetentionDays !== undefined) env.data.piiRetentionDays = retention;
    const longest = maxPiiPitrRecoveryDays(retention);
    env.data.pitrRecoveryPeriodDays = Math.min(env.data.pitrRecoveryPeriodDays ?? 7, longest);
    // Principals of another account only with an organization; ARNs of the trusted account.
    for (const role of Object.values<any>(env.access?.roles ?? {})) {
      for (const p of role.principals ?? []) {
        if (p.account !== undefined && env.organizationId === undefined) p.account = env.account;
        p.principalArns = p.principalArns?.map((arn: string) =>
          arn.replace(/:iam::\d{12}:/, `:iam::${p.account ?? env.account}:`),
        );
        if (p.principalArns === undefined) delete p.principalArns;
      }
    }
    for (const owned of [env.access?.passwordPolicy, env.audit?.threatDetection]) {
      if (owned?.ownership === 'another-environment') owned.ownership = 'this-environment';
    }
    // The environment that owns the detector keeps it on.
    const detection = env.audit?.threatDetection;
    if (detection && (detection.ownership ?? 'this-environment') === 'this-environment') {
      if (detection.guardDuty !== undefined) detection.guardDuty = true;
    }
  });
  return config;
}

/** A whole valid config: every field present or absent, in range, both environments. */
export const validConfig: fc.Arbitrary<Record<string, any>> = (
  validValue(CONFIG_SCHEMA) as fc.Arbitrary<Record<string, any>>
)
  .filter((c) => c.environments !== undefined)
  .map((c) => consistent(structuredClone(c)));

// ---------------------------------------------------------------------------
// Invalid values

/** An invalid value for a field; `absent` when the invalid thing is leaving it out. */
export interface Invalid {
  readonly value?: unknown;
  readonly absent?: true;
  /** What kind of invalid: for messages and coverage. */
  readonly kind: string;
  /** For an unknown key: the key, added with `value` to the field's (valid) object. */
  readonly key?: string;
}

/** Characters that no text field may hold: control, lone surrogate, bidirectional control. */
export const NEVER_TEXT = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u2066',
  '\u200f',
];
/** Characters a pattern should refuse where it asks for ASCII names. */
const UNUSUAL_TEXT = ['\u200b', '\ufeff', 'ש', 'é', '😀', '\u00a0', '\u2028', 'İ', 'ﬁ', '\uff21'];

const NON_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(...NON_FINITE, null, -0, 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

function hasType(node: SchemaNode, value: unknown): boolean {
  switch (node.type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

/** A string the node refuses: outside its enum, not its pattern, or with a character no text may hold. */
function invalidString(node: SchemaNode, path: Path): fc.Arbitrary<Invalid> {
  const pattern = patternOf(node);
  const allowed = node.enum ?? (node.const !== undefined ? [node.const] : undefined);
  const refused = (s: string) =>
    (allowed !== undefined && !allowed.includes(s)) || (pattern !== undefined && !pattern.test(s));
  const valid = validValue(node, path).filter((v): v is string => typeof v === 'string');
  const spliced = (chars: readonly string[]) =>
    fc
      .tuple(valid, fc.constantFrom(...chars), fc.nat())
      .map(([v, c, at]) => `${v.slice(0, at % (v.length + 1))}${c}${v.slice(at % (v.length + 1))}`);
  const options: fc.Arbitrary<Invalid>[] = [
    // Every text field refuses these, free text included.
    spliced(NEVER_TEXT).map((value) => ({ value, kind: 'never-text character' })),
  ];
  if (allowed !== undefined || pattern !== undefined) {
    options.push(
      fc
        .string({ unit: 'binary', maxLength: 30 })
        .filter(refused)
        .map((value) => ({ value, kind: 'off-pattern string' })),
      spliced(UNUSUAL_TEXT)
        .filter(refused)
        .map((value) => ({ value, kind: 'unicode in a pattern field' })),
      valid
        .map((v) => fc.constantFrom(v.toUpperCase(), ` ${v}`, `${v} `, `${v}${v}`, ''))
        .chain((a) => a)
        .filter(refused)
        .map((value) => ({ value, kind: 'near miss' })),
    );
  }
  return fc.oneof(...options);
}

function invalidInteger(node: SchemaNode): fc.Arbitrary<Invalid> {
  const options: fc.Arbitrary<Invalid>[] = [
    fc.constantFrom(...NON_FINITE).map((value) => ({ value, kind: 'non-finite number' })),
    fc
      .double({ min: node.minimum ?? -1e6, max: node.maximum ?? 1e6, noNaN: true })
      .filter((v) => !Number.isInteger(v))
      .map((value) => ({ value, kind: 'fraction' })),
    fc.constantFrom(1e21, -1e21, 2 ** 53 + 2).map((value) => ({ value, kind: 'huge number' })),
  ];
  if (node.minimum !== undefined) {
    options.push(
      fc
        .integer({ min: -1e9, max: node.minimum - 1 })
        .map((value) => ({ value, kind: 'below minimum' })),
    );
  }
  if (node.maximum !== undefined) {
    options.push(
      fc
        .integer({ min: node.maximum + 1, max: 1e9 })
        .map((value) => ({ value, kind: 'above maximum' })),
    );
  }
  const accepted = node.enum;
  if (accepted) {
    options.push(
      fc
        .integer({ min: node.minimum ?? 0, max: Math.max(...(accepted as number[])) })
        .filter((v) => !accepted.includes(v))
        .map((value) => ({ value, kind: 'not an accepted value' })),
    );
  }
  return fc.oneof(...options);
}

function invalidArray(slot: Slot): fc.Arbitrary<Invalid> {
  const { node, path } = slot;
  const item = validValue(node.items ?? {}, [...path, 0]);
  const options: fc.Arbitrary<Invalid>[] = [];
  if (node.maxItems !== undefined) {
    const length = node.maxItems + 1;
    options.push(
      // A few valid items repeated: generating hundreds would cost more than checking them.
      fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => ({
        value: Array.from({ length }, (_, i) => items[i % items.length]),
        kind: 'too many items',
      })),
    );
  }
  if (node.minItems) {
    options.push(
      fc
        .array(item, { maxLength: node.minItems - 1 })
        .map((value) => ({ value, kind: 'too few items' })),
    );
  }
  return fc.oneof(...options, ...(options.length === 0 ? [wrongType(node)] : []));
}

/** An unknown key: a typo, another field's name, unicode, or a key that reads like a path. */
const unknownKey = (node: SchemaNode) =>
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom(
        'Region',
        'logRetention',
        'a.b',
        'x[0]',
        'ke\u202ey',
        'ke\u200by',
        '\u0000',
        ' ',
      ),
    )
    .filter((k) => !(k in (node.properties ?? {})) && k !== '__proto__');

function invalidObject(node: SchemaNode): fc.Arbitrary<Invalid> {
  if (node.additionalProperties !== false) {
    // A record (tags): too many entries.
    const max = node.maxProperties ?? 1000;
    return fc.uniqueArray(tagKey, { minLength: max + 1, maxLength: max + 2 }).map((keys) => ({
      value: Object.fromEntries(keys.map((k) => [k, 'v'])),
      kind: 'too many keys',
    }));
  }
  return unknownKey(node).map((key) => ({ value: 1, kind: 'unknown key', key }));
}

function wrongType(node: SchemaNode): fc.Arbitrary<Invalid> {
  return anyJson.filter((v) => !hasType(node, v)).map((value) => ({ value, kind: 'wrong type' }));
}

/** Invalid values of a field, from its schema: wrong types, bounds, patterns, unicode, absence. */
export function invalidValue(slot: Slot): fc.Arbitrary<Invalid> {
  const { node, path } = slot;
  const options: fc.Arbitrary<Invalid>[] = [wrongType(node)];
  if (slot.required) options.push(fc.constant({ absent: true, kind: 'missing' } as Invalid));
  if (node.type === 'string') options.push(invalidString(node, path));
  if (node.type === 'integer') options.push(invalidInteger(node));
  if (node.type === 'array') options.push(invalidArray(slot));
  if (node.type === 'object') options.push(invalidObject(node));
  if (node.type === 'boolean' && node.enum) {
    options.push(
      fc
        .constantFrom(true, false)
        .filter((b) => !node.enum?.includes(b))
        .map((value) => ({ value, kind: 'not allowed here' })),
    );
  }
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------
// Placing a value in a config

const examples = new Map<SchemaNode, unknown>();

/** A fixed valid example of a node (the same each call, so failures reproduce). */
function example(node: SchemaNode, path: Path): unknown {
  if (!examples.has(node)) {
    examples.set(node, fc.sample(validValue(node, path), { numRuns: 1, seed: 42 })[0]);
  }
  return structuredClone(examples.get(node));
}

/** The schema node of the union variant a slot takes at `path`, or the node itself. */
function variantOf(node: SchemaNode, path: Path, slot: Slot): SchemaNode {
  const i = slot.variants.get(dotted(path));
  return i === undefined || !node.oneOf ? node : node.oneOf[i];
}

/** Whether `current` can stay on the way to a slot: present, and of the slot's union variant. */
function fits(current: unknown, node: SchemaNode, path: Path, slot: Slot): boolean {
  if (current === undefined || current === null || typeof current !== 'object') return false;
  if (!slot.variants.has(dotted(path))) return true;
  return (current as { kind?: unknown }).kind === node.properties?.kind?.const;
}

/**
 * `config` with `invalid` at the slot's path: the objects and list items on the way are
 * created, valid (in the slot's variant of each union), where the config lacks them.
 */
export function placed(
  config: Record<string, any>,
  slot: Slot,
  invalid: Invalid,
): Record<string, any> {
  const copy = structuredClone(config);
  let parent: any = copy;
  let node: SchemaNode = CONFIG_SCHEMA;
  for (let depth = 0; depth < slot.path.length - 1; depth++) {
    const key = slot.path[depth];
    const at = slot.path.slice(0, depth + 1);
    const child = (typeof key === 'number' ? node.items : node.properties?.[key]) as SchemaNode;
    const childNode = variantOf(child, at, slot);
    if (!fits(parent[key], childNode, at, slot)) parent[key] = example(childNode, at);
    parent = parent[key];
    node = childNode;
  }
  const last = slot.path[slot.path.length - 1];
  if (invalid.absent) delete parent[last];
  else if (invalid.key !== undefined) {
    if (!fits(parent[last], slot.node, slot.path, slot)) {
      parent[last] = example(slot.node, slot.path);
    }
    parent[last][invalid.key] = invalid.value;
  } else parent[last] = invalid.value;
  return copy;
}

/** The list fields of one environment (the other has the same lists) and one role, each once. */
export function listSlots(environment: string): Slot[] {
  const seen = new Set<string>();
  return configSlots().filter((slot) => {
    const key = dotted(slot.path).replace(/\.roles\.\w+\./, '.roles.*.');
    if (slot.node.type !== 'array' || slot.path[1] !== environment || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A fixed valid item of a list (the same each call). */
export const exampleItem = (slot: Slot) => example(slot.node.items ?? {}, [...slot.path, 0]);
