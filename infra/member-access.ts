/**
 * What the hub's functions may do to reach member accounts when `config.accounts` is
 * set: `sts:AssumeRole` on the member role (`accounts.roleName`) of the listed accounts
 * only, or, for `source: "organization"`, of any account whose organization is the
 * hub's own (`aws:ResourceOrgID` equal to `${aws:PrincipalOrgID}`); and
 * `ec2:DescribeRegions` for the opt-in region check of the hub's own account.
 */
import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { MEMBER_REGION_CHECK_GRANT } from '../lib/runtime/organization-permissions.js';
import type { AccountsConfig } from '../lib/config/accounts-config.js';

/**
 * The statements, and the cdk-nag acknowledgements their wildcards need on `role`.
 *
 * @example
 * grantMemberAccess(sweepRole, { source: 'list', ids: ['111122223333'], roleName: 'FinOpsAiMember' });
 * // sts:AssumeRole on arn:<partition>:iam::111122223333:role/FinOpsAiMember
 */
export function grantMemberAccess(role: iam.IRole & IConstruct, accounts: AccountsConfig): void {
  const byList = accounts.source === 'list';
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'AssumeMemberRole',
      actions: ['sts:AssumeRole'],
      resources: byList
        ? (accounts.ids ?? []).map((id) => `arn:${Aws.PARTITION}:iam::${id}:role/${accounts.roleName}`)
        : [`arn:${Aws.PARTITION}:iam::*:role/${accounts.roleName}`],
      // A policy variable, kept as written: the role's account must be in the caller's organization.
      ...(byList ? {} : { conditions: { StringEquals: { 'aws:ResourceOrgID': '${aws:PrincipalOrgID}' } } }),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'OptInRegionCheck', actions: [...MEMBER_REGION_CHECK_GRANT.actions], resources: [...MEMBER_REGION_CHECK_GRANT.resources] }),
  );
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ec2:DescribeRegions (the opt-in region check of an account, before its pairs run) supports no resource-level permissions.',
  });
  if (!byList) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${accounts.roleName}]`,
      reason:
        'The member role of every account of the organization (accounts.source "organization"), whose accounts are listed at run time; the aws:ResourceOrgID condition keeps it to the hub organization.',
    });
  }
}
