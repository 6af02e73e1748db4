import { Fn, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { IConstruct } from 'constructs';
import { classify } from '../../../../constructs/data/classification';
import { DATA_STORE_TYPES, DataClassification } from '../../../../lib/policy/classification';
import {
  CMK_CHECKS,
  DataStoreEncryptedWithCMK,
} from '../../../../lib/nag/rules/data/DataStoreEncryptedWithCMK';
import { ruleFlags, ruleOutcome, threw, testStack } from '../../../helpers';

describe('DPP-DataStoreEncryptedWithCMK', () => {
  const stack = testStack();
  const key = new kms.Key(stack, 'PiiKey', { enableKeyRotation: true });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

  const classified = <T extends IConstruct>(
    store: T,
    classification: DataClassification = 'pii',
  ) => {
    classify(store, classification);
    return store;
  };
  const flags = (store: IConstruct) => ruleFlags(DataStoreEncryptedWithCMK, store);

  test('checks every data store type', () => {
    expect(Object.keys(CMK_CHECKS).sort()).toEqual([...DATA_STORE_TYPES].sort());
  });

  describe('S3 buckets', () => {
    test('fails if a pii bucket uses S3-managed keys', () => {
      const bucket = new s3.Bucket(stack, 'S3Managed', {
        encryption: s3.BucketEncryption.S3_MANAGED,
      });
      expect(flags(classified(bucket))).toBe(true);
    });

    test('fails if a confidential bucket uses the AWS-managed key aws/s3', () => {
      const bucket = new s3.Bucket(stack, 'KmsManaged', {
        encryption: s3.BucketEncryption.KMS_MANAGED,
      });
      expect(flags(classified(bucket, 'confidential'))).toBe(true);
    });

    test('fails if a pii bucket names the alias alias/aws/s3', () => {
      const bucket = new s3.CfnBucket(stack, 'AwsAlias', {
        bucketEncryption: {
          serverSideEncryptionConfiguration: [
            {
              serverSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: 'alias/aws/s3',
              },
            },
          ],
        },
      });
      expect(flags(classified(bucket))).toBe(true);
    });

    test('fails if a pii bucket has no encryption configuration', () => {
      expect(flags(classified(new s3.CfnBucket(stack, 'NoEncryption')))).toBe(true);
    });

    test('fails if the encryption algorithm is not known at synth', () => {
      const bucket = new s3.CfnBucket(stack, 'UnknownAlgorithm', {
        bucketEncryption: {
          serverSideEncryptionConfiguration: [
            {
              serverSideEncryptionByDefault: {
                sseAlgorithm: Fn.importValue('AlgorithmFromAnotherStack'),
                kmsMasterKeyId: key.keyArn,
              },
            },
          ],
        },
      });
      expect(ruleOutcome(DataStoreEncryptedWithCMK, classified(bucket))).toEqual(
        threw(
          /^SSEAlgorithm of \S+ is \{"Fn::ImportValue":"AlgorithmFromAnotherStack"\}, not a value known at synth$/,
        ),
      );
    });

    test('passes a pii bucket encrypted with a customer-managed key', () => {
      const bucket = new s3.Bucket(stack, 'Cmk', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
      });
      expect(flags(classified(bucket))).toBe(false);
    });

    test('passes a pii bucket encrypted with a customer alias', () => {
      const bucket = new s3.CfnBucket(stack, 'CustomerAlias', {
        bucketEncryption: {
          serverSideEncryptionConfiguration: [
            {
              serverSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms:dsse',
                kmsMasterKeyId: 'alias/spapi/pii',
              },
            },
          ],
        },
      });
      expect(flags(classified(bucket))).toBe(false);
    });

    test('passes a pii bucket encrypted with a key imported from a keys stack', () => {
      const imported = kms.Key.fromKeyArn(
        stack,
        'ImportedKey',
        Fn.importValue('KeysStack:PiiKeyArn'),
      );
      const bucket = new s3.Bucket(stack, 'ImportedCmk', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: imported,
      });
      expect(flags(classified(bucket))).toBe(false);
    });

    test('does not apply to an internal bucket with S3-managed keys', () => {
      const bucket = new s3.Bucket(stack, 'Internal', {
        encryption: s3.BucketEncryption.S3_MANAGED,
      });
      expect(flags(classified(bucket, 'internal'))).toBe(false);
    });

    test('does not apply to an unclassified bucket', () => {
      const bucket = new s3.Bucket(stack, 'Unclassified', {
        encryption: s3.BucketEncryption.S3_MANAGED,
      });
      expect(flags(bucket)).toBe(false);
    });
  });

  describe('DynamoDB tables', () => {
    const table = (id: string, encryption?: dynamodb.TableEncryption) =>
      new dynamodb.Table(stack, id, {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        encryption,
        encryptionKey: encryption === dynamodb.TableEncryption.CUSTOMER_MANAGED ? key : undefined,
      });

    test('fails if a pii table uses the default AWS-owned key', () => {
      expect(flags(classified(table('Default')))).toBe(true);
    });

    test('fails if a pii table uses the AWS-managed key aws/dynamodb', () => {
      expect(flags(classified(table('AwsManaged', dynamodb.TableEncryption.AWS_MANAGED)))).toBe(
        true,
      );
    });

    test('passes a pii table encrypted with a customer-managed key', () => {
      expect(
        flags(classified(table('CustomerManaged', dynamodb.TableEncryption.CUSTOMER_MANAGED))),
      ).toBe(false);
    });
  });

  describe('SQS queues', () => {
    test('fails if a pii queue uses SQS-managed encryption', () => {
      const queue = new sqs.Queue(stack, 'SqsManaged', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
      });
      expect(flags(classified(queue))).toBe(true);
    });

    test('fails if a pii queue uses the AWS-managed key aws/sqs', () => {
      const queue = new sqs.Queue(stack, 'KmsManagedQueue', {
        encryption: sqs.QueueEncryption.KMS_MANAGED,
      });
      expect(flags(classified(queue))).toBe(true);
    });

    test('passes a pii queue encrypted with a customer-managed key', () => {
      const queue = new sqs.Queue(stack, 'CmkQueue', {
        encryption: sqs.QueueEncryption.KMS,
        encryptionMasterKey: key,
      });
      expect(flags(classified(queue))).toBe(false);
    });
  });

  describe('other stores', () => {
    test('fails if a confidential secret uses the AWS-managed key aws/secretsmanager', () => {
      const secret = new secretsmanager.Secret(stack, 'DefaultSecret');
      expect(flags(classified(secret, 'confidential'))).toBe(true);
    });

    test('passes a confidential secret encrypted with a customer-managed key', () => {
      const secret = new secretsmanager.Secret(stack, 'CmkSecret', { encryptionKey: key });
      expect(flags(classified(secret, 'confidential'))).toBe(false);
    });

    test('fails if a pii stream uses the AWS-managed key aws/kinesis', () => {
      const stream = new kinesis.Stream(stack, 'ManagedStream', {
        encryption: kinesis.StreamEncryption.MANAGED,
      });
      expect(flags(classified(stream))).toBe(true);
    });

    test('passes a pii stream encrypted with a customer-managed key', () => {
      const stream = new kinesis.Stream(stack, 'CmkStream', {
        encryption: kinesis.StreamEncryption.KMS,
        encryptionKey: key,
      });
      expect(flags(classified(stream))).toBe(false);
    });

    test('fails if a pii database instance is encrypted with the AWS-managed key', () => {
      const instance = new rds.DatabaseInstance(stack, 'ManagedKeyDb', {
        engine: rds.DatabaseInstanceEngine.postgres({
          version: rds.PostgresEngineVersion.VER_16,
        }),
        vpc,
        vpcSubnets,
        storageEncrypted: true,
      });
      expect(flags(classified(instance))).toBe(true);
    });

    test('fails if whether the cluster is encrypted is not known at synth', () => {
      const cluster = new rds.CfnDBCluster(stack, 'UnknownCluster', {
        engine: 'aurora-postgresql',
        storageEncrypted: Token.asAny(Fn.importValue('EncryptedFromAnotherStack')),
        kmsKeyId: key.keyArn,
      });
      expect(ruleOutcome(DataStoreEncryptedWithCMK, classified(cluster))).toEqual(
        threw(
          /^StorageEncrypted of \S+ is \{"Fn::ImportValue":"EncryptedFromAnotherStack"\}, not a value known at synth$/,
        ),
      );
    });

    describe('an Aurora cluster encrypted with a customer-managed key', () => {
      const cluster = new rds.DatabaseCluster(stack, 'Aurora', {
        engine: rds.DatabaseClusterEngine.auroraPostgres({
          version: rds.AuroraPostgresEngineVersion.VER_16_4,
        }),
        writer: rds.ClusterInstance.provisioned('Writer'),
        vpc,
        vpcSubnets,
        storageEncryptionKey: key,
      });
      classify(cluster, 'pii');

      test('passes the cluster', () => {
        expect(flags(cluster)).toBe(false);
      });

      test('does not apply to its instances (the cluster holds the storage)', () => {
        expect(flags(cluster.node.findChild('Writer'))).toBe(false);
      });
    });
  });

  test('does not apply to resources that are not data stores', () => {
    expect(flags(key)).toBe(false);
  });
});
