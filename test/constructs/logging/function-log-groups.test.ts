import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../../lib/config/load';
import { baselineTestApp } from '../../baseline-app';

/**
 * Issue 7 item 10: every function the baseline deploys, aws-cdk-lib's providers
 * included (the default-security-group custom resource), logs to an encrypted log group
 * of the template kept for the audit retention, instead of one Lambda creates on first
 * run, unencrypted and kept forever.
 */
describe('log groups of the functions the baseline deploys', () => {
  const { config } = loadConfig();
  const { stages } = baselineTestApp(config);

  test.each(['test', 'prod'] as const)(
    '%s: every function logs to an encrypted, retained log group',
    (env) => {
      const stack: Stack = stages[env].baseline;
      const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
      const functions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThan(0);
      for (const fn of functions) {
        const target = fn.Properties.LoggingConfig?.LogGroup;
        expect(target).toEqual({ Ref: expect.any(String) });
        const group = resources[target.Ref];
        expect(group.Type).toBe('AWS::Logs::LogGroup');
        expect(group.Properties.KmsKeyId).toBeDefined();
        expect(group.Properties.RetentionInDays).toBe(
          config.environments[env].audit.logRetentionDays,
        );
      }
    },
  );
});
