/**
 * What the ledger records about owner notices: a delivered notice, and an
 * undelivered one sent again.
 */
import type { LedgerWrite, ResourceState } from './ledger-records.js';
import { findingFromState, ledgerEvent, noticeOverdue, outcome } from './transition-records.js';
import type { QueuedNotice, Transition, TransitionSettings } from './transition-types.js';

/**
 * The write that records a delivered notice: a warning (`pending`) or a flag's
 * notice sets `warnedAt` (the action may follow the grace period; the next reminder
 * counts from it); an `acted`/`protected` notice clears `noticePending`.
 */
export function noticeDelivered(queued: QueuedNotice, now: Date, settings: TransitionSettings): LedgerWrite {
  const { state, event } = queued;
  const detail = `owner ${state.owner} notified (${event})`;
  if (event === 'pending' || state.status === 'flagged') {
    const warned: ResourceState = { ...state, version: state.version + 1, warnedAt: now.toISOString() };
    return { state: { next: warned, expectedVersion: state.version }, event: ledgerEvent('warned', warned, state.status, null, detail, now, settings) };
  }
  const delivered: ResourceState = { ...state, version: state.version + 1, noticePending: null };
  return {
    state: { next: delivered, expectedVersion: state.version },
    event: ledgerEvent('notified', delivered, state.status, state.actionId, detail, now, settings),
  };
}

/**
 * A closed finding still listed because its `acted` notice was not delivered: send
 * it again (apply mode), unless it was written moments ago (its run is sending it).
 */
export function resendOverdueNotice(state: ResourceState, now: Date, settings: TransitionSettings): Transition {
  if (settings.mode !== 'apply' || !state.noticePending || !state.actionId || !noticeOverdue(state, now, settings)) return outcome(state);
  const finding = findingFromState(state, 'acted', state.actionId);
  return outcome(state, { notice: { event: state.noticePending, finding, state } });
}
