import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { createBaselineApp } from '../../lib/app';
import { BASIS_PATTERN } from '../../lib/nag/acknowledge';
import { loadConfig } from '../../lib/config/load';
import { validateConfig } from '../../lib/config/validate';
import { readAssembly } from '../../lib/report/assembly';
import { recordOfProcessing } from '../../lib/report/record-of-processing';
import { allPackViolations, projectContext } from '../helpers';
import { baselineTestApp } from '../baseline-app';

/** The types whose resources hold data or its keys: prod must retain every one. */
const STATEFUL_TYPES = [
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::Logs::LogGroup',
];

describe('baseline app', () => {
  const { config } = loadConfig();
  const { app, stages } = baselineTestApp(config);
  const prodTemplate = Template.fromStack(stages.prod.baseline);
  const testTemplate = Template.fromStack(stages.test.baseline);

  test('deploys test and prod as separate stacks in their own accounts', () => {
    expect(stages.test.baseline.stackName).toBe('spapi-dpp-test-baseline');
    expect(stages.prod.baseline.stackName).toBe('spapi-dpp-prod-baseline');
    expect(stages.test.baseline.account).toBe('111111111111');
    expect(stages.prod.baseline.account).toBe('222222222222');
    expect(stages.prod.baseline.region).toBe('eu-west-1');
  });

  test('protects prod from termination, not test', () => {
    expect(stages.prod.baseline.terminationProtection).toBe(true);
    expect(stages.test.baseline.terminationProtection).toBe(false);
  });

  test('uses the zones from config without any lookup', () => {
    expect(stages.prod.baseline.availabilityZones).toEqual([
      'eu-west-1a',
      'eu-west-1b',
      'eu-west-1c',
    ]);
    // A context lookup would show up as missing context in the assembly manifest.
    expect(stages.prod.synth().manifest.missing).toBeUndefined();
    expect(stages.test.synth().manifest.missing).toBeUndefined();
  });

  test('holds every capability in each environment', () => {
    for (const template of [prodTemplate, testTemplate]) {
      // Four data classes, the notification queues' key, the security topic's key.
      template.resourceCountIs('AWS::KMS::Key', 6);
      template.resourceCountIs('AWS::EC2::VPC', 1);
      template.resourceCountIs('AWS::NetworkFirewall::Firewall', 1);
      template.resourceCountIs('AWS::Route53Resolver::FirewallRuleGroupAssociation', 1);
      // PII bucket, tax archive, access logs, trail bucket.
      template.resourceCountIs('AWS::S3::Bucket', 4);
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.resourceCountIs('AWS::CloudTrail::Trail', 1);
      template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
      template.resourceCountIs('AWS::IAM::User', 0);
    }
    prodTemplate.resourceCountIs('AWS::GuardDuty::Detector', 1);
    prodTemplate.resourceCountIs('Custom::AccountPasswordPolicy', 1);
  });

  test('puts every role of both environments under the permissions boundary', () => {
    for (const template of [prodTemplate, testTemplate]) {
      const roles = Object.values(template.findResources('AWS::IAM::Role'));
      expect(roles.length).toBeGreaterThan(9);
      for (const role of roles) expect(role.Properties.PermissionsBoundary).toBeDefined();
    }
  });

  test('gives prod a firewall endpoint and NAT gateway per zone, test one', () => {
    prodTemplate.resourceCountIs('AWS::EC2::NatGateway', 3);
    testTemplate.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('admits the SP-API sandbox from test only', () => {
    const hosts = (template: Template) =>
      JSON.stringify(template.findResources('AWS::NetworkFirewall::RuleGroup'));
    expect(hosts(testTemplate)).toContain('sandbox.sellingpartnerapi-eu.amazon.com');
    expect(hosts(prodTemplate)).not.toContain('sandbox.');
    expect(hosts(prodTemplate)).toContain('sellingpartnerapi-eu.amazon.com');
  });

  test('retains every stateful resource of prod; test may destroy as configured', () => {
    for (const type of STATEFUL_TYPES) {
      prodTemplate.allResources(type, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      testTemplate.allResources(type, { DeletionPolicy: 'Delete' });
    }
    prodTemplate.allResourcesProperties('AWS::DynamoDB::Table', {
      DeletionProtectionEnabled: true,
    });
  });

  test('records every acknowledgement, with its basis, in both templates', () => {
    for (const template of [prodTemplate, testTemplate]) {
      const acknowledged = Object.values(template.toJSON().Resources).flatMap(
        (r: any) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
      );
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const { reason } of acknowledged) {
        expect(reason).toMatch(BASIS_PATTERN);
      }
    }
    prodTemplate.hasResource('AWS::DynamoDB::Table', {
      Metadata: {
        cdk_nag: {
          rules_to_suppress: [
            {
              id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
              reason: Match.stringLikeRegexp('^\\[DPP 2\\.1 Data Retention\\] AWS Backup copies'),
            },
          ],
        },
      },
    });
  });

  test('exports what the runbooks need to find the stores', () => {
    for (const output of [
      'PiiTableName',
      'PiiBucketName',
      'TaxArchiveBucketName',
      'DataDeletionRoleArn',
    ]) {
      prodTemplate.hasOutput(output, Match.anyValue());
    }
  });

  test('tags every resource with project and environment', () => {
    const resources = Object.values(prodTemplate.toJSON().Resources ?? {}) as {
      Properties?: { Tags?: unknown };
    }[];
    const tagged = resources.filter((r) => Array.isArray(r.Properties?.Tags));
    expect(tagged.length).toBeGreaterThan(50);
    for (const resource of tagged) {
      expect(resource.Properties?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Project', Value: 'spapi-dpp' },
          { Key: 'Environment', Value: 'prod' },
        ]),
      );
    }
  });

  test("records each environment's PII stores and who may use them, from its templates", () => {
    const { stores } = recordOfProcessing(readAssembly(stages.prod.synth()));
    const operator = 'Prod/Baseline/Access/Roles/FulfillmentOperator';
    const canaryWriter = 'Prod/Baseline/Audit/Canaries/Writer/Role';
    const deletion = 'Prod/Baseline/Data/DeletionRole';
    expect(stores.map((s) => [s.store, s.readers, s.writers, s.deleters])).toEqual([
      [
        'Prod/Baseline/Data/PiiBucket',
        [operator],
        [operator, canaryWriter],
        [canaryWriter, deletion],
      ],
      [
        'Prod/Baseline/Data/PiiTable',
        [operator, canaryWriter, deletion],
        [operator, canaryWriter],
        [operator, canaryWriter, deletion],
      ],
      [
        'Prod/Baseline/Data/TaxArchive',
        // The access capability's tax officer is the archive's one reader.
        ['Prod/Baseline/Access/Roles/TaxOfficer'],
        [],
        [],
      ],
    ]);
    expect(stores.every((s) => s.declared && s.outsideTheAccount.length === 0)).toBe(true);
  });

  test('passes every check of the three packs in both environments', () => {
    const findings = allPackViolations(app).flatMap((v) =>
      v.paths.map((p) => `${v.ruleId} at ${p}`),
    );
    expect(findings).toEqual([]);
  });

  test('works with test and prod in one account: stack names stay distinct', () => {
    const raw = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../../config/baseline.json'), 'utf8'),
    );
    raw.environments.prod = { ...raw.environments.prod, account: raw.environments.test.account };
    // One account has one password policy and one GuardDuty detector per region: prod's.
    raw.environments.test.access = { passwordPolicy: { ownership: 'another-environment' } };
    raw.environments.test.audit.threatDetection = { ownership: 'another-environment' };
    const same = validateConfig(raw);
    const { stages: sameAccount } = createBaselineApp({
      config: same.config,
      context: { ...projectContext(), 'aws:cdk:bundling-stacks': [] },
    });
    const names = [sameAccount.test.baseline, sameAccount.prod.baseline].map(
      (s: Stack) => s.stackName,
    );
    expect(new Set(names).size).toBe(2);
    expect(sameAccount.test.baseline.account).toBe(sameAccount.prod.baseline.account);
  });
});
