import { arnPatternMatches } from '../policy/iam';
import { AssemblyStack, TemplateResource } from './assembly';

/**
 * Template values as the strings they will become at deployment, so that a policy's
 * `Resource` and `Principal` can be compared with a resource's ARN whether they name it
 * by reference (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::ImportValue` of another
 * stack's export, `Fn::GetStackOutput` of another stack's output) or by a literal
 * pattern (`arn:aws:s3:::*`).
 *
 * A resource whose physical name CloudFormation generates gets the name CloudFormation
 * would give it (`<stack name>-<logical id>-<random>`, with a fixed stand-in for the
 * random part), so a pattern written against the stack's naming still matches it. A
 * value that synth cannot know (a parameter, `Fn::If`) renders as `*`: it may be
 * anything, and `rendered.unknown` says so.
 */

export interface Rendered {
  readonly text: string;
  /** Whether a part of the value is not known at synth and was rendered as `*`. */
  readonly unknown: boolean;
}

/** Stand-in for the random suffix CloudFormation appends to the names it generates. */
const GENERATED_SUFFIX = 'generated0000';

/** Property holding the physical name, and how ARNs are formed, for the types the record reads. */
const TYPES: Readonly<
  Record<
    string,
    {
      nameProperty: string;
      lowercase?: boolean;
      arn: (stack: AssemblyStack, name: string, resource: TemplateResource) => string;
    }
  >
> = {
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    lowercase: true,
    arn: (_stack, name) => `arn:aws:s3:::${name}`,
  },
  'AWS::DynamoDB::Table': {
    nameProperty: 'TableName',
    arn: (s, name) => `arn:aws:dynamodb:${s.region}:${s.account}:table/${name}`,
  },
  'AWS::DynamoDB::GlobalTable': {
    nameProperty: 'TableName',
    arn: (s, name) => `arn:aws:dynamodb:${s.region}:${s.account}:table/${name}`,
  },
  'AWS::KMS::Key': {
    nameProperty: '',
    arn: (s, name) => `arn:aws:kms:${s.region}:${s.account}:key/${name}`,
  },
  'AWS::IAM::Role': {
    nameProperty: 'RoleName',
    // A role's ARN holds its path (`/` unless given), as a workload role's does.
    arn: (s, name, resource) => `arn:aws:iam::${s.account}:role${pathOf(resource)}${name}`,
  },
  'AWS::IAM::User': {
    nameProperty: 'UserName',
    arn: (s, name) => `arn:aws:iam::${s.account}:user/${name}`,
  },
  'AWS::IAM::Group': {
    nameProperty: 'GroupName',
    arn: (s, name) => `arn:aws:iam::${s.account}:group/${name}`,
  },
};

/** The stacks of an assembly, with their exports, for resolving values across stacks. */
export class TemplateValues {
  private readonly exports = new Map<string, { stack: AssemblyStack; value: unknown }>();

