/**
 * A small evaluator of IAM policy documents as the templates hold them, for tests that
 * try a request against a policy the way an attacker would ("can a principal of this
 * account assume a role in another account through this endpoint?") instead of
 * checking the policy's shape.
 *
 * It implements the parts of IAM the baseline's policies use: Allow / Deny, Principal
 * `*`, `{ AWS }` (an ARN, an account root, or `*`) and `{ Service }`, Action / NotAction
 * and Resource with `*` and `?` wildcards, and the condition operators listed in
 * `OPERATORS` with their `IfExists` forms and the `ForAllValues:` / `ForAnyValue:` set
 * operators. Values that are CloudFormation intrinsics (`{ Ref }`, `{ "Fn::GetAtt" }`,
 * `{ "Fn::Join" }`) compare equal when their JSON is equal, so a request can name a
 * resource of the template by the same intrinsic. Anything else it does not know makes
 * it throw rather than guess.
 */

export type Value = unknown;

export interface SimulatedRequest {
  /** The calling principal: an ARN (or intrinsic), its account, or a service name. */
  readonly principal: {
    readonly arn?: Value;
    readonly account?: string;
    readonly service?: string;
  };
  readonly action: string;
  /** The resource ARN (or intrinsic) the request acts on; `*` for none. */
  readonly resource: Value;
  /** Request context keys, e.g. `aws:SourceVpce`, `dynamodb:Attributes`. */
  readonly context?: Readonly<Record<string, Value>>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Principal?: Value;
  NotPrincipal?: Value;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: Value;
  NotResource?: Value;
  Condition?: Record<string, Record<string, Value>>;
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A value as text: an `Fn::Join` with an empty delimiter is its parts joined, any other
 * intrinsic is its JSON in guillemets, so `${GetAtt}/*` can match `${GetAtt}/key`.
 */
function asText(value: Value): string {
  if (typeof value === 'string') return value;
  const join = (value as Record<string, Value> | null)?.['Fn::Join'];
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    return (join[1] as Value[]).map(asText).join('');
  }
  return `«${JSON.stringify(value)}»`;
}

function wildcard(patternValue: Value, matched: Value, caseInsensitive = false): boolean {
  const pattern = asText(patternValue);
  const value = asText(matched);
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, caseInsensitive ? 'i' : '').test(value);
}

/** The account an ARN string names, or undefined. */
function accountOf(arn: Value): string | undefined {
  return typeof arn === 'string' ? arn.split(':')[4] : undefined;
}

function principalMatches(element: Value, request: SimulatedRequest): boolean {
  if (element === '*') return true;
  const { AWS, Service, Federated } = element as Record<string, Value>;
  if (Federated !== undefined) return false;
  if (list(Service).some((s) => s === request.principal.service)) return true;
  return list(AWS).some((p) => {
    if (p === '*') return true;
    if (same(p, request.principal.arn)) return true;
    if (typeof p === 'string' && /^arn:[^:]+:iam::\d{12}:root$/.test(p)) {
      return accountOf(p) === request.principal.account && request.principal.service === undefined;
    }
    if (typeof p === 'string' && /^\d{12}$/.test(p)) return p === request.principal.account;
    return false;
  });
}

function contextValue(request: SimulatedRequest, key: string): Value {
  const builtIn: Record<string, Value> = {
    'aws:principalarn': request.principal.arn,
    'aws:principalaccount': request.principal.account,
    'aws:principalisawsservice': request.principal.service !== undefined ? 'true' : 'false',
  };
  const entry = Object.entries(request.context ?? {}).find(
    ([k]) => k.toLowerCase() === key.toLowerCase(),
  );
  return entry ? entry[1] : builtIn[key.toLowerCase()];
}

type Compare = (policyValue: Value, requestValue: Value) => boolean;

