/**
 * The languages finops-ai writes in, and the time zone its dates are shown in.
 * Money is always USD (the currency of AWS list prices); only its separators follow
 * the locale.
 */

/** Supported locales: `en` (default) and `ja`. */
export const LOCALES = ['en', 'ja'] as const;

/** A supported locale. */
export type Locale = (typeof LOCALES)[number];

/** @default 'en' */
export const DEFAULT_LOCALE: Locale = 'en';

/** IANA time zone of dates when none is configured. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** How text is written: the locale and the time zone its dates are shown in. */
export interface FormatOptions {
  /** @default 'en' */
  readonly locale?: Locale;
  /** An IANA time zone, e.g. `Asia/Tokyo`. @default 'UTC' */
  readonly timeZone?: string;
}

/** {@link FormatOptions} with the defaults filled in. */
export interface ResolvedFormat {
  readonly locale: Locale;
  readonly timeZone: string;
}

/** Fills in the defaults of {@link FormatOptions}. */
export function resolveFormat(options: FormatOptions = {}): ResolvedFormat {
  return { locale: options.locale ?? DEFAULT_LOCALE, timeZone: options.timeZone ?? DEFAULT_TIME_ZONE };
}

/** The BCP 47 tag Intl formats a locale with (`en` keeps US-style separators). */
export function intlLocale(locale: Locale): string {
  return locale === 'ja' ? 'ja-JP' : 'en-US';
}

/** Whether `value` is a locale finops-ai writes in. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Whether Intl knows `timeZone` (an IANA name such as `Asia/Tokyo`, or `UTC`).
 *
 * @example
 * isTimeZone('Asia/Tokyo') // => true
 * isTimeZone('Mars/Olympus') // => false
 */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
