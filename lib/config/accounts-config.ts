/**
 * The `accounts` section: which accounts of an organization the sweeps cover, and how
 * the hub reaches them (the member role's name and external id). Without it, every
 * sweep covers the deployment's own account only, as before accounts existed.
 */
import * as z from 'zod/mini';
import type { ConfigIssue } from '../core/errors.js';

/** The member role's default name (the `FinOpsAiMemberRole` construct's). */
export const DEFAULT_MEMBER_ROLE_NAME = 'FinOpsAiMember';

const ACCOUNT_ID = /^\d{12}$/;
/** An organization's root (`r-...`) or an organizational unit (`ou-...-...`). */
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
/** IAM role names: 1-64 of letters, digits and `+=,.@_-`. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** STS external ids: 2-1224 of letters, digits and `+=,.@:/_-`. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** A 12-digit AWS account id; anything else is refused with the value it got. */
export const AccountIdSchema = z
  .string()
  .check(z.refine((value) => ACCOUNT_ID.test(value), { error: (issue) => `"${String(issue.input)}" is not a 12-digit AWS account id` }));

const AccountIdsSchema = z.array(AccountIdSchema).check(z.minLength(1));

/** Config of `accounts`. */
export const AccountsConfigSchema = z.strictObject({
  /** `organization`: every ACTIVE account AWS Organizations lists; `list`: the accounts in `ids`. */
  source: z.enum(['organization', 'list']),
  /** The accounts to sweep (`list` only; required there). */
  ids: z.optional(AccountIdsSchema),
  /**
   * `organization` only: the accounts under these organizational units (`ou-...`) or
   * root (`r-...`), nested OUs included. @default - every account of the organization
   */
  organizationalUnits: z.optional(
    z
      .array(
        z.string().check(
          z.refine((value) => PARENT_ID.test(value), {
            error: (issue) => `"${String(issue.input)}" is not an organizational unit id (ou-...) or root id (r-...)`,
          }),
        ),
      )
      .check(z.minLength(1)),
  ),
  /** Accounts never swept (skipped and reported). @default [] */
  excludeIds: z.optional(AccountIdsSchema),
  /** The role the hub assumes in each member account. @default 'FinOpsAiMember' */
  roleName: z._default(
    z.string().check(z.refine((value) => ROLE_NAME.test(value), { error: (issue) => `"${String(issue.input)}" is not an IAM role name` })),
    DEFAULT_MEMBER_ROLE_NAME,
  ),
  /** The external id the member role's trust policy requires. @default - none */
  externalId: z.optional(
    z.string().check(z.refine((value) => EXTERNAL_ID.test(value), { error: 'must be 2-1224 characters of letters, digits and +=,.@:/_-' })),
  ),
  /**
   * Accounts whose every resource is protected (e.g. production): reported and its
   * owner told, never acted on unless a sweep sets `actOnProtected`, as a resource
   * tagged with a protected environment. @default []
   */
  protectedAccountIds: z.optional(AccountIdsSchema),
  /** Accounts whose every resource is exempt: reported, never acted on, no notice. @default [] */
  exemptAccountIds: z.optional(AccountIdsSchema),
});

/** The resolved `accounts` section. */
export type AccountsConfig = z.output<typeof AccountsConfigSchema>;

/**
 * What the schema alone does not say: `list` needs `ids` and takes no
 * `organizationalUnits`; `organization` takes no `ids`; an account listed twice, or
 * both swept and excluded, is named.
 */
export function accountsConfigIssues(accounts: AccountsConfig | undefined): ConfigIssue[] {
  if (!accounts) return [];
  const issues: ConfigIssue[] = [];
  if (accounts.source === 'list' && !accounts.ids) issues.push({ field: 'accounts.ids', message: 'source "list" needs the account ids to sweep' });
  if (accounts.source === 'list' && accounts.organizationalUnits)
    issues.push({ field: 'accounts.organizationalUnits', message: 'only with source "organization" (source "list" sweeps accounts.ids)' });
  if (accounts.source === 'organization' && accounts.ids)
    issues.push({
      field: 'accounts.ids',
      message: 'only with source "list" (source "organization" lists the accounts; narrow it with organizationalUnits or excludeIds)',
    });
  for (const key of ['ids', 'excludeIds', 'protectedAccountIds', 'exemptAccountIds'] as const) {
    const seen = new Map<string, number>();
    (accounts[key] ?? []).forEach((id, i) => {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, i);
      else issues.push({ field: `accounts.${key}.${String(i)}`, message: `"${id}" is already listed at accounts.${key}.${String(first)}` });
    });
  }
  const excluded = new Set(accounts.excludeIds ?? []);
  (accounts.ids ?? []).forEach((id, i) => {
    if (excluded.has(id)) issues.push({ field: `accounts.ids.${String(i)}`, message: `"${id}" is also in accounts.excludeIds` });
  });
  return issues;
}
