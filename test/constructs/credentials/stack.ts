import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SpApiCredentials, SpApiCredentialsProps } from '../../../constructs/credentials';
import { DataClassKeys } from '../../../constructs/keys';
import { BaselineNetwork } from '../../../constructs/network';
import { TEST_AZS, testApp, testStack } from '../../helpers';

/**
 * A stack as an environment's would be: keys, network and the credentials construct,
 * with Lambda bundling skipped (context `aws:cdk:bundling-stacks: []`).
 */
export function credentialsStack(
  overrides: Partial<SpApiCredentialsProps> = {},
  options: { app?: App; id?: string } = {},
) {
  const app = options.app ?? testApp({ 'aws:cdk:bundling-stacks': [] });
  const stack = testStack(options.id ?? 'CredentialsStack', app);
  const keys = new DataClassKeys(stack, 'Keys', {
    projectName: 'spapi-dpp',
    environmentName: 'test',
  });
  const network = new BaselineNetwork(stack, 'Network', {
    vpcCidr: '10.20.0.0/16',
    availabilityZones: TEST_AZS,
    firewallEndpoints: 'single',
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    namePrefix: 'spapi-dpp-test',
  });
  const topic = new sns.Topic(stack, 'Alarms', { enforceSSL: true });
  const credentials = new SpApiCredentials(stack, 'Credentials', {
    projectName: 'spapi-dpp',
    environmentName: 'test',
    credentialsKey: keys.credentials,
    logEncryptionKey: keys.auditLogs,
    logRetentionDays: 365,
    vpc: network.vpc,
    subnets: network.workloadSubnets,
    securityGroup: network.workloadSecurityGroup,
    secretsManagerEndpoint: network.interfaceEndpoints.SecretsManager,
    spApiRegion: 'EU',
    alarmTopic: topic,
    ...overrides,
  });
  return { app, stack: stack as Stack, keys, network, credentials, topic };
}
