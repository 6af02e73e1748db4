import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly, CloudFormationStackArtifact } from 'aws-cdk-lib/cx-api';
import { RULE_RESULTS_FILE, RuleResultsFile } from '../nag/rule-results';

/**
 * Reading a synthesized cloud assembly, nested stage assemblies included: its stacks'
 * templates, the validation plugins' findings (with the stack traces of the code that
 * created each resource), the acknowledgements as made (construct, reason, the code
 * that made them) and as the templates record them, and what the packs recorded of
 * their results (`rule-results.json`). Everything the reports say comes from here,
 * never from the construct tree, so a report shows what will be deployed and can be
 * rebuilt from an existing `cdk.out`.
 */

/** A resource as a template holds it. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface TemplateJson {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
}

/** One stack of the assembly. */
export interface AssemblyStack {
  /** Path of the stack in the construct tree, e.g. `Prod/Baseline`. */
  readonly path: string;
  /**
   * The environment it belongs to: the top-level stage holding it (`Prod`), or `App`
   * for a stack outside any stage.
   */
  readonly environment: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** The template file, relative to the root of the assembly. */
  readonly templateFile: string;
  readonly template: TemplateJson;
  /** Construct path of each resource by logical id, e.g. `Prod/Baseline/Data/PiiTable/Resource`. */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** The stack trace of the code that created each construct of the stack, by construct path. */
  readonly creationTraces: ReadonlyMap<string, readonly string[]>;
  /** The acknowledgements made on constructs of the stack. */
  readonly acknowledgementsMade: readonly AcknowledgementMade[];
}

/** An acknowledgement as made on a construct (`Validations.of(scope).acknowledge`). */
export interface AcknowledgementMade {
  /** Construct path it was made on. */
  readonly scope: string;
  /** The finding id it acknowledges. */
  readonly ruleId: string;
  readonly reason: string;
  /** The stack trace of the code that made it. */
  readonly trace: readonly string[];
}

/** A construct a finding names, and the stack traces of the code that created or changed it. */
export interface ViolatingConstruct {
  readonly path: string;
  readonly stackTraces: readonly string[];
}

/** A finding of a validation plugin, as `validation-report.json` records it. */
export interface Finding {
  readonly plugin: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPaths: readonly string[];
  readonly constructs: readonly ViolatingConstruct[];
  /** The plugin's suggested fix, if it gives one. */
  readonly suggestedFix?: string;
}

/**
 * A finding that CDK itself suppressed because an acknowledgement named it with the
 * plugin's prefix (`CloudFormation-Validate::F3002`); the packs' own acknowledged
 * findings never reach the validation report and are in the packs' rule results.
 */
export interface SuppressedFinding extends Finding {
  /** The acknowledgement's id as made, e.g. `CloudFormation-Validate::F3002`. */
  readonly acknowledgedId: string;
  readonly acknowledgedAt: string;
  readonly reason: string;
}

/** An acknowledgement as a template records it (`cdk_nag` metadata of a resource). */
export interface RecordedAcknowledgement {
  readonly template: string;
  readonly logicalId: string;
  readonly ruleId: string;
  readonly reason: string;
}

export interface Assembly {
  readonly directory: string;
  readonly stacks: readonly AssemblyStack[];
  readonly findings: readonly Finding[];
  readonly suppressedFindings: readonly SuppressedFinding[];
  /** Acknowledgements as the templates record them (`cdk_nag` metadata), per resource. */
  readonly acknowledgements: readonly RecordedAcknowledgement[];
  /** What the packs recorded of their results; `undefined` when no pack recorded any. */
  readonly ruleResults?: RuleResultsFile;
}

interface ViolationJson {
  ruleName: string;
  description?: string;
  severity?: string;
  suggestedFix?: string;
  violatingConstructs?: { constructPath?: string; stackTraces?: string[] }[];
  acknowledgedId?: string;
  acknowledgedAt?: string;
  reason?: string;
}

interface ReportJson {
  pluginReports?: {
    pluginName: string;
    violations?: ViolationJson[];
    suppressedViolations?: ViolationJson[];
  }[];
}

