/**
 * A small evaluator of resource policies (bucket, key and topic policies) as IAM
 * evaluates them, for tests that try to break a policy the way an attacker or a
 * careless engineer would: an explicit deny wins; otherwise a request is allowed when a
 * statement of the resource policy allows it, or, where the service delegates to IAM
 * (S3, SNS within the account), when the caller's own IAM policies allow it.
 *
 * It reads the template as synthesized: intrinsics are made concrete first with
 * `concrete()`, from the physical values a test gives each logical id.
 *
 * Covered: Principal `*` / AWS / Service, Action and NotAction with wildcards, Resource
 * with wildcards, and the condition operators the baseline uses (String*, Arn*, Bool,
 * Numeric*, Null, IfExists, ForAllValues/ForAnyValue). Not covered: NotPrincipal,
 * NotResource, policy variables.
 */

export interface Physical {
  /** Value of `{ Ref: id }` per logical id. */
  readonly refs?: Readonly<Record<string, string>>;
  /** Value of `{ Fn::GetAtt: [id, attribute] }` per `id.attribute`. */
  readonly attributes?: Readonly<Record<string, string>>;
  readonly account?: string;
  readonly region?: string;
}

/** Replaces every intrinsic in `value` by the concrete string it stands for. */
export function concrete(value: unknown, physical: Physical): unknown {
  if (Array.isArray(value)) return value.map((v) => concrete(v, physical));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if ('Ref' in record) return refValue(String(record.Ref), physical);
  if ('Fn::GetAtt' in record) {
    const [id, attribute] = record['Fn::GetAtt'] as [string, string];
    const found = physical.attributes?.[`${id}.${attribute}`];
    if (found === undefined) throw new Error(`no physical value for ${id}.${attribute}`);
    return found;
  }
  if ('Fn::Join' in record) {
    const [separator, parts] = record['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => String(concrete(p, physical))).join(separator);
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, concrete(v, physical)]));
}

