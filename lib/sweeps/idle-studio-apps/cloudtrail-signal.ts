/**
 * The CloudTrail signal: when a Studio user last opened Studio. Opening Studio (the
 * console's "Open Studio", or a presigned URL) calls `CreatePresignedDomainUrl` with the
 * domain, the user profile and, for a direct link, the space. Pure: the events come from
 * one `LookupEvents` query per region and run (`lib/aws/cloudtrail-lookup.ts`).
 *
 * Which opens count for an app (lenient: an open that may be its user's counts):
 * - a user profile's app (Studio Classic): opens by that profile;
 * - a private space's app: opens naming the space, or by its owner profile;
 * - a shared space's app (or one whose owner is not known): any open in the domain.
 */
import type { TrailEvent, TrailLookup } from '../../aws/cloudtrail-lookup.js';
import type { AppOwner, OpenedSignal } from './facts.js';

/** The CloudTrail event of opening SageMaker Studio. */
export const OPEN_EVENT = 'CreatePresignedDomainUrl';

/** The latest open per domain, per profile and per space (keys lower-cased). */
export interface DomainOpens {
  readonly byDomain: ReadonlyMap<string, Date>;
  readonly byProfile: ReadonlyMap<string, Date>;
  readonly bySpace: ReadonlyMap<string, Date>;
}

/** Indexes the opens of a lookup. */
export function indexOpens(events: readonly TrailEvent[]): DomainOpens {
  const byDomain = new Map<string, Date>();
  const byProfile = new Map<string, Date>();
  const bySpace = new Map<string, Date>();
  const later = (map: Map<string, Date>, key: string, at: Date) => {
    const previous = map.get(key);
    if (!previous || at > previous) map.set(key, at);
  };
  for (const event of events) {
    const p = event.requestParameters;
    const domain = text(p.domainId);
    if (!domain) continue;
    later(byDomain, domain, event.time);
    const profile = text(p.userProfileName);
    if (profile) later(byProfile, `${domain}#${profile}`, event.time);
    const space = text(p.spaceName);
    if (space) later(bySpace, `${domain}#${space}`, event.time);
  }
  return { byDomain, byProfile, bySpace };
}

/** The signal of one app from the region's lookup. */
export function openedSignal(lookup: TrailLookup, opens: DomainOpens, domainId: string, owner: AppOwner): OpenedSignal {
  if (!lookup.ok) return { known: false, reason: lookup.reason };
  const domain = domainId.toLowerCase();
  const searchedFrom = lookup.searchedFrom.toISOString();
  const latest = (...dates: (Date | undefined)[]) => {
    const known = dates.filter((d): d is Date => d !== undefined);
    return known.length ? new Date(Math.max(...known.map((d) => d.getTime()))).toISOString() : null;
  };
  const profileOpen = (name: string) => opens.byProfile.get(`${domain}#${name.toLowerCase()}`);
  if (owner.kind === 'user') return { known: true, lastAt: latest(profileOpen(owner.name)), matched: `user profile ${owner.name}`, searchedFrom };
  const spaceOpen = opens.bySpace.get(`${domain}#${owner.name.toLowerCase()}`);
  if (owner.sharing === 'Private' && owner.ownerProfile) {
    return {
      known: true,
      lastAt: latest(spaceOpen, profileOpen(owner.ownerProfile)),
      matched: `space ${owner.name} or its owner ${owner.ownerProfile}`,
      searchedFrom,
    };
  }
  const why = owner.sharing === 'Shared' ? 'a shared space' : 'owner not known';
  return { known: true, lastAt: latest(spaceOpen, opens.byDomain.get(domain)), matched: `any user of domain ${domainId} (${why})`, searchedFrom };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}
