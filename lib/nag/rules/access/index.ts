import { DppRule } from '../../rule';
import { AccountPasswordPolicyMeetsDpp } from './AccountPasswordPolicyMeetsDpp';
import { IAMNoUserGroupOrAccessKey } from './IAMNoUserGroupOrAccessKey';
import { IAMPolicyNoDataServiceWildcard } from './IAMPolicyNoDataServiceWildcard';
import { IAMRoleHasPermissionsBoundary } from './IAMRoleHasPermissionsBoundary';
import { IAMRoleHumanTrustRequiresMfa } from './IAMRoleHumanTrustRequiresMfa';
import { IAMRoleTrustWithinOrganization } from './IAMRoleTrustWithinOrganization';

/** Identity and access rules, DPP 1.2-1.4, AUP 3.1, 3.9, DUP 3.5, 3.7, 4.8 (one per file in this folder). */
export const ACCESS_RULES: readonly DppRule[] = [
  IAMNoUserGroupOrAccessKey,
  IAMRoleHumanTrustRequiresMfa,
  IAMRoleTrustWithinOrganization,
  IAMRoleHasPermissionsBoundary,
  IAMPolicyNoDataServiceWildcard,
  AccountPasswordPolicyMeetsDpp,
];
