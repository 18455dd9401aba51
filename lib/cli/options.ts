/**
 * Parsers of the CLI's option values. Each refuses what it cannot read exactly,
 * naming the option and the value it got: a sweep must never run "as of" a
 * guessed instant or in a guessed region.
 */
import { fixedClock, systemClock, type Clock } from '../core/clock.js';
import { UsageError } from '../core/errors.js';
import { closestRegion, isAwsRegion } from '../core/regions.js';

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `--now`: an ISO-8601 instant with an explicit zone (`Z` or `+09:00`), and a
 * real calendar date (2026-02-30 is refused, not rolled over to March).
 */
export function parseNow(value: string | undefined): Clock {
  if (value === undefined) return systemClock;
  const match = INSTANT.exec(value);
  const example = 'e.g. 2026-11-27T09:00:00Z or 2026-11-27T18:00:00+09:00';
  if (!match) throw new UsageError(`--now must be an ISO-8601 instant with a time zone (${example}); got "${value}"`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part: string | undefined) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    calendar.getUTCHours() === hour &&
    calendar.getUTCMinutes() === minute &&
    calendar.getUTCSeconds() === second;
  if (!real) throw new UsageError(`--now: "${value}" is not a real date and time (${example})`);
  return fixedClock(value);
}

/**
 * `--region`, repeated or comma-separated: each a known AWS region code, in the
 * order given, each once. `undefined` when the option was not given.
 */
export function parseRegions(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const regions: string[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    const region = raw.trim();
    if (!region) throw new UsageError(`--region needs region codes such as us-east-1; got "${values.join(',')}"`);
    if (!isAwsRegion(region)) {
      const suggestion = closestRegion(region);
      throw new UsageError(`--region: "${region}" is not an AWS region${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
    }
    if (!regions.includes(region)) regions.push(region);
  }
  return regions;
}

/** `--port`: an integer from 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535; got "${value}"`);
  return port;
}

/** What `--accounts` asks for: every account of the organization, or these ids. */
export type AccountsOption = { readonly source: 'organization' } | { readonly source: 'list'; readonly ids: readonly string[] };

/**
 * `--accounts`: `org` (every ACTIVE account AWS Organizations lists) or 12-digit
 * account ids, comma-separated, each once. `undefined` when the option was not given.
 */
export function parseAccounts(value: string | undefined): AccountsOption | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'org') return { source: 'organization' };
  const ids: string[] = [];
  for (const raw of value.split(',')) {
    const id = raw.trim();
    if (!/^\d{12}$/.test(id)) throw new UsageError(`--accounts needs "org" or 12-digit account ids, comma-separated; "${id}" is not an account id`);
    if (!ids.includes(id)) ids.push(id);
  }
  return { source: 'list', ids };
}

/** `--concurrency`: pairs swept at once, an integer from 1 to 100. */
export function parseConcurrency(value: string | undefined): number {
  if (value === undefined) return 4;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--concurrency must be an integer from 1 to 100; got "${value}"`);
  return n;
}
