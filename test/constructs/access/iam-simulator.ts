/**
 * A small IAM policy evaluator over a synthesized template, for tests that try what a
 * role can do as an attacker would: an explicit Deny in any policy wins, then an Allow
 * is needed in an identity policy and in the permissions boundary, else the request is
 * implicitly denied. Resource policies are not evaluated (these tests ask what the
 * role's own policies allow), and AWS managed policies, whose text the template does
 * not hold, are assumed to allow everything: the worst case for a Deny to beat.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny';

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Request context keys, e.g. `{ 'aws:RequestedRegion': 'eu-west-1' }`. */
  readonly context?: Record<string, string | readonly string[]>;
}

type Json = any;

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: Json;
  NotResource?: Json;
  Condition?: Record<string, Record<string, Json>>;
}

const list = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, ignoreCase ? 'i' : '').test(value);
}

export class IamSimulator {
  private readonly resources: Record<string, Json>;

  constructor(template: Json) {
    this.resources = template.Resources;
  }

  /** A template value as a string: references become the ARNs or names they stand for. */
  public text(value: Json): string {
    if (typeof value === 'string') return value;
    if (value?.Ref !== undefined) return this.ref(value.Ref);
    if (value?.['Fn::GetAtt']) {
      const [id, attribute] = value['Fn::GetAtt'];
      if (attribute !== 'Arn') throw new Error(`cannot resolve ${id}.${attribute}`);
      return this.arn(id);
    }
    if (value?.['Fn::Join']) {
      const [delimiter, parts] = value['Fn::Join'];
      return parts.map((p: Json) => this.text(p)).join(delimiter);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }

  private ref(id: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::AccountId': ACCOUNT,
      'AWS::Region': REGION,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    if (pseudo[id]) return pseudo[id];
    const resource = this.resources[id];
    if (!resource) throw new Error(`no resource ${id}`);
    if (resource.Type === 'AWS::IAM::ManagedPolicy') return this.arn(id);
    if (resource.Type === 'AWS::IAM::Role') return resource.Properties.RoleName ?? id;
    return id.toLowerCase();
  }

  /** The ARN of a resource of the template, built as AWS would from its name. */
  public arn(id: string): string {
    const resource = this.resources[id];
    const name = this.ref(id);
    switch (resource.Type) {
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${ACCOUNT}:role/${name}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:aws:iam::${ACCOUNT}:policy/${resource.Properties.ManagedPolicyName ?? id}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:*`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
      default:
        throw new Error(`no ARN format for ${resource.Type}`);
    }
  }

  /** The logical id of the role named `roleName`. */
  public roleId(roleName: string): string {
    const found = Object.entries(this.resources).find(
      ([, r]: [string, Json]) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === roleName,
    );
    if (!found) throw new Error(`no role ${roleName}`);
    return found[0];
  }

  private refersToRole(value: Json, roleId: string): boolean {
    return list(value).some((v: Json) => v?.Ref === roleId);
  }

  /** The identity policy documents of a role; `undefined` stands for an AWS managed policy. */
  private identityDocuments(roleId: string): (Json | undefined)[] {
    const role = this.resources[roleId];
    const docs: (Json | undefined)[] = list(role.Properties.Policies).map(
      (p: Json) => p.PolicyDocument,
    );
    for (const [id, r] of Object.entries(this.resources) as [string, Json][]) {
      const attachedHere = list(role.Properties.ManagedPolicyArns).some(
        (arn: Json) => arn?.Ref === id,
      );
      if (
        (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
        (this.refersToRole(r.Properties.Roles, roleId) || attachedHere)
      ) {
        docs.push(r.Properties.PolicyDocument);
      }
    }
    for (const arn of list(role.Properties.ManagedPolicyArns)) {
      if (this.text(arn).includes(':iam::aws:policy/')) docs.push(undefined);
    }
    return docs;
  }

  private boundaryDocument(roleId: string): Json | undefined {
    const boundary = this.resources[roleId].Properties.PermissionsBoundary;
    if (boundary === undefined) return undefined;
    return this.resources[boundary.Ref].Properties.PolicyDocument;
  }

  private conditionHolds(condition: Statement['Condition'], request: Request): boolean {
    return Object.entries(condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => {
        const actual = request.context?.[key];
        const ifExists = operator.endsWith('IfExists');
        const op = operator.replace(/IfExists$/, '');
        const negated = op.includes('Not');
        if (actual === undefined) return ifExists || negated;
        const values = list(expected).map((e: Json) => this.text(e));
        const actuals = list(actual as string | string[]);
        const match = (v: string, a: string) => {
          if (/Like$/.test(op) || op.startsWith('Arn')) return wildcard(v, a, false);
          if (op.startsWith('Numeric')) {
            return op === 'NumericLessThan' ? Number(a) < Number(v) : Number(a) === Number(v);
          }
          return v === a;
        };
        const any = actuals.some((a) => values.some((v) => match(v, a)));
        return negated ? !any : any;
      }),
    );
  }

  private matches(statement: Statement, request: Request): boolean {
    const actionHit = list(statement.Action ?? statement.NotAction).some((a) =>
      wildcard(a, request.action, true),
    );
    if (statement.NotAction ? actionHit : !actionHit) return false;
    const resources = list(statement.Resource ?? statement.NotResource).map((r: Json) =>
      this.text(r),
    );
    const resourceHit = resources.some((r) => wildcard(r, request.resource, false));
    if (statement.NotResource ? resourceHit : !resourceHit) return false;
    return this.conditionHolds(statement.Condition, request);
  }

  private statements(document: Json): Statement[] {
    return list(document?.Statement);
  }

  /**
   * What the role's own policies, under its boundary, decide for `request`. AWS
   * managed policies are assumed to allow everything (the worst case for a Deny), or
   * ignored (to show what the baseline's own statements allow).
   */
  public decide(
    roleName: string,
    request: Request,
    awsManagedPolicies: 'allow-everything' | 'ignore' = 'allow-everything',
  ): Decision {
    const roleId = this.roleId(roleName);
    const identity = this.identityDocuments(roleId);
    const own = identity.filter((d) => d !== undefined);
    const boundary = this.boundaryDocument(roleId);
    const statementsOf = (docs: Json[]) => docs.flatMap((d) => this.statements(d));
    const allows = (docs: Json[]) =>
      statementsOf(docs).some((s) => s.Effect === 'Allow' && this.matches(s, request));
    if (
      statementsOf([...own, boundary]).some((s) => s.Effect === 'Deny' && this.matches(s, request))
    ) {
      return 'explicit-deny';
    }
    const identityAllows =
      (awsManagedPolicies === 'allow-everything' && identity.includes(undefined)) || allows(own);
    const boundaryAllows = boundary === undefined || allows([boundary]);
    return identityAllows && boundaryAllows ? 'allowed' : 'implicit-deny';
  }
}
