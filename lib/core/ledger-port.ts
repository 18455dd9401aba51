import type { ResourceRef } from './finding.js';
import type { ActionRecord, LedgerEvent, LedgerWrite, ResourceState, RunRecord } from './ledger-records.js';

/**
 * The ledger of every finding and action. The engine computes each next state;
 * a ledger only persists it, atomically and conditionally. A write that loses to a
 * concurrent run throws {@link LedgerConflictError}. Core defines this port; the
 * DynamoDB ledger (`lib/ledger`) implements it.
 */
export interface Ledger {
  /** Current states of these resources for `sweep` (absent ones are not in the map), keyed by {@link resourceKey}. */
  getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>>;
  /**
   * Every open finding of `sweep` in `region`, and every state whose owner notice is
   * still undelivered. `accountId`: `undefined` every account's; `null` the
   * deployment's own account's only (refs without `accountId`); an id, that member
   * account's only.
   */
  listOpen(sweep: string, region: string, accountId?: string | null): Promise<ResourceState[]>;
  /** Applies one write atomically; throws `LedgerConflictError` when a condition fails. */
  commit(write: LedgerWrite): Promise<void>;
  getAction(actionId: string): Promise<ActionRecord | undefined>;
  /** A resource's history, oldest first. */
  history(ref: ResourceRef): Promise<LedgerEvent[]>;
  /** Records that an apply-mode run finished (a plain write; no condition). */
  recordRun(run: RunRecord): Promise<void>;
}

/**
 * Read-only queries for reports (the weekly digest). Every query is paged to the
 * end; none scans the table.
 */
export interface ReportingLedger {
  /** As {@link Ledger.listOpen}. */
  listOpen(sweep: string, region: string, accountId?: string | null): Promise<ResourceState[]>;
  /** As {@link Ledger.getStates}. */
  getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>>;
  /** Every action record started before `before` (ISO-8601), oldest first. */
  listActions(before: string): Promise<ActionRecord[]>;
  /** The history events and run records of one ISO week (`2026-W47`), by their time. */
  weekRecords(week: string): Promise<{ events: LedgerEvent[]; runs: RunRecord[] }>;
  /** The first run ever recorded of `sweep` (when it was deployed in apply mode), if any. */
  firstRun(sweep: string): Promise<RunRecord | undefined>;
}
