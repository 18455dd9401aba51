import type { Tags } from './finding.js';

/** Tag keys the engine reads; configurable because every organisation names them differently. */
export interface TagKeys {
  /** @default 'owner' */
  readonly owner: string;
  /** @default 'team' */
  readonly team: string;
  /** @default 'env' */
  readonly environment: string;
  /** `finops:exempt=true` exempts a resource. @default 'finops:exempt' */
  readonly exempt: string;
  /** `finops:snooze-until=<ISO date>` in the future exempts until then. @default 'finops:snooze-until' */
  readonly snoozeUntil: string;
}

/** Who owns resources and which are off limits. */
export interface OwnershipPolicy {
  readonly tagKeys: TagKeys;
  /** Values of the environment tag that mark a resource protected (case-insensitive). */
  readonly protectedEnvironments: readonly string[];
  /** Owner used when a resource has no owner tag. */
  readonly fallbackOwner: string;
}

/** How the engine must treat a resource, from its tags alone. */
export interface ResourceStanding {
  readonly owner: string;
  /** `true` when the owner came from the fallback, not a tag. */
  readonly ownerIsFallback: boolean;
  readonly team: string | null;
  readonly environment: string | null;
  /** Why the resource is exempt, or `null`. */
  readonly exemptBecause: string | null;
  /** Why the resource is protected, or `null`. */
  readonly protectedBecause: string | null;
}

/**
 * Reads owner, team, exemption and protection from a resource's tags as of `now`.
 *
 * @example
 * standingOf({ owner: 'ana', 'finops:snooze-until': '2026-12-01' }, policy, now)
 * // => { owner: 'ana', exemptBecause: 'snoozed until 2026-12-01 (tag finops:snooze-until)', ... }
 */
export function standingOf(tags: Tags, policy: OwnershipPolicy, now: Date): ResourceStanding {
  const keys = policy.tagKeys;
  const ownerTag = nonEmpty(tags[keys.owner]);
  const environment = nonEmpty(tags[keys.environment]);
  return {
    owner: ownerTag ?? policy.fallbackOwner,
    ownerIsFallback: ownerTag === null,
    team: nonEmpty(tags[keys.team]),
    environment,
    exemptBecause: exemption(tags, keys, now),
    protectedBecause:
      environment !== null && policy.protectedEnvironments.some((e) => e.toLowerCase() === environment.toLowerCase())
        ? `protected environment (tag ${keys.environment}=${environment})`
        : null,
  };
}

function exemption(tags: Tags, keys: TagKeys, now: Date): string | null {
  const exempt = nonEmpty(tags[keys.exempt]);
  if (exempt !== null && exempt.toLowerCase() === 'true') return `exempt (tag ${keys.exempt}=true)`;
  const snooze = nonEmpty(tags[keys.snoozeUntil]);
  if (snooze !== null) {
    const until = parseSnooze(snooze);
    if (until !== null && until.getTime() > now.getTime()) return `snoozed until ${snooze} (tag ${keys.snoozeUntil})`;
  }
  return null;
}

/**
 * A snooze date is an ISO date (`2026-12-01`, meaning through the end of that UTC day)
 * or an ISO instant. Anything else does not snooze: an unreadable tag must not
 * silently protect a resource forever.
 */
export function parseSnooze(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(day.getTime()) ? null : new Date(day.getTime() + 86_400_000);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/** Turns an AWS tag list into a map; for repeated keys (moto's AddTags appends) the last value wins. */
export function tagsFromList(list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Tags {
  const tags: Record<string, string> = {};
  for (const tag of list ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  return tags;
}
