/**
 * AI spend in the digest: what Cost Explorer says the company spent on AI, by team
 * (the cost allocation tag; no tag is the unallocated row), by service, over twelve
 * weeks, month to date and forecast. Pure: the periods from the digest's week and
 * clock, the figures from what `ai-spend-source.ts` read.
 *
 * Cost Explorer dates are UTC days, `End` exclusive. The figures end with the last
 * whole UTC day before the digest's `asOf` (`dataEnd`): the scheduled digest (Monday
 * 08:00) covers the whole week; a week in progress ends yesterday.
 *
 * Rounding: every team's figure of every week (and of the month to date) is rounded
 * to the cent first; totals are sums of the rounded rows, so the team rows plus the
 * unallocated row equal the total exactly.
 */
import type { SpendMetric } from '../config/spend-config.js';
import { isoWeekOf, isoWeekRange } from '../core/iso-week.js';
import type { SpendForecastRecord } from '../ledger/spend-forecast-store.js';
import { addUsd } from './realized-savings.js';

const DAY_MS = 86_400_000;

/** The days one digest's spend covers (`YYYY-MM-DD`, ends exclusive). */
export interface SpendPeriods {
  readonly weekStart: string;
  /** Exclusive end of the figures: the week's end, or the UTC day of `asOf` while the week runs. */
  readonly dataEnd: string;
  readonly previousWeekStart: string;
  /** `YYYY-MM` of the month the figures end in. */
  readonly month: string;
  readonly monthStart: string;
  /** First day of the next month. */
  readonly monthEnd: string;
  readonly previousMonth: string;
  readonly previousMonthStart: string;
  /** The chart's ISO weeks, oldest first, the digest's week last. */
  readonly seriesWeeks: readonly string[];
  /** Start of the one daily query: the first week of the chart or the previous month, whichever is earlier. */
  readonly queryStart: string;
  /** `[dataEnd, monthEnd)` to forecast; `null` when the month is over or the figures end before today. */
  readonly forecastPeriod: { readonly start: string; readonly end: string } | null;
  /** Days of data in the digest's week (7 once it is over). */
  readonly weekDays: number;
}

/** One day's AI spend of one team (`null`: cost without the tag), as Cost Explorer grouped it. */
export interface DailyCost {
  readonly date: string;
  readonly team: string | null;
  readonly usd: number;
}

/** The month's forecast as the digest stored it in the ledger (for next month's forecast accuracy). */
export type StoredForecast = SpendForecastRecord;

/** What Cost Explorer answered (see `ai-spend-source.ts`). */
export interface SpendReading {
  readonly metric: SpendMetric;
  readonly tagKey: string;
  /** AI spend by day and team over `[queryStart, dataEnd)`. */
  readonly daily: readonly DailyCost[];
  /** AI spend of the digest's week by Cost Explorer service. */
  readonly weekByService: readonly { readonly service: string; readonly usd: number }[];
  /** Cost Explorer's forecast of `forecastPeriod`; `null` when none was asked or it failed. */
  readonly forecastRemainderUsd: number | null;
  /** Why the forecast failed (e.g. not enough history), when it did. */
  readonly forecastProblem: string | null;
  /** The forecast stored for the previous month, if any. */
  readonly previousMonthForecast: StoredForecast | null;
  /** Cost Explorer requests made (pages included). */
  readonly requests: number;
}

/** Why Cost Explorer could not be read. */
export type SpendProblem = 'not-enabled' | 'access-denied' | 'data-unavailable' | 'failed';

/** A reading, or why there is none. */
export type SpendRead =
  | { readonly ok: true; readonly reading: SpendReading }
  | {
      readonly ok: false;
      readonly problem: SpendProblem;
      readonly message: string;
      readonly metric: SpendMetric;
      readonly tagKey: string;
      readonly requests: number;
    };

/** One team's AI spend (the `spend.byTeam` rows of `digest --json`). */
export interface SpendTeamRow {
  readonly team: string;
  readonly weekUsd: number;
  readonly previousWeekUsd: number;
  readonly monthToDateUsd: number;
}

/** AI spend from Cost Explorer: `spend` of `digest --json` (exact field names are a contract). */
export interface AiSpend {
  readonly metric: SpendMetric;
  readonly weekUsd: number;
  readonly previousWeekUsd: number;
  readonly monthToDateUsd: number;
  /** Month to date + Cost Explorer's forecast of the rest; the actual month once it is over; `null` when unknown. */
  readonly forecastMonthUsd: number | null;
  /** The week's spend without the team tag; `byTeam` weeks + this = `weekUsd`. */
  readonly unallocatedUsd: number;
  readonly byTeam: readonly SpendTeamRow[];
  readonly byService: readonly { readonly service: string; readonly weekUsd: number }[];
  /** AI spend per ISO week, oldest first, the digest's week last. */
  readonly weeks: readonly { readonly week: string; readonly usd: number }[];
}

