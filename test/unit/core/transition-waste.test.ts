import { describe, expect, it } from 'vitest';
import { AdvisoryWordingMissingError, SweepActionMissingError } from '../../../lib/core/errors.js';
import { transition, type Observation, type TransitionSettings } from '../../../lib/core/transition.js';
import { ago, CONFIG, expected, later, NOW, settings, STATES, stateOf, summary, SWEEP, waste } from './transition-fixtures.js';

type StateName = keyof typeof STATES;
const REPORT = settings({ mode: 'report' });
const ACT_ON_PROTECTED = settings({ config: { ...CONFIG, actOnProtected: true } });

/**
 * Every state x waste outcome. Columns of `then`: the finding's decision, the write
 * (`event:next status`), the notice, the effect; `-` for none.
 */
const rows: [StateName, string, Observation, TransitionSettings, string][] = [
  // Waste to act on: warn, wait out the grace period, act.
  ['none', 'waste', waste(), settings(), 'pending detected:pending pending none'],
  ['none', 'waste, report mode', waste(), REPORT, 'pending - - none'],
  ['watching', 'waste', waste(), settings(), 'pending detected:pending pending none'],
  ['cleared', 'waste again', waste(), settings(), 'pending detected:pending pending none'],
  ['acted', 'waste again after a day', waste(), settings(), 'pending detected:pending pending none'],
  ['pending, fresh, not warned', 'waste (another run warns)', waste(), settings(), 'pending - - none'],
  ['pending, not warned', 'waste, undelivered warning', waste(), settings(), 'pending detected:pending pending none'],
  ['pending, not warned', 'waste, undelivered warning, report mode', waste(), REPORT, 'pending - - none'],
  ['pending, warned', 'waste in the grace period', waste(), settings(), 'pending - - none'],
  ['pending, grace over', 'waste, grace over, report mode', waste(), REPORT, 'pending - - none'],
  ['pending, grace over', 'waste, grace over', waste(), settings(), '- acting:acting - act'],
  ['acting, lease held', 'waste (another run acts)', waste(), settings(), '- - - none'],
  ['acting, lease over', 'waste (the acting run died)', waste(), settings(), '- - - resume'],
  ['acting, lease over', 'waste, report mode', waste(), REPORT, '- - - none'],
  ['acted, fresh', 'waste (stale listing: a concurrent run acted)', waste(), settings(), '- - - none'],
  // Exempt and snoozed: reported, recorded once, never acted on, no notice.
  ['none', 'exempt', waste('exempt'), settings(), 'exempt exempted:exempt - none'],
  ['none', 'snoozed', waste('snoozed'), settings(), 'exempt exempted:exempt - none'],
  ['none', 'exempt, report mode', waste('exempt'), REPORT, 'exempt - - none'],
  ['pending, grace over', 'exempted meanwhile', waste('exempt'), settings(), 'exempt exempted:exempt - none'],
  ['exempt', 'still exempt', waste('exempt'), settings(), 'exempt - - none'],
  ['acting, lease held', 'exempted mid-action', waste('exempt'), settings(), '- - - cancel'],
  ['acting, lease held', 'exempted mid-action, report mode', waste('exempt'), REPORT, 'exempt - - none'],
  // Protected: reported, the owner told once (again if undelivered), never acted on.
  ['none', 'protected', waste('protected'), settings(), 'protected protected:protected protected none'],
  ['none', 'protected, report mode', waste('protected'), REPORT, 'protected - - none'],
  ['protected, told', 'still protected', waste('protected'), settings(), 'protected - - none'],
  ['protected, fresh notice', 'still protected (another run tells)', waste('protected'), settings(), 'protected - - none'],
  ['protected, notice overdue', 'still protected, notice undelivered', waste('protected'), settings(), 'protected - protected none'],
  ['pending, warned', 'became protected', waste('protected'), settings(), 'protected protected:protected protected none'],
  ['acting, lease over', 'became protected mid-action', waste('protected'), settings(), '- - - cancel'],
  ['none', 'protected, actOnProtected', waste('protected'), ACT_ON_PROTECTED, 'pending detected:pending pending none'],
  ['protected, told', 'protected, actOnProtected now set', waste('protected'), ACT_ON_PROTECTED, 'pending detected:pending pending none'],
  // Held (an action refused as not restorable): never acted on while open.
  ['held, told', 'waste', waste(), settings(), 'protected - - none'],
  ['held, notice overdue', 'waste, notice undelivered', waste(), settings(), 'protected - protected none'],
  ['held, notice overdue', 'waste, report mode', waste(), REPORT, 'protected - - none'],
  // Report-only (act: false): flagged, reminded every renotifyHours, never acted on.
  ['none', 'advisory', waste('plain', { act: false }), settings(), 'flagged flagged:flagged runaway flag'],
  ['none', 'advisory, report mode', waste('plain', { act: false }), REPORT, 'flagged - - none'],
  ['pending, warned', 'action no longer enabled', waste('plain', { act: false }), settings(), 'flagged flagged:flagged runaway flag'],
  ['flagged, told 1 h ago', 'advisory', waste('plain', { act: false }), settings(), 'flagged - - none'],
  ['flagged, told 25 h ago', 'advisory, reminder due', waste('plain', { act: false }), settings(), 'flagged reminded:flagged runaway none'],
  ['flagged, told 1 h ago', 'advisory, changed', waste('plain', { act: false, changed: true }), settings(), 'flagged reminded:flagged runaway none'],
  ['flagged, told 1 h ago', 'advisory, escalated', waste('plain', { act: false, escalated: true }), settings(), 'flagged flagged:flagged runaway none'],
  ['flagged, fresh, not told', 'advisory (another run tells)', waste('plain', { act: false }), settings(), 'flagged - - none'],
  ['flagged, not told', 'advisory, notice undelivered', waste('plain', { act: false }), settings(), 'flagged reminded:flagged runaway none'],
  ['flagged, told 1 h ago', 'action enabled now', waste(), settings(), 'pending detected:pending pending none'],
  ['acting, lease held', 'action disabled mid-action', waste('plain', { act: false }), settings(), '- - - cancel'],
  [
    'none',
    'advisory with its own wording',
    waste('plain', { act: false, advisory: { decision: 'recommend', event: 'recommendation' } }),
    settings(),
    'recommend flagged:flagged recommendation flag',
  ],
  ['none', 'advisory but exempt', waste('exempt', { act: false }), settings(), 'exempt exempted:exempt - none'],
];

