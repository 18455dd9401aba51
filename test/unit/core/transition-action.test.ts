import { describe, expect, it } from 'vitest';
import { NotRestorableError } from '../../../lib/core/errors.js';
import type { ActionRecord } from '../../../lib/core/ledger-records.js';
import { afterAct, cancelAction, closeGone, notRestorable, releaseLease, resumeAction, type ActEffect } from '../../../lib/core/transition-action.js';
import { noticeDelivered, resendOverdueNotice } from '../../../lib/core/transition-notice.js';
import { findingFromState } from '../../../lib/core/transition-records.js';
import { transition, type Cancellation, type Effect } from '../../../lib/core/transition.js';
import { ago, expected, later, NOW, settings, STATES, stateOf, summary, waste } from './transition-fixtures.js';

/** The `act` effect of a resource whose grace period is over. */
function actEffect(): ActEffect {
  const effect = transition(STATES['pending, grace over'], waste(), NOW, settings()).effect;
  if (effect.kind !== 'act') throw new TypeError(`expected an act effect, got ${effect.kind}`);
  return effect;
}
const started = (): ActionRecord => actEffect().action;

describe('transition: after the action', () => {
  it.each([
    ['done', { status: 'done', detail: 'stopped a' }, 'acted acted:acted acted none'],
    ['in progress (a snapshot)', { status: 'in-progress', detail: 'snapshot snap-1 pending' }, 'pending act-progress:acting - wait'],
  ] as const)('%s', (_name, result, then) => {
    expect(summary(afterAct(actEffect(), result, NOW, settings()))).toEqual(expected(then));
  });

  it('done: the action is in force from now and the owner is told', () => {
    const t = afterAct(actEffect(), { status: 'done', detail: 'stopped a' }, NOW, settings());
    expect(t.write?.action).toEqual({ next: { ...started(), status: 'in-force', actedAt: NOW.toISOString(), detail: 'stopped a' }, expectedStatus: 'started' });
    expect(t.next).toMatchObject({ status: 'acted', version: 5, leaseUntil: null, noticePending: 'acted' });
    expect(t.notice).toMatchObject({ event: 'acted', finding: { decision: 'acted', actionId: 'act-new' } });
  });

  it('in progress: the lease is handed back so that the next run resumes', () => {
    const t = afterAct(actEffect(), { status: 'in-progress', detail: 'snapshot snap-1 pending' }, NOW, settings());
    expect(t.next).toMatchObject({ status: 'acting', leaseUntil: NOW.toISOString() });
    expect(t.write?.action?.next).toMatchObject({ status: 'started', detail: 'snapshot snap-1 pending' });
    expect(t.finding).toMatchObject({ decision: 'pending', reason: 'idle; in progress: snapshot snap-1 pending', actAfter: null });
  });

  it('failed: the lease is released, the action record stays started', () => {
    const write = releaseLease(actEffect(), new Error('Rate exceeded'), NOW, settings());
    expect(write.action).toBeUndefined();
    expect(write.state?.next).toMatchObject({ status: 'acting', leaseUntil: NOW.toISOString(), version: 5 });
    expect(write.event).toMatchObject({ type: 'act-progress', detail: 'failed: Rate exceeded', actionId: 'act-new' });
  });

  it('not restorable: held as protected, never retried, the owner told', () => {
    const refused = notRestorable(actEffect(), new NotRestorableError('a', 'its config is gone'));
    expect(refused.effect).toMatchObject({ kind: 'cancel', cancel: { to: 'protected', hold: true, why: 'not acted on: a: its config is gone' } });
    const cancel = (refused.effect as Extract<Effect, { kind: 'cancel' }>).cancel;
    expect(cancel.finding).not.toHaveProperty('actionId');
    const t = cancelAction(cancel, started(), NOW, settings());
    expect(summary(t)).toEqual(expected('protected cancelled:protected protected none'));
    expect(t.next).toMatchObject({
      hold: 'not acted on: a: its config is gone',
      noticePending: 'protected',
      reason: 'idle; not acted on: a: its config is gone',
    });
    expect(t.write?.action?.next).toMatchObject({ status: 'cancelled', detail: 'cancelled: not acted on: a: its config is gone' });
  });
});

