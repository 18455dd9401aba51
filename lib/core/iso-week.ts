/**
 * ISO-8601 week of a UTC instant, e.g. `2026-W48`. Weeks start Monday 00:00 UTC;
 * week 1 is the week with the year's first Thursday.
 */
export function isoWeekOf(instant: Date): string {
  const day = new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
  const weekday = day.getUTCDay() || 7; // Monday 1 .. Sunday 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The Monday 00:00 UTC that starts ISO week `week` (`2026-W48`), and the next Monday. */
export function isoWeekRange(week: string): { start: Date; end: Date } {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) throw new RangeError(`Not an ISO week (YYYY-Www): ${week}`);
  const year = Number(match[1]);
  const number = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = Date.UTC(year, 0, 4 - ((jan4.getUTCDay() || 7) - 1));
  const start = new Date(week1Monday + (number - 1) * 7 * 86_400_000);
  if (number < 1 || isoWeekOf(start) !== week) throw new RangeError(`ISO week ${week} does not exist`);
  return { start, end: new Date(start.getTime() + 7 * 86_400_000) };
}

/** The last ISO week that ended at or before `instant` (e.g. on Monday 2026-11-23 08:00 UTC: `2026-W47`). */
export function previousIsoWeek(instant: Date): string {
  const { start } = isoWeekRange(isoWeekOf(instant));
  return isoWeekOf(new Date(start.getTime() - 1));
}
