import { clauseCoverage } from '../../../lib/report/clause-coverage';

describe('clause coverage of the credentials capability', () => {
  const status = (id: string) => clauseCoverage().find((c) => c.clause.id === id);

  test('AUP 3.1 and DUP 3.4 are checked by the credentials rules', () => {
    expect(status('AUP 3.1')).toMatchObject({
      status: 'checked',
      ruleIds: expect.arrayContaining([
        'DPP-SecretEncryptedWithCMK',
        'DPP-SecretReadersRestricted',
        'DPP-SpApiNotificationQueueEncryptedWithCMK',
      ]),
    });
    expect(status('DUP 3.4')).toMatchObject({
      status: 'checked',
      ruleIds: expect.arrayContaining(['DPP-SecretRotationAtMost90Days']),
    });
  });

  test('DPP 1.4 is checked for system credentials and personnel passwords alike', () => {
    expect(status('DPP 1.4')?.ruleIds).toEqual(
      expect.arrayContaining([
        'DPP-SecretRotationAtMost90Days',
        'DPP-AccountPasswordPolicyMeetsDpp',
      ]),
    );
  });

  test('AUP 3.5 is supported: rotations are successful calls, recorded by Secrets Manager', () => {
    expect(status('AUP 3.5')?.status).toBe('supported');
  });
});
