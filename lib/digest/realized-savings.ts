/**
 * Realized savings of one action over a time window: its recorded hourly saving x
 * the hours it was actually in force within the window. Pure arithmetic on the
 * ledger's action record; no estimate is made here that the record does not hold.
 *
 * An action is in force from `actedAt` (when it took effect, not when it started:
 * a volume is deleted only once its snapshot completed) until the first of
 * `restoredAt` and `savingsUntil`. A started, cancelled or still-snapshotting
 * action has no `actedAt` and saves nothing yet.
 *
 * `savings.hourlyUsd` is already net of what the action keeps paying for: a priced
 * component with a negative quantity (the snapshot kept before a volume is
 * deleted) is a cost. The kept cost is reported beside the net so that
 * gross - kept = net, to the cent.
 */
import { HOUR_MS } from '../core/clock.js';
import { HOURS_PER_MONTH, roundUsd, type Savings } from '../core/finding.js';
import type { ActionRecord } from '../ledger/records.js';

/** A half-open time window `[start, end)`. */
export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/** What one action saved within one window. Dollar figures are rounded to the cent; `null` when the price is unknown. */
export interface RealizedSavings {
  /** Hours the action was in force within the window. */
  readonly hours: number;
  /** Net realized saving: `savings.hourlyUsd` x `hours`. */
  readonly netUsd: number | null;
  /** What the action kept paying for over those hours (e.g. the snapshot kept): the negative components. */
  readonly keptCostUsd: number | null;
  /** `netUsd` + `keptCostUsd`: what the resource itself cost over those hours. */
  readonly grossUsd: number | null;
}

/** The instants an action was in force, `until` `null` while it still is. `null`: it never took effect. */
export function inForcePeriod(action: ActionRecord): { readonly from: Date; readonly until: Date | null } | null {
  if (!action.actedAt) return null;
  const ends = [action.restoredAt, action.savingsUntil].filter((t): t is string => Boolean(t)).map((t) => new Date(t).getTime());
  return { from: new Date(action.actedAt), until: ends.length > 0 ? new Date(Math.min(...ends)) : null };
}

/** Hours `action` was in force within `window` (0 when it never took effect or did not overlap). */
export function hoursInForce(action: ActionRecord, window: TimeWindow): number {
  const period = inForcePeriod(action);
  if (!period) return 0;
  const start = Math.max(period.from.getTime(), window.start.getTime());
  const end = Math.min(period.until?.getTime() ?? Number.POSITIVE_INFINITY, window.end.getTime());
  return end > start ? (end - start) / HOUR_MS : 0;
}

/** `true` when the action is in force at `instant` (took effect before it, not yet restored or ended). */
export function inForceAt(action: ActionRecord, instant: Date): boolean {
  const period = inForcePeriod(action);
  return period !== null && period.from.getTime() <= instant.getTime() && (period.until === null || period.until.getTime() > instant.getTime());
}

/** Hourly cost the action keeps paying for: the sum of its negative priced components (e.g. snapshot storage). */
export function keptHourlyUsd(savings: Savings): number {
  return savings.components.filter((c) => c.quantity < 0).reduce((sum, c) => sum - c.quantity * c.usdPerHour, 0);
}

/**
 * Realized savings of `action` within `window`.
 *
 * @example
 * // An endpoint stopped Tuesday 10:00 at $1.50/h, restored Thursday 10:00: 48 h in force.
 * realizedSavings(action, isoWeekRange('2026-W47')) // { hours: 48, netUsd: 72, keptCostUsd: 0, grossUsd: 72 }
 */
export function realizedSavings(action: ActionRecord, window: TimeWindow): RealizedSavings {
  const hours = hoursInForce(action, window);
  const hourly = action.savings.hourlyUsd;
  if (hourly === null) return { hours, netUsd: null, keptCostUsd: null, grossUsd: null };
  const netUsd = roundUsd(hourly * hours, 2);
  const keptCostUsd = roundUsd(keptHourlyUsd(action.savings) * hours, 2);
  return { hours, netUsd, keptCostUsd, grossUsd: addUsd(netUsd, keptCostUsd) };
}

/**
 * What the actions in force at `instant` save over the next month (730 h): the
 * monthly figure, or, for an action whose saving ends sooner (`savingsUntil`), its
 * hourly saving x the hours left. `null`: not in force, or the price is unknown.
 */
export function projectedMonthlyUsd(action: ActionRecord, instant: Date): number | null {
  if (!inForceAt(action, instant) || action.savings.hourlyUsd === null) return null;
  const until = inForcePeriod(action)!.until;
  if (until === null) return action.savings.monthlyUsd ?? roundUsd(action.savings.hourlyUsd * HOURS_PER_MONTH, 2);
  const hoursLeft = Math.min(HOURS_PER_MONTH, (until.getTime() - instant.getTime()) / HOUR_MS);
  return roundUsd(action.savings.hourlyUsd * hoursLeft, 2);
}

/** Sums dollar amounts in whole cents, so that rows rounded to the cent add up to their total exactly. */
export function addUsd(...values: readonly (number | null | undefined)[]): number {
  let cents = 0;
  for (const value of values) if (value !== null && value !== undefined) cents += Math.round(value * 100);
  return cents / 100;
}
