import type { ResourceRef } from '../core/finding.js';
import type { ActionRecord, LedgerEvent, LedgerWrite, ResourceState } from './records.js';

/**
 * The ledger of every finding and action. The engine computes each next state;
 * a ledger only persists it, atomically and conditionally. A write that loses to a
 * concurrent run throws {@link LedgerConflictError}.
 */
export interface Ledger {
  /** Current states of these resources for `sweep` (absent ones are not in the map), keyed by {@link resourceKey}. */
  getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>>;
  /** Every open finding of `sweep` in `region`, and every state whose owner notice is still undelivered. */
  listOpen(sweep: string, region: string): Promise<ResourceState[]>;
  /** Applies one write atomically; throws `LedgerConflictError` when a condition fails. */
  commit(write: LedgerWrite): Promise<void>;
  getAction(actionId: string): Promise<ActionRecord | undefined>;
  /** A resource's history, oldest first. */
  history(ref: ResourceRef): Promise<LedgerEvent[]>;
}
