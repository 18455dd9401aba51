/** When a sweep Lambda stops starting new resources: a quarter of its time left, at most a minute (issue 19). */
import { describe, expect, it } from 'vitest';
import { DEADLINE_RESERVE_MS, stopBeforeDeadline } from '../../../lib/lambda/sweep-handler.js';

/** A Lambda context whose time left is set by the test. */
function contextWith(remaining: number) {
  const context = { remaining, getRemainingTimeInMillis: () => context.remaining };
  return context;
}

describe('stopBeforeDeadline', () => {
  it('with a 5-minute timeout, stops once less than a minute is left', () => {
    const context = contextWith(300_000);
    const shouldStop = stopBeforeDeadline(context);
    context.remaining = DEADLINE_RESERVE_MS;
    expect(shouldStop()).toBe(false);
    context.remaining = DEADLINE_RESERVE_MS - 1;
    expect(shouldStop()).toBe(true);
  });

  it('with a short timeout, keeps a quarter of it', () => {
    const context = contextWith(40_000);
    const shouldStop = stopBeforeDeadline(context);
    context.remaining = 10_001;
    expect(shouldStop()).toBe(false);
    context.remaining = 9_999;
    expect(shouldStop()).toBe(true);
  });

  it('never stops at the start', () => {
    for (const ms of [1_000, 60_000, 900_000]) expect(stopBeforeDeadline(contextWith(ms))()).toBe(false);
  });
});
