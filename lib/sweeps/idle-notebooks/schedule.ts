/**
 * Off-hours schedules from a tag value such as `weekdays-9-19 Asia/Tokyo`: the hours
 * a notebook is meant to run. Pure (the time zone arithmetic is the runtime's ICU data).
 *
 * Grammar, parsed strictly (anything else is rejected with the reason):
 *
 * ```
 * <days>-<start>-<end> <time zone>
 * days:       weekdays (Monday to Friday) | daily
 * start, end: whole hours, 0 <= start < end <= 24 (the window is [start, end) local time)
 * time zone:  an IANA name such as Asia/Tokyo, Europe/Berlin or UTC (abbreviations such as
 *             JST or IST are refused: the runtime accepts some, and they are ambiguous)
 * ```
 */

/** A parsed schedule. */
export interface NotebookSchedule {
  /** The tag value as given. */
  readonly text: string;
  readonly days: 'weekdays' | 'daily';
  readonly startHour: number;
  readonly endHour: number;
  readonly timeZone: string;
}

/** A parsed schedule, or why the value is not one. */
export type ScheduleParse = { readonly ok: true; readonly schedule: NotebookSchedule } | { readonly ok: false; readonly reason: string };

const FORMAT = /^(weekdays|daily)-(\d{1,2})-(\d{1,2}) ([A-Za-z][A-Za-z0-9_+\-/]*)$/;
const EXPECTED = 'expected "<weekdays|daily>-<start hour>-<end hour> <IANA time zone>", e.g. "weekdays-9-19 Asia/Tokyo"';

/**
 * Parses a schedule tag value.
 *
 * @example
 * parseSchedule('weekdays-9-19 Asia/Tokyo'); // { ok: true, schedule: { days: 'weekdays', startHour: 9, endHour: 19, timeZone: 'Asia/Tokyo', ... } }
 * parseSchedule('9-5');                      // { ok: false, reason: 'expected "<weekdays|daily>-..." ...' }
 */
export function parseSchedule(value: string): ScheduleParse {
  const text = value.trim();
  const match = FORMAT.exec(text);
  if (!match) return { ok: false, reason: EXPECTED };
  const [, days, start, end, timeZone] = match as unknown as [string, 'weekdays' | 'daily', string, string, string];
  if (timeZone !== 'UTC' && !/^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(timeZone)) {
    return { ok: false, reason: `time zone must be an IANA name such as Asia/Tokyo or UTC, got "${timeZone}"` };
  }
  const startHour = Number(start);
  const endHour = Number(end);
  if (startHour >= endHour || endHour > 24) return { ok: false, reason: `hours must satisfy 0 <= start < end <= 24, got ${startHour}-${endHour}` };
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return { ok: false, reason: `unknown time zone "${timeZone}"` };
  }
  return { ok: true, schedule: { text, days, startHour, endHour, timeZone } };
}

/** Local weekday and time of `now` in the schedule's zone, and whether that is inside the window. */
export function scheduleAt(schedule: NotebookSchedule, now: Date): { readonly inside: boolean; readonly local: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: schedule.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const weekday = parts.weekday ?? '';
  const hour = Number(parts.hour);
  const dayOk = schedule.days === 'daily' || !['Sat', 'Sun'].includes(weekday);
  return { inside: dayOk && hour >= schedule.startHour && hour < schedule.endHour, local: `${weekday} ${parts.hour}:${parts.minute} ${schedule.timeZone}` };
}
