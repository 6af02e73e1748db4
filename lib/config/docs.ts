/**
 * `docs/configuration.md`, written from the config's JSON Schema (itself generated
 * from `schema.ts`): every field with its type, default per environment, bounds, the
 * clauses its description cites, and the description. Nothing here is written by hand
 * per field, so the page cannot drift from the validation.
 */
import { CLAUSES } from '../policy/clauses';
import { ENVIRONMENT_NAMES, EnvironmentName } from './environments';

/** The part of JSON Schema (draft-07) that the config's schema uses. */
export interface JsonSchema {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly maxProperties?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
}

/** A field as it appears in one environment (or at the top level). */
interface Field {
  readonly schema: JsonSchema;
  readonly required: boolean;
}

/** One row of a table: the field in each environment (the same schema at the top level). */
type Row = { readonly name: string; readonly variants: Readonly<Record<EnvironmentName, Field>> };

const MAX_LISTED_VALUES = 20;

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown) => `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;

function typeOf(schema: JsonSchema): string {
  if (schema.type === 'array' && schema.items) {
    const item = schema.items;
    return item.type === 'object' && item.properties
      ? `list of \`{ ${Object.keys(item.properties).join(', ')} }\``
      : `list of ${typeOf(item)}`;
  }
  if (schema.type === 'object' && schema.propertyNames) return 'map of string to string';
  if (schema.type === 'object') return `object: ${Object.keys(schema.properties ?? {}).join(', ')}`;
  return schema.type ?? 'any';
}

function defaultOf({ schema, required }: Field): string {
  if (schema.default !== undefined) return code(schema.default);
  return required ? 'required' : '';
}

function boundsOf({ schema }: Field): string {
  const bounds: string[] = [];
  if (schema.enum) {
    const numbers = schema.enum.every((v) => typeof v === 'number');
    bounds.push(
      schema.enum.length > MAX_LISTED_VALUES
        ? `one of ${schema.enum.length} values (see the JSON Schema)`
        : `${numbers ? 'one of ' : ''}${schema.enum.map((v) => (numbers ? String(v) : code(v))).join(', ')}`,
    );
  } else if (schema.minimum !== undefined && schema.maximum !== undefined) {
    bounds.push(`${schema.minimum} to ${schema.maximum}`);
  } else if (schema.minimum !== undefined) {
    bounds.push(`at least ${schema.minimum}`);
  } else if (schema.maximum !== undefined) {
    bounds.push(`at most ${schema.maximum}`);
  }
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    bounds.push(`${schema.minItems ?? 0} to ${schema.maxItems ?? 'any number of'} items`);
  }
  if (schema.maxProperties !== undefined) bounds.push(`at most ${schema.maxProperties} entries`);
  return bounds.join('; ');
}

/** A value that may differ per environment: once if the same, else `test: a; prod: b`. */
function perEnvironment(row: Row, render: (field: Field) => string): string {
  const values = ENVIRONMENT_NAMES.map((name) => render(row.variants[name]));
  if (values.every((v) => v === values[0])) return values[0];
  return ENVIRONMENT_NAMES.map((name, i) => `${name}: ${values[i] || 'none'}`).join('; ');
}

/** The catalogued clauses a field's description cites, in catalogue order. */
function clausesOf(row: Row): string {
  const descriptions = ENVIRONMENT_NAMES.map((name) => row.variants[name].schema.description ?? '');
  const cites = (text: string, id: string) =>
    text.includes(`${id} `) ||
    text.includes(`${id},`) ||
    text.includes(`${id})`) ||
    text.endsWith(id);
  return CLAUSES.filter((c) => descriptions.some((d) => cites(d, c.id)))
    .map((c) => c.id)
    .join(', ');
}

function table(rows: readonly Row[]): string[] {
  return [
    '| field | type | default | bounds | clause | description |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => {
      const schema = row.variants.prod.schema;
      const cells = [
        `\`${row.name}\``,
        typeOf(schema),
        perEnvironment(row, defaultOf),
        perEnvironment(row, boundsOf),
        clausesOf(row),
        schema.description ?? '',
      ];
      return `| ${cells.map(cell).join(' | ')} |`;
    }),
  ];
}

const isSection = (schema: JsonSchema) =>
  schema.type === 'object' && schema.properties !== undefined;

function fieldsOf(schema: JsonSchema): Record<string, Field> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, field]) => [
      name,
      { schema: field, required: (schema.required ?? []).includes(name) },
    ]),
  );
}

/**
 * The rows of an object in each environment, nested objects flattened
 * (`taxArchive.retentionYears`); the object's fields are the same in every environment.
 */