describe('transition: waste', () => {
  it.each(rows)('%s + %s', (state, _outcome, seen, s, then) => {
    expect(summary(transition(STATES[state], seen, NOW, s))).toEqual(expected(then));
  });

  it('first sighting: pending with actAfter = now + grace, a new open period', () => {
    const t = transition(undefined, waste(), NOW, settings());
    expect(t.finding).toMatchObject({ decision: 'pending', actAfter: later(24), owner: 'ana', team: 'risk', estimatedMonthlySavingsUsd: 730 });
    expect(t.next).toMatchObject({ status: 'pending', version: 1, firstSeenAt: NOW.toISOString(), actAfter: later(24), warnedAt: null });
    expect(t.write?.state?.expectedVersion).toBeNull();
    expect(t.notice?.state).toBe(t.next);
  });

  it('a watched resource that became waste keeps when it was first seen', () => {
    const t = transition(STATES.watching, waste(), NOW, settings());
    expect(t.next).toMatchObject({ version: 4, firstSeenAt: ago(48) });
    expect(t.write?.state?.expectedVersion).toBe(3);
  });

  it('an undelivered warning is sent again with the full grace period from now', () => {
    const t = transition(STATES['pending, not warned, overdue'], waste(), NOW, settings());
    expect(t.finding).toMatchObject({ decision: 'pending', actAfter: later(24) });
    expect(t.write?.event.detail).toBe('owner not yet warned; warning again');
  });

  it('report mode past the deadline says it would act', () => {
    const t = transition(STATES['pending, grace over'], waste(), NOW, settings({ mode: 'report' }));
    expect(t.finding?.reason).toBe('idle; grace period over: would stop now (report mode)');
  });

  it('grace over: writes the action record with its restore data and a lease before acting', () => {
    const t = transition(STATES['pending, grace over'], waste(), NOW, settings());
    expect(t.write?.action).toEqual({
      next: expect.objectContaining({ actionId: 'act-new', action: 'stop-thing', status: 'started', restoreData: { id: 'a' } }),
      expectedStatus: null,
    });
    expect(t.next).toMatchObject({ status: 'acting', actionId: 'act-new', leaseUntil: later(20 / 60), warnedAt: ago(25), firstSeenAt: ago(48) });
    expect(t.write?.event).toMatchObject({ type: 'acting', fromStatus: 'pending', detail: 'stop: idle', runId: 'run-test' });
    expect(t.effect).toMatchObject({ kind: 'act', acted: { decision: 'acted', actionId: 'act-new' } });
  });

  it("records the action's name for this candidate when the sweep names it per kind (nameFor)", () => {
    const sweep = { ...SWEEP, action: { ...SWEEP.action!, nameFor: (c: { ref: { resourceId: string } }) => `stop-${c.ref.resourceId}-kind` } };
    const t = transition(STATES['pending, grace over'], waste(), NOW, settings({ sweep }));
    expect(t.write?.action?.next).toMatchObject({ action: 'stop-a-kind', restoreData: { id: 'a' } });
  });

  it('a resumed action is the one the dead run started', () => {
    const t = transition(STATES['acting, lease over'], waste(), NOW, settings());
    expect(t.effect).toMatchObject({ kind: 'resume', actionId: 'act-old', acted: { decision: 'acted', actionId: 'act-old' } });
  });

  it('a cancellation says what the finding becomes, reported once committed', () => {
    const exempted = transition(STATES['acting, lease held'], waste('exempt'), NOW, settings());
    expect(exempted.effect).toMatchObject({ kind: 'cancel', cancel: { to: 'exempt', hold: false, finding: { decision: 'exempt' } } });
    const disabled = transition(STATES['acting, lease held'], waste('plain', { act: false }), NOW, settings());
    expect(disabled.effect).toMatchObject({
      kind: 'cancel',
      cancel: { to: 'flagged', decision: 'flagged', why: 'the action is no longer enabled for this resource' },
    });
  });

  it('a reminder keeps when the owner was last told; an escalation resets it so that it is sent until delivered', () => {
    const reminded = transition(STATES['flagged, told 25 h ago'], waste('plain', { act: false }), NOW, settings());
    expect(reminded.next).toMatchObject({ warnedAt: ago(25), decision: 'flagged' });
    expect(reminded.write?.event.detail).toBe('reminder: idle');
    const escalated = transition(STATES['flagged, told 1 h ago'], waste('plain', { act: false, escalated: true }), NOW, settings());
    expect(escalated.next).toMatchObject({ warnedAt: null });
    expect(escalated.write?.event.detail).toBe('escalated: idle');
  });

  it('a report-only finding without advisory wording is a typed error', () => {
    const { advisory: _, ...plain } = SWEEP;
    expect(() => transition(undefined, waste('plain', { act: false }), NOW, settings({ sweep: plain }))).toThrow(AdvisoryWordingMissingError);
  });

  it('a sweep without an action that assesses waste to act on is a typed error, in either mode', () => {
    const { action: _, ...reportOnly } = SWEEP;
    for (const mode of ['report', 'apply'] as const) {
      expect(() => transition(undefined, waste(), NOW, settings({ sweep: reportOnly, mode }))).toThrow(SweepActionMissingError);
    }
    expect(transition(undefined, waste('plain', { act: false }), NOW, settings({ sweep: reportOnly })).finding?.decision).toBe('flagged');
  });

  it('is pure: the same inputs give the same transition, and the input state is not changed', () => {
    const state = stateOf('pending', { actAfter: ago(1), warnedAt: ago(25) });
    const copy = structuredClone(state);
    expect(transition(state, waste(), NOW, settings())).toEqual(transition(state, waste(), NOW, settings()));
    expect(state).toEqual(copy);
  });
});
