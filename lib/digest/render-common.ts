/**
 * What the text and HTML digests share: the language and time zone, labels of
 * statuses, and the tag text they print, made safe.
 */
import { HOURS_PER_MONTH } from '../core/finding.js';
import { formatDate, formatUsd, formatUsdPerHour, resolveFormat, safeText, type FormatOptions, type Locale, type ResolvedFormat } from '../format/index.js';
import { digestMessages, t } from './messages/index.js';
import type { FindingLine, RunawayLine } from './weekly-digest.js';

export type { ResolvedFormat } from '../format/index.js';

/** {@link FormatOptions} of a digest renderer with its defaults (`en`, `UTC`). */
export function digestFormat(options: FormatOptions): ResolvedFormat {
  return resolveFormat(options);
}

/** Tag-derived text (team, owner, resource, reason) made safe for the page or message. */
export function tagText(value: string, maxLength = 256): string {
  return safeText(value, { maxLength });
}

/** Free text such as a reason or a failure message, bounded more loosely. */
export function longText(value: string): string {
  return safeText(value, { maxLength: 2000 });
}

/** A team, or the locale's "(unallocated)". */
export function teamName(team: string | null, locale: Locale): string {
  return team === null ? t(locale, 'team.unallocatedRow') : tagText(team);
}

/** A finding status in words (`protected`, `exempt`, ...); an unknown status as it is. */
export function statusLabel(status: FindingLine['status'], locale: Locale): string {
  const key = `status.${status}`;
  return digestMessages.has(key) ? t(locale, key) : status;
}

/** What happened to a runaway job: running, stop pending, stopping, stopped, or its status. */
export function runawayOutcome(job: RunawayLine, locale: Locale): string {
  const key = `runaway.${job.status}`;
  return digestMessages.has(key) ? t(locale, key) : statusLabel(job.status, locale);
}

/** The week's first and last day (ISO weeks are UTC weeks), e.g. `2026-11-16 to 2026-11-22 (UTC)`. */
export function weekRange(weekStart: string, weekEnd: string, locale: Locale): string {
  const last = new Date(new Date(weekEnd).getTime() - 86_400_000);
  return t(locale, 'digest.weekRange', { start: formatDate(weekStart, { locale, timeZone: 'UTC' }), end: formatDate(last, { locale, timeZone: 'UTC' }) });
}

/**
 * A finding's money for a "$/month" column: a training job bills while it runs, so
 * it shows $/hour (its monthly figure is hourly x 730 h, which no job runs for).
 */
export function findingMoney(f: FindingLine, locale: Locale): string {
  if (f.perHour && f.monthlyUsd !== null) return formatUsdPerHour(f.monthlyUsd / HOURS_PER_MONTH, locale);
  return formatUsd(f.monthlyUsd, locale);
}
