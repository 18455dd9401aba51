/**
 * The account one run sweeps: the deployment's own (hub) account, or a member account
 * reached through its role. What the engine does with it: member accounts' resources
 * get `accountId` on their refs (so their ledger keys are apart from every other
 * account's), the own account's resources keep the keys they had before accounts
 * existed, and findings, failures, notices and run records name the account.
 */
import type { ResourceRef } from './finding.js';

/** The account a run sweeps. */
export interface SweptAccount {
  /** The 12-digit id. Absent only for the own account of a run that did not look it up. */
  readonly accountId?: string;
  /** Its name in AWS Organizations, when known. */
  readonly accountName?: string;
  /** `true`: the deployment's own account (its resources' refs carry no `accountId`). */
  readonly own: boolean;
  /** Every resource of the account is protected, and why (`accounts.protectedAccountIds`). */
  readonly protectedBecause?: string;
  /** Every resource of the account is exempt, and why (`accounts.exemptAccountIds`). */
  readonly exemptBecause?: string;
}

/** A run without an account: the own account, not looked up (single-account deployments, as before accounts). */
export const OWN_ACCOUNT: SweptAccount = { own: true };

/**
 * The scope of `Ledger.listOpen` for a run of `account`: `null` (the own account's
 * records, which carry no account) or the member account's id.
 */
export function openScope(account: SweptAccount): string | null {
  return account.own ? null : (account.accountId ?? null);
}

/** `ref` as the ledger keys it for a run of `account`: with `accountId` for a member account, as it is for the own one. */
export function refInAccount(ref: ResourceRef, account: SweptAccount): ResourceRef {
  return account.own || !account.accountId || ref.accountId === account.accountId ? ref : { ...ref, accountId: account.accountId };
}

/**
 * The 12-digit account an ARN names, or `undefined`.
 *
 * @example
 * accountInArn('arn:aws:sagemaker:us-east-1:111122223333:endpoint/e1') // => '111122223333'
 */
export function accountInArn(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];
}

/**
 * How a notice or a table names an account: `name (id)`, or the id alone.
 *
 * @example
 * accountLabel({ accountId: '111122223333', accountName: 'ml-sandbox' }) // => 'ml-sandbox (111122223333)'
 */
export function accountLabel(account: { readonly accountId?: string | undefined; readonly accountName?: string | undefined }): string | undefined {
  if (!account.accountId) return account.accountName;
  return account.accountName ? `${account.accountName} (${account.accountId})` : account.accountId;
}
