import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { DATA_CLASSIFICATION_TAG, classify } from '../../../../constructs/data/classification';
import { PiiTable } from '../../../../constructs/data/pii-table';
import { DataClassKeys } from '../../../../constructs/keys';
import { PiiTablePrivateToVpc } from '../../../../lib/nag/rules/data/PiiTablePrivateToVpc';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-PiiTablePrivateToVpc', () => {
  const stack = testStack();
  const ENDPOINT = 'vpce-0fedcba9876543210';
  const partitionKey = { name: 'sellingPartnerId', type: dynamodb.AttributeType.STRING };
  const ALL_ITEM_ACTIONS = [
    'dynamodb:*Item',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:PartiQL*',
  ];
  const outsideVpc = { StringNotEquals: { 'aws:SourceVpce': ENDPOINT } };
  const deny = (
    actions: string[],
    conditions?: Record<string, unknown>,
    principal?: iam.IPrincipal,
  ) =>
    new iam.PolicyStatement({
      effect: iam.Effect.DENY,
      principals: [principal ?? new iam.AnyPrincipal()],
      actions,
      resources: ['*'],
      conditions,
    });
  const denyExport = deny(['dynamodb:ExportTableToPointInTime']);
  const piiTable = (id: string, statements: iam.PolicyStatement[]) => {
    const table = new dynamodb.Table(stack, id, {
      partitionKey,
      resourcePolicy: statements.length ? new iam.PolicyDocument({ statements }) : undefined,
    });
    classify(table, 'pii');
    return table;
  };
  const flags = (table: IConstruct) => ruleFlags(PiiTablePrivateToVpc, table);

  test('fails if a PII table has no resource policy (anyone with credentials, from anywhere)', () => {
    expect(flags(piiTable('NoPolicy', []))).toBe(true);
  });

  test('fails if the VPC deny leaves reads out', () => {
    const writesOnly = deny(
      ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      outsideVpc,
    );
    expect(flags(piiTable('WritesOnly', [writesOnly, denyExport]))).toBe(true);
  });

  test('fails if PartiQL is left out', () => {
    const noPartiQl = deny(['dynamodb:*Item', 'dynamodb:Query', 'dynamodb:Scan'], outsideVpc);
    expect(flags(piiTable('NoPartiQl', [noPartiQl, denyExport]))).toBe(true);
  });

  test('fails if the table can still be exported', () => {
    expect(flags(piiTable('Exportable', [deny(ALL_ITEM_ACTIONS, outsideVpc)]))).toBe(true);
    const exportOutsideOnly = deny(['dynamodb:ExportTableToPointInTime'], outsideVpc);
    expect(
      flags(piiTable('ExportInside', [deny(ALL_ITEM_ACTIONS, outsideVpc), exportOutsideOnly])),
    ).toBe(true);
  });

  test('fails if the deny exempts a wildcard of roles', () => {
    const wildcard = deny(ALL_ITEM_ACTIONS, {
      ...outsideVpc,
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/*' },
    });
    expect(flags(piiTable('WildcardExempt', [wildcard, denyExport]))).toBe(true);
  });

  test('fails if the deny applies to one principal only', () => {
    const one = deny(ALL_ITEM_ACTIONS, outsideVpc, new iam.AccountRootPrincipal());
    expect(flags(piiTable('OnePrincipal', [one, denyExport]))).toBe(true);
  });

  test('fails if the deny conditions on another key than the endpoint', () => {
    const other = deny(ALL_ITEM_ACTIONS, { StringNotEquals: { 'aws:PrincipalAccount': '1' } });
    expect(flags(piiTable('OtherKey', [other, denyExport]))).toBe(true);
  });

  test('fails if a replica of a PII global table has no such policy', () => {
    const table = new dynamodb.TableV2(stack, 'Global', {
      partitionKey,
      tags: [{ key: DATA_CLASSIFICATION_TAG, value: 'pii' }],
    });
    expect(flags(table)).toBe(true);
  });

  test('passes every item action denied outside the endpoint, named roles exempt, export denied', () => {
    const deletion = `arn:aws:iam::123456789012:role/deletion`;
    const statements = [
      deny(ALL_ITEM_ACTIONS, { ...outsideVpc, ArnNotEquals: { 'aws:PrincipalArn': deletion } }),
      denyExport,
    ];
    expect(flags(piiTable('Private', statements))).toBe(false);
  });

  test("passes the baseline's PII table", () => {
    const keys = new DataClassKeys(stack, 'Keys', { projectName: 'p', environmentName: 'e' });
    const table = new PiiTable(stack, 'Baseline', {
      encryptionKey: keys.pii,
      retentionDays: 30,
      pitrRecoveryPeriodDays: 7,
      vpcEndpoints: [ec2.GatewayVpcEndpoint.fromGatewayVpcEndpointId(stack, 'Ep', ENDPOINT)],
      processing: { dataset: 'orders', fields: [] },
    });
    expect(flags(table.table)).toBe(false);
  });

  test('does not apply to an unclassified table', () => {
    expect(flags(new dynamodb.Table(stack, 'Unclassified', { partitionKey }))).toBe(false);
  });
});
