/**
 * AI spend from a Cost Explorer reading (pure): the periods of a digest, the team rows
 * with the unallocated row adding up to the total, the twelve weeks, month to date and
 * forecast, and the statuses. Figures by hand in `test/support/spend-fixture.ts`.
 */
import { describe, expect, it } from 'vitest';
import { aiSpend, spendPeriods, type DailyCost, type SpendRead } from '../../../lib/digest/ai-spend.js';
import { addUsd } from '../../../lib/digest/realized-savings.js';
import { NOW, WEEK } from '../../support/digest-ledger.js';
import { fixtureSpendRead } from '../../support/spend-fixture.js';

const periods = spendPeriods(WEEK, NOW, 12);

function readOf(daily: readonly DailyCost[], patch: Partial<Extract<SpendRead, { ok: true }>['reading']> = {}): SpendRead {
  const base = fixtureSpendRead() as Extract<SpendRead, { ok: true }>;
  return { ok: true, reading: { ...base.reading, daily, ...patch } };
}

describe('spendPeriods', () => {
  it('the scheduled digest (Monday 08:00): the whole week, November to date, October before, a forecast of the rest', () => {
    expect(periods).toEqual({
      weekStart: '2026-11-16',
      dataEnd: '2026-11-23',
      previousWeekStart: '2026-11-09',
      month: '2026-11',
      monthStart: '2026-11-01',
      monthEnd: '2026-12-01',
      previousMonth: '2026-10',
      previousMonthStart: '2026-10-01',
      seriesWeeks: ['W36', 'W37', 'W38', 'W39', 'W40', 'W41', 'W42', 'W43', 'W44', 'W45', 'W46', 'W47'].map((w) => `2026-${w}`),
      // W36 starts on Monday 2026-08-31, before October.
      queryStart: '2026-08-31',
      forecastPeriod: { start: '2026-11-23', end: '2026-12-01' },
      weekDays: 7,
    });
  });

  it('a week in progress ends yesterday; a week ending with its month has nothing left to forecast', () => {
    const running = spendPeriods('2026-W48', new Date('2026-11-26T15:00:00Z'), 12);
    expect(running).toMatchObject({ weekStart: '2026-11-23', dataEnd: '2026-11-26', weekDays: 3, forecastPeriod: { start: '2026-11-26', end: '2026-12-01' } });
    // W53 of 2026 ends Sunday 2027-01-03: the figures end in January.
    expect(spendPeriods('2026-W53', new Date('2027-01-04T08:00:00Z'), 12)).toMatchObject({
      month: '2027-01',
      previousMonth: '2026-12',
      monthEnd: '2027-02-01',
    });
    // The week of 2026-11-30 ends 2026-12-06; a digest for an older week makes no forecast.
    expect(spendPeriods('2026-W47', new Date('2026-12-10T08:00:00Z'), 12).forecastPeriod).toBeNull();
    // W48 (Nov 23-29) read on Monday Nov 30: one day of November is left to forecast.
    const lastDay = spendPeriods('2026-W48', new Date('2026-11-30T08:00:00Z'), 12);
    expect(lastDay).toMatchObject({ dataEnd: '2026-11-30', month: '2026-11', forecastPeriod: { start: '2026-11-30', end: '2026-12-01' } });
  });
});

