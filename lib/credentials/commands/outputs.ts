import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CREDENTIALS_OUTPUTS, NO_READERS } from '../names';

/** What the credentials construct exports, read back from the deployed stack. */
export interface CredentialsOutputs {
  readonly lwaSecretArn: string;
  readonly sellingPartnerSecretPrefix: string;
  /** The roles granted reads of selling-partner secrets; empty when none is. */
  readonly sellingPartnerSecretReaderArns: readonly string[];
  readonly credentialsKeyArn: string;
  readonly secretsManagerEndpointId: string;
  readonly adminRoleArn: string;
  readonly newSecretQueueArn: string;
  readonly secretExpiryQueueArn: string;
}

/** The stack is not there, not this account's, or lacks the credentials outputs. */
export class StackOutputsError extends Error {
  override name = 'StackOutputsError';
}

/**
 * Reads the credentials outputs of `stackName`, after checking that the stack is in
 * `expectedAccount` (a profile of another account would write elsewhere).
 */
export async function readCredentialsOutputs(
  cloudformation: CloudFormationClient,
  stackName: string,
  expectedAccount: string,
): Promise<CredentialsOutputs> {
  const described = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
  const stack = described.Stacks?.[0];
  if (!stack) throw new StackOutputsError(`stack ${stackName} was not found`);
  const account = stack.StackId?.split(':')[4];
  if (account !== expectedAccount) {
    throw new StackOutputsError(
      `stack ${stackName} is in account ${account}, but the config names ${expectedAccount}; check your AWS profile`,
    );
  }
  const byKey = new Map((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  const values = {} as Record<keyof typeof CREDENTIALS_OUTPUTS, string>;
  for (const [field, key] of Object.entries(CREDENTIALS_OUTPUTS)) {
    const value = byKey.get(key);
    if (!value) {
      throw new StackOutputsError(
        `stack ${stackName} has no output ${key}; deploy the credentials construct first`,
      );
    }
    values[field as keyof typeof CREDENTIALS_OUTPUTS] = value;
  }
  const readers = values.sellingPartnerSecretReaderArns;
  return {
    ...values,
    sellingPartnerSecretReaderArns:
      readers === NO_READERS
        ? []
        : readers
            .split(',')
            .map((arn) => arn.trim())
            .filter(Boolean),
  };
}
