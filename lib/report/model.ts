/**
 * The compliance report's model: one definition, in zod, from which come the
 * TypeScript types the report is built with and the JSON Schema that documents
 * `compliance-report.json` (docs/compliance-report.schema.json, written by
 * `npm run report:schema`; a test fails when it is stale and validates a real
 * report against it). Every view (JSON, Markdown, HTML, SARIF, the terminal summary,
 * the record of processing) is rendered from one value of this type.
 *
 * Versioning: `schemaVersion` (`COMPLIANCE_REPORT_SCHEMA_VERSION`) follows semver. A
 * field added is a minor version; a field removed, renamed or given another meaning is
 * a major one. The synth imports this module's types only (`import type`), so that the
 * schema is built only where it is needed.
 */
import { z } from 'zod';
import { CLAUSE_KINDS_IN_ORDER, COMPLIANCE_REPORT_SCHEMA_VERSION, STATUSES } from './statuses';

export { COMPLIANCE_REPORT_SCHEMA_VERSION } from './statuses';

const text = (description: string) => z.string().describe(description);
const texts = (description: string) => z.array(z.string()).describe(description);
const count = (description: string) => z.number().int().min(0).describe(description);
const object = <T extends z.ZodRawShape>(shape: T, description: string) =>
  z.strictObject(shape).describe(description);

export const statusSchema = z
  .enum(STATUSES)
  .describe(
    'How a clause stands in an environment: met, violated, acknowledged, monitored, organizational, gap, or not-applicable (to infrastructure).',
  );

export const locationSchema = object(
  {
    file: text('Source file, relative to the project root.'),
    line: z.number().int().min(1).describe('Line, from 1.'),
    column: z.number().int().min(1).optional().describe('Column, from 1.'),
  },
  'Where in the source a resource was created or an acknowledgement was made, read from the stack traces CDK records.',
);

const basisSchema = z
  .union([
    object({ clause: text('The clause id the decision rests on, e.g. DPP 1.3.') }, 'A clause.'),
    object(
      { engineering: text('The engineering constraint, e.g. aws-cdk-lib FlowLog.') },
      'An engineering reason.',
    ),
  ])
  .describe('What an acknowledgement rests on.');

const controlSchema = object(
  {
    clauses: texts('Clause ids the resource declares it implements.'),
    summary: text('What the resource does for them.'),
  },
  'A control a resource declares with declareControl() (template metadata spapi-dpp:controls).',
);

const resourceSchema = object(
  {
    path: text('Construct path, e.g. Prod/Baseline/Keys/Pii/Resource.'),
    stack: text('Construct path of the stack.'),
    logicalId: text('Logical id in the template.'),
    type: text('CloudFormation type.'),
    controls: z.array(controlSchema).describe('Controls the resource declares.'),
    location: locationSchema.optional(),
  },
  'A resource of the environment.',
);

const findingSchema = object(
  {
    id: text('Id of the finding in this report, e.g. Prod-F3.'),
    pack: text('The plugin or pack that reported it (DPP, AwsSolutions, NIST.800.53.R5, ...).'),
    ruleId: text('The rule, without a per-detail suffix.'),
    findingId: text('The finding as the pack reports it, with its detail if any.'),
    severity: z.enum(['fatal', 'error', 'warning', 'info']).describe('Severity.'),
    message: text('What the pack says is wrong.'),
    resource: text('Construct path of the resource.'),
    clauses: texts('Clauses the finding is placed under.'),
    placedBy: z
      .enum(['rule', 'table', 'basis', 'none'])
      .describe(
        "How the finding was placed under a clause: the DPP rule's own clauses, the table of cdk-nag rules (lib/nag/cdk-nag-clauses.ts), the basis of its acknowledgement, or not at all (unmapped).",
      ),
    state: z
      .enum(['open', 'acknowledged'])
      .describe('Open: in the validation report. Acknowledged: hidden by an acknowledgement.'),
    acknowledgement: text('Id of the acknowledgement that hid it.').optional(),
    fix: text('How to fix it.'),
    location: locationSchema.optional(),
  },
  'A finding of a pack on one resource.',
);

const acknowledgementSchema = object(
  {
    id: text('Id of the acknowledgement in this report, e.g. Prod-A2.'),
    ruleId: text('The finding id it acknowledges (exact, with detail if any).'),
    scope: text('Construct path it was made on; it covers that construct and everything below.'),
    reason: text('The reason as recorded, prefixed with its basis.'),
    basis: basisSchema.optional(),
    justified: z
      .boolean()
      .describe('Whether the reason starts with a basis ([DPP x.y Title] or [Engineering: ...]).'),
    findings: texts('Ids of the findings it hid.'),
    location: locationSchema.optional(),
  },
  'A decision to accept a finding, made with acknowledge().',
);

