/**
 * The pure follow-ups of an effect, once the runner has what the decision could not
 * know: the action record it read, the outcome of the sweep's action, the final
 * record of a resource gone.
 */
import { errorMessage, type NotRestorableError } from './errors.js';
import type { JsonValue } from './finding.js';
import type { ActionRecord, FindingStatus, LedgerWrite, ResourceState } from './ledger-records.js';
import type { ActOutcome, FinalRecord } from './sweep.js';
import { ledgerEvent, leaseFrom, outcome } from './transition-records.js';
import type { Cancellation, Effect, Transition, TransitionSettings } from './transition-types.js';

/** The `act` effect. */
export type ActEffect = Extract<Effect, { kind: 'act' }>;

/** Takes over the action of an `acting` state whose run died (a new lease), then acts again. */
export function resumeAction(resume: Extract<Effect, { kind: 'resume' }>, action: ActionRecord, now: Date, settings: TransitionSettings): Transition {
  const { state, acted } = resume;
  const acting: ResourceState = { ...state, version: state.version + 1, updatedAt: now.toISOString(), leaseUntil: leaseFrom(now, settings) };
  return outcome(state, {
    write: {
      state: { next: acting, expectedVersion: state.version },
      event: ledgerEvent('acting', acting, state.status, action.actionId, 'resuming an action a previous run did not finish', now, settings),
    },
    effect: { kind: 'act', acting, action, acted },
  });
}

/**
 * The sweep's action returned: `done` closes the finding as `acted` (the owner is
 * told); `in-progress` hands the lease back so that a later run calls it again.
 */
export function afterAct(act: ActEffect, result: ActOutcome, now: Date, settings: TransitionSettings): Transition {
  const { acting, action, acted } = act;
  const at = now.toISOString();
  if (result.status === 'in-progress') {
    const waiting: ResourceState = { ...acting, version: acting.version + 1, updatedAt: at, leaseUntil: at };
    return outcome(acting, {
      write: {
        state: { next: waiting, expectedVersion: acting.version },
        action: { next: { ...action, detail: result.detail }, expectedStatus: 'started' },
        event: ledgerEvent('act-progress', waiting, 'acting', action.actionId, result.detail, now, settings),
      },
      finding: { ...acted, decision: 'pending', reason: `${action.reason}; in progress: ${result.detail}`, actAfter: null },
      effect: { kind: 'wait', detail: result.detail },
    });
  }
  const done: ResourceState = { ...acting, status: 'acted', version: acting.version + 1, updatedAt: at, leaseUntil: null, noticePending: 'acted' };
  return outcome(acting, {
    write: {
      state: { next: done, expectedVersion: acting.version },
      action: { next: { ...action, status: 'in-force', actedAt: at, detail: result.detail }, expectedStatus: 'started' },
      event: ledgerEvent('acted', done, 'acting', action.actionId, result.detail, now, settings),
    },
    finding: acted,
    notice: { event: 'acted', finding: acted, state: done },
  });
}

/**
 * The write that records a failed action: the lease is released so that the next
 * run retries at once; the action record stays `started`. The runner commits it
 * best effort and reports the error.
 */
export function releaseLease(act: ActEffect, error: unknown, now: Date, settings: TransitionSettings): LedgerWrite {
  const { acting, action } = act;
  const at = now.toISOString();
  const released: ResourceState = { ...acting, version: acting.version + 1, updatedAt: at, leaseUntil: at };
  return {
    state: { next: released, expectedVersion: acting.version },
    event: ledgerEvent('act-progress', released, 'acting', action.actionId, `failed: ${errorMessage(error)}`, now, settings),
  };
}

/**
 * The sweep refused to act because what a restore needs is missing: never retry;
 * hold the finding as `protected` and tell the owner it is kept.
 */
export function notRestorable(act: ActEffect, error: NotRestorableError): Transition {
  const { acting, acted } = act;
  const why = `not acted on: ${error.message}`;
  const { actionId: _, ...finding } = { ...acted, decision: 'protected' as const, reason: `${acting.reason}; ${why}`, actAfter: null };
  return outcome(acting, { effect: { kind: 'cancel', cancel: { state: acting, to: 'protected', why, hold: true, finding } } });
}

/**
 * Abandons the unfinished action of an `acting` state: the state moves to
 * `cancel.to` and a `started` action record to `cancelled`, in one write. A held
 * cancellation also queues a `protected` notice.
 */
export function cancelAction(cancel: Cancellation, action: ActionRecord | undefined, now: Date, settings: TransitionSettings): Transition {
  const { state, to, why, hold } = cancel;
  const next: ResourceState = {
    ...state,
    status: to,
    version: state.version + 1,
    updatedAt: now.toISOString(),
    actAfter: null,
    leaseUntil: null,
    reason: `${state.reason}; ${why}`,
    hold: hold ? why : null,
    noticePending: hold ? 'protected' : null,
    ...(cancel.decision ? { decision: cancel.decision } : {}),
  };
  const cancelled =
    action?.status === 'started'
      ? { next: { ...action, status: 'cancelled' as const, detail: `cancelled: ${why}` }, expectedStatus: 'started' as const }
      : undefined;
  return outcome(state, {
    write: {
      state: { next, expectedVersion: state.version },
      ...(cancelled ? { action: cancelled } : {}),
      event: ledgerEvent('cancelled', next, state.status, state.actionId, `unfinished action cancelled: ${why}`, now, settings),
    },
    finding: cancel.finding,
    notice: hold && cancel.finding ? { event: 'protected', finding: cancel.finding, state: next } : null,
  });
}

/** Closes an open finding whose resource left the inventory: `gone`, or what the sweep's final record says. */
export function closeGone(state: ResourceState, final: FinalRecord | null, now: Date, settings: TransitionSettings): Transition {
  if (!final) return closeFinding(state, 'gone', 'resource no longer exists', state.evidence, now, settings);
  return closeFinding(state, final.status, final.detail, final.evidence ?? state.evidence, now, settings);
}

/** Closes an open finding as `status` (the history event has the same name). */
export function closeFinding(
  state: ResourceState,
  status: Extract<FindingStatus, 'cleared' | 'adopted' | 'gone' | 'ended'>,
  detail: string,
  evidence: { readonly [key: string]: JsonValue },
  now: Date,
  settings: TransitionSettings,
): Transition {
  const next: ResourceState = {
    ...state,
    status,
    version: state.version + 1,
    updatedAt: now.toISOString(),
    actAfter: null,
    leaseUntil: null,
    noticePending: null,
    evidence,
  };
  return outcome(state, {
    write: { state: { next, expectedVersion: state.version }, event: ledgerEvent(status, next, state.status, null, detail, now, settings) },
  });
}
