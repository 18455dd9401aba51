import { describe, expect, it } from 'vitest';
import { savingsFrom } from '../../../lib/core/finding.js';
import { isoWeekRange } from '../../../lib/core/iso-week.js';
import { addUsd, hoursInForce, inForceAt, projectedMonthlyUsd, realizedSavings } from '../../../lib/digest/realized-savings.js';
import type { ActionRecord } from '../../../lib/ledger/records.js';
import { VOLUME_SAVINGS } from '../../support/digest-ledger.js';

const week = isoWeekRange('2026-W47');

function action(patch: Partial<ActionRecord>): ActionRecord {
  return {
    actionId: 'a',
    sweep: 'idle-endpoints',
    action: 'stop-endpoint',
    ref: { resourceType: 'sagemaker:endpoint', resourceId: 'e', arn: 'arn:e', region: 'us-east-1' },
    owner: 'o',
    team: null,
    status: 'in-force',
    startedAt: '2026-11-17T09:00:00.000Z',
    actedAt: '2026-11-17T10:00:00.000Z',
    restoredAt: null,
    restoredResourceId: null,
    reason: 'idle',
    savings: savingsFrom([{ item: 'x', quantity: 2, usdPerHour: 0.75, source: 's', sourceDate: '2026-11-01', regionBasis: 'stated' }], []),
    restoreData: {},
    detail: null,
    ...patch,
  };
}

describe('realized savings', () => {
  it('runs from actedAt (not startedAt) to the end of the window', () => {
    // Tue 10:00 to Mon 00:00: 134 h x $1.50.
    expect(realizedSavings(action({}), week)).toEqual({ hours: 134, netUsd: 201, keptCostUsd: 0, grossUsd: 201 });
  });

  it('stops at the first of restoredAt and savingsUntil', () => {
    expect(hoursInForce(action({ restoredAt: '2026-11-18T10:00:00.000Z', savingsUntil: '2026-11-19T10:00:00.000Z' }), week)).toBe(24);
    expect(hoursInForce(action({ restoredAt: '2026-11-20T10:00:00.000Z', savingsUntil: '2026-11-18T22:00:00.000Z' }), week)).toBe(36);
  });

  it('is nothing for an action that never took effect, or outside the window', () => {
    expect(realizedSavings(action({ actedAt: null, status: 'started' }), week).netUsd).toBe(0);
    expect(hoursInForce(action({ actedAt: '2026-11-23T00:00:00.000Z' }), week)).toBe(0);
    expect(hoursInForce(action({ actedAt: '2026-11-01T00:00:00.000Z', restoredAt: '2026-11-16T00:00:00.000Z' }), week)).toBe(0);
  });

  it('nets the snapshot kept and says what it cost', () => {
    // 500 GiB gp3 at $0.08 (gross $40.00/month), snapshot at $0.05 ($25.00/month), 73 h in force.
    const r = realizedSavings(action({ savings: VOLUME_SAVINGS, actedAt: '2026-11-19T23:00:00.000Z' }), week);
    expect(r.hours).toBe(73);
    // net: 0.020548 x 73 = 1.50; kept: 25 / 730 x 73 = 2.50; gross: 40 / 730 x 73 = 4.00.
    expect(r).toEqual({ hours: 73, netUsd: 1.5, keptCostUsd: 2.5, grossUsd: 4 });
  });

  it('keeps an unknown price unknown', () => {
    const r = realizedSavings(action({ savings: { hourlyUsd: null, monthlyUsd: null, components: [], unknown: ['no price'] } }), week);
    expect(r).toEqual({ hours: 134, netUsd: null, keptCostUsd: null, grossUsd: null });
  });
});

describe('projected monthly savings', () => {
  it('is the monthly figure of an action in force, the hours left when its saving ends sooner', () => {
    expect(projectedMonthlyUsd(action({}), week.end)).toBe(1095);
    // 10 h left at $1.50.
    expect(projectedMonthlyUsd(action({ savingsUntil: '2026-11-23T10:00:00.000Z' }), week.end)).toBe(15);
    expect(projectedMonthlyUsd(action({ restoredAt: '2026-11-20T00:00:00.000Z' }), week.end)).toBeNull();
    expect(inForceAt(action({ restoredAt: '2026-11-23T00:00:00.000Z' }), week.end)).toBe(false);
  });
});

describe('addUsd', () => {
  it('sums in cents', () => {
    expect(addUsd(0.1, 0.2)).toBe(0.3);
    expect(addUsd(1.25, null, undefined, 2)).toBe(3.25);
    expect(addUsd(...Array(10).fill(0.1))).toBe(1);
  });
});
