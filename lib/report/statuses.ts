/**
 * The statuses a clause has in an environment, the resource types that count as
 * monitoring, and the version of the report's model. How each status is decided is in
 * `clause-status.ts`. (These values live apart from `model.ts`, whose zod schema only
 * the schema script and the tests load: the synth imports the model's types alone.)
 */

/**
 * The version of the compliance report's model, semver: a field added is a minor
 * version; a field removed, renamed or given another meaning is a major one.
 */
export const COMPLIANCE_REPORT_SCHEMA_VERSION = '1.0.0';

/** In the order reports list them: what needs attention first. */
export const STATUSES = [
  'violated',
  'gap',
  'acknowledged',
  'met',
  'monitored',
  'organizational',
  'not-applicable',
] as const;

export type Status = (typeof STATUSES)[number];

/** What each status means, for the reports' legends. */
export const STATUS_MEANINGS: Readonly<Record<Status, string>> = {
  violated:
    'A rule that checks the clause found a resource that breaks it, and nobody acknowledged the finding: the resources, the rule and how to fix it are listed.',
  gap: 'Nothing covers the clause here yet: no resource implements or passes a check for it, no alarm or function monitors it, no runbook carries it. Listed so it is never silently absent.',
  acknowledged:
    'A rule that checks the clause found something, and every such finding was accepted with acknowledge(): the reason, the basis and the resources are listed.',
  met: 'Every rule that checks the clause passed on every resource it applies to, and at least one resource implements or was checked for it: the resources are named.',
  monitored:
    'Alarms, functions or detectors deployed here watch the clause at run time: they are named.',
  organizational:
    'People meet the clause by following a runbook, which is named; a reviewer needs evidence from them (tickets, signed reports).',
  'not-applicable':
    "The clause governs the business or the application's features, not infrastructure; no template can show it.",
};

/** The clause kinds of the catalogue, in the order the reports list them. */
export const CLAUSE_KINDS_IN_ORDER = [
  'enforced',
  'monitored',
  'organizational',
  'not-applicable',
] as const;

/**
 * The CloudFormation types that watch at run time: a resource of one of these types
 * that declares a clause (`declareControl`) makes the clause `monitored`.
 */
export const MONITOR_RESOURCE_TYPES: readonly string[] = [
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::CompositeAlarm',
  'AWS::CloudWatch::AnomalyDetector',
  'AWS::Lambda::Function',
  'AWS::GuardDuty::Detector',
  'AWS::Macie::Session',
  'AWS::Config::ConfigRule',
  'AWS::SecurityHub::Hub',
];

/** Whether a resource of `type` is a monitor. */
export function isMonitorType(type: string): boolean {
  return MONITOR_RESOURCE_TYPES.includes(type);
}
