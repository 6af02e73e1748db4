import * as fs from 'fs';
import * as path from 'path';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';

/**
 * Reading a synthesized cloud assembly, nested stage assemblies included: its stacks'
 * templates, the validation plugins' findings and the acknowledgements the templates
 * record. Everything the reports say comes from here, never from the construct tree,
 * so a report shows what will be deployed.
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
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** The template file, relative to the root of the assembly. */
  readonly templateFile: string;
  readonly template: TemplateJson;
  /** Construct path of each resource by logical id, e.g. `Prod/Baseline/Data/PiiTable/Resource`. */
  readonly constructPaths: ReadonlyMap<string, string>;
}

/** A finding of a validation plugin, as `validation-report.json` records it. */
export interface Finding {
  readonly plugin: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPaths: readonly string[];
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
  readonly acknowledgements: readonly RecordedAcknowledgement[];
}

interface ReportJson {
  pluginReports?: {
    pluginName: string;
    violations?: {
      ruleName: string;
      description?: string;
      severity?: string;
      violatingConstructs?: { constructPath?: string }[];
    }[];
  }[];
}

/** File the validation plugins' findings are written to, at the root of the assembly. */
export const VALIDATION_REPORT_FILE = 'validation-report.json';

const LOGICAL_ID_METADATA = 'aws:cdk:logicalId';

function readFindings(directory: string): Finding[] {
  const file = path.join(directory, VALIDATION_REPORT_FILE);
  if (!fs.existsSync(file)) return [];
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as ReportJson;
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).map((v) => ({
      plugin: plugin.pluginName,
      ruleId: v.ruleName,
      severity: v.severity ?? 'error',
      description: v.description ?? '',
      constructPaths: (v.violatingConstructs ?? []).map(
        (c) => c.constructPath ?? '(unknown construct)',
      ),
    })),
  );
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

/** Every stack of `assembly` and of the stage assemblies nested in it. */
function readStacks(assembly: CloudAssembly): AssemblyStack[] {
  return assembly.stacksRecursively.map((artifact) => {
    const constructPaths = new Map<string, string>();
    for (const entry of artifact.findMetadataByType(LOGICAL_ID_METADATA)) {
      constructPaths.set(String(entry.data), entry.path.replace(/^\//, ''));
    }
    return {
      path: artifact.hierarchicalId,
      stackName: artifact.stackName,
      account: artifact.environment.account,
      region: artifact.environment.region,
      templateFile: path.relative(assembly.directory, artifact.templateFullPath),
      template: artifact.template as TemplateJson,
      constructPaths,
    };
  });
}

/** Reads the assembly synthesized into `source` (a directory, or the result of `app.synth()`). */
export function readAssembly(source: string | CloudAssembly): Assembly {
  const assembly = typeof source === 'string' ? new CloudAssembly(source) : source;
  const stacks = readStacks(assembly);
  return {
    directory: assembly.directory,
    stacks,
    findings: readFindings(assembly.directory),
    acknowledgements: stacks.flatMap(readAcknowledgements),
  };
}
