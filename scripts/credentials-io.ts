import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConfig } from '../lib/config/load';
import { CommandIo } from '../lib/credentials/commands/io';

/**
 * The commands' world when run by a person: AWS clients with the default credential
 * chain (AWS_PROFILE) in the environment's region, the project config, the terminal.
 */
export const nodeIo: CommandIo = {
  createClients: (region) => ({
    secrets: new SecretsManagerClient({ region }),
    cloudformation: new CloudFormationClient({ region }),
  }),
  environment: (name, configFile) => {
    const { config } = loadConfig(configFile);
    const environment = config.environments[name];
    return {
      projectName: config.projectName,
      environmentName: name,
      account: environment.account,
      region: environment.region,
    };
  },
  stdin: process.stdin,
  out: (text) => console.log(text),
  err: (text) =>
    process.stderr.write(text.endsWith('\n') || text.endsWith(': ') ? text : `${text}\n`),
};