function refValue(id: string, physical: Physical): string {
  const pseudo: Record<string, string | undefined> = {
    'AWS::Partition': 'aws',
    'AWS::AccountId': physical.account,
    'AWS::Region': physical.region,
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const value = id in pseudo ? pseudo[id] : physical.refs?.[id];
  if (value === undefined) throw new Error(`no physical value for Ref ${id}`);
  return value;
}

/** Who makes a request. */
export type Caller =
  | {
      readonly kind: 'aws';
      /** The principal's ARN as IAM sees it: a role ARN (for its sessions), a user ARN, or `arn:aws:iam::<account>:root`. */
      readonly arn: string;
      readonly account: string;
      /** Whether the caller's own IAM policies allow the action (an administrator's do). */
      readonly identityAllows: boolean;
    }
  | { readonly kind: 'service'; readonly service: string };

export interface Request {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** Request context keys other than those derived from the caller. */
  readonly context?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface EvaluationOptions {
  /**
   * Whether the resource's service lets IAM policies of the same account grant access
   * without the resource policy naming the caller (S3 and SNS do; a KMS key whose policy
   * does not delegate to IAM does not).
   */
  readonly iamDelegation: boolean;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
}

interface Statement {
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const list = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const regex = pattern
    .split('*')
    .map((part) =>
      part
        .split('?')
        .map((p) => p.replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('.'),
    )
    .join('.*');
  return new RegExp(`^${regex}$`, caseInsensitive ? 'i' : '').test(value);
}

/**
 * Whether a statement's principal covers the caller. Naming an account (its root)
 * covers the account's principals only as far as their own IAM policies allow: the
 * resource policy delegates to IAM.
 */
function principalMatches(principal: unknown, caller: Caller): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  const p = principal as { AWS?: string | string[]; Service?: string | string[] };
  if (caller.kind === 'service') return list(p.Service).includes(caller.service);
  const accountRoot = `arn:aws:iam::${caller.account}:root`;
  return list(p.AWS).some(
    (arn) =>
      arn === '*' ||
      arn === caller.arn ||
      (arn === accountRoot && (caller.arn === accountRoot || caller.identityAllows)),
  );
}

/** The request context: what the request says plus what IAM derives from the caller. */
function contextOf(request: Request): Record<string, unknown> {
  const derived: Record<string, unknown> =
    request.caller.kind === 'aws'
      ? {
          'aws:PrincipalArn': request.caller.arn,
          'aws:PrincipalAccount': request.caller.account,
          'aws:PrincipalIsAWSService': false,
          'kms:CallerAccount': request.caller.account,
        }
      : { 'aws:PrincipalIsAWSService': true };
  return { 'aws:SecureTransport': true, ...derived, ...(request.context ?? {}) };
}

function lookup(context: Record<string, unknown>, key: string): unknown[] | undefined {
  const entry = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry === undefined ? undefined : list(entry[1] as unknown);
}

function compare(base: string, expected: unknown, actual: unknown): boolean {
  const e = String(expected);
  const a = String(actual);
  switch (base) {
    case 'StringEquals':
    case 'ArnEquals':
      return a === e;
    case 'StringEqualsIgnoreCase':
      return a.toLowerCase() === e.toLowerCase();
    case 'StringLike':
    case 'ArnLike':
      return wildcard(e, a);
    case 'Bool':
      return a.toLowerCase() === e.toLowerCase();
    case 'NumericEquals':
      return Number(a) === Number(e);
    case 'NumericLessThan':
      return Number(a) < Number(e);
    case 'NumericLessThanEquals':
      return Number(a) <= Number(e);
    case 'NumericGreaterThan':
      return Number(a) > Number(e);
    case 'NumericGreaterThanEquals':
      return Number(a) >= Number(e);
    default:
      throw new Error(`condition operator ${base} is not simulated`);
  }
}

const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
  NumericNotEquals: 'NumericEquals',
};

function conditionHolds(
  operator: string,
  key: string,
  expected: unknown,
  context: Record<string, unknown>,
): boolean {
  let op = operator;
  let setOperator: 'ForAllValues' | 'ForAnyValue' | undefined;
  const setMatch = /^(ForAllValues|ForAnyValue):(.*)$/.exec(op);
  if (setMatch) {
    setOperator = setMatch[1] as 'ForAllValues' | 'ForAnyValue';
    op = setMatch[2];
  }
  const ifExists = op.endsWith('IfExists');
  if (ifExists) op = op.slice(0, -'IfExists'.length);
  const actual = lookup(context, key);
  const expectedValues = list(expected);
  if (op === 'Null') {
    const isNull = actual === undefined;
    return String(expectedValues[0]) === String(isNull);
  }
  if (actual === undefined) {
    if (setOperator === 'ForAllValues') return true;
    if (ifExists) return true;
    return op in NEGATED;
  }
  const negated = op in NEGATED;
  const base = negated ? NEGATED[op] : op;
  const matchesOne = (value: unknown) => expectedValues.some((e) => compare(base, e, value));
  if (setOperator === 'ForAllValues') return actual.every((v) => matchesOne(v) !== negated);
  if (setOperator === 'ForAnyValue') return actual.some((v) => matchesOne(v) !== negated);
  const any = actual.some(matchesOne);
  return negated ? !any : any;
}

function statementApplies(statement: Statement, request: Request): boolean {
  if (!principalMatches(statement.Principal, request.caller)) return false;
  const actionMatches = (patterns: string[]) =>
    patterns.some((p) => wildcard(p, request.action, true));
  if (statement.Action !== undefined && !actionMatches(list(statement.Action))) return false;
  if (statement.NotAction !== undefined && actionMatches(list(statement.NotAction))) return false;
  if (!list(statement.Resource).some((r) => wildcard(r, request.resource))) return false;
  const context = contextOf(request);
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) =>
      conditionHolds(operator, key, expected, context),
    ),
  );
}

/** The decision for `request` against a concrete policy document. */
export function evaluate(
  policyDocument: { Statement: unknown },
  request: Request,
  options: EvaluationOptions,
): Decision {
  const statements = list(policyDocument.Statement) as Statement[];
  const applicable = statements.filter((s) => statementApplies(s, request));
  if (applicable.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  if (applicable.some((s) => s.Effect === 'Allow')) return 'allow';
  const caller = request.caller;
  const sameAccountIam =
    options.iamDelegation &&
    caller.kind === 'aws' &&
    caller.account === options.resourceAccount &&
    caller.identityAllows;
  return sameAccountIam ? 'allow' : 'implicit-deny';
}
