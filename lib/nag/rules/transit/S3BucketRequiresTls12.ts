import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { DppRule, cfnProperty } from '../../rule';
import {
  Statement,
  conditionValues,
  coversAction,
  isAnyPrincipal,
  statementsOf,
} from '../../policy';
import { refersTo, resourcesReferringTo } from '../../template';

/** The lowest TLS version S3 may accept. */
const MIN_TLS_VERSION = 1.2;

/** Whether `value` is IAM's false (`false` or `"false"`). */
function isFalse(value: unknown): boolean {
  return String(value).toLowerCase() === 'false';
}

/** The number of condition keys a statement carries, across all operators. */
function conditionKeyCount(statement: Statement): number {
  return Object.values(statement.condition).reduce(
    (count, keys) => count + Object.keys(keys ?? {}).length,
    0,
  );
}

/**
 * Whether a statement denies every S3 action on `bucket` to everyone under exactly one
 * condition key. A further condition would narrow the deny (conditions are ANDed).
 */
function isBlanketDeny(statement: Statement, bucket: CfnResource): boolean {
  return (
    statement.effect === 'Deny' &&
    isAnyPrincipal(statement.principal) &&
    !statement.notAction &&
    coversAction(statement, 's3:*') &&
    refersTo(statement.resources, bucket) &&
    conditionKeyCount(statement) === 1
  );
}

function deniesPlainHttp(statement: Statement): boolean {
  return conditionValues(statement, ['Bool', 'BoolIfExists'], 'aws:SecureTransport').some(isFalse);
}

function deniesOldTls(statement: Statement): boolean {
  return conditionValues(
    statement,
    ['NumericLessThan', 'NumericLessThanIfExists'],
    's3:TlsVersion',
  ).some((version) => Number(version) >= MIN_TLS_VERSION);
}

/**
 * DPP 1.5: Information in transit is encrypted with TLS 1.2 or later. S3 accepts
 * plain HTTP and, on some endpoints, older TLS unless the bucket policy denies them,
 * so the bucket's policy must deny, for everyone and every S3 action, both requests
 * without TLS (`aws:SecureTransport` false) and requests below TLS 1.2
 * (`s3:TlsVersion`). They must be separate statements: a request without TLS carries
 * no `s3:TlsVersion`, so a single statement with both conditions never denies it.
 */
export const S3BucketRequiresTls12: DppRule = {
  name: 'S3BucketRequiresTls12',
  clauses: ['DPP 1.5'],
  finding:
    'The bucket policy does not deny requests without TLS and requests below TLS 1.2 to every principal. Set enforceSSL: true and minimumTLSVersion: 1.2.',
  check(node: CfnResource) {
    if (node.cfnResourceType !== 'AWS::S3::Bucket') return NagRuleCompliance.NOT_APPLICABLE;
    const denies = resourcesReferringTo(node, 'AWS::S3::BucketPolicy', 'Bucket')
      .flatMap((policy) => statementsOf(cfnProperty(policy, 'PolicyDocument')))
      .filter((statement) => isBlanketDeny(statement, node));
    return denies.some(deniesPlainHttp) && denies.some(deniesOldTls)
      ? NagRuleCompliance.COMPLIANT
      : NagRuleCompliance.NON_COMPLIANT;
  },
};
