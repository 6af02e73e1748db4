import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from '../../lib/nag/acknowledge';
import { flattenedReference, iam5Action, iam5Resource } from '../../lib/nag/finding-ids';
import { PiiBucket, PiiTable, TaxArchive } from '../data';
import { HumanPrincipals, HumanTrustError, HumanTrustOptions } from './human-trust';
import { HumanRole } from './human-role';
import {
  ITEM_READ_ACTIONS,
  KEY_USE_ACTIONS,
  OBJECT_READ_ACTIONS,
  PROTECTION_CHANGE_ACTIONS,
  SECRET_READ_ACTIONS,
  denyStatement,
} from './information-access';

/** Who holds a job function, and how long their sessions last. */
export interface JobFunctionAccess {
  /** The principals that may assume the role (see `HumanPrincipals`). */
  readonly principals: readonly HumanPrincipals[];
  /**
   * Longest session; at most 4 hours (1 hour for break-glass).
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/** The longest break-glass session: an emergency is handled, or handed over, within the hour. */
export const BREAK_GLASS_SESSION_CEILING = Duration.hours(1);

/** The job functions, as they appear in role names and the `JobFunction` tag. */
export const JOB_FUNCTIONS = {
  fulfillmentOperator: 'fulfillment-operator',
  taxOfficer: 'tax-officer',
  securityAuditor: 'security-auditor',
  platformAdministrator: 'platform-administrator',
  breakGlass: 'break-glass',
} as const;

export interface JobFunctionRolesProps extends HumanTrustOptions {
  /** Prefix of the role names, e.g. `spapi-dpp-prod`: roles are `<prefix>-<job function>`. */
  readonly namePrefix: string;
  readonly fulfillmentOperator: JobFunctionAccess;
  readonly taxOfficer: JobFunctionAccess;
  readonly securityAuditor: JobFunctionAccess;
  readonly platformAdministrator: JobFunctionAccess;
  readonly breakGlass: JobFunctionAccess;
  /** The live PII stores the fulfillment operator reads and writes. */
  readonly piiTable: PiiTable;
  readonly piiBucket: PiiBucket;
  /** The archive the tax officer restores from. */
  readonly taxArchive: TaxArchive;
  /**
   * Other roles that reach Information (e.g. the data deletion role): the platform
   * administrator may not assume them, whatever their trust policy says.
   * @default none besides the fulfillment operator, the tax officer and the archive's reader
   */
  readonly otherInformationRoles?: readonly iam.IRole[];
  /**
   * The bucket CloudTrail delivers to: the security auditor reads its objects and no
   * other bucket's.
   * @default - the auditor reads no object at all (the trail through its log group and event history)
   */
  readonly trailBucket?: s3.IBucket;
  /**
   * The log groups the security auditor may read.
   * @default every log group of the account in the region (logs hold no PII, DPP 2.6)
   */
  readonly auditorLogGroups?: readonly logs.ILogGroup[];
  /**
   * Qualifier of the CDK bootstrap stack whose roles the platform administrator
   * assumes to deploy (`cdk deploy`).
   * @default 'hnb659fds', the CDK default
   */
  readonly cdkBootstrapQualifier?: string;
}

/** The data services whose every action break-glass is refused (but for containment). */
const DATA_SERVICES = ['s3:*', 'dynamodb:*', 'kms:*', 'secretsmanager:*'];

/**
 * Containment on the data services: see and change who may reach data, disable a key,
 * rotate a secret, without reading any of it.
 */
const BREAK_GLASS_CONTAINMENT_ACTIONS = [
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
  's3:GetBucketPublicAccessBlock',
  's3:PutBucketPublicAccessBlock',
  'dynamodb:ListTables',
  'dynamodb:DescribeTable',
  'dynamodb:GetResourcePolicy',
  'dynamodb:PutResourcePolicy',
  'kms:ListKeys',
  'kms:ListAliases',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:DisableKey',
  'kms:EnableKey',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'secretsmanager:ListSecrets',
  'secretsmanager:DescribeSecret',
  'secretsmanager:RotateSecret',
];

/** What a platform administrator does with CloudFormation stacks besides deploying through CDK. */
const STACK_OPERATIONS = [
  'cloudformation:DescribeStacks',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResource',
  'cloudformation:DescribeStackResources',
  'cloudformation:ListStackResources',
  'cloudformation:GetTemplate',
  'cloudformation:DescribeChangeSet',
  'cloudformation:ListChangeSets',
  'cloudformation:DeleteChangeSet',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:DetectStackDrift',
  'cloudformation:DetectStackResourceDrift',
  'cloudformation:DescribeStackResourceDrifts',
  'cloudformation:ContinueUpdateRollback',
  'cloudformation:CancelUpdateStack',
  'cloudformation:RollbackStack',
  'cloudformation:DeleteStack',
];

/** Reading log events and running Logs Insights queries. */
const LOG_READ_ACTIONS = [
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
  'logs:StartQuery',
  'logs:GetLogGroupFields',
];
/** Logs Insights calls that name a query, not a log group. */
const LOG_QUERY_ACTIONS = ['logs:GetQueryResults', 'logs:StopQuery', 'logs:DescribeQueries'];

/** What the security auditor reads beyond AWS's SecurityAudit policy: findings, the trail, the access review's sources. */
const AUDIT_READ_ACTIONS = [
  'cloudtrail:LookupEvents',
  'guardduty:ListDetectors',
  'guardduty:ListFindings',
  'guardduty:GetFindings',
  'securityhub:GetFindings',
  'inspector2:ListFindings',
  'access-analyzer:ListAnalyzers',
  'access-analyzer:ListFindings',
  'access-analyzer:GetFinding',
  'macie2:ListFindings',
  'macie2:GetFindings',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:GenerateServiceLastAccessedDetails',
  'iam:GetServiceLastAccessedDetails',
  'secretsmanager:ListSecrets',
  'secretsmanager:DescribeSecret',
];

/**
 * The roles people assume, one per job function (DPP 1.3 Least Privilege, DUP 3.5
 * "different permissions for each account", DUP 4.8 "users will be assigned fixed
 * roles", AUP 3.9 need-to-know):
 *
 * - fulfillment operator: reads and writes the PII table and bucket through their
 *   `grant*` methods, and nothing else;
 * - tax officer: restores from the tax archive and reads what it restored;
 * - security auditor: reads configuration (AWS SecurityAudit), logs, the trail,
 *   findings and the access review's sources; no PII, no secret values;
 * - platform administrator: deploys through the CDK bootstrap roles, operates stacks,
 *   reads configuration and logs; refused every read of PII or secrets, and the
 *   changes that would let it grant itself one, by explicit Deny statements;
 * - break-glass: everything but the data services, containment on those, no reads of
 *   PII or secrets; every assumption alarms (`BreakGlassAlarm`).
 *
 * Every role is a `HumanRole`: trust from props, bound to MFA and the organization,
 * short sessions. The permissions boundary (`BaselinePermissionsBoundary`) caps them
 * all.
 */
export class JobFunctionRoles extends Construct {
  public readonly fulfillmentOperator: HumanRole;
  public readonly taxOfficer: HumanRole;
  public readonly securityAuditor: HumanRole;
  public readonly platformAdministrator: HumanRole;
  public readonly breakGlass: HumanRole;

