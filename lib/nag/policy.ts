import { iamPatternMatches } from '../policy/iam';
import { UnresolvedValueError, isIntrinsic } from './rule';

/**
 * IAM policy documents as rules read them (key policies, bucket policies, endpoint
 * policies): statements normalized so that a single value and a list read alike.
 * Input is a resolved template value (see `cfnProperty`).
 */

export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** The `Principal` element as written; `undefined` for identity policies. */
  readonly principal?: unknown;
  /**
   * The `NotPrincipal` element as written. An Allow with `NotPrincipal` admits
   * everyone but the principals named: treat it as any principal.
   */
  readonly notPrincipal?: unknown;
  readonly actions: readonly string[];
  /** Whether the statement uses `NotAction` (it then applies to everything but `actions`). */
  readonly notAction: boolean;
  readonly resources: readonly unknown[];
  /**
   * The `NotResource` element as a list: the statement then applies to every resource
   * but these (and `resources` is empty).
   */
  readonly notResources: readonly unknown[];
  /** `{ operator: { key: value } }`, empty when the statement has no condition. */
  readonly condition: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}

/**
 * The statements of a policy document (an object, or JSON text as some properties
 * take it); an absent document has none. Throws `UnresolvedValueError` when the
 * document or a statement is an intrinsic: a rule cannot judge what it cannot read.
 */
export function statementsOf(document: unknown): Statement[] {
  const parsed: unknown = typeof document === 'string' ? JSON.parse(document) : document;
  if (parsed === undefined || parsed === null) return [];
  const raw = asList((parsed as { Statement?: unknown }).Statement) as Record<string, unknown>[];
  if (isIntrinsic(parsed) || raw.some(isIntrinsic)) {
    throw new UnresolvedValueError(
      `policy document ${JSON.stringify(parsed)} is not known at synth`,
    );
  }
  return raw.map((s) => ({
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    principal: s.Principal,
    notPrincipal: s.NotPrincipal,
    actions: asList((s.Action ?? s.NotAction) as string | string[]).map(String),
    notAction: s.Action === undefined && s.NotAction !== undefined,
    resources: asList(s.Resource as unknown),
    notResources: asList(s.NotResource as unknown),
    condition: (s.Condition ?? {}) as Statement['condition'],
  }));
}

/**
 * Whether a `Principal` element admits anyone: `"*"` or `{ "AWS": "*" }`. For a whole
 * statement, see `admitsAnyPrincipal`.
 */
export function isAnyPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return asList((principal as { AWS?: unknown }).AWS).includes('*');
}

/** Whether a statement applies to anyone: any principal, or everyone but a `NotPrincipal` list. */
export function admitsAnyPrincipal(statement: Statement): boolean {
  return isAnyPrincipal(statement.principal) || statement.notPrincipal !== undefined;
}

/** Whether the statement carries at least one condition. */
export function hasCondition(statement: Statement): boolean {
  return Object.values(statement.condition).some((keys) => Object.keys(keys ?? {}).length > 0);
}

/**
 * Whether the statement's actions cover `action` (`s3:GetObject` is covered by
 * `s3:GetObject`, `s3:Get*`, `s3:*` and `*`; case does not matter, as in IAM).
 * `action` is a concrete action name: for a `NotAction` statement, a wildcard query
 * such as `s3:*` would not say whether every action it stands for is covered.
 */
export function coversAction(statement: Statement, action: string): boolean {
  const matches = statement.actions.some((pattern) => iamPatternMatches(pattern, action));
  return statement.notAction ? !matches : matches;
}

/**
 * The value a statement's condition sets for `key` under any of `operators`
 * (e.g. `Bool` / `aws:SecureTransport`), as a list; empty when absent.
 */
export function conditionValues(
  statement: Statement,
  operators: readonly string[],
  key: string,
): unknown[] {
  return operators.flatMap((operator) => {
    const keys = statement.condition[operator] ?? {};
    const entry = Object.entries(keys).find(([k]) => k.toLowerCase() === key.toLowerCase());
    return entry ? asList(entry[1]) : [];
  });
}

/**
 * Whether a condition operator narrows who or what a statement matches. Negated
 * operators (`StringNotEquals`) match everything else, `...IfExists` and
 * `ForAllValues:` also match when the key is absent, and `Null` only tests presence.
 */
export function isNarrowingOperator(operator: string): boolean {
  const op = operator.toLowerCase();
  return (
    op !== 'null' &&
    !op.includes('not') &&
    !op.endsWith('ifexists') &&
    !op.startsWith('forallvalues:')
  );
}

/**
 * Whether the statement's condition pins one of `keys` to values other than a bare
 * wildcard, under an operator that narrows (see `isNarrowingOperator`).
 */
export function pinsConditionKey(statement: Statement, keys: readonly string[]): boolean {
  const operators = Object.keys(statement.condition).filter(isNarrowingOperator);
  return keys.some((key) =>
    conditionValues(statement, operators, key).some((value) => value !== '*'),
  );
}

/** One `operator: { key: values }` entry of a statement's condition. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly unknown[];
}

/** Every entry of the statement's condition, values as a list. */
export function conditionEntries(statement: Statement): ConditionEntry[] {
  return Object.entries(statement.condition).flatMap(([operator, keys]) =>
    Object.entries(keys ?? {}).map(([key, value]) => ({
      operator,
      key,
      values: asList(value as unknown),
    })),
  );
}

/**
 * Whether a value names exactly one IAM role or user: a literal ARN without wildcards,
 * or a reference to a resource of a stack (an intrinsic with no wildcard text in it).
 */
export function namesOnePrincipal(value: unknown): boolean {
  if (typeof value === 'string') {
    return /^arn:[^:*?]+:iam::\d{12}:(role|user)\/[^*?]+$/.test(value);
  }
  return isIntrinsic(value) && !/[*?]/.test(JSON.stringify(value));
}

const PRINCIPAL_EXEMPTION_OPERATORS = [
  'arnnotequals',
  'arnnotlike',
  'stringnotequals',
  'stringnotlike',
];

/**
 * Whether a condition entry of a Deny exempts only named principals from it
 * (`ArnNotEquals aws:PrincipalArn` with roles or users, no wildcard, no account).
 */
export function exemptsNamedPrincipalsOnly(entry: ConditionEntry): boolean {
  return (
    PRINCIPAL_EXEMPTION_OPERATORS.includes(entry.operator.toLowerCase()) &&
    entry.key.toLowerCase() === 'aws:principalarn' &&
    entry.values.length > 0 &&
    entry.values.every(namesOnePrincipal)
  );
}

/**
 * Whether `statement` is a Deny for everyone (any principal, no `NotPrincipal`) on every
 * resource it is written for, whose condition entries are each either one that
 * `defines` accepts (what the deny is about) or an exemption of named principals.
 */
export function deniesEveryoneBut(
  statement: Statement,
  defines: (entry: ConditionEntry) => boolean,
): boolean {
  return (
    statement.effect === 'Deny' &&
    isAnyPrincipal(statement.principal) &&
    statement.notPrincipal === undefined &&
    conditionEntries(statement).every(
      (entry) => defines(entry) || exemptsNamedPrincipalsOnly(entry),
    )
  );
}
