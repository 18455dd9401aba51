/**
 * Dates in the locale's format, in a configured time zone, with the zone named:
 * `en` writes ISO-style dates (`2026-11-27 18:00 Asia/Tokyo`, unambiguous for an
 * international team), `ja` the Japanese format (`2026/11/27 18:00 JST`).
 * Intl.DateTimeFormat does the time zone arithmetic.
 */
import { intlLocale, resolveFormat, type FormatOptions, type Locale } from './locale.js';

const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: Locale, timeZone: string, kind: 'stamp' | 'zone'): Intl.DateTimeFormat {
  const id = `${locale}|${timeZone}|${kind}`;
  let format = cache.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(
      intlLocale(locale),
      kind === 'stamp'
        ? { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { timeZone, timeZoneName: 'short' },
    );
    cache.set(id, format);
  }
  return format;
}

interface Parts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
}

function partsOf(at: Date, locale: Locale, timeZone: string): Parts {
  const parts: Record<string, string> = {};
  for (const p of dateFormat(locale, timeZone, 'stamp').formatToParts(at)) parts[p.type] = p.value;
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute! };
}

function toDate(at: Date | string): Date {
  return typeof at === 'string' ? new Date(at) : at;
}

/**
 * The name of the time zone as a reader knows it: `UTC`, an abbreviation the locale
 * uses (`JST` in `ja`, `EST` in `en`), else the IANA name (`Asia/Tokyo` in `en`,
 * where Intl would only say `GMT+9`).
 */
export function timeZoneLabel(options: FormatOptions = {}, at: Date | string = new Date(0)): string {
  const { locale, timeZone } = resolveFormat(options);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  const short = dateFormat(locale, timeZone, 'zone')
    .formatToParts(toDate(at))
    .find((p) => p.type === 'timeZoneName')?.value;
  return short && /^[A-Z]{2,5}$/.test(short) ? short : timeZone;
}

/** Options of {@link formatDateTime}. */
export interface DateTimeOptions extends FormatOptions {
  /** Append the zone's name; off where a column header names it. @default true */
  readonly zone?: boolean;
}

/**
 * An instant to the minute in the configured zone, the zone named.
 *
 * @example
 * formatDateTime('2026-11-27T09:00:00Z') // => '2026-11-27 09:00 UTC'
 * formatDateTime('2026-11-27T09:00:00Z', { locale: 'ja', timeZone: 'Asia/Tokyo' }) // => '2026/11/27 18:00 JST'
 * formatDateTime('2026-11-27T09:00:00Z', { timeZone: 'Asia/Tokyo', zone: false }) // => '2026-11-27 18:00'
 */
export function formatDateTime(at: Date | string, options: DateTimeOptions = {}): string {
  const { locale, timeZone } = resolveFormat(options);
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return String(at);
  const p = partsOf(date, locale, timeZone);
  const day = locale === 'ja' ? `${p.year}/${p.month}/${p.day}` : `${p.year}-${p.month}-${p.day}`;
  const text = `${day} ${p.hour}:${p.minute}`;
  return options.zone === false ? text : `${text} ${timeZoneLabel({ locale, timeZone }, date)}`;
}

/**
 * The calendar day of an instant in the configured zone (no zone named).
 *
 * @example
 * formatDate('2026-11-16T00:00:00Z') // => '2026-11-16'
 * formatDate('2026-11-16T00:00:00Z', { locale: 'ja' }) // => '2026/11/16'
 */
export function formatDate(at: Date | string, options: FormatOptions = {}): string {
  const { locale, timeZone } = resolveFormat(options);
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return String(at);
  const p = partsOf(date, locale, timeZone);
  return locale === 'ja' ? `${p.year}/${p.month}/${p.day}` : `${p.year}-${p.month}-${p.day}`;
}
