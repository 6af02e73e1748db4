import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import { crossStackRoleArn } from '../workloads/workload-roles';

/**
 * What the account may do with a key: manage it, never use it. Encrypt, Decrypt,
 * GenerateDataKey and CreateGrant are deliberately absent (`kms:Create*` would admit
 * CreateGrant, through which an administrator could grant themselves decryption).
 */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * The actions a wildcard of `ENCRYPT_ACTIONS` stands for, by name: a workload role's IAM
 * policy names exactly the actions it is granted (DPP 1.3).
 */
const EXACT_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'kms:ReEncrypt*': ['kms:ReEncryptFrom', 'kms:ReEncryptTo'],
  'kms:GenerateDataKey*': ['kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
};

const DECRYPT_ACTIONS = ['kms:Decrypt'];
const ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

/** AWS services a data-class key serves, by their endpoint prefix (`kms:ViaService`). */
export type KeyService = 's3' | 'dynamodb' | 'secretsmanager' | 'sqs' | 'logs';

export interface DataClassKeyProps {
  /** Alias naming environment and data class, e.g. `alias/spapi-dpp-prod-pii`. */
  readonly aliasName: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /**
   * The services through which a granted principal may use the key. A grant made
   * with `grant*()` holds only for requests these services make on the principal's
   * behalf (`kms:ViaService`), so the key cannot be used directly to decrypt data
   * copied out of its store. Empty for a key that granted principals call directly,
   * e.g. for message-level encryption with the AWS Encryption SDK (DPP 1.5).
   */
  readonly services: readonly KeyService[];
  /**
   * Waiting period of a scheduled deletion (a cryptographic erase, DPP 1.7).
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;
  /**
   * What happens to the key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The only principals that may change the key policy (`kms:PutKeyPolicy`); every
   * other principal, the account's administrators and root user included, is denied.
   * Each must be one role or user. The role that deploys the stack must be among them:
   * CloudFormation changes the policy on every grant, and KMS refuses a policy that
   * would lock its caller out.
   * @default - the CloudFormation execution role of the stack's synthesizer (the CDK
   * bootstrap's `cfn-exec-role`)
   */
  readonly keyPolicyAdministrators?: readonly iam.IRole[];
  /**
   * The IAM path of the environment's workload roles (`workloadRolePath()`): a role of
   * another stack under it, with a fixed name, can be granted use of the key. The key
   * policy names it by ARN in a condition (a reference would make the two stacks depend
   * on each other) and its own IAM policy names the key.
   * @default - roles of other stacks cannot be granted use of the key
   */
  readonly workloadRolePath?: string;
}

/**
 * A customer-managed KMS key for one data class (DPP 2.4 Encryption at Rest):
 * symmetric AES-256, rotated yearly, with a key policy that separates administration
 * from use.
 *
 * - The account (its IAM principals, e.g. the CloudFormation execution role) may
 *   administer the key but not use it.
 * - A principal may use the key only through a grant (`grant*()`, or a store's
 *   `grantRead`/`grantWrite`), which names that principal in the key policy, for
 *   requests made through the key's services from this account: as the statement's
 *   principal (a role of this stack), or by ARN in its `aws:PrincipalArn` condition (a
 *   role of a workload stack, whose IAM policy must allow the same). IAM permissions
 *   alone never suffice: "only accessible to the Developer's processes and services".
 * - AWS services that encrypt on their own (CloudWatch Logs, DynamoDB) are admitted by
 *   service principal with conditions that bind them to this account.
 */
export class DataClassKey extends kms.Key {
  private readonly viaServices: readonly string[];
  private readonly workloadRolePath?: string;
  /** Workload grants already in the key policy, so that a repeated grant adds nothing. */
  private readonly workloadGrants = new Set<string>();

