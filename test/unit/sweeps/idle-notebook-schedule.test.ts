import { describe, expect, it } from 'vitest';
import { parseSchedule, scheduleAt, type NotebookSchedule } from '../../../lib/sweeps/idle-notebooks/schedule.js';

describe('parseSchedule', () => {
  it.each([
    ['weekdays-9-19 Asia/Tokyo', { days: 'weekdays', startHour: 9, endHour: 19, timeZone: 'Asia/Tokyo' }],
    ['daily-0-24 UTC', { days: 'daily', startHour: 0, endHour: 24, timeZone: 'UTC' }],
    ['  weekdays-7-20 America/Argentina/Buenos_Aires ', { days: 'weekdays', startHour: 7, endHour: 20, timeZone: 'America/Argentina/Buenos_Aires' }],
    ['daily-8-18 Etc/GMT+9', { days: 'daily', startHour: 8, endHour: 18, timeZone: 'Etc/GMT+9' }],
  ])('%j parses', (value, schedule) => {
    expect(parseSchedule(value)).toEqual({ ok: true, schedule: { text: value.trim(), ...schedule } });
  });

  it.each([
    ['', /expected "<weekdays\|daily>/],
    ['weekdays-9-19', /expected/],
    ['weekdays 9-19 Asia/Tokyo', /expected/],
    ['Weekdays-9-19 Asia/Tokyo', /expected/],
    ['weekends-9-19 Asia/Tokyo', /expected/],
    ['weekdays-9:30-19 Asia/Tokyo', /expected/],
    ['weekdays-9-19  Asia/Tokyo', /expected/],
    ['weekdays-9-19 Asia/Tokyo extra', /expected/],
    ['weekdays-19-9 Asia/Tokyo', /0 <= start < end <= 24, got 19-9/],
    ['weekdays-9-9 UTC', /got 9-9/],
    ['daily-0-25 UTC', /got 0-25/],
    ['weekdays-9-19 Asia/Tokio', /unknown time zone "Asia\/Tokio"/],
    ['weekdays-9-19 JST', /time zone must be an IANA name such as Asia\/Tokyo or UTC, got "JST"/],
    ['weekdays-9-19 IST', /got "IST"/],
  ])('%j is rejected', (value, reason) => {
    const parsed = parseSchedule(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('scheduleAt', () => {
  const schedule = (text: string): NotebookSchedule => {
    const parsed = parseSchedule(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.schedule;
  };

  it.each([
    ['weekdays-9-19 Asia/Tokyo', '2026-11-23T00:00:00Z', true, 'Mon 09:00 Asia/Tokyo'], // start is inside
    ['weekdays-9-19 Asia/Tokyo', '2026-11-23T09:59:00Z', true, 'Mon 18:59 Asia/Tokyo'],
    ['weekdays-9-19 Asia/Tokyo', '2026-11-23T10:00:00Z', false, 'Mon 19:00 Asia/Tokyo'], // end is outside
    ['weekdays-9-19 Asia/Tokyo', '2026-11-22T23:59:00Z', false, 'Mon 08:59 Asia/Tokyo'],
    ['weekdays-9-19 Asia/Tokyo', '2026-11-21T03:00:00Z', false, 'Sat 12:00 Asia/Tokyo'], // Friday in UTC, Saturday in Tokyo
    ['daily-9-19 Asia/Tokyo', '2026-11-21T03:00:00Z', true, 'Sat 12:00 Asia/Tokyo'],
    ['daily-0-24 UTC', '2026-11-21T23:59:00Z', true, 'Sat 23:59 UTC'],
    // Daylight saving time: 08:30 UTC is 10:30 in Berlin in summer, 09:30 in winter.
    ['weekdays-10-18 Europe/Berlin', '2026-07-01T08:30:00Z', true, 'Wed 10:30 Europe/Berlin'],
    ['weekdays-10-18 Europe/Berlin', '2026-12-02T08:30:00Z', false, 'Wed 09:30 Europe/Berlin'],
  ])('%s at %s: inside %s (%s)', (text, at, inside, local) => {
    expect(scheduleAt(schedule(text), new Date(at))).toEqual({ inside, local });
  });
});