const ruleCheckSchema = object(
  {
    rule: text('Rule id.'),
    resources: texts('Construct paths of the resources it passed on.'),
  },
  'A rule that checks the clause and passed.',
);

const clauseResultSchema = object(
  {
    clause: text('Clause id.'),
    status: statusSchema,
    summary: text('Why the clause has this status here, in one sentence.'),
    implementedBy: texts('Resources that declare a control for the clause (not monitors).'),
    monitors: texts('Alarms, functions and detectors that declare the clause.'),
    checks: z.array(ruleCheckSchema).describe('Rules that check the clause and passed.'),
    rulesNeverApplied: texts(
      'Rules that check the clause but applied to no resource here (evidence of nothing).',
    ),
    findings: texts('Ids of open findings placed under the clause.'),
    acknowledgedFindings: texts('Ids of acknowledged findings of rules that check the clause.'),
    restingOnIt: texts(
      "Ids of acknowledgements of other rules' findings that cite this clause as their basis.",
    ),
    runbooks: texts('Runbooks (files) that carry the clause.'),
  },
  'One clause in one environment.',
);

const stackSchema = object(
  {
    path: text('Construct path of the stack.'),
    stackName: text('CloudFormation stack name.'),
    account: text('Account id.'),
    region: text('Region.'),
    templateFile: text('Template file, relative to the cloud assembly.'),
  },
  'A stack of the environment.',
);

const fieldSchema = object(
  {
    name: text('Attribute or document name.'),
    description: text('What it holds.'),
    collectedFrom: text('Where it comes from.'),
    purposes: texts('Purposes it is kept for.'),
  },
  'A PII field a store declares.',
);

const accessSchema = object(
  {
    principal: text('Construct path of a role, user or group, else what the policy names.'),
    kind: text('Kind of principal.'),
    account: text('Account it belongs to.').optional(),
    assumedBy: texts('Who may assume it (roles).').optional(),
    can: z.array(z.enum(['read', 'write', 'delete', 'list'])).describe('What it may do.'),
    readsFields: texts('Declared fields it can read.'),
    decrypts: z.boolean().optional().describe("Whether it may decrypt with the store's key."),
    through: texts('Policies that grant it.'),
  },
  "One principal's access to one store.",
);

const storeSchema = object(
  {
    store: text('Construct path of the store.'),
    stack: text('Stack path.'),
    logicalId: text('Logical id.'),
    resourceType: text('CloudFormation type.'),
    declared: z.boolean().describe('Whether the store declares what it holds.'),
    storeType: text('Kind of store.'),
    dataset: text('What the store is for.'),
    fields: z.array(fieldSchema).describe('Fields it holds.'),
    retention: text('How long data is kept.'),
    disposal: text('How data is disposed of.'),
    sharedWith: texts('Parties outside the company it is shared with.'),
    access: z.array(accessSchema).describe('Everyone who can read, write, delete or list it.'),
    readers: texts('Principals that can read.'),
    writers: texts('Principals that can write.'),
    deleters: texts('Principals that can delete.'),
    listers: texts('Principals that can list keys.'),
    outsideTheAccount: texts('Principals of other accounts with access.'),
    accessAnalysed: z.boolean().describe('Whether access to this type of store is analysed.'),
  },
  "A PII store's entry in the record of processing.",
);

const recordSchema = object(
  {
    stores: z.array(storeSchema).describe('Every store tagged DataClassification=pii.'),
    notInTemplates: texts('What the templates do not show, to review where it is defined.'),
  },
  'The record of processing activities (DPP 2.2), derived from the templates.',
);

const environmentSchema = object(
  {
    id: text('The environment: the top-level stage of its stacks (e.g. Test, Prod).'),
    stacks: z.array(stackSchema).describe('Its stacks.'),
    counts: z
      .record(statusSchema, count('Clauses with the status.'))
      .describe('Clauses per status.'),
    clauses: z.array(clauseResultSchema).describe('Every clause of the catalogue, in its order.'),
    findings: z.array(findingSchema).describe('Every finding, open and acknowledged.'),
    unmapped: texts('Ids of findings that no clause takes: the unmapped section.'),
    acknowledgements: z.array(acknowledgementSchema).describe('Every acknowledgement made.'),
    resources: z.array(resourceSchema).describe('Every resource of its templates.'),
    recordOfProcessing: recordSchema,
  },
  'The report of one environment.',
);

