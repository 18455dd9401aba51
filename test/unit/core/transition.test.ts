import { describe, expect, it } from 'vitest';
import { transition, type Observation, type TransitionSettings } from '../../../lib/core/transition.js';
import { expected, NOW, SEEN, settings, STATES, summary, SWEEP } from './transition-fixtures.js';

type StateName = keyof typeof STATES;
const REPORT = settings({ mode: 'report' });
const WITH_FINAL_RECORD = settings({ sweep: { ...SWEEP, finalRecord: async () => null } });

/**
 * Every state x not-waste outcome (watch, inconclusive, healthy, adopted, not a
 * candidate, gone). Columns of `then` as in transition-waste.test.ts.
 */
const rows: [StateName, keyof typeof SEEN, TransitionSettings, string][] = [
  // Watching: remembered without a finding or a notice.
  ['none', 'watch', settings(), '- watching:watching - none'],
  ['cleared', 'watch', settings(), '- watching:watching - none'],
  ['watching', 'watch', settings(), '- - - none'],
  ['pending, warned', 'watch', settings(), '- - - none'],
  ['none', 'watch', REPORT, '- - - none'],
  // Inconclusive: reported apart, the ledger left as it is.
  ['none', 'inconclusive', settings(), '- - - none'],
  ['pending, grace over', 'inconclusive', settings(), '- - - none'],
  ['acting, lease over', 'inconclusive', settings(), '- - - none'],
  // Healthy: an open finding closes; an unfinished action is abandoned once its lease is over.
  ['none', 'healthy', settings(), '- - - none'],
  ['cleared', 'healthy', settings(), '- - - none'],
  ['watching', 'healthy', settings(), '- cleared:cleared - none'],
  ['pending, warned', 'healthy', settings(), '- cleared:cleared - none'],
  ['pending, warned', 'healthy', REPORT, '- - - none'],
  ['exempt', 'healthy', settings(), '- cleared:cleared - none'],
  ['protected, notice overdue', 'healthy', settings(), '- cleared:cleared - none'],
  ['flagged, told 1 h ago', 'adopted', settings(), '- adopted:adopted - none'],
  ['pending, warned', 'unlisted', settings(), '- cleared:cleared - none'],
  ['acting, lease held', 'healthy', settings(), '- - - none'],
  ['acting, lease over', 'healthy', settings(), '- - - cancel'],
  ['acting, lease over', 'healthy', REPORT, '- - - none'],
  // Gone: closed as gone, or with the sweep's final record; an action of a gone resource is finished.
  ['pending, warned', 'gone', settings(), '- gone:gone - none'],
  ['pending, warned', 'gone', REPORT, '- - - none'],
  ['flagged, told 1 h ago', 'gone', WITH_FINAL_RECORD, '- - - final-record'],
  ['acting, lease over', 'gone', settings(), '- - - resume'],
  ['acting, lease held', 'gone', settings(), '- - - none'],
  ['acting, lease over', 'gone', REPORT, '- - - none'],
  ['acted', 'gone', settings(), '- - - none'],
  ['gone', 'gone', settings(), '- - - none'],
];

describe('transition: not waste', () => {
  it.each(rows)('%s + %s', (state, seen, s, then) => {
    expect(summary(transition(STATES[state], SEEN[seen] as Observation, NOW, s))).toEqual(expected(then));
  });

  it('inconclusive: listed with its owner and reason', () => {
    const t = transition(STATES['pending, warned'], SEEN.inconclusive, NOW, settings());
    expect(t.inconclusive).toEqual({
      ...STATES['pending, warned'].ref,
      sweep: 'things',
      owner: 'ana',
      team: 'risk',
      reason: 'insufficient data: 3.0 of 7 days',
    });
    expect(t.next).toBe(STATES['pending, warned']);
  });

  it('a watch starts a new period from now, after a closed one', () => {
    const t = transition(STATES.cleared, SEEN.watch, NOW, settings());
    expect(t.next).toMatchObject({ status: 'watching', version: 4, firstSeenAt: NOW.toISOString(), reason: 'first seen wasteful-looking; watching' });
  });

  it('closing says why, keeps the evidence and clears the deadline and lease', () => {
    expect(transition(STATES['pending, warned'], SEEN.healthy, NOW, settings()).write?.event).toMatchObject({
      type: 'cleared',
      detail: 'no longer waste: busy',
      fromStatus: 'pending',
    });
    expect(transition(STATES['pending, warned'], SEEN.unlisted, NOW, settings()).write?.event.detail).toBe('no longer waste');
    expect(transition(STATES['flagged, told 1 h ago'], SEEN.adopted, NOW, settings()).write?.event.detail).toBe('recommendation adopted: right-sized');
    const gone = transition(STATES['protected, notice overdue'], SEEN.gone, NOW, settings());
    expect(gone.write?.event.detail).toBe('resource no longer exists');
    expect(gone.next).toMatchObject({ status: 'gone', version: 4, actAfter: null, leaseUntil: null, noticePending: null, evidence: { idle: true } });
  });

  it('an action abandoned because the resource is used again closes it as cleared, without a finding', () => {
    const t = transition(STATES['acting, lease over'], SEEN.healthy, NOW, settings());
    expect(t.effect).toMatchObject({ kind: 'cancel', cancel: { to: 'cleared', why: 'no longer waste: busy', hold: false, finding: null } });
  });
});
