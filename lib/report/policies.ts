import { Statement, statementsOf } from '../nag/policy';
import { AssemblyStack, TemplateResource } from './assembly';
import { TemplateValues } from './template-values';

/**
 * Every policy statement of a synthesized assembly, with whom it applies to: the
 * identity policies of roles, users and groups (inline, `AWS::IAM::Policy`,
 * `AWS::IAM::ManagedPolicy`), and the resource policies of buckets, tables and keys.
 * What the templates cannot show (a managed policy defined outside them, a document
 * synth cannot know) is listed rather than guessed.
 */

export type PrincipalKind =
  'role' | 'user' | 'group' | 'account' | 'service' | 'federated' | 'any principal' | 'principal';

export interface Principal {
  /**
   * How the record names it: the construct path of a role, user or group of the
   * assembly (`Prod/Baseline/Data/DeletionRole`), else what the policy says
   * (`account 111111111111`, `service logging.s3.amazonaws.com`, an ARN).
   */
  readonly name: string;
  readonly kind: PrincipalKind;
  /** Its ARN as deployed, where known. */
  readonly arn?: string;
  /** The account it belongs to, where known. */
  readonly account?: string;
  /** For a role: who may assume it, from its trust policy. */
  readonly assumedBy?: readonly string[];
}

export interface PolicyStatement {
  readonly statement: Statement;
  /** The identities an identity policy is attached to, or the `Principal` of a resource policy. */
  readonly principals: readonly Principal[];
  /** The stack whose template holds the statement; its references resolve there. */
  readonly stack: AssemblyStack;
  readonly kind: 'identity' | 'resource';
  /** Where the statement is, for a reviewer, e.g. `identity policy Prod/Baseline/Data/DeletionRole/DefaultPolicy`. */
  readonly source: string;
  /** For a resource policy: the logical id of the resource it belongs to (in `stack`). */
  readonly attachedTo?: string;
}

export interface AssemblyPolicies {
  readonly statements: readonly PolicyStatement[];
  /** What the templates do not show, one sentence each. */
  readonly unreadable: readonly string[];
}

const IDENTITY_TYPES: Readonly<Record<string, PrincipalKind>> = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
};

/** `{ Roles, Users, Groups }` of a policy resource, and the kind each names. */
const ATTACHMENTS: readonly [string, PrincipalKind][] = [
  ['Roles', 'role'],
  ['Users', 'user'],
  ['Groups', 'group'],
];

const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * The path of the construct a resource belongs to, e.g. `Prod/Baseline/Data/PiiTable`
 * for `.../PiiTable/Resource/Resource` (an L2 named `Resource` in a construct of ours);
 * the stack's path and the logical id if the assembly does not say.
 */
export function resourcePath(stack: AssemblyStack, logicalId: string): string {
  const path = stack.constructPaths.get(logicalId);
  return path ? path.replace(/(\/Resource)+$/, '') : `${stack.path}/${logicalId}`;
}

class PolicyReader {
  public readonly statements: PolicyStatement[] = [];
  public readonly unreadable: string[] = [];
  /** Roles, users and groups of the assembly, by their ARN as deployed. */
  private readonly identitiesByArn = new Map<string, Principal>();

  constructor(
    private readonly stacks: readonly AssemblyStack[],
    private readonly values: TemplateValues,
  ) {
    for (const stack of stacks) {
      for (const [logicalId, resource] of this.resources(stack)) {
        const kind = IDENTITY_TYPES[resource.Type];
        if (!kind) continue;
        const identity = this.identity(stack, logicalId, resource, kind);
        if (identity.arn) this.identitiesByArn.set(identity.arn, identity);
      }
    }
  }