/** How the spend section went: `ok`, no tag groups, or why Cost Explorer could not be read. */
export type SpendStatus = 'ok' | 'tag-not-activated' | SpendProblem;

/** What the renderers need beyond {@link AiSpend}: status, the chart by team, the forecast's basis. */
export interface SpendFigures {
  readonly status: SpendStatus;
  /** What Cost Explorer answered, when it failed. */
  readonly error: string | null;
  readonly metric: SpendMetric;
  readonly costAllocationTag: string;
  readonly periods: SpendPeriods;
  readonly unallocated: { readonly weekUsd: number; readonly previousWeekUsd: number; readonly monthToDateUsd: number };
  /** The chart: each team's spend per week of `spend.weeks` (team `null`: unallocated), largest this week first. */
  readonly teamWeeks: readonly { readonly team: string | null; readonly usd: readonly number[] }[];
  /** The month's forecast: what was actual and what Cost Explorer forecast; `null` when none was made. */
  readonly forecast: {
    readonly month: string;
    readonly monthToDateUsd: number;
    readonly remainderUsd: number;
    readonly start: string;
    readonly end: string;
  } | null;
  readonly forecastProblem: string | null;
  /** Last month: its actual spend and the forecast stored for it (forecast accuracy). */
  readonly previousMonth: { readonly month: string; readonly actualUsd: number; readonly forecast: StoredForecast | null };
  readonly costExplorerRequests: number;
}

/** A UTC day as `YYYY-MM-DD`. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

function monthOf(day: string, offset = 0): { month: string; start: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
  return { month: utcDay(first).slice(0, 7), start: utcDay(first) };
}

/**
 * The periods of the digest of `week` generated at `now`.
 *
 * @example
 * spendPeriods('2026-W47', new Date('2026-11-23T08:00:00Z'), 12).dataEnd // '2026-11-23'
 */
export function spendPeriods(week: string, now: Date, seriesWeeks: number): SpendPeriods {
  const range = isoWeekRange(week);
  const weekStart = utcDay(range.start);
  const today = utcDay(now);
  const weekEnd = utcDay(range.end);
  const dataEnd = today < weekEnd ? (today > weekStart ? today : weekStart) : weekEnd;
  const lastDay = addDays(dataEnd, -1);
  const month = monthOf(lastDay);
  const monthEnd = monthOf(lastDay, 1).start;
  const previousMonth = monthOf(lastDay, -1);
  const series: string[] = [];
  for (let i = seriesWeeks - 1; i >= 0; i--) series.push(isoWeekOf(new Date(range.start.getTime() - i * 7 * DAY_MS)));
  const seriesStart = addDays(weekStart, -7 * (seriesWeeks - 1));
  return {
    weekStart,
    dataEnd,
    previousWeekStart: addDays(weekStart, -7),
    month: month.month,
    monthStart: month.start,
    monthEnd,
    previousMonth: previousMonth.month,
    previousMonthStart: previousMonth.start,
    seriesWeeks: series,
    queryStart: seriesStart < previousMonth.start ? seriesStart : previousMonth.start,
    forecastPeriod: dataEnd === today && dataEnd < monthEnd ? { start: dataEnd, end: monthEnd } : null,
    weekDays: Math.round((Date.parse(dataEnd) - Date.parse(weekStart)) / DAY_MS),
  };
}

