/**
 * Config fragments for the language and time zone of notices and the digest, for
 * the one config schema to include:
 *
 * @example
 * locale: z._default(LocaleSchema, DEFAULT_LOCALE),
 * timeZone: z._default(TimeZoneSchema, DEFAULT_TIME_ZONE),
 * // and per notice subscription: locale: z.optional(LocaleSchema)
 */
import * as z from 'zod/mini';
import { isTimeZone, LOCALES } from './locale.js';

export { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, LOCALES, type Locale } from './locale.js';

/** `en` or `ja`: the language of owner notices, the digest and CLI tables. */
export const LocaleSchema = z.enum(LOCALES);

/** An IANA time zone Intl knows, e.g. `UTC`, `Asia/Tokyo`, `Europe/Berlin`. */
export const TimeZoneSchema = z.string().check(z.refine((value) => isTimeZone(value), 'must be an IANA time zone such as "UTC" or "Asia/Tokyo"'));
