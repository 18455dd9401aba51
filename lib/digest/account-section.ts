/**
 * The digest of an organization: which account each line is in, named as Organizations
 * names it, and showback by account beside showback by team. Pure, from ledger records
 * only: the week's run records name the accounts swept (`accountId`, `accountName`, and
 * which one is the deployment's own); a member account's resources carry `accountId` on
 * their refs, the own account's do not (their ledger keys predate accounts) and are
 * given the own account's id here. Without any run record that names an account (a
 * deployment that sweeps its own account only), the digest is unchanged.
 */
import type { ResourceRef } from '../core/finding.js';
import type { RunRecord } from '../core/ledger-records.js';
import { addUsd } from './realized-savings.js';

/** One account's showback row (the same columns as a team's). */
export interface AccountRow {
  readonly accountId: string;
  /** Its name in AWS Organizations, when a run record gave it. */
  readonly accountName: string | null;
  /** The deployment's own (hub) account. */
  readonly own: boolean;
  readonly actions: number;
  readonly realizedUsd: number;
  readonly projectedMonthlyUsd: number;
  readonly pendingCount: number;
  readonly pendingMonthlyUsd: number;
  readonly openRecommendations: number;
  readonly openRecommendationsMonthlyUsd: number;
  /** Runs of the week in this account that failed (some resources, or the whole pair). */
  readonly failedRuns: number;
}

/** The digest's `accounts` section. */
export interface AccountsSection {
  /** Largest first (realized + projected + pending + recommendations), then by id. */
  readonly rows: readonly AccountRow[];
}

/** What a line of the digest says about money, as the team rows read it. */
interface MoneyLine extends Pick<ResourceRef, 'accountId'> {
  readonly realizedUsd?: number | null;
  readonly projectedMonthlyUsd?: number | null;
  readonly tookEffectThisWeek?: boolean;
  readonly monthlyUsd?: number | null;
}

/** Names and the own account, from the week's run records. */
export interface AccountDirectory {
  readonly own: string | null;
  readonly names: ReadonlyMap<string, string>;
  /** `true` when some run record names an account. */
  readonly known: boolean;
}

/** The accounts the week's runs name (the latest name of each wins). */
export function accountDirectory(runs: readonly RunRecord[]): AccountDirectory {
  const names = new Map<string, string>();
  let own: string | null = null;
  for (const run of [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt))) {
    if (!run.accountId) continue;
    if (run.accountName) names.set(run.accountId, run.accountName);
    if (run.ownAccount) own = run.accountId;
  }
  return { own, names, known: runs.some((r) => r.accountId !== undefined) };
}

/**
 * A ref as the digest shows it: with its account (the own account's id for a ref
 * without one) and the account's name, when the directory knows them.
 */
export function namedRef<R extends ResourceRef>(ref: R, directory: AccountDirectory): R & { readonly accountName?: string } {
  if (!directory.known) return ref;
  const accountId = ref.accountId ?? directory.own ?? undefined;
  if (!accountId) return ref;
  const accountName = directory.names.get(accountId);
  return { ...ref, accountId, ...(accountName ? { accountName } : {}) };
}

/**
 * Showback by account over the lines behind the team rows (actions in the team rows,
 * pending findings, open recommendations), with the week's failed runs per account.
 * `undefined` when no run names an account.
 */
export function accountsSection(
  lines: { readonly actions: readonly MoneyLine[]; readonly pending: readonly MoneyLine[]; readonly recommendations: readonly MoneyLine[] },
  runs: readonly RunRecord[],
  directory: AccountDirectory,
): { accounts?: AccountsSection } {
  if (!directory.known) return {};
  type Mutable = { -readonly [K in keyof AccountRow]: AccountRow[K] };
  const rows = new Map<string, Mutable>();
  const row = (accountId: string | undefined) => {
    const id = accountId ?? directory.own ?? 'unknown';
    let r = rows.get(id);
    if (!r) {
      r = {
        accountId: id,
        accountName: directory.names.get(id) ?? null,
        own: id === directory.own,
        actions: 0,
        realizedUsd: 0,
        projectedMonthlyUsd: 0,
        pendingCount: 0,
        pendingMonthlyUsd: 0,
        openRecommendations: 0,
        openRecommendationsMonthlyUsd: 0,
        failedRuns: 0,
      };
      rows.set(id, r);
    }
    return r;
  };
  for (const a of lines.actions) {
    const r = row(a.accountId);
    if (a.tookEffectThisWeek) r.actions++;
    r.realizedUsd = addUsd(r.realizedUsd, a.realizedUsd ?? null);
    r.projectedMonthlyUsd = addUsd(r.projectedMonthlyUsd, a.projectedMonthlyUsd ?? null);
  }
  for (const p of lines.pending) {
    const r = row(p.accountId);
    r.pendingCount++;
    r.pendingMonthlyUsd = addUsd(r.pendingMonthlyUsd, p.monthlyUsd ?? null);
  }
  for (const rec of lines.recommendations) {
    const r = row(rec.accountId);
    r.openRecommendations++;
    r.openRecommendationsMonthlyUsd = addUsd(r.openRecommendationsMonthlyUsd, rec.monthlyUsd ?? null);
  }
  for (const run of runs) if (run.accountId && run.errors > 0) row(run.accountId).failedRuns++;
  const weight = (r: AccountRow) => addUsd(r.realizedUsd, r.projectedMonthlyUsd, r.pendingMonthlyUsd, r.openRecommendationsMonthlyUsd);
  return { accounts: { rows: [...rows.values()].sort((a, b) => weight(b) - weight(a) || a.accountId.localeCompare(b.accountId)) } };
}

/** The records' refs named with {@link namedRef} (the own account's id on refs without one). */
export function namedRecords<
  T extends {
    readonly actions: readonly { readonly ref: ResourceRef }[];
    readonly events: readonly { readonly ref: ResourceRef }[];
    readonly states: readonly { readonly ref: ResourceRef }[];
  },
>(inputs: T, directory: AccountDirectory): T {
  if (!directory.known) return inputs;
  const name = <R extends { readonly ref: ResourceRef }>(record: R): R => ({ ...record, ref: namedRef(record.ref, directory) });
  return { ...inputs, actions: inputs.actions.map(name), events: inputs.events.map(name), states: inputs.states.map(name) };
}