  constructor(private readonly stacks: readonly AssemblyStack[]) {
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const name = output.Export?.Name;
        if (name === undefined) continue;
        const rendered = this.render(name, stack);
        if (!rendered.unknown) this.exports.set(rendered.text, { stack, value: output.Value });
      }
    }
  }

  /** The physical name of a resource: its name property if literal, else the one CloudFormation generates. */
  public physicalName(stack: AssemblyStack, logicalId: string): string {
    const resource = stack.template.Resources?.[logicalId];
    const type = resource ? TYPES[resource.Type] : undefined;
    const given = type?.nameProperty ? resource?.Properties?.[type.nameProperty] : undefined;
    if (typeof given === 'string') return given;
    const generated = `${stack.stackName}-${logicalId}-${GENERATED_SUFFIX}`;
    return type?.lowercase ? generated.toLowerCase() : generated;
  }

  /** The ARN of a resource of the assembly, for the types the record reads; `undefined` for others. */
  public arnOf(stack: AssemblyStack, logicalId: string): string | undefined {
    const resource = stack.template.Resources?.[logicalId];
    const type = resource ? TYPES[resource.Type] : undefined;
    return type && resource
      ? type.arn(stack, this.physicalName(stack, logicalId), resource)
      : undefined;
  }

  /** The resource an export of the assembly refers to, if its value is a plain `Ref` or `Fn::GetAtt`. */
  public exported(name: string): { stack: AssemblyStack; value: unknown } | undefined {
    return this.exports.get(name);
  }

  /** `value` (a template value of `stack`) as the string it will be deployed as. */
  public render(value: unknown, stack: AssemblyStack): Rendered {
    let unknown = false;
    const anything = () => {
      unknown = true;
      return '*';
    };
    const visit = (v: unknown): string => {
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return anything();
      const record = v as Record<string, unknown>;
      if (typeof record.Ref === 'string') return this.ref(record.Ref, stack) ?? anything();
      if ('Fn::GetAtt' in record) {
        const getAtt = record['Fn::GetAtt'];
        const [id, attribute] = Array.isArray(getAtt)
          ? getAtt.map(String)
          : String(getAtt).split(/\.(.*)/);
        return this.attribute(stack, id, attribute) ?? anything();
      }
      if ('Fn::Join' in record) {
        const [separator, parts] = record['Fn::Join'] as [string, unknown];
        return Array.isArray(parts) ? parts.map(visit).join(separator) : anything();
      }
      if ('Fn::Sub' in record) return this.sub(record['Fn::Sub'], visit) ?? anything();
      if ('Fn::GetStackOutput' in record) {
        // A weak cross-stack reference (aws-cdk-lib's default here): another stack's output.
        const output = this.stackOutput(record['Fn::GetStackOutput'], stack);
        if (!output) return anything();
        const inner = this.render(output.value, output.stack);
        unknown ||= inner.unknown;
        return inner.text;
      }
      if ('Fn::ImportValue' in record) {
        const name = this.render(record['Fn::ImportValue'], stack);
        const exported = name.unknown ? undefined : this.exports.get(name.text);
        if (!exported) return anything();
        const inner = this.render(exported.value, exported.stack);
        unknown ||= inner.unknown;
        return inner.text;
      }
      return anything();
    };
    const text = visit(value);
    return { text, unknown };
  }

  /** The output `Fn::GetStackOutput` names: a stack of the assembly by name and region. */
  private stackOutput(
    reference: unknown,
    stack: AssemblyStack,
  ): { stack: AssemblyStack; value: unknown } | undefined {
    const { StackName, Region, OutputName } = (reference ?? {}) as Record<string, unknown>;
    const name = this.render(StackName, stack);
    const region =
      Region === undefined ? { text: stack.region, unknown: false } : this.render(Region, stack);
    if (name.unknown || region.unknown || typeof OutputName !== 'string') return undefined;
    const producer = this.stacks.find((s) => s.stackName === name.text && s.region === region.text);
    const output = producer?.template.Outputs?.[OutputName];
    return producer && output ? { stack: producer, value: output.Value } : undefined;
  }

  private ref(name: string, stack: AssemblyStack): string | undefined {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::AccountId': stack.account,
      'AWS::Region': stack.region,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack.stackName,
      'AWS::NoValue': '',
    };
    if (name in pseudo) return pseudo[name];
    const resource = stack.template.Resources?.[name];
    if (!resource) return undefined; // a parameter: known only at deployment
    return TYPES[resource.Type] ? this.physicalName(stack, name) : `${stack.path}/${name}`;
  }

  private attribute(
    stack: AssemblyStack,
    logicalId: string,
    attribute: string,
  ): string | undefined {
    const resource: TemplateResource | undefined = stack.template.Resources?.[logicalId];
    if (!resource) return undefined;
    const arn = this.arnOf(stack, logicalId);
    if (attribute === 'Arn' && arn) return arn;
    if (attribute === 'StreamArn' && arn) return `${arn}/stream/${GENERATED_SUFFIX}`;
    if (attribute === 'KeyId') return this.physicalName(stack, logicalId);
    return `${stack.path}/${logicalId}.${attribute}`;
  }

  private sub(value: unknown, visit: (v: unknown) => string): string | undefined {
    const [text, variables] = Array.isArray(value) ? value : [value, {}];
    if (typeof text !== 'string') return undefined;
    const vars = (variables ?? {}) as Record<string, unknown>;
    return text.replace(/\$\{([^}!]+)\}/g, (_whole, name: string) => {
      if (name in vars) return visit(vars[name]);
      const [id, attribute] = name.split(/\.(.*)/);
      return attribute ? visit({ 'Fn::GetAtt': [id, attribute] }) : visit({ Ref: id });
    });
  }
}

/** The literal IAM path of a role, `/` when it has none (or one synth cannot know). */
function pathOf(resource: TemplateResource): string {
  const path = resource.Properties?.Path;
  return typeof path === 'string' && path.startsWith('/') && path.endsWith('/') ? path : '/';
}

/** Whether the IAM pattern `pattern` matches `value` in full (case-sensitive, as for ARNs). */
export function globMatches(pattern: string, value: string): boolean {
  return arnPatternMatches(pattern, value);
}

/**
 * Whether the IAM pattern `pattern` matches some string that starts with `prefix`: an
 * object pattern such as `arn:aws:s3:::bucket/invoices/*` covers some objects of the
 * bucket whatever their keys.
 */
export function globMatchesSomeWithPrefix(pattern: string, prefix: string): boolean {
  // Positions in the pattern still alive after reading the prefix; a `*` may be skipped.
  const closure = (positions: Set<number>) => {
    for (const p of [...positions]) {
      let q = p;
      while (pattern[q] === '*') positions.add(++q);
    }
    return positions;
  };
  let alive = closure(new Set([0]));
  for (const c of prefix) {
    const next = new Set<number>();
    for (const p of alive) {
      if (pattern[p] === '*') next.add(p);
      else if (p < pattern.length && (pattern[p] === '?' || pattern[p] === c)) next.add(p + 1);
    }
    alive = closure(next);
    if (alive.size === 0) return false;
  }
  return alive.size > 0;
}
