/**
 * Did each sweep run on its schedule? Compares the runs a sweep recorded in the
 * ledger with the firings its EventBridge schedule expression promises.
 *
 * Only apply-mode runs are recorded (report mode writes nothing anywhere), so a
 * report-mode sweep cannot be checked. Firings are counted from the later of the
 * week's start and the sweep's first recorded run (its deployment in apply mode),
 * up to `asOf` minus a tolerance that covers a scheduled run still starting.
 */
import awsCronParser from 'aws-cron-parser';
import { HOUR_MS } from '../core/clock.js';
import type { TimeWindow } from './realized-savings.js';

/** A run may start this long after its firing and still count for it. */
export const SCHEDULE_TOLERANCE_MS = 15 * 60_000;

/** What the digest knows about one configured sweep. */
export interface ScheduledSweep {
  readonly name: string;
  readonly enabled: boolean;
  readonly mode: 'report' | 'apply';
  /** EventBridge schedule expression, e.g. `rate(1 day)`, `cron(0 6 * * ? *)`. */
  readonly schedule: string;
}

/**
 * One sweep's schedule over the week.
 * - `ok`: at least as many runs recorded as firings expected;
 * - `missed`: fewer (a run did not happen, or died before it finished);
 * - `never-ran`: enabled in apply mode, but no run was ever recorded;
 * - `not-checked`: report mode (no run is recorded) or disabled.
 */
export interface ScheduleCheck {
  readonly sweep: string;
  readonly schedule: string;
  readonly mode: 'report' | 'apply';
  readonly status: 'ok' | 'missed' | 'never-ran' | 'not-checked';
  /** Firings expected in the checked window; `null` when not checked. */
  readonly expectedRuns: number | null;
  readonly recordedRuns: number;
  /** The latest run recorded this week. */
  readonly lastRunAt: string | null;
  /** One line: why this status. */
  readonly note: string;
}

/**
 * Firings of `schedule` in `[from, to)`. A `rate(...)` schedule fires every N units
 * from when it was created, a phase the ledger does not know, so it counts the
 * firings any window of this length is sure to contain: floor(length / N).
 *
 * @example
 * firings('cron(0 6 * * ? *)', new Date('2026-11-16T00:00Z'), new Date('2026-11-23T00:00Z')) // 7
 * firings('rate(6 hours)', new Date('2026-11-16T00:00Z'), new Date('2026-11-17T01:00Z')) // 4
 */
export function firings(schedule: string, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(schedule.trim());
  if (rate) {
    const unitMs = rate[2]!.startsWith('minute') ? 60_000 : rate[2]!.startsWith('hour') ? HOUR_MS : 24 * HOUR_MS;
    return Math.floor((to.getTime() - from.getTime()) / (Number(rate[1]) * unitMs));
  }
  const cron = /^cron\((.+)\)$/.exec(schedule.trim());
  if (!cron) throw new RangeError(`Not an EventBridge schedule expression: ${schedule}`);
  const parsed = awsCronParser.parse(cron[1]!.trim());
  let count = 0;
  // `next` is strictly after its argument: start just before `from` so a firing at `from` counts.
  let at = awsCronParser.next(parsed, new Date(from.getTime() - 1));
  while (at && at.getTime() < to.getTime()) {
    count++;
    at = awsCronParser.next(parsed, at);
  }
  return count;
}

/**
 * Checks every enabled sweep's schedule over `week` up to `asOf`.
 *
 * @param runsThisWeek start times of the runs each sweep recorded in the week
 * @param firstRuns start time of each sweep's first recorded run ever
 */
export function checkSchedules(
  sweeps: readonly ScheduledSweep[],
  week: TimeWindow,
  asOf: Date,
  runsThisWeek: ReadonlyMap<string, readonly string[]>,
  firstRuns: Readonly<Record<string, string | undefined>>,
): ScheduleCheck[] {
  const checks: ScheduleCheck[] = [];
  for (const sweep of sweeps) {
    if (!sweep.enabled) continue;
    const runs = [...(runsThisWeek.get(sweep.name) ?? [])].sort();
    const base = { sweep: sweep.name, schedule: sweep.schedule, mode: sweep.mode, recordedRuns: runs.length, lastRunAt: runs.at(-1) ?? null };
    if (sweep.mode === 'report') {
      checks.push({ ...base, status: 'not-checked', expectedRuns: null, note: 'report mode records no runs (it writes nothing anywhere)' });
      continue;
    }
    const first = firstRuns[sweep.name];
    if (!first) {
      checks.push({ ...base, status: 'never-ran', expectedRuns: null, note: 'enabled in apply mode, but no run was ever recorded' });
      continue;
    }
    const from = new Date(Math.max(week.start.getTime(), new Date(first).getTime()));
    const to = new Date(asOf.getTime() - SCHEDULE_TOLERANCE_MS);
    const expected = firings(sweep.schedule, from, to);
    const ok = runs.length >= expected;
    checks.push({
      ...base,
      status: ok ? 'ok' : 'missed',
      expectedRuns: expected,
      note: `${runs.length} run(s) recorded, ${expected} scheduled from ${from.toISOString().slice(0, 16)}Z to ${to.toISOString().slice(0, 16)}Z`,
    });
  }
  return checks;
}