describe('transition: cancelling and resuming', () => {
  const acting = STATES['acting, lease over'];
  const cancel: Cancellation = { state: acting, to: 'exempt', why: 'exempt (tag finops:exempt=true)', hold: false, finding: null };

  it.each([
    ['started action', { ...started(), actionId: 'act-old' }, true],
    ['action record already in force', { ...started(), actionId: 'act-old', status: 'in-force' as const }, false],
    ['no action record', undefined, false],
  ])('cancels with a %s', (_name, action, cancelsRecord) => {
    const t = cancelAction(cancel, action, NOW, settings());
    expect(summary(t)).toEqual(expected('- cancelled:exempt - none'));
    expect(t.write?.action !== undefined).toBe(cancelsRecord);
    expect(t.next).toMatchObject({ status: 'exempt', hold: null, noticePending: null, leaseUntil: null, actAfter: null });
  });

  it('resumes with a new lease, then acts on the same action', () => {
    const action = { ...started(), actionId: 'act-old' };
    const resume = transition(acting, waste(), NOW, settings()).effect as Extract<Effect, { kind: 'resume' }>;
    const t = resumeAction(resume, action, NOW, settings());
    expect(summary(t)).toEqual(expected('- acting:acting - act'));
    expect(t.next).toMatchObject({ leaseUntil: later(20 / 60), version: 4 });
    expect(t.write?.event.detail).toBe('resuming an action a previous run did not finish');
    expect(t.effect).toMatchObject({ kind: 'act', action });
  });

  it("closes a gone resource with the sweep's final record", () => {
    const state = STATES['flagged, told 1 h ago'];
    const t = closeGone(state, { status: 'ended', detail: 'Completed after 30 h', evidence: { final: true } }, NOW, settings());
    expect(summary(t)).toEqual(expected('- ended:ended - none'));
    expect(t.next?.evidence).toEqual({ final: true });
    expect(closeGone(state, { status: 'ended', detail: 'done' }, NOW, settings()).next?.evidence).toEqual(state.evidence);
  });
});

describe('transition: notices', () => {
  it.each([
    ['a warning', 'pending', stateOf('pending'), 'warned', { warnedAt: NOW.toISOString() }],
    ['a flag', 'runaway', stateOf('flagged'), 'warned', { warnedAt: NOW.toISOString() }],
    ['an acted notice', 'acted', stateOf('acted', { noticePending: 'acted', actionId: 'act-1' }), 'notified', { noticePending: null }],
    ['a protected notice', 'protected', stateOf('protected', { noticePending: 'protected' }), 'notified', { noticePending: null }],
  ] as const)('records %s once delivered', (_name, event, state, type, patch) => {
    const write = noticeDelivered({ event, state, finding: findingFromState(state, 'acted', 'act-1') }, NOW, settings());
    expect(write.event.type).toBe(type);
    expect(write.state).toEqual({ next: { ...state, ...patch, version: 4 }, expectedVersion: 3 });
  });

  it.each([
    ['overdue', stateOf('acted', { noticePending: 'acted', actionId: 'act-1', updatedAt: ago(1) }), settings(), 'acted'],
    ['written moments ago', stateOf('acted', { noticePending: 'acted', actionId: 'act-1', updatedAt: ago(0.1) }), settings(), null],
    ['delivered', stateOf('acted', { actionId: 'act-1' }), settings(), null],
    ['overdue, report mode', stateOf('acted', { noticePending: 'acted', actionId: 'act-1' }), settings({ mode: 'report' }), null],
  ] as const)('sends an undelivered acted notice again when %s', (_name, state, s, event) => {
    const t = resendOverdueNotice(state, NOW, s);
    expect(t.notice?.event ?? null).toBe(event);
    expect(t.write).toBeNull();
  });
});
