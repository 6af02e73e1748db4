import { Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { acknowledge, AcknowledgementError } from '../../../lib/nag/acknowledge';
import { testStack } from '../../helpers';

describe('acknowledge()', () => {
  const stack = testStack();
  const group = new logs.LogGroup(stack, 'Group');

  test('records the reason prefixed with the cited clause', () => {
    acknowledge(group, {
      ruleId: 'DPP-LogGroupEncryptedWithCMK',
      reason: 'The group holds only synthetic canary events with no Information.',
      basis: { clause: 'DPP 2.6' },
    });
    const entry = group.node.metadata.find(
      (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
    );
    expect(Object.values(entry?.data ?? {})).toContain(
      '[DPP 2.6 Logging and Monitoring] The group holds only synthetic canary events with no Information.',
    );
  });

  test('records an engineering basis', () => {
    acknowledge(group, {
      ruleId: 'AwsSolutions-L1',
      reason: 'The runtime of this aws-cdk-lib provider is chosen by the library.',
      basis: { engineering: 'aws-cdk-lib managed custom resource' },
    });
    const entry = group.node.metadata.filter(
      (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
    );
    expect(JSON.stringify(entry)).toContain(
      '[Engineering: aws-cdk-lib managed custom resource] The runtime',
    );
  });

  test('fails if the reason is empty', () => {
    expect(() =>
      acknowledge(group, {
        ruleId: 'AwsSolutions-IAM5',
        reason: '   ',
        basis: { clause: 'DPP 1.3' },
      }),
    ).toThrow(
      new AcknowledgementError(
        'acknowledgement of AwsSolutions-IAM5 on TestStack/Group: reason "   " is empty; say in at least 20 characters why the finding is acceptable here',
      ),
    );
  });

  test('fails if the reason is missing altogether', () => {
    expect(() =>
      acknowledge(group, { ruleId: 'AwsSolutions-IAM5', basis: { clause: 'DPP 1.3' } } as never),
    ).toThrow(/reason "" is empty/);
  });

  test('fails if the reason is too short to judge', () => {
    expect(() =>
      acknowledge(group, { ruleId: 'X-1', reason: 'fine', basis: { clause: 'DPP 1.3' } }),
    ).toThrow(/reason "fine" is too short/);
  });

  test('fails if no basis is given', () => {
    expect(() =>
      acknowledge(group, { ruleId: 'X-1', reason: 'a reason that is long enough' } as never),
    ).toThrow(/it names no basis; give the clause it rests on/);
  });

  test('fails if the basis clause is not in the catalogue', () => {
    expect(() =>
      acknowledge(group, {
        ruleId: 'X-1',
        reason: 'a reason that is long enough',
        basis: { clause: 'DPP 9.9' as never },
      }),
    ).toThrow("basis clause 'DPP 9.9' is not in the clause catalogue");
  });
});
