import { createHash } from 'node:crypto';
import { resourceKey, type LedgerWrite } from '../core/ledger-records.js';

/**
 * The `ClientRequestToken` of one ledger transaction: a hash of what makes the write
 * one logical step (its run, resource, event, the state version it moves from and to,
 * the action status it moves from and to), 32 hex characters (DynamoDB allows 36).
 * A retry of the same transaction carries the same token, so DynamoDB treats a
 * retried commit as the one it already applied (for 10 minutes) instead of running
 * its conditions again. Two different steps never share a token: a run's id is
 * unique, and within a run each step moves a version or a status forward.
 *
 * @example
 * ledgerRequestToken(write) // 'c0ffee...' (32 hex characters), the same for the same write
 */
export function ledgerRequestToken(write: LedgerWrite): string {
  const { event, state, action } = write;
  const parts = [
    event.runId,
    resourceKey(event.ref),
    event.sweep,
    event.type,
    event.at,
    state ? [state.expectedVersion, state.next.version] : null,
    action ? [action.next.actionId, action.expectedStatus, action.next.status] : null,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
