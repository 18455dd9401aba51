import { describe, expect, it } from 'vitest';
import { isoWeekRange, previousIsoWeek } from '../../../lib/core/iso-week.js';
import { checkSchedules, firings } from '../../../lib/digest/schedule-check.js';

const at = (iso: string) => new Date(iso);

describe('firings', () => {
  it('counts cron firings in [from, to), UTC', () => {
    // Every day at 06:00: Monday to Sunday.
    expect(firings('cron(0 6 * * ? *)', at('2026-11-16T00:00:00Z'), at('2026-11-23T00:00:00Z'))).toBe(7);
    // A firing exactly at `from` counts; one exactly at `to` does not.
    expect(firings('cron(0 6 * * ? *)', at('2026-11-16T06:00:00Z'), at('2026-11-17T06:00:00Z'))).toBe(1);
    // The digest's own schedule: Monday 08:00.
    expect(firings('cron(0 8 ? * MON *)', at('2026-11-16T00:00:00Z'), at('2026-11-30T00:00:00Z'))).toBe(2);
    // Every 6 hours on weekdays only (Mon-Fri): 5 days x 4.
    expect(firings('cron(0 */6 ? * MON-FRI *)', at('2026-11-16T00:00:00Z'), at('2026-11-23T00:00:00Z'))).toBe(20);
  });

  it('counts the firings any window of that length is sure to hold for rate schedules', () => {
    expect(firings('rate(6 hours)', at('2026-11-16T00:00:00Z'), at('2026-11-17T01:00:00Z'))).toBe(4);
    expect(firings('rate(1 day)', at('2026-11-16T00:00:00Z'), at('2026-11-22T23:45:00Z'))).toBe(6);
    expect(firings('rate(30 minutes)', at('2026-11-16T00:00:00Z'), at('2026-11-16T02:00:00Z'))).toBe(4);
    expect(firings('rate(1 day)', at('2026-11-17T00:00:00Z'), at('2026-11-16T00:00:00Z'))).toBe(0);
  });

  it('rejects what is not a schedule expression', () => {
    expect(() => firings('daily', at('2026-11-16T00:00:00Z'), at('2026-11-17T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('checkSchedules', () => {
  const week = isoWeekRange('2026-W47');
  const end = week.end;

  it('counts from the first run when the sweep was deployed mid-week', () => {
    const [check] = checkSchedules(
      [{ name: 's', enabled: true, mode: 'apply', schedule: 'cron(0 6 * * ? *)' }],
      week,
      end,
      new Map([['s', ['2026-11-20T06:00:02.000Z', '2026-11-21T06:00:02.000Z', '2026-11-22T06:00:02.000Z']]]),
      { s: '2026-11-20T06:00:02.000Z' },
    );
    // Firings from Fri 06:00:02: Sat and Sun 06:00 (Friday's own is before the first run's start).
    expect(check).toMatchObject({ status: 'ok', expectedRuns: 2, recordedRuns: 3, lastRunAt: '2026-11-22T06:00:02.000Z' });
  });

  it('a run due in the last 15 minutes of the week is not expected yet', () => {
    const [check] = checkSchedules([{ name: 's', enabled: true, mode: 'apply', schedule: 'cron(50 23 ? * SUN *)' }], week, end, new Map(), {
      s: '2026-10-01T00:00:00.000Z',
    });
    expect(check).toMatchObject({ status: 'ok', expectedRuns: 0 });
  });

  it('skips disabled sweeps', () => {
    expect(checkSchedules([{ name: 's', enabled: false, mode: 'apply', schedule: 'rate(1 day)' }], week, end, new Map(), {})).toEqual([]);
  });
});

describe('previousIsoWeek', () => {
  it('is the last week complete at an instant', () => {
    expect(previousIsoWeek(at('2026-11-23T08:00:00Z'))).toBe('2026-W47');
    expect(previousIsoWeek(at('2026-11-23T00:00:00Z'))).toBe('2026-W47');
    expect(previousIsoWeek(at('2026-11-22T23:59:59Z'))).toBe('2026-W46');
    // Across a year: 2027-01-04 is Monday of 2027-W01; 2026 has 53 ISO weeks.
    expect(previousIsoWeek(at('2027-01-04T08:00:00Z'))).toBe('2026-W53');
  });
});