/** File the validation plugins' findings are written to, at the root of the assembly. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';

const CREATION_STACK_METADATA = 'aws:cdk:creationStack';
const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';

function finding(plugin: string, v: ViolationJson): Finding {
  const constructs = (v.violatingConstructs ?? []).map((c) => ({
    path: c.constructPath || '(unknown construct)',
    stackTraces: c.stackTraces ?? [],
  }));
  return {
    plugin,
    ruleId: v.ruleName,
    severity: v.severity ?? 'error',
    description: v.description ?? '',
    constructPaths: constructs.map((c) => c.path),
    constructs,
    ...(v.suggestedFix ? { suggestedFix: v.suggestedFix } : {}),
  };
}

function readValidationReport(directory: string): ReportJson {
  const file = path.join(directory, VALIDATION_REPORT_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson) : {};
}

function readFindings(report: ReportJson): Finding[] {
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((v) => finding(plugin.pluginName, v)),
  );
}

function readSuppressedFindings(report: ReportJson): SuppressedFinding[] {
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.suppressedViolations ?? []).map((v) => ({
      ...finding(plugin.pluginName, v),
      acknowledgedId: (v.acknowledgedId ?? v.ruleName).replace(/^annotation::/i, ''),
      acknowledgedAt: v.acknowledgedAt ?? '',
      reason: v.reason ?? '',
    })),
  );
}

function readRuleResults(directory: string): RuleResultsFile | undefined {
  const file = path.join(directory, RULE_RESULTS_FILE);
  return fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RuleResultsFile)
    : undefined;
}

function readAcknowledgements(stack: AssemblyStack): RecordedAcknowledgement[] {
  return Object.entries(stack.template.Resources ?? {}).flatMap(([logicalId, resource]) => {
    const nag = resource.Metadata?.cdk_nag as
      { rules_to_suppress?: { id?: string; reason?: string }[] } | undefined;
    return (nag?.rules_to_suppress ?? []).map((rule) => ({
      template: stack.templateFile,
      logicalId,
      ruleId: rule.id ?? '',
      reason: rule.reason ?? '',
    }));
  });
}

const withoutSlash = (p: string) => p.replace(/^\//, '');

/** The acknowledgements made on constructs of a stack, from its metadata. */
function acknowledgementsMade(artifact: CloudFormationStackArtifact): AcknowledgementMade[] {
  return artifact.findMetadataByType(ACKNOWLEDGED_RULES_METADATA).flatMap((entry) =>
    Object.entries((entry.data ?? {}) as Record<string, string>).map(([id, reason]) => ({
      scope: withoutSlash(entry.path),
      ruleId: id.replace(/^annotation::/i, ''),
      reason: String(reason),
      trace: entry.trace ?? [],
    })),
  );
}

/** The environment of a stack: its top-level stage, or `App` outside any stage. */
function environmentOf(root: CloudAssembly, artifact: CloudFormationStackArtifact): string {
  return artifact.assembly === root ? 'App' : artifact.hierarchicalId.split('/')[0];
}

/** Every stack of `assembly` and of the stage assemblies nested in it. */
function readStacks(assembly: CloudAssembly): AssemblyStack[] {
  return assembly.stacksRecursively.map((artifact) => {
    const constructPaths = new Map<string, string>();
    for (const entry of artifact.findMetadataByType(LOGICAL_ID_METADATA)) {
      constructPaths.set(String(entry.data), withoutSlash(entry.path));
    }
    const creationTraces = new Map<string, readonly string[]>();
    for (const entry of artifact.findMetadataByType(CREATION_STACK_METADATA)) {
      creationTraces.set(withoutSlash(entry.path), (entry.data as string[]) ?? []);
    }
    return {
      path: artifact.hierarchicalId,
      environment: environmentOf(assembly, artifact),
      stackName: artifact.stackName,
      account: artifact.environment.account,
      region: artifact.environment.region,
      templateFile: path.relative(assembly.directory, artifact.templateFullPath),
      template: artifact.template as TemplateJson,
      constructPaths,
      creationTraces,
      acknowledgementsMade: acknowledgementsMade(artifact),
    };
  });
}

/** Reads the assembly synthesized into `source` (a directory, or the result of `app.synth()`). */
export function readAssembly(source: string | CloudAssembly): Assembly {
  const assembly = typeof source === 'string' ? new CloudAssembly(source) : source;
  const stacks = readStacks(assembly);
  const report = readValidationReport(assembly.directory);
  const ruleResults = readRuleResults(assembly.directory);
  return {
    directory: assembly.directory,
    stacks,
    findings: readFindings(report),
    suppressedFindings: readSuppressedFindings(report),
    acknowledgements: stacks.flatMap(readAcknowledgements),
    ...(ruleResults ? { ruleResults } : {}),
  };
}