const catalogueClauseSchema = object(
  {
    id: text('Citation id, e.g. DPP 2.6.'),
    policy: z.enum(['DPP', 'AUP', 'DUP']).describe('The policy.'),
    title: text('Short title.'),
    policyVersion: text('The version of the policy text.'),
    kind: z.enum(CLAUSE_KINDS_IN_ORDER).describe('How the clause is met.'),
    rationale: text('Why it has this kind.'),
    capability: text('The roadmap capability that owns it.'),
    requirement: text("The requirement in the policy's words."),
    organizationalNote: text('What remains for people.').optional(),
    code: texts('Code of the project that implements it (module#Export or file).'),
    rules: texts('Rules that check it: DPP rules and mapped cdk-nag rules.'),
  },
  'A clause of the catalogue (lib/policy/clauses.ts).',
);

const ruleSchema = object(
  {
    id: text('Rule id.'),
    pack: text('Pack or plugin.'),
    clauses: texts('Clauses it checks.'),
    placedBy: z
      .enum(['rule', 'table', 'none'])
      .describe('Where its clauses come from: the DPP rule, the cdk-nag table, or none.'),
    summary: text('What a finding of it means.'),
    help: text('Why the rule exists, and what a clause requires of it.'),
    source: text('Source file of a DPP rule.').optional(),
  },
  'A rule that checks clauses or reported a finding.',
);

const runbookSchema = object(
  {
    file: text('The runbook, relative to the project root.'),
    title: text('Its first heading.'),
    clauses: texts('Clauses it carries (its Clauses: line).'),
  },
  'A runbook that carries organizational clauses.',
);

export const complianceReportSchema = object(
  {
    schemaVersion: z.literal(COMPLIANCE_REPORT_SCHEMA_VERSION).describe('Version of this model.'),
    gate: object(
      {
        passed: z.boolean().describe('Whether the synth gate passes.'),
        errors: count('Open findings of severity error or fatal.'),
        warnings: count('Open findings of lower severity.'),
        acknowledgementsRecorded: count(
          "Acknowledgement entries in the templates' cdk_nag metadata.",
        ),
        unjustified: texts('Acknowledgements recorded without a reason and basis.'),
        missingPacks: texts(
          'Packs the gate requires that recorded no results: nothing of theirs was checked, and the gate fails.',
        ),
      },
      "The gate's decision on the whole app.",
    ),
    statuses: z
      .array(object({ status: statusSchema, meaning: text('What it means.') }, 'A status.'))
      .describe('The statuses and what each means.'),
    clauses: z.array(catalogueClauseSchema).describe('The clause catalogue.'),
    rules: z.array(ruleSchema).describe('The rules.'),
    runbooks: z.array(runbookSchema).describe('The runbooks of docs/runbooks.'),
    environments: z.array(environmentSchema).describe('One report per environment.'),
    notes: texts('What the report could not read or check, for a reviewer to look at.'),
  },
  'Compliance report of spapi-dpp-baseline: every clause of the DPP, AUP and DUP, per environment.',
).meta({
  $id: 'https://spapi-dpp-baseline/compliance-report.schema.json',
  title: 'spapi-dpp-baseline compliance report',
});

export type ComplianceReport = z.infer<typeof complianceReportSchema>;
export type EnvironmentReport = ComplianceReport['environments'][number];
export type ClauseResult = EnvironmentReport['clauses'][number];
export type ReportFinding = EnvironmentReport['findings'][number];
export type ReportAcknowledgement = EnvironmentReport['acknowledgements'][number];
export type ReportResource = EnvironmentReport['resources'][number];
export type ReportRule = ComplianceReport['rules'][number];
export type CatalogueClause = ComplianceReport['clauses'][number];
export type SourceLocation = z.infer<typeof locationSchema>;
export type ReportRecordOfProcessing = EnvironmentReport['recordOfProcessing'];

/** Where the JSON Schema is kept, relative to the project root (`npm run report:schema`). */
export const COMPLIANCE_REPORT_SCHEMA_FILE = 'docs/compliance-report.schema.json';

/** The JSON Schema of the model (draft-07, which ajv and editors read without options). */
export function complianceReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(complianceReportSchema, {
    target: 'draft-07',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      // Zod bounds every integer by the safe range; it says nothing about a count.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  }) as Record<string, unknown>;
}

/** The schema file's content, as `npm run report:schema` writes it. */
export function complianceReportSchemaText(): string {
  return `${JSON.stringify(complianceReportJsonSchema(), undefined, 2)}\n`;
}