  public read(): void {
    for (const stack of this.stacks) {
      const managedPolicyUsers = this.managedPolicyAttachments(stack);
      for (const [logicalId, resource] of this.resources(stack)) {
        const props = resource.Properties ?? {};
        const where = resourcePath(stack, logicalId);
        switch (resource.Type) {
          case 'AWS::IAM::Role':
          case 'AWS::IAM::User':
          case 'AWS::IAM::Group': {
            const identity = this.identityByLogicalId(stack, logicalId)!;
            for (const policy of asList(props.Policies) as { PolicyDocument?: unknown }[]) {
              this.add(policy?.PolicyDocument, stack, 'identity', `inline policy of ${where}`, {
                principals: [identity],
              });
            }
            this.noteOutsideManagedPolicies(stack, identity, props.ManagedPolicyArns);
            break;
          }
          case 'AWS::IAM::Policy':
          case 'AWS::IAM::ManagedPolicy': {
            const principals = [
              ...this.attached(stack, props),
              ...(managedPolicyUsers.get(logicalId) ?? []),
            ];
            this.add(props.PolicyDocument, stack, 'identity', `identity policy ${where}`, {
              principals,
            });
            break;
          }
          case 'AWS::S3::BucketPolicy': {
            const bucket = this.localReference(stack, props.Bucket);
            this.add(props.PolicyDocument, stack, 'resource', `bucket policy ${where}`, {
              attachedTo: bucket,
            });
            break;
          }
          case 'AWS::DynamoDB::Table':
            this.addTablePolicies(stack, logicalId, where, [props]);
            break;
          case 'AWS::DynamoDB::GlobalTable':
            this.addTablePolicies(
              stack,
              logicalId,
              where,
              asList(props.Replicas) as Record<string, unknown>[],
            );
            break;
          case 'AWS::KMS::Key':
            this.add(props.KeyPolicy, stack, 'resource', `key policy ${where}`, {
              attachedTo: logicalId,
            });
            break;
        }
      }
    }
  }

  private resources(stack: AssemblyStack): [string, TemplateResource][] {
    return Object.entries(stack.template.Resources ?? {});
  }

  private identityByLogicalId(stack: AssemblyStack, logicalId: string): Principal | undefined {
    const arn = this.values.arnOf(stack, logicalId);
    return arn ? this.identitiesByArn.get(arn) : undefined;
  }

  private identity(
    stack: AssemblyStack,
    logicalId: string,
    resource: TemplateResource,
    kind: PrincipalKind,
  ): Principal {
    const trust = resource.Properties?.AssumeRolePolicyDocument;
    return {
      name: resourcePath(stack, logicalId),
      kind,
      arn: this.values.arnOf(stack, logicalId),
      account: stack.account,
      assumedBy: kind === 'role' ? this.trusted(trust, stack) : undefined,
    };
  }

  /** Who a trust policy lets assume the role, with `with MFA` where it requires it. */
  private trusted(document: unknown, stack: AssemblyStack): string[] {
    try {
      return statementsOf(document)
        .filter((s) => s.effect === 'Allow')
        .flatMap((s) => {
          const mfa = JSON.stringify(s.condition).includes('aws:MultiFactorAuthPresent');
          return this.principalsOf(s.principal, stack).map((p) =>
            mfa ? `${p.name} with MFA` : p.name,
          );
        });
    } catch {
      return ['(a trust policy not known at synth)'];
    }
  }

  /** The roles, users and groups a policy resource names in `Roles`, `Users`, `Groups`. */
  private attached(stack: AssemblyStack, props: Record<string, unknown>): Principal[] {
    return ATTACHMENTS.flatMap(([property, kind]) =>
      asList(props[property]).map((entry) => {
        const local = this.localReference(stack, entry);
        const identity = local ? this.identityByLogicalId(stack, local) : undefined;
        if (identity) return identity;
        const name = this.values.render(entry, stack);
        return { name: `${kind} ${name.unknown ? '(not known at synth)' : name.text}`, kind };
      }),
    );
  }

  /** For each managed policy of the stack, the identities whose `ManagedPolicyArns` name it. */
  private managedPolicyAttachments(stack: AssemblyStack): Map<string, Principal[]> {
    const users = new Map<string, Principal[]>();
    for (const [logicalId, resource] of this.resources(stack)) {
      if (!IDENTITY_TYPES[resource.Type]) continue;
      for (const arn of asList(resource.Properties?.ManagedPolicyArns)) {
        const policy = this.localReference(stack, arn);
        if (policy === undefined) continue;
        users.set(policy, [
          ...(users.get(policy) ?? []),
          this.identityByLogicalId(stack, logicalId)!,
        ]);
      }
    }
    return users;
  }

  private noteOutsideManagedPolicies(
    stack: AssemblyStack,
    identity: Principal,
    arns: unknown,
  ): void {
    for (const arn of asList(arns)) {
      const local = this.localReference(stack, arn);
      if (local && stack.template.Resources?.[local]?.Type === 'AWS::IAM::ManagedPolicy') continue;
      const rendered = this.values.render(arn, stack);
      this.unreadable.push(
        `${identity.name} holds the managed policy ${rendered.unknown ? '(not known at synth)' : rendered.text}, defined outside the templates`,
      );
    }
  }

