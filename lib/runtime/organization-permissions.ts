/**
 * The IAM the organization runtime needs beyond each sweep's own grants, for the
 * infrastructure to grant: the pairs Lambda lists accounts, every hub Lambda that runs
 * a pair (and the operator's restore) assumes the member role, and the member role lets
 * the hub check which opt-in regions the account has enabled. Placeholders as in the
 * sweeps' grants: `{partition}`; `*` for the member accounts.
 */
import type { IamGrant } from '../core/sweep-parts.js';

/** The pairs Lambda (in the management or delegated administrator account): which accounts, and which are ACTIVE. */
export const LIST_ACCOUNTS_GRANT: IamGrant = {
  actions: ['organizations:ListAccounts', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
  resources: ['*'],
};

/** The hub's pair-running Lambdas and the operator's restore: the member role in any account, by name. */
export function assumeMemberRoleGrant(roleName: string): IamGrant {
  return { actions: ['sts:AssumeRole'], resources: [`arn:{partition}:iam::*:role/${roleName}`] };
}

/** The member role, besides the sweeps' read (and apply-mode act) grants: the opt-in check of regions. */
export const MEMBER_REGION_CHECK_GRANT: IamGrant = { actions: ['ec2:DescribeRegions'], resources: ['*'] };