describe('aiSpend', () => {
  const { spend, figures } = aiSpend(fixtureSpendRead(), periods);

  it('reports the week, the week before, November to date and the forecast by team, the untagged cost as unallocated', () => {
    expect(spend).toEqual({
      metric: 'UnblendedCost',
      weekUsd: 1470,
      previousWeekUsd: 1260,
      monthToDateUsd: 4170,
      // 4,170 to date + Cost Explorer's 1,680 for Nov 23-30.
      forecastMonthUsd: 5850,
      unallocatedUsd: 70,
      byTeam: [
        { team: 'nlp', weekUsd: 700, previousWeekUsd: 700, monthToDateUsd: 2200 },
        { team: 'vision', weekUsd: 560, previousWeekUsd: 350, monthToDateUsd: 1310 },
        { team: 'risk', weekUsd: 140, previousWeekUsd: 140, monthToDateUsd: 440 },
      ],
      byService: [
        { service: 'Amazon SageMaker', weekUsd: 900 },
        { service: 'Amazon Bedrock', weekUsd: 400 },
        { service: 'Amazon Elastic Compute Cloud - Compute', weekUsd: 170 },
      ],
      weeks: [...periods.seriesWeeks.slice(0, 11).map((week) => ({ week, usd: 1260 })), { week: '2026-W47', usd: 1470 }],
    });
    expect(figures).toMatchObject({
      status: 'ok',
      unallocated: { weekUsd: 70, previousWeekUsd: 70, monthToDateUsd: 220 },
      forecast: { month: '2026-11', monthToDateUsd: 4170, remainderUsd: 1680, start: '2026-11-23', end: '2026-12-01' },
      previousMonth: { month: '2026-10', actualUsd: 5580, forecast: { forecastUsd: 6000 } },
      costExplorerRequests: 3,
    });
    expect(figures.teamWeeks.map((t) => [t.team, t.usd.at(-1)])).toEqual([
      ['nlp', 700],
      ['vision', 560],
      ['risk', 140],
      [null, 70],
    ]);
  });

  it('team rows plus unallocated equal the total, to the cent, whatever the fractions of a cent', () => {
    // Cost Explorer amounts carry up to 10 decimals; each row is rounded once, the total is their sum.
    const daily: DailyCost[] = [];
    const teams = ['a', 'b', 'c', null];
    for (let d = 16; d <= 22; d++) teams.forEach((team, i) => daily.push({ date: `2026-11-${d}`, team, usd: 0.3333333333 * (i + 1) + d / 7 }));
    const odd = aiSpend(readOf(daily), periods).spend!;
    expect(addUsd(...odd.byTeam.map((r) => r.weekUsd), odd.unallocatedUsd)).toBe(odd.weekUsd);
    expect(addUsd(...odd.byTeam.map((r) => r.monthToDateUsd), aiSpend(readOf(daily), periods).figures.unallocated.monthToDateUsd)).toBe(odd.monthToDateUsd);
    expect(odd.weeks.at(-1)!.usd).toBe(odd.weekUsd);
  });

  it('says the tag is not activated when no cost carries it (every group `team$`)', () => {
    const untagged = fixtureSpendRead() as Extract<SpendRead, { ok: true }>;
    const read = readOf(untagged.reading.daily.map((c) => ({ ...c, team: null })));
    const out = aiSpend(read, periods);
    expect(out.figures.status).toBe('tag-not-activated');
    expect(out.spend).toMatchObject({ weekUsd: 1470, unallocatedUsd: 1470, byTeam: [] });
    // No spend at all is not a tag problem.
    expect(aiSpend(readOf([]), periods).figures.status).toBe('ok');
  });

  it('has no spend but the problem when Cost Explorer could not be read', () => {
    const out = aiSpend(
      {
        ok: false,
        problem: 'not-enabled',
        message: 'AccessDeniedException: User not enabled for cost explorer access',
        metric: 'UnblendedCost',
        tagKey: 'team',
        requests: 1,
      },
      periods,
    );
    expect(out.spend).toBeNull();
    expect(out.figures).toMatchObject({
      status: 'not-enabled',
      error: 'AccessDeniedException: User not enabled for cost explorer access',
      costExplorerRequests: 1,
    });
  });

  it('the month forecast: the actual month once it is over, none when the forecast failed', () => {
    const failed = aiSpend(
      readOf(fixtureSpendReadDaily(), { forecastRemainderUsd: null, forecastProblem: 'DataUnavailableException: Insufficient amount of historical data' }),
      periods,
    );
    expect(failed.spend!.forecastMonthUsd).toBeNull();
    expect(failed.figures.forecastProblem).toContain('Insufficient');
    // A week whose figures end with its month: 2027-W04 (Jan 25-31) read on Monday Feb 1.
    const endOfMonth = spendPeriods('2027-W04', new Date('2027-02-01T08:00:00Z'), 12);
    expect(endOfMonth).toMatchObject({ month: '2027-01', dataEnd: '2027-02-01', monthEnd: '2027-02-01', forecastPeriod: null });
    const january = aiSpend(readOf([{ date: '2027-01-05', team: 'nlp', usd: 12.5 }], { forecastRemainderUsd: null }), endOfMonth).spend!;
    expect(january.forecastMonthUsd).toBe(12.5);
  });
});

function fixtureSpendReadDaily(): readonly DailyCost[] {
  return (fixtureSpendRead() as Extract<SpendRead, { ok: true }>).reading.daily;
}