  constructor(scope: Construct, id: string, props: DataClassKeyProps) {
    super(scope, id, {
      alias: props.aliasName,
      description: props.description,
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: props.pendingWindow ?? Duration.days(30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // Replaces CDK's default policy, which gives the account kms:* (use included).
      policy: new iam.PolicyDocument(),
    });
    const { region, account } = Stack.of(this);
    this.viaServices = props.services.map((service) => `${service}.${region}.amazonaws.com`);
    this.workloadRolePath = props.workloadRolePath;
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'KeyAdministrationByThisAccount',
        principals: [new iam.AccountRootPrincipal()],
        actions: [...KEY_ADMINISTRATION_ACTIONS],
        resources: ['*'],
      }),
    );
    this.denyGrantsToPrincipals();
    this.denyPolicyChangesExceptBy(props.keyPolicyAdministrators ?? [this.deployingRole()]);
    if (props.services.includes('logs')) this.admitCloudWatchLogs(region, account);
    if (props.services.includes('dynamodb')) this.admitDynamoDb(region, account);
    declareControl(this, {
      clauses: ['DPP 2.4', 'DPP 1.3'],
      summary: `AES-256 key of one data class, rotated yearly; the account administers it, only principals granted in its policy may use it${props.services.length > 0 ? `, through ${props.services.join(', ')}` : ''}`,
    });
  }

  /**
   * Lets `grantee` use the key with `actions`, through the key's services only, by
   * naming it in the key policy. The key policy does not delegate use to IAM, so this
   * is the only way to use the key.
   *
   * A role of this stack is the statement's principal, and needs no IAM policy. A role
   * of a workload stack (under `workloadRolePath`, with a fixed name) is named by its
   * ARN in the statement's `aws:PrincipalArn` condition, and the same actions (each by
   * its name, no wildcard), on this key, go into its own IAM policy: both must allow.
   */
  public override grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    const conditions = {
      StringEquals: {
        'kms:CallerAccount': Stack.of(this).account,
        ...(this.viaServices.length > 0 ? { 'kms:ViaService': [...this.viaServices] } : {}),
      },
    };
    const workloadRole = crossStackRoleArn(
      this,
      grantee,
      this.workloadRolePath,
      `use of the key ${this.node.path}`,
    );
    if (workloadRole !== undefined) {
      return this.grantToWorkloadRole(grantee, workloadRole, actions, conditions);
    }
    const statement = new iam.PolicyStatement({
      principals: [grantee.grantPrincipal],
      actions,
      resources: ['*'],
      conditions,
    });
    return iam.Grant.addStatementToResourcePolicy({
      grantee,
      actions,
      resourceArns: ['*'],
      resource: this,
      statement,
    });
  }

  /**
   * A grant to a role of a workload stack: the key policy lets this account's IAM
   * decide for that one role ARN, and the role's IAM policy allows the actions on this
   * key. The key policy refers to nothing of the workload's stack.
   */
  private grantToWorkloadRole(
    grantee: iam.IGrantable,
    roleArn: string,
    actions: readonly string[],
    conditions: Record<string, Record<string, unknown>>,
  ): iam.Grant {
    actions = actions.flatMap((action) => EXACT_ACTIONS[action] ?? [action]);
    const key = `${roleArn} ${[...actions].sort().join(' ')}`;
    if (!this.workloadGrants.has(key)) {
      this.workloadGrants.add(key);
      this.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.AccountRootPrincipal()],
          actions: [...actions],
          resources: ['*'],
          conditions: { ...conditions, ArnEquals: { 'aws:PrincipalArn': roleArn } },
        }),
      );
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: [this.keyArn],
      conditions,
    });
  }

  public override grantDecrypt(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...DECRYPT_ACTIONS);
  }

  public override grantEncrypt(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...ENCRYPT_ACTIONS);
  }

  public override grantEncryptDecrypt(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, ...DECRYPT_ACTIONS, ...ENCRYPT_ACTIONS);
  }

  /**
   * A grant gives its grantee use of the key outside the key policy, so a principal that
   * could create grants could give itself decryption. Only grants that AWS services
   * make for their own resources (DynamoDB's table grant) are possible, whatever any
   * other statement, present or future, allows.
   */
  private denyGrantsToPrincipals(): void {
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyGrantsNotForAwsResources',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false' } },
      }),
    );
  }

  /**
   * Whoever can change the key policy can give themselves use of the key, so only the
   * named roles may: by default the role CloudFormation deploys the stack with, so a
   * change to the policy is a reviewed change to this template.
   */
  private denyPolicyChangesExceptBy(administrators: readonly iam.IRole[]): void {
    for (const role of administrators) {
      if (
        !Token.isUnresolved(role.roleArn) &&
        !/^arn:[^:*]+:iam::\d{12}:(role|user)\/[^*]+$/.test(role.roleArn)
      ) {
        throw new Error(
          `${this.node.path}: keyPolicyAdministrators '${role.roleArn}' names no single role or user; a wildcard or account would let every administrator rewrite the key policy (DPP 2.4)`,
        );
      }
    }
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyKeyPolicyChangesExceptByNamedAdministrators',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:PutKeyPolicy'],
        resources: ['*'],
        conditions: {
          ArnNotEquals: { 'aws:PrincipalArn': administrators.map((role) => role.roleArn) },
        },
      }),
    );
  }

  /**
   * The CloudFormation execution role of the stack's synthesizer, with the placeholders
   * of its ARN template (partition, account, region) filled in from the stack.
   */
  private deployingRole(): iam.IRole {
    const stack = Stack.of(this);
    const arn = stack.synthesizer.cloudFormationExecutionRole;
    if (arn === undefined) {
      throw new Error(
        `${this.node.path}: the stack's synthesizer names no CloudFormation execution role; set keyPolicyAdministrators to the role that deploys this stack (DPP 2.4)`,
      );
    }
    return iam.Role.fromRoleArn(
      this,
      'DeployingRole',
      arn
        .replace('${AWS::Partition}', stack.partition)
        .replace(/\$\{AWS::AccountId\}/g, stack.account)
        .replace(/\$\{AWS::Region\}/g, stack.region),
      { mutable: false },
    );
  }

  /**
   * CloudWatch Logs encrypts log groups of this account and region with the key, and
   * nothing else: the regional service principal, scoped by the `aws:logs:arn`
   * encryption context.
   */
  private admitCloudWatchLogs(region: string, account: string): void {
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Stack.of(this).partition}:logs:${region}:${account}:log-group:*`,
          },
        },
      }),
    );
  }

  /**
   * DynamoDB keeps a table key under a KMS grant that it creates, with the
   * credentials of whoever creates the table, when the table is created. The account
   * may create such grants only for DynamoDB's own use on an AWS resource; DynamoDB
   * may read the key's metadata to report whether the key is usable.
   */
  private admitDynamoDb(region: string, account: string): void {
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DynamoDbTableGrantsOfThisAccount',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:CallerAccount': account,
            'kms:ViaService': `dynamodb.${region}.amazonaws.com`,
          },
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        },
      }),
    );
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DynamoDbReadsKeyMetadata',
        principals: [new iam.ServicePrincipal('dynamodb.amazonaws.com')],
        // Metadata only, as AWS documents for DynamoDB; no cryptographic operation.
        actions: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        resources: ['*'],
      }),
    );
  }
}