function rowsOf(objects: Readonly<Record<EnvironmentName, JsonSchema>>, prefix = ''): Row[] {
  const fields = Object.fromEntries(
    ENVIRONMENT_NAMES.map((name) => [name, fieldsOf(objects[name])]),
  ) as Record<EnvironmentName, Record<string, Field>>;
  return Object.keys(fields.prod).flatMap((name) => {
    const variants = Object.fromEntries(
      ENVIRONMENT_NAMES.map((env) => [env, fields[env][name]]),
    ) as Record<EnvironmentName, Field>;
    if (isSection(variants.prod.schema)) {
      const nested = Object.fromEntries(
        ENVIRONMENT_NAMES.map((env) => [env, variants[env].schema]),
      ) as Record<EnvironmentName, JsonSchema>;
      return rowsOf(nested, `${prefix}${name}.`);
    }
    return [{ name: `${prefix}${name}`, variants }];
  });
}

/** A top-level field: the same in every environment's column. */
const topLevelRow = (name: string, field: Field): Row => ({
  name,
  variants: Object.fromEntries(ENVIRONMENT_NAMES.map((env) => [env, field])) as Record<
    EnvironmentName,
    Field
  >,
});

const INTRODUCTION = `The file is [\`config/baseline.json\`](../config/baseline.json); set \`BASELINE_CONFIG\` to use another (\`BASELINE_CONFIG=config/acme.json npm run synth\`). It is defined once, by the schema in [\`lib/config/schema.ts\`](../lib/config/schema.ts), where each capability owns its section ([\`lib/config/sections/\`](../lib/config/sections)). The TypeScript types, the validation, the JSON Schema [\`config/baseline.schema.json\`](../config/baseline.schema.json) and this page all come from that schema. The config file names the JSON Schema in \`$schema\`, so editors complete fields and flag wrong values as you type.

The whole file is validated before any construct is built: every error is reported at once, naming the field, the value received and the clause, and an invalid file produces no template and a non-zero exit. Unknown fields are errors, with a suggestion when a field looks like a typo. Rules that join fields (a zone in its region, backups within the PII retention, deny-list against the VPC, test and prod ranges apart) are the validator's: the descriptions below state them, the JSON Schema cannot.`;

const EXAMPLE = [
  '```json',
  '{',
  '  "$schema": "./baseline.schema.json",',
  '  "projectName": "spapi-dpp",',
  '  "environments": {',
  '    "test": { "account": "...", "region": "...", "availabilityZones": [...], "network": { "vpcCidr": "..." } },',
  '    "prod": { ... }',
  '  }',
  '}',
  '```',
];

/** The Markdown of `docs/configuration.md` for the config's JSON Schema. */
export function configurationMarkdown(schema: JsonSchema): string {
  const environments = schema.properties?.environments?.properties ?? {};
  const perEnvironment = Object.fromEntries(
    ENVIRONMENT_NAMES.map((name) => [name, environments[name]]),
  ) as Record<EnvironmentName, JsonSchema>;
  const topLevel = Object.entries(fieldsOf(schema)).map(([name, field]) =>
    topLevelRow(name, field),
  );
  const fields = fieldsOf(perEnvironment.prod);
  const plain = Object.keys(fields).filter((name) => !isSection(fields[name].schema));
  const sections = Object.keys(fields).filter((name) => isSection(fields[name].schema));
  const envRows = rowsOf(perEnvironment).filter((row) => plain.includes(row.name));
  const sectionOf = (name: string) =>
    Object.fromEntries(
      ENVIRONMENT_NAMES.map((env) => [env, perEnvironment[env].properties?.[name] ?? {}]),
    ) as Record<EnvironmentName, JsonSchema>;
  return [
    '# Configuration',
    '',
    '<!-- Generated from lib/config/schema.ts by `npm run config:schema`; edit the schema, not this file. A test fails when it is stale. -->',
    '',
    INTRODUCTION,
    '',
    ...EXAMPLE,
    '',
    '## Top level',
    '',
    ...table(topLevel),
    '',
    '## Per environment',
    '',
    `${ENVIRONMENT_NAMES.map((n) => `\`environments.${n}\``).join(' and ')} have these fields; where a default or bound differs between environments, each is given.`,
    '',
    ...table(envRows),
    ...sections.flatMap((name) => [
      '',
      `### \`${name}\``,
      '',
      perEnvironment.prod.properties?.[name]?.description ?? '',
      '',
      ...table(rowsOf(sectionOf(name))),
    ]),
    '',
  ].join('\n');
}