const OPERATORS: Record<string, { compare: Compare; negated: boolean }> = {
  StringEquals: { compare: (p, r) => same(p, r), negated: false },
  StringNotEquals: { compare: (p, r) => same(p, r), negated: true },
  StringEqualsIgnoreCase: {
    compare: (p, r) => String(p).toLowerCase() === String(r).toLowerCase(),
    negated: false,
  },
  StringLike: { compare: (p, r) => wildcard(p, r), negated: false },
  StringNotLike: { compare: (p, r) => wildcard(p, r), negated: true },
  ArnEquals: { compare: (p, r) => wildcard(p, r), negated: false },
  ArnLike: { compare: (p, r) => wildcard(p, r), negated: false },
  ArnNotEquals: { compare: (p, r) => wildcard(p, r), negated: true },
  ArnNotLike: { compare: (p, r) => wildcard(p, r), negated: true },
  Bool: { compare: (p, r) => String(p) === String(r), negated: false },
  NumericLessThan: { compare: (p, r) => Number(r) < Number(p), negated: false },
  NumericGreaterThanEquals: { compare: (p, r) => Number(r) >= Number(p), negated: false },
};

/** Whether one `operator: { key: values }` entry of a condition holds for the request. */
function conditionHolds(
  operator: string,
  key: string,
  policyValues: Value,
  request: SimulatedRequest,
): boolean {
  const [setOperator, rest] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const ifExists = rest.endsWith('IfExists');
  const name = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const requestValue = contextValue(request, key);
  if (name === 'Null') {
    const absent = requestValue === undefined;
    return list(policyValues).some((v) => String(v) === String(absent));
  }
  const op = OPERATORS[name];
  if (op === undefined) throw new Error(`iam-simulator: operator ${operator} is not implemented`);
  const values = list(policyValues);
  const matchesOne = (r: Value) => values.some((p) => op.compare(p, r));
  if (setOperator === 'ForAllValues') {
    // True when every request value matches (vacuously true when the key is absent).
    return list(requestValue as Value[]).every((r) =>
      op.negated ? !matchesOne(r) : matchesOne(r),
    );
  }
  if (setOperator === 'ForAnyValue') {
    return list(requestValue as Value[]).some((r) => (op.negated ? !matchesOne(r) : matchesOne(r)));
  }
  if (setOperator !== undefined) throw new Error(`iam-simulator: ${operator} is not implemented`);
  if (requestValue === undefined) return ifExists || op.negated;
  return op.negated ? !matchesOne(requestValue) : matchesOne(requestValue);
}

function statementApplies(s: Statement, request: SimulatedRequest): boolean {
  if (s.Principal !== undefined && !principalMatches(s.Principal, request)) return false;
  if (s.NotPrincipal !== undefined && principalMatches(s.NotPrincipal, request)) return false;
  if (s.Action !== undefined && !list(s.Action).some((a) => wildcard(a, request.action, true))) {
    return false;
  }
  if (
    s.NotAction !== undefined &&
    list(s.NotAction).some((a) => wildcard(a, request.action, true))
  ) {
    return false;
  }
  if (s.Resource !== undefined && !list(s.Resource).some((r) => wildcard(r, request.resource))) {
    return false;
  }
  if (
    s.NotResource !== undefined &&
    list(s.NotResource).some((r) => wildcard(r, request.resource))
  ) {
    return false;
  }
  return Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => conditionHolds(operator, key, values, request)),
  );
}

/** The decision of one policy document (a template's `PolicyDocument` / `KeyPolicy`) on `request`. */
export function decide(document: Value, request: SimulatedRequest): Decision {
  const statements = list((document as { Statement?: Statement | Statement[] }).Statement);
  const applying = statements.filter((s) => statementApplies(s, request));
  if (applying.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

/** Whether no policy of `documents` denies `request` explicitly (what a Deny-only resource policy decides). */
export function notDenied(documents: readonly Value[], request: SimulatedRequest): boolean {
  return documents.every((document) => decide(document, request) !== 'explicit-deny');
}