  constructor(scope: Construct, id: string, props: JobFunctionRolesProps) {
    super(scope, id);
    if (
      (props.breakGlass.maxSessionDuration?.toSeconds() ?? 0) >
      BREAK_GLASS_SESSION_CEILING.toSeconds()
    ) {
      throw new HumanTrustError(
        `${this.node.path}: breakGlass maxSessionDuration ${props.breakGlass.maxSessionDuration!.toHumanString()} is longer than ${BREAK_GLASS_SESSION_CEILING.toHumanString()}`,
      );
    }
    const role = (roleId: string, key: keyof typeof JOB_FUNCTIONS, description: string) =>
      new HumanRole(this, roleId, {
        roleName: `${props.namePrefix}-${JOB_FUNCTIONS[key]}`,
        jobFunction: JOB_FUNCTIONS[key],
        description,
        principals: props[key].principals,
        maxSessionDuration: props[key].maxSessionDuration,
        organizationId: props.organizationId,
      });

    this.fulfillmentOperator = role(
      'FulfillmentOperator',
      'fulfillmentOperator',
      'Reads and writes the PII of orders to fulfil: the PII table and bucket, nothing else (DPP 1.3)',
    );
    props.piiTable.grantReadData(this.fulfillmentOperator);
    props.piiTable.grantWriteData(this.fulfillmentOperator);
    props.piiBucket.grantRead(this.fulfillmentOperator);
    props.piiBucket.grantWrite(this.fulfillmentOperator);
    acknowledgeBucketGrant(
      this.fulfillmentOperator,
      props.piiBucket.bucket,
      'The fulfillment operator reads and writes the objects of orders to ship in the PII bucket alone; which objects is known per order.',
      ['s3:Abort*'],
    );

    this.taxOfficer = role(
      'TaxOfficer',
      'taxOfficer',
      'Restores archived tax records for a legal or tax purpose (DPP 2.1, DPP 1.3)',
    );
    props.taxArchive.grantRestore(this.taxOfficer);

    this.securityAuditor = role(
      'SecurityAuditor',
      'securityAuditor',
      'Reads configuration, logs, the trail and findings; no PII, no secrets (DPP 1.2, DPP 2.6)',
    );
    this.grantAuditing(this.securityAuditor, props);

    this.platformAdministrator = role(
      'PlatformAdministrator',
      'platformAdministrator',
      'Changes infrastructure through CloudFormation; cannot read PII or secret values (DPP 1.3)',
    );
    this.grantPlatformAdministration(this.platformAdministrator, props);

    this.breakGlass = role(
      'BreakGlass',
      'breakGlass',
      'Emergency access when the usual roles cannot act; every assumption alarms (DPP 2.6)',
    );
    this.grantBreakGlass(this.breakGlass);
  }

