import * as path from 'path';
import { CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { declareControl } from '../../lib/nag/controls';
import { acknowledge } from '../../lib/nag/acknowledge';
import { BaselineFunction } from '../functions/baseline-function';
import { EncryptedLogGroup } from '../logging/encrypted-log-group';
import {
  PasswordPolicySettings,
  resolvePasswordPolicy,
  toIamPasswordPolicy,
} from './password-policy-settings';
import {
  PASSWORD_POLICY_RESOURCE_TYPE,
  PasswordPolicyValues,
} from './functions/password-policy-wire';
import { handlerEntry } from '../functions/handler-entry';

export interface AccountPasswordPolicyProps {
  /**
   * Prefix of the function's role name, e.g. `spapi-dpp-prod`; the role is
   * `<namePrefix>-password-policy`, the one role the permissions boundary lets change
   * the account password policy.
   */
  readonly namePrefix: string;
  /**
   * The policy; defaults are stricter than DPP 1.4 and settings may only tighten them.
   * @default PASSWORD_POLICY_DEFAULTS
   */
  readonly settings?: PasswordPolicySettings;
  /** Key of the functions' log groups (the audit-logs data-class key). */
  readonly logEncryptionKey: kms.IKey;
  /** Retention of the functions' logs, at least 90 days (DPP 2.6). */
  readonly logRetentionDays: number;
  /**
   * What happens to the log groups when they leave the stack. The policy itself is
   * always restored on delete (see the function).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Marks constructs of this class across copies of the module (`instanceof` would not). */
const ACCOUNT_PASSWORD_POLICY = Symbol.for('spapi-dpp-baseline.AccountPasswordPolicy');

/**
 * The account's IAM password policy (DPP 1.4 Password Management), set through a
 * custom resource that calls `UpdateAccountPasswordPolicy`, and on delete restores
 * the policy the account had before (recorded in the resource's physical id).
 *
 * The password policy belongs to the account, not to a stack: exactly one stack per
 * account may hold this construct. An app that defines it twice for one account (for
 * example test and prod in the same account, both owning it) fails at synth; the
 * config decides which environment owns it (`passwordPolicyOwnershipErrors`).
 */
export class AccountPasswordPolicy extends Construct {
  /** The name of the function's role for a `namePrefix`, for the permissions boundary. */
  public static roleNameFor(namePrefix: string): string {
    return `${namePrefix}-password-policy`;
  }

  public static isAccountPasswordPolicy(x: unknown): x is AccountPasswordPolicy {
    return x !== null && typeof x === 'object' && ACCOUNT_PASSWORD_POLICY in x;
  }

  /** The policy as set, in IAM's terms. */
  public readonly policy: PasswordPolicyValues;
  public readonly resource: CustomResource;
  /** The function's role: the one principal allowed to change the password policy. */
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps) {
    super(scope, id);
    Object.defineProperty(this, ACCOUNT_PASSWORD_POLICY, { value: true });
    this.policy = toIamPasswordPolicy(resolvePasswordPolicy(props.settings));
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logGroup = (logId: string) =>
      new EncryptedLogGroup(this, logId, {
        encryptionKey: props.logEncryptionKey,
        retentionDays: props.logRetentionDays,
        removalPolicy,
      }).logGroup;

    this.role = new iam.Role(this, 'FunctionRole', {
      roleName: AccountPasswordPolicy.roleNameFor(props.namePrefix),
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Sets and restores the account password policy (DPP 1.4)',
    });
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [
        'iam:GetAccountPasswordPolicy',
        'iam:UpdateAccountPasswordPolicy',
        'iam:DeleteAccountPasswordPolicy',
      ],
      resourceArns: ['*'],
    });
    const onEvent = new BaselineFunction(this, 'Handler', {
      entry: handlerEntry(path.join(__dirname, 'functions'), 'password-policy.ts'),
      description:
        'Sets the account password policy (DPP 1.4) and restores the previous one on delete',
      role: this.role,
      timeout: Duration.minutes(1),
      logEncryptionKey: props.logEncryptionKey,
      logRetentionDays: props.logRetentionDays,
      removalPolicy,
    }).function;

    const frameworkRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the provider framework of the account password policy',
    });
    const frameworkLogs = logGroup('ProviderLogs');
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: PASSWORD_POLICY_RESOURCE_TYPE,
      properties: { ...this.policy },
    });

    declareControl(this.resource, {
      clauses: ['DPP 1.4'],
      summary: `Account password policy: at least ${this.policy.MinimumPasswordLength} characters, changed at least every ${this.policy.MaxPasswordAge} days, none of the last ${this.policy.PasswordReusePrevention} reused`,
    });
    this.acknowledgeFindings(this.role, frameworkRole, onEvent, provider);
    this.node.addValidation({ validate: () => this.otherOwnersOfTheAccount() });
  }

  /**
   * Other `AccountPasswordPolicy` constructs in the app for the same account. When an
   * account is not known at synth, any second one may share it, so it counts too.
   */
  private otherOwnersOfTheAccount(): string[] {
    const account = Stack.of(this).account;
    const others = this.node.root.node
      .findAll()
      .filter((c) => c !== this && AccountPasswordPolicy.isAccountPasswordPolicy(c))
      .filter((c) => {
        const theirs = Stack.of(c).account;
        return Token.isUnresolved(account) || Token.isUnresolved(theirs) || theirs === account;
      });
    if (others.length === 0) return [];
    const where = Token.isUnresolved(account)
      ? 'an account not known at synth'
      : `account ${account}`;
    return [
      `${where} would get its password policy (DPP 1.4) from more than one stack: ${[
        this,
        ...others,
      ]
        .map((c) => c.node.path)
        .join(
          ', ',
        )}. The policy is one per account; create AccountPasswordPolicy in one environment's stack only (passwordPolicy: this-environment) and set another-environment on the others.`,
    ];
  }

  private acknowledgeFindings(
    functionRole: iam.Role,
    frameworkRole: iam.Role,
    onEvent: lambda.Function,
    provider: cr.Provider,
  ): void {
    acknowledge(functionRole, {
      ruleId: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The account password policy has no ARN: IAM authorizes its three actions on "*" only. The boundary lets no other role call them.',
      basis: { clause: 'DPP 1.4' },
    });
    // The function's own role is acknowledged by BaselineFunction.
    acknowledge(frameworkRole, {
      ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'The policy belongs to this role alone and is defined and reviewed in this template; a managed policy would grant no less.',
      basis: { clause: 'DPP 1.3' },
    });
    acknowledge(frameworkRole, {
      ruleId: `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve((onEvent.node.defaultChild as lambda.CfnFunction).logicalId)}.Arn>:*]`,
      reason:
        'The provider framework invokes any version of the password policy function; the wildcard is only the version suffix of that one function.',
      basis: { engineering: 'aws-cdk-lib provider framework' },
    });
    for (const fn of [onEvent, provider.node.findChild('framework-onEvent')]) {
      acknowledge(
        fn,
        {
          ruleId: 'NIST.800.53.R5-LambdaInsideVPC',
          reason:
            'The function calls only the IAM API, a global endpoint with no VPC endpoint, and handles no Information; inside the VPC it would need a path to the internet.',
          basis: { clause: 'DPP 1.4' },
        },
        {
          ruleId: 'NIST.800.53.R5-LambdaConcurrency',
          reason:
            'CloudFormation invokes the function once per deployment; reserving concurrency would only take capacity from the account.',
          basis: { engineering: 'deployment-time custom resource' },
        },
        {
          ruleId: 'NIST.800.53.R5-LambdaDLQ',
          reason:
            'CloudFormation invokes the function synchronously through the provider framework, which reports a failure to the stack; there is no asynchronous event to keep.',
          basis: { engineering: 'deployment-time custom resource' },
        },
      );
    }
  }
}

/** Every `AccountPasswordPolicy` under `scope`. */
export function accountPasswordPoliciesIn(scope: IConstruct): AccountPasswordPolicy[] {
  return scope.node.findAll().filter(AccountPasswordPolicy.isAccountPasswordPolicy);
}
