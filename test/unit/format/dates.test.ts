import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, timeZoneLabel } from '../../../lib/format/index.js';

const AT = '2026-11-27T09:00:00.000Z';

describe('dates in the configured zone, the zone named', () => {
  it('defaults to en and UTC', () => {
    expect(formatDateTime(AT)).toBe('2026-11-27 09:00 UTC');
    expect(formatDateTime(new Date(AT))).toBe('2026-11-27 09:00 UTC');
    expect(formatDate(AT)).toBe('2026-11-27');
  });

  it('writes ja dates in the Japanese format, Tokyo time named JST', () => {
    expect(formatDateTime(AT, { locale: 'ja', timeZone: 'Asia/Tokyo' })).toBe('2026/11/27 18:00 JST');
    expect(formatDateTime(AT, { locale: 'ja' })).toBe('2026/11/27 09:00 UTC');
    expect(formatDate('2026-11-27T20:00:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo' })).toBe('2026/11/28');
  });

  it('names a zone without a common abbreviation by its IANA name', () => {
    expect(formatDateTime(AT, { timeZone: 'Asia/Tokyo' })).toBe('2026-11-27 18:00 Asia/Tokyo');
    expect(formatDateTime(AT, { locale: 'ja', timeZone: 'America/New_York' })).toBe('2026/11/27 04:00 America/New_York');
  });

  it('follows daylight saving time', () => {
    expect(formatDateTime('2026-07-01T12:00:00Z', { timeZone: 'America/New_York' })).toBe('2026-07-01 08:00 EDT');
    expect(formatDateTime('2026-12-01T12:00:00Z', { timeZone: 'America/New_York' })).toBe('2026-12-01 07:00 EST');
  });

  it('leaves the zone out where a header names it', () => {
    expect(formatDateTime(AT, { timeZone: 'Asia/Tokyo', zone: false })).toBe('2026-11-27 18:00');
    expect(timeZoneLabel({ locale: 'ja', timeZone: 'Asia/Tokyo' })).toBe('JST');
    expect(timeZoneLabel()).toBe('UTC');
  });

  it('writes midnight as 00:00, never 24:00', () => {
    expect(formatDateTime('2026-11-27T15:00:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo' })).toBe('2026/11/28 00:00 JST');
  });
});