  /** The roles in the order of `JOB_FUNCTIONS`. */
  public get all(): HumanRole[] {
    return [
      this.fulfillmentOperator,
      this.taxOfficer,
      this.securityAuditor,
      this.platformAdministrator,
      this.breakGlass,
    ];
  }

  private grantAuditing(auditor: HumanRole, props: JobFunctionRolesProps): void {
    auditor.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit'));
    const logGroupArns = props.auditorLogGroups?.map((group) => group.logGroupArn) ?? [
      logGroupsOfTheAccount(this),
    ];
    const policy = new iam.ManagedPolicy(this, 'SecurityAuditorPolicy', {
      description:
        'Security auditor: logs, trail, findings, access review sources; no PII, no secrets',
      roles: [auditor],
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadLogs',
          actions: LOG_READ_ACTIONS,
          resources: logGroupArns,
        }),
        new iam.PolicyStatement({
          sid: 'ReadQueryResults',
          actions: LOG_QUERY_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTrailAndFindings',
          actions: AUDIT_READ_ACTIONS,
          resources: ['*'],
        }),
        denyStatement(
          'NoObjectsButTheTrail',
          OBJECT_READ_ACTIONS,
          props.trailBucket ? { notResources: [props.trailBucket.arnForObjects('*')] } : {},
        ),
        denyStatement('NoItems', ITEM_READ_ACTIONS),
        denyStatement('NoSecretValues', SECRET_READ_ACTIONS),
        denyStatement('NoProtectionChanges', PROTECTION_CHANGE_ACTIONS),
      ],
    });
    if (props.trailBucket) {
      props.trailBucket.grantRead(auditor);
      acknowledgeBucketGrant(
        auditor,
        props.trailBucket,
        'The auditor reads the log files CloudTrail writes to its bucket, under names CloudTrail chooses.',
      );
    }
    acknowledge(auditor, {
      ruleId: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/SecurityAudit]',
      reason:
        "AWS's SecurityAudit job-function policy reads configuration and metadata of every service, kept current by AWS as services appear; it reads no data, and the auditor's Deny statements refuse object, item and secret reads whatever it grants.",
      basis: { clause: 'DPP 1.2' },
    });
    acknowledgeWideReads(
      policy,
      logGroupArns,
      'Security services list and read findings, events and credential reports without resource-level permissions; a log group is read with all its streams.',
    );
  }

  private grantPlatformAdministration(admin: HumanRole, props: JobFunctionRolesProps): void {
    const { partition, region, account } = Stack.of(this);
    const qualifier = props.cdkBootstrapQualifier ?? 'hnb659fds';
    admin.addManagedPolicy(
      iam.ManagedPolicy.fromAwsManagedPolicyName('job-function/ViewOnlyAccess'),
    );
    const informationRoles = [
      this.fulfillmentOperator,
      this.taxOfficer,
      ...(props.taxArchive.readerRole ? [props.taxArchive.readerRole] : []),
      ...(props.otherInformationRoles ?? []),
    ];
    const policy = new iam.ManagedPolicy(this, 'PlatformAdministratorPolicy', {
      description:
        'Platform administrator: deploy through CDK, operate stacks, read logs; no PII, no secrets',
      roles: [admin],
      statements: [
        new iam.PolicyStatement({
          sid: 'DeployThroughCdkBootstrapRoles',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          resources: [`arn:${partition}:iam::${account}:role/cdk-${qualifier}-*`],
        }),
        new iam.PolicyStatement({
          sid: 'OperateStacks',
          actions: STACK_OPERATIONS,
          resources: [`arn:${partition}:cloudformation:${region}:${account}:stack/*`],
        }),
        new iam.PolicyStatement({
          sid: 'ReadLogs',
          actions: LOG_READ_ACTIONS,
          resources: [logGroupsOfTheAccount(this)],
        }),
        new iam.PolicyStatement({
          sid: 'ReadQueryResults',
          actions: LOG_QUERY_ACTIONS,
          resources: ['*'],
        }),
        denyStatement('NoObjects', OBJECT_READ_ACTIONS),
        denyStatement('NoItems', ITEM_READ_ACTIONS),
        denyStatement('NoSecretValues', SECRET_READ_ACTIONS),
        denyStatement('NoDecryption', KEY_USE_ACTIONS),
        denyStatement('NoProtectionChanges', PROTECTION_CHANGE_ACTIONS),
        denyStatement('NoInformationRoles', ['sts:AssumeRole'], {
          resources: informationRoles.map((r) => r.roleArn),
        }),
      ],
    });
    acknowledge(admin, {
      ruleId:
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/job-function/ViewOnlyAccess]',
      reason:
        "AWS's ViewOnlyAccess job-function policy lists and describes resources of every service, kept current by AWS; it reads no data, and the administrator's Deny statements refuse every read of PII or secrets whatever it grants.",
      basis: { clause: 'DPP 1.3' },
    });
    acknowledgeWideReads(
      policy,
      [
        logGroupsOfTheAccount(this),
        `arn:${partition}:iam::${account}:role/cdk-${qualifier}-*`,
        `arn:${partition}:cloudformation:${region}:${account}:stack/*`,
      ],
      'Logs Insights query calls name no log group; the administrator deploys any stack of the environment through the CDK bootstrap roles (deploy, publishing, lookup) and reads any log group (logs hold no PII, DPP 2.6).',
    );
  }

  private grantBreakGlass(breakGlass: HumanRole): void {
    const policy = new iam.ManagedPolicy(this, 'BreakGlassPolicy', {
      description:
        'Break-glass: everything but the data services, containment on them; no PII, no secrets',
      roles: [breakGlass],
      statements: [
        new iam.PolicyStatement({
          sid: 'EverythingButTheDataServices',
          notActions: DATA_SERVICES,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'ContainmentOnTheDataServices',
          actions: BREAK_GLASS_CONTAINMENT_ACTIONS,
          resources: ['*'],
        }),
        denyStatement('NoObjects', OBJECT_READ_ACTIONS),
        denyStatement('NoItems', ITEM_READ_ACTIONS),
        denyStatement('NoSecretValues', SECRET_READ_ACTIONS),
        denyStatement('NoDecryption', KEY_USE_ACTIONS),
      ],
    });
    acknowledge(policy, {
      ruleId: 'AwsSolutions-IAM5',
      reason:
        'Break-glass is allowed everything but the four data services (a NotAction statement, which cdk-nag cannot read) so that it can act in an emergency; the boundary still caps it, it cannot read PII or secrets, and every assumption alarms.',
      basis: { clause: 'DPP 2.6' },
    });
  }
}