  private addTablePolicies(
    stack: AssemblyStack,
    logicalId: string,
    where: string,
    holders: Record<string, unknown>[],
  ): void {
    for (const holder of holders) {
      const policies = [
        (holder.ResourcePolicy as { PolicyDocument?: unknown } | undefined)?.PolicyDocument,
        (
          (holder.StreamSpecification ?? holder.ReplicaStreamSpecification) as
            { ResourcePolicy?: { PolicyDocument?: unknown } } | undefined
        )?.ResourcePolicy?.PolicyDocument,
      ];
      for (const document of policies) {
        if (document === undefined) continue;
        this.add(document, stack, 'resource', `resource policy of ${where}`, {
          attachedTo: logicalId,
        });
      }
    }
  }

  /** The logical id a `Ref` or `Fn::GetAtt` names, if it is a resource of `stack`. */
  private localReference(stack: AssemblyStack, value: unknown): string | undefined {
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    const getAtt = record['Fn::GetAtt'];
    const id =
      typeof record.Ref === 'string'
        ? record.Ref
        : Array.isArray(getAtt)
          ? String(getAtt[0])
          : undefined;
    return id !== undefined && stack.template.Resources?.[id] ? id : undefined;
  }

  private add(
    document: unknown,
    stack: AssemblyStack,
    kind: 'identity' | 'resource',
    source: string,
    target: { principals?: readonly Principal[]; attachedTo?: string },
  ): void {
    if (document === undefined) return;
    let statements: Statement[];
    try {
      statements = statementsOf(document);
    } catch (e) {
      this.unreadable.push(`the ${source} is not known at synth: ${(e as Error).message}`);
      return;
    }
    for (const statement of statements) {
      this.statements.push({
        statement,
        principals:
          target.principals ??
          (statement.notPrincipal !== undefined
            ? [{ name: 'any principal', kind: 'any principal' }]
            : this.principalsOf(statement.principal, stack)),
        stack,
        kind,
        source,
        attachedTo: target.attachedTo,
      });
    }
  }

  /** The principals a resource policy's `Principal` element names. */
  private principalsOf(element: unknown, stack: AssemblyStack): Principal[] {
    if (element === undefined) return [];
    if (element === '*') return [{ name: 'any principal', kind: 'any principal' }];
    const entries = element as Record<string, unknown>;
    return [
      ...asList(entries.AWS).map((value) => this.awsPrincipal(value, stack)),
      ...asList(entries.Service).map((value) => ({
        name: `service ${this.values.render(value, stack).text}`,
        kind: 'service' as const,
      })),
      ...asList(entries.Federated).map((value) => ({
        name: `federated ${this.values.render(value, stack).text}`,
        kind: 'federated' as const,
      })),
      ...asList(entries.CanonicalUser).map((value) => ({
        name: `canonical user ${this.values.render(value, stack).text}`,
        kind: 'principal' as const,
      })),
    ];
  }

  private awsPrincipal(value: unknown, stack: AssemblyStack): Principal {
    const rendered = this.values.render(value, stack);
    if (rendered.unknown) return { name: 'a principal not known at synth', kind: 'principal' };
    const text = rendered.text;
    if (text === '*') return { name: 'any principal', kind: 'any principal' };
    const identity = this.identitiesByArn.get(text);
    if (identity) return identity;
    const account = accountOfRootPrincipal(text);
    if (account) {
      return {
        name: `account ${account}`,
        kind: 'account',
        account,
        arn: `arn:aws:iam::${account}:root`,
      };
    }
    const arnAccount = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(text)?.[1];
    return { name: text, kind: 'principal', arn: text, account: arnAccount };
  }
}

/** Every policy statement of the assembly's stacks, with whom it applies to. */
export function readPolicies(
  stacks: readonly AssemblyStack[],
  values: TemplateValues,
): AssemblyPolicies {
  const reader = new PolicyReader(stacks, values);
  reader.read();
  return { statements: reader.statements, unreadable: reader.unreadable };
}

/** The account of `123456789012` or `arn:<partition>:iam::123456789012:root`. */
function accountOfRootPrincipal(text: string): string | undefined {
  if (/^\d{12}$/.test(text)) return text;
  const [prefix, partition, service, region, account, resource] = text.split(':');
  const isRoot =
    prefix === 'arn' &&
    partition?.startsWith('aws') &&
    service === 'iam' &&
    region === '' &&
    resource === 'root';
  return isRoot && /^\d{12}$/.test(account ?? '') ? account : undefined;
}
