import * as iam from 'aws-cdk-lib/aws-iam';
import { IAMRoleTrustWithinOrganization } from '../../../../lib/nag/rules/access/IAMRoleTrustWithinOrganization';
import { ruleFlags, testStack } from '../../../helpers';

describe('DPP-IAMRoleTrustWithinOrganization', () => {
  const stack = testStack();
  const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
  const role = (id: string, assumedBy: iam.IPrincipal) => new iam.Role(stack, id, { assumedBy });

  test('fails if another account is trusted without the organization', () => {
    const other = role(
      'OtherAccount',
      new iam.AccountPrincipal('999999999999').withConditions(MFA),
    );
    expect(ruleFlags(IAMRoleTrustWithinOrganization, other)).toBe(true);
  });

  test('fails if the only condition pins the principal account, which proves no organization', () => {
    const pinned = role(
      'Pinned',
      new iam.AccountPrincipal('999999999999').withConditions({
        StringEquals: { 'aws:PrincipalAccount': '999999999999' },
      }),
    );
    expect(ruleFlags(IAMRoleTrustWithinOrganization, pinned)).toBe(true);
  });

  test('fails if any principal is trusted, or the organization condition is negated', () => {
    expect(ruleFlags(IAMRoleTrustWithinOrganization, role('Anyone', new iam.AnyPrincipal()))).toBe(
      true,
    );
    const negated = role(
      'Negated',
      new iam.AccountPrincipal('999999999999').withConditions({
        StringNotEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' },
      }),
    );
    expect(ruleFlags(IAMRoleTrustWithinOrganization, negated)).toBe(true);
  });

  test('passes principals of this account', () => {
    expect(
      ruleFlags(IAMRoleTrustWithinOrganization, role('Own', new iam.AccountRootPrincipal())),
    ).toBe(false);
    const sibling = role('Sibling', new iam.ServicePrincipal('lambda.amazonaws.com'));
    expect(
      ruleFlags(
        IAMRoleTrustWithinOrganization,
        role('ByRole', new iam.ArnPrincipal(sibling.roleArn)),
      ),
    ).toBe(false);
  });

  test('passes another account limited to the organization', () => {
    const member = role(
      'Member',
      new iam.AccountPrincipal('999999999999').withConditions({
        StringEquals: { 'aws:PrincipalOrgID': 'o-abcdef1234' },
      }),
    );
    expect(ruleFlags(IAMRoleTrustWithinOrganization, member)).toBe(false);
  });

  test('does not apply to service or federated trust', () => {
    expect(
      ruleFlags(
        IAMRoleTrustWithinOrganization,
        role('Service', new iam.ServicePrincipal('lambda.amazonaws.com')),
      ),
    ).toBe(false);
    const federated = role(
      'Federated',
      new iam.FederatedPrincipal(
        'arn:aws:iam::123456789012:saml-provider/Idp',
        {},
        'sts:AssumeRoleWithSAML',
      ),
    );
    expect(ruleFlags(IAMRoleTrustWithinOrganization, federated)).toBe(false);
  });
});
