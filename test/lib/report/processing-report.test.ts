import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { classify, declareProcessing } from '../../../constructs/data';
import { DataClassKeys } from '../../../constructs/keys';
import { Assembly, readAssembly } from '../../../lib/report/assembly';
import { processingMarkdown } from '../../../lib/report/processing-report';
import {
  ProcessingRecord,
  RecordOfProcessing,
  StoreAccess,
  recordOfProcessing,
} from '../../../lib/report/record-of-processing';
import {
  PII_BUCKET_DECLARATION,
  PII_TABLE_DECLARATION,
  TAX_ARCHIVE_DECLARATION,
} from '../../fixtures/processing-declarations';
import { testApp, testStack } from '../../helpers';
import { baselineData } from '../../constructs/data/fixture';

/**
 * The record of processing read from a synthesized assembly: the baseline's data stores
 * and the ways a careless or hostile engineer could grant access to them, each of
 * which must show in the record.
 */

const BUCKET_FIELDS = PII_BUCKET_DECLARATION.fields.map((f) => f.name);

function role(stack: Stack, id: string): iam.Role {
  return new iam.Role(stack, id, {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
}

function buildApp() {
  const app = testApp({ '@aws-cdk/core:failSynthOnValidationErrors': false });
  app.node.setContext('aws:cdk:bundling-stacks', []);
  const stack = testStack('Data', app);
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'test',
  });
  const data = baselineData(stack, keys, {
    piiTable: PII_TABLE_DECLARATION,
    piiBucket: PII_BUCKET_DECLARATION,
    taxArchive: TAX_ARCHIVE_DECLARATION,
  });

  // Through the stores' own grants.
  const workload = role(stack, 'Workload');
  const grants = {
    bucketRead: data.piiBucket.grantRead(workload),
    tableRead: data.piiTable.grantReadData(workload),
    tableWrite: data.piiTable.grantWriteData(workload),
  };
  const shipper = role(stack, 'Shipper');
  data.piiBucket.grantWrite(shipper);

  // Around them: on the underlying L2, by hand, by wildcard, by NotResource.
  data.piiBucket.bucket.grantRead(role(stack, 'Direct'));
  new iam.Policy(stack, 'WildcardPolicy', {
    roles: [role(stack, 'Wildcard')],
    statements: [
      new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::*/*'] }),
    ],
  });
  new iam.Policy(stack, 'NotResourcePolicy', {
    roles: [role(stack, 'AllButOne')],
    statements: [
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        notResources: ['arn:aws:s3:::other/*'],
      }),
    ],
  });
  const named = new iam.Policy(stack, 'NamedPatternPolicy', {
    roles: [role(stack, 'ByStackName')],
    statements: [
      new iam.PolicyStatement({
        actions: ['dynamodb:Scan'],
        resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/Data-DataPiiTable*'],
      }),
    ],
  });
  named.node.addDependency(data);
  role(stack, 'NoKey').addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [data.piiBucket.bucket.arnForObjects('*')],
    }),
  );
  for (const [id, attributes] of [
    ['KeysOnly', ['sellingPartnerId', 'recordId']],
    ['NamesOnly', ['sellingPartnerId', 'recordId', 'shipToName']],
  ] as const) {
    role(stack, id).addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [data.piiTable.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:Attributes': attributes } },
      }),
    );
  }
  data.taxArchive.bucket.grantRead(role(stack, 'ArchiveSnooper'));
  data.piiBucket.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      principals: [new iam.AccountPrincipal('999999999999')],
      resources: [data.piiBucket.bucket.arnForObjects('*')],
    }),
  );

  // A PII bucket of someone's own making: undeclared, and shared with another account.
  const homemade = new s3.Bucket(stack, 'Homemade', { enforceSSL: true });
  classify(homemade, 'pii');
  homemade.grantRead(new iam.AccountPrincipal('999999999999'));
  const declared = new s3.Bucket(stack, 'Declared', {
    encryptionKey: new kms.Key(stack, 'DelegatingKey', { enableKeyRotation: true }),
  });
  declared.grantRead(role(stack, 'DeclaredReader'));
  classify(declared, 'pii');
  declareProcessing(declared, PII_BUCKET_DECLARATION, {
    storeType: 'S3 bucket',
    retention: '30 days',
    disposal: 'Lifecycle expiry',
  });
  declared.grantRead(new iam.AnyPrincipal());

  // From another stack of the app, through the stack's exports.
  const other = testStack('Workloads', app);
  role(other, 'Reporter').addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:Query', 'kms:Decrypt'],
      resources: [data.piiTable.table.tableArn, keys.pii.keyArn],
    }),
  );

  return { app, data, grants };
}

describe('record of processing', () => {
  let built: ReturnType<typeof buildApp>;
  let assembly: Assembly;
  let record: RecordOfProcessing;
  const store = (name: string): ProcessingRecord =>
    record.stores.find((s) => s.store === `Data/${name}`)!;
  const access = (storeName: string, principal: string): StoreAccess | undefined =>
    store(storeName).access.find((a) => a.principal === principal);

  beforeAll(() => {
    built = buildApp();
    assembly = readAssembly(built.app.synth());
    record = recordOfProcessing(assembly);
  });

  test('lists every store tagged as PII, declared or not', () => {
    expect(record.stores.map((s) => [s.store, s.storeType, s.declared])).toEqual([
      ['Data/Data/PiiBucket', 'S3 bucket', true],
      ['Data/Data/PiiTable', 'DynamoDB table', true],
      ['Data/Data/TaxArchive', 'S3 bucket (Glacier Deep Archive, Object Lock)', true],
      ['Data/Declared', 'S3 bucket', true],
      ['Data/Homemade', 'AWS::S3::Bucket', false],
    ]);
  });

  test('keeps what each store declares: fields, purposes, retention and disposal', () => {
    const table = store('Data/PiiTable');
    expect(table.fields).toEqual(PII_TABLE_DECLARATION.fields);
    expect(table.retention).toBe(
      '30 days after order delivery, point-in-time backups included (DPP 2.1)',
    );
    expect(table.disposal).toMatch(/^TTL on expiresAt at delivery \+ 21 days/);
    expect(table.sharedWith).toEqual([]);
  });

  test("lists the stores' own grants, key grants included", () => {
    expect(access('Data/PiiBucket', 'Data/Workload')).toMatchObject({
      can: ['read', 'list'],
      readsFields: BUCKET_FIELDS,
      decrypts: true,
    });
    expect(access('Data/PiiBucket', 'Data/Shipper')?.can).toEqual(['write']);
    expect(store('Data/TaxArchive').readers).toEqual(['Data/Data/TaxArchive/ReaderRole']);
  });

  test('fails if a grant made on the underlying bucket is missing', () => {
    expect(access('Data/PiiBucket', 'Data/Direct')).toMatchObject({
      kind: 'role',
      assumedBy: ['service ecs-tasks.amazonaws.com'],
      can: ['read', 'list'],
      readsFields: BUCKET_FIELDS,
      decrypts: true,
      through: ['identity policy Data/Direct/DefaultPolicy'],
    });
  });

  test('fails if a wildcard, NotResource or name-pattern grant is missing', () => {
    expect(access('Data/PiiBucket', 'Data/Wildcard')?.can).toEqual(['read']);
    expect(access('Data/TaxArchive', 'Data/Wildcard')).toBeUndefined(); // only its reader role may read
    expect(access('Data/PiiBucket', 'Data/AllButOne')?.can).toEqual(['read']);
    expect(access('Data/PiiTable', 'Data/ByStackName')?.can).toEqual(['read']);
  });

  test('fails if a read is recorded as a write, or a deletion as a read', () => {
    expect(access('Data/PiiBucket', 'Data/Data/DeletionRole')?.can).toEqual(['delete', 'list']);
    // Its Query projects the key attributes only, and its DeleteItem returns nothing: it
    // reads the keys of a partner's items, no field of the declaration, and writes nothing.
    expect(access('Data/PiiTable', 'Data/Data/DeletionRole')).toMatchObject({
      can: ['read', 'delete'],
      readsFields: [],
      decrypts: true,
    });
    // PutItem and UpdateItem can return the item they replace.
    expect(access('Data/PiiTable', 'Data/Workload')?.can).toEqual(['read', 'write', 'delete']);
  });

  test('reads the fields a DynamoDB grant limits itself to', () => {
    expect(access('Data/PiiTable', 'Data/KeysOnly')?.readsFields).toEqual([]);
    expect(access('Data/PiiTable', 'Data/NamesOnly')?.readsFields).toEqual(['shipToName']);
  });

  test('says when a reader cannot decrypt with the store key', () => {
    expect(access('Data/PiiBucket', 'Data/NoKey')).toMatchObject({
      can: ['read'],
      decrypts: false,
    });
  });

  test('leaves out what a resource policy denies to everyone but the principals it names', () => {
    expect(access('Data/TaxArchive', 'Data/ArchiveSnooper')?.can).toEqual(['list']);
    // The PII bucket refuses other accounts whatever its policy allows.
    expect(store('Data/PiiBucket').outsideTheAccount).toEqual([]);
  });

  test('fails if access granted outside the account is missing', () => {
    expect(store('Homemade').outsideTheAccount).toEqual(['account 999999999999']);
    expect(store('Declared').outsideTheAccount).toEqual(['any principal']);
  });

  test('fails if a grant from another stack of the app is missing', () => {
    // Its kms:Decrypt in IAM counts for nothing: the data-class key does not delegate to IAM.
    expect(access('Data/PiiTable', 'Workloads/Reporter')).toMatchObject({
      can: ['read'],
      decrypts: false,
    });
  });

  test("each store's grant returns one Grant with its key statements", () => {
    // A data-class key names its grantees in its key policy: a resource statement.
    const actionsOf = (grant: iam.Grant) =>
      [...grant.principalStatements, ...grant.resourceStatements].flatMap(
        (s) => s.toStatementJson().Action,
      );
    expect(actionsOf(built.grants.bucketRead)).toEqual(expect.arrayContaining(['kms:Decrypt']));
    expect(actionsOf(built.grants.tableRead)).toEqual(
      expect.arrayContaining(['dynamodb:Query', 'kms:Decrypt']),
    );
    expect(actionsOf(built.grants.tableWrite)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'kms:Encrypt']),
    );
  });

  test('renders a section per store with its fields, retention and access', () => {
    const markdown = processingMarkdown(record);
    expect(markdown).toContain('## Data/Data/PiiTable');
    expect(markdown).toContain(
      '| shipToPhone | Phone number of the recipient, for the carrier | Orders API getOrderAddress, obtained with a restricted data token | merchant-fulfilled shipping |',
    );
    expect(markdown).toContain(
      '- Retention: 30 days after order delivery, point-in-time backups included (DPP 2.1)',
    );
    expect(markdown).toContain('- Shared with: no one outside the company');
    expect(markdown).toContain(
      "| Data/NamesOnly (role, assumed by service ecs-tasks.amazonaws.com) | read | shipToName (cannot decrypt: the store's key does not let it) | identity policy Data/NamesOnly/DefaultPolicy (if dynamodb:Attributes) |",
    );
    expect(markdown).toContain('- Granted outside the account: account 999999999999');
    expect(markdown).toContain(
      'not declared: the store carries no spapi-dpp:record-of-processing metadata',
    );
  });

  test('renders under the title it is given, one per environment in the compliance report', () => {
    expect(processingMarkdown(record, 'Record of processing: Test')).toMatch(
      /^# Record of processing: Test\n/,
    );
    expect(processingMarkdown(record)).toMatch(
      /^# Record of processing activities \(DPP 2\.2 Data Governance\)\n/,
    );
  });
});