/** Every log group of the stack's account and region. */
function logGroupsOfTheAccount(scope: IConstruct): string {
  const { partition, region, account } = Stack.of(scope);
  return `arn:${partition}:logs:${region}:${account}:log-group:*`;
}

/** Acknowledges the wildcards of CDK's bucket grants on `grantee`: they cover one bucket. */
function acknowledgeBucketGrant(
  grantee: iam.Role,
  bucket: s3.IBucket,
  reason: string,
  extraActions: readonly string[] = [],
): void {
  acknowledge(
    grantee,
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', ...extraActions].map((action) => ({
      ruleId: iam5Action(action),
      reason: `${reason} These are aws-cdk-lib's bucket grant actions, on that bucket only.`,
      basis: { clause: 'DPP 1.3' as const },
    })),
    {
      ruleId: iam5Resource(flattenedReference(grantee, bucket.arnForObjects('*'))),
      reason,
      basis: { clause: 'DPP 1.3' },
    },
    {
      ruleId: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        'The policy belongs to this role alone and is defined and reviewed in this template; a managed policy would grant no less.',
      basis: { clause: 'DPP 1.3' },
    },
  );
}

/** Acknowledges `Resource::*` and the given wildcard resources of a job-function policy. */
function acknowledgeWideReads(
  policy: iam.ManagedPolicy,
  wildcardResources: readonly string[],
  reason: string,
): void {
  acknowledge(
    policy,
    ...['*', ...wildcardResources].map((resource) => ({
      ruleId: iam5Resource(flattenedReference(policy, resource)),
      reason,
      basis: { clause: 'DPP 1.3' as const },
    })),
  );
}
