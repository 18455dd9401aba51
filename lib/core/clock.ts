/**
 * The one source of "now" for every time-dependent decision. Sweeps never call
 * `new Date()` themselves, so a run can be evaluated as of any instant
 * (`finops-ai ... --now 2026-11-30T09:00:00Z`) and tests are deterministic.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `instant`. */
export function fixedClock(instant: Date | string): Clock {
  const at = typeof instant === 'string' ? new Date(instant) : new Date(instant.getTime());
  if (Number.isNaN(at.getTime())) throw new RangeError(`Not an ISO-8601 instant: ${String(instant)}`);
  return { now: () => new Date(at.getTime()) };
}

/** Milliseconds in one hour. */
export const HOUR_MS = 3_600_000;

/** `date` plus `hours` (fractional allowed). */
export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}

/** Hours from `from` to `to` (negative when `to` is earlier). */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / HOUR_MS;
}
