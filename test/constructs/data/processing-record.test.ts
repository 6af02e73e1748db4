import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PiiField, declareProcessing } from '../../../constructs/data';
import { PROCESSING_METADATA_KEY } from '../../../lib/policy/processing';
import { TEST_ENV, testApp } from '../../helpers';

/** The stores' fields follow what workloads declare (DPP 2.2, issue 12). */
describe('ProcessingRecord', () => {
  const app = testApp();
  const baseline = new Stack(app, 'Baseline', { env: TEST_ENV });
  const shipping = new Stack(app, 'Shipping', { env: TEST_ENV });
  const invoicing = new Stack(app, 'Invoicing', { env: TEST_ENV });
  const bucket = new s3.Bucket(baseline, 'Store');
  const record = declareProcessing(
    bucket,
    { dataset: 'Order documents', fields: [] },
    { storeType: 'S3 bucket', retention: '30 days', disposal: 'lifecycle' },
    ['sellingPartnerId'],
  );
  const address: PiiField = {
    name: 'shippingAddress',
    description: 'Delivery address',
    collectedFrom: 'Orders API getOrderAddress',
    purposes: ['merchant-fulfilled shipping'],
  };
  record.declare(shipping, [address]);
  record.declare(invoicing, [
    { ...address, collectedFrom: 'Invoicing API', purposes: ['tax invoicing'] },
  ]);

  test("the store's metadata is the union of what the workloads declared, however late", () => {
    const metadata = Object.values(Template.fromStack(baseline).findResources('AWS::S3::Bucket'))[0]
      .Metadata[PROCESSING_METADATA_KEY];
    expect(metadata.fields).toEqual([
      {
        name: 'shippingAddress',
        description: 'Delivery address',
        collectedFrom: 'Orders API getOrderAddress; Invoicing API',
        purposes: ['merchant-fulfilled shipping', 'tax invoicing'],
      },
    ]);
  });

  test('fails if a field has a purpose the policies do not allow (from JavaScript, where types do not reach)', () => {
    expect(() =>
      record.declare(shipping, [
        { ...address, name: 'buyerEmail', purposes: ['marketing' as never] },
      ]),
    ).toThrow(
      /has the purpose 'marketing'; PII is kept only for merchant-fulfilled shipping, tax calculation and remittance, tax invoicing \(DPP 2\.1, AUP 4\.1\)/,
    );
    expect(() =>
      record.declare(shipping, [{ ...address, name: 'giftNote', purposes: [] }]),
    ).toThrow(/names no purpose/);
  });

  test('fails if a key attribute is declared as a PII field', () => {
    expect(() => record.declare(shipping, [{ ...address, name: 'sellingPartnerId' }])).toThrow(
      /is a key or expiry attribute of the store, not a PII field/,
    );
  });
});