/** The spend section, or only its figures' status when Cost Explorer could not be read. */
export function aiSpend(read: SpendRead, periods: SpendPeriods): { spend: AiSpend | null; figures: SpendFigures } {
  if (!read.ok) {
    return {
      spend: null,
      figures: {
        status: read.problem,
        error: read.message,
        metric: read.metric,
        costAllocationTag: read.tagKey,
        periods,
        unallocated: { weekUsd: 0, previousWeekUsd: 0, monthToDateUsd: 0 },
        teamWeeks: [],
        forecast: null,
        forecastProblem: null,
        previousMonth: { month: periods.previousMonth, actualUsd: 0, forecast: null },
        costExplorerRequests: read.requests,
      },
    };
  }
  const r = read.reading;
  const p = periods;
  const within = (day: string, start: string, end: string) => day >= start && day < end;
  // Unrounded sums per team: per chart week, the previous week, the month to date and the previous month.
  const teams = new Map<string | null, { weeks: number[]; mtd: number; previousMonth: number }>();
  const weekIndex = new Map(p.seriesWeeks.map((w, i) => [w, i]));
  for (const cost of r.daily) {
    if (!within(cost.date, p.queryStart, p.dataEnd)) continue;
    let t = teams.get(cost.team);
    if (!t) teams.set(cost.team, (t = { weeks: p.seriesWeeks.map(() => 0), mtd: 0, previousMonth: 0 }));
    const index = weekIndex.get(isoWeekOf(new Date(`${cost.date}T00:00:00Z`)));
    if (index !== undefined) t.weeks[index]! += cost.usd;
    if (within(cost.date, p.monthStart, p.dataEnd)) t.mtd += cost.usd;
    if (within(cost.date, p.previousMonthStart, p.monthStart)) t.previousMonth += cost.usd;
  }
  const last = p.seriesWeeks.length - 1;
  const rows = [...teams].map(([team, t]) => ({
    team,
    weeks: t.weeks.map((usd) => addUsd(usd)),
    mtd: addUsd(t.mtd),
    previousMonth: addUsd(t.previousMonth),
  }));
  const byThisWeek = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
    (b.weeks[last] ?? 0) - (a.weeks[last] ?? 0) || (b.weeks[last - 1] ?? 0) - (a.weeks[last - 1] ?? 0) || (a.team ?? '').localeCompare(b.team ?? '');
  rows.sort(byThisWeek);
  const named = rows.filter((row) => row.team !== null);
  const none = rows.find((row) => row.team === null);
  const sumOf = (pick: (row: (typeof rows)[number]) => number) => addUsd(...rows.map(pick));

  const weekUsd = sumOf((row) => row.weeks[last] ?? 0);
  const monthToDateUsd = sumOf((row) => row.mtd);
  const spend: AiSpend = {
    metric: r.metric,
    weekUsd,
    previousWeekUsd: sumOf((row) => row.weeks[last - 1] ?? 0),
    monthToDateUsd,
    forecastMonthUsd:
      r.forecastRemainderUsd !== null && p.forecastPeriod ? addUsd(monthToDateUsd, r.forecastRemainderUsd) : p.dataEnd === p.monthEnd ? monthToDateUsd : null,
    unallocatedUsd: none?.weeks[last] ?? 0,
    byTeam: named
      .map((row) => ({ team: row.team!, weekUsd: row.weeks[last] ?? 0, previousWeekUsd: row.weeks[last - 1] ?? 0, monthToDateUsd: row.mtd }))
      .filter((row) => row.weekUsd !== 0 || row.previousWeekUsd !== 0 || row.monthToDateUsd !== 0),
    byService: r.weekByService
      .map((s) => ({ service: s.service, weekUsd: addUsd(s.usd) }))
      .filter((s) => s.weekUsd !== 0)
      .sort((a, b) => b.weekUsd - a.weekUsd || a.service.localeCompare(b.service)),
    weeks: p.seriesWeeks.map((week, i) => ({ week, usd: sumOf((row) => row.weeks[i] ?? 0) })),
  };
  const anySpend = rows.some((row) => row.weeks.some((usd) => usd !== 0) || row.mtd !== 0 || row.previousMonth !== 0);
  return {
    spend,
    figures: {
      status: anySpend && named.length === 0 ? 'tag-not-activated' : 'ok',
      error: null,
      metric: r.metric,
      costAllocationTag: r.tagKey,
      periods,
      unallocated: { weekUsd: spend.unallocatedUsd, previousWeekUsd: none?.weeks[last - 1] ?? 0, monthToDateUsd: none?.mtd ?? 0 },
      teamWeeks: rows.filter((row) => row.weeks.some((usd) => usd !== 0)).map((row) => ({ team: row.team, usd: row.weeks })),
      forecast:
        r.forecastRemainderUsd !== null && p.forecastPeriod
          ? { month: p.month, monthToDateUsd, remainderUsd: addUsd(r.forecastRemainderUsd), start: p.forecastPeriod.start, end: p.forecastPeriod.end }
          : null,
      forecastProblem: r.forecastProblem,
      previousMonth: { month: p.previousMonth, actualUsd: sumOf((row) => row.previousMonth), forecast: r.previousMonthForecast },
      costExplorerRequests: r.requests,
    },
  };
}
