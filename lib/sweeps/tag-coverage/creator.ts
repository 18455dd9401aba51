/**
 * Who created a resource without an owner tag, so that its notice reaches them as
 * well as the fallback owner: the `Username` of its Create* event in CloudTrail (an
 * IAM user's name, or an assumed role's session name, which SSO sets to the email).
 *
 * One `LookupEvents` per resource (EventName = its Create* call, within 15 minutes of
 * its creation time; a page or two), at most `creatorLookups` calls per region and run:
 * CloudTrail allows two lookups a second per account and region, and keeps 90 days of
 * management events, so an older resource's creator is unknown. A tag `aws:createdBy`
 * on the resource, when present, names the creator without a lookup.
 */
import { CloudTrailClient, paginateLookupEvents } from '@aws-sdk/client-cloudtrail';
import { errorMessage, errorName } from '../../core/errors.js';
import type { Tags } from '../../core/finding.js';
import type { RegionContext } from '../../core/sweep.js';
import type { Creator } from './facts.js';

/** CloudTrail's event history. */
export const CLOUDTRAIL_RETENTION_DAYS = 90;
/** How far from the creation time the Create* event is searched. */
export const SEARCH_MINUTES = 15;
/** Pages read per lookup at most (50 events a page). */
export const MAX_PAGES_PER_LOOKUP = 4;
/** The tag that names the creator without a lookup, when a resource has it. */
export const CREATED_BY_TAG = 'aws:createdBy';

/** The parts of a CloudTrail record a match reads. */
export interface CreationRecord {
  readonly requestParameters?: Readonly<Record<string, unknown>> | null;
  readonly responseElements?: Readonly<Record<string, unknown>> | null;
}

/** How to find one resource's creation event. */
export interface CreationQuery {
  /** e.g. `CreateEndpoint`, `RunInstances`. */
  readonly eventName: string;
  /** ISO-8601 creation time; `null` when the service does not say. */
  readonly at: string | null;
  /** Whether a record of `eventName` created this resource. */
  readonly matches: (record: CreationRecord) => boolean;
  /** Same key, same answer (an instance and its volumes share their instance's). */
  readonly key: string;
  /** Said after the source, e.g. `via its instance i-1`. */
  readonly via?: string;
}

/** A query matching `requestParameters[field]` to `name` (case-insensitive, as SageMaker and Bedrock names are unique). */
export function createdByName(eventName: string, field: string, name: string, at: string | null): CreationQuery {
  return {
    eventName,
    at,
    key: `${eventName}#${name.toLowerCase()}`,
    matches: (r) => typeof r.requestParameters?.[field] === 'string' && r.requestParameters[field].toLowerCase() === name.toLowerCase(),
  };
}

/** A query for the `RunInstances` that launched `instanceId`. */
export function launchedInstance(instanceId: string, at: string | null, via?: string): CreationQuery {
  return {
    eventName: 'RunInstances',
    at,
    key: `RunInstances#${instanceId}`,
    ...(via ? { via } : {}),
    matches: (r) => {
      const items = (r.responseElements?.instancesSet as { items?: { instanceId?: unknown }[] } | undefined)?.items ?? [];
      return items.some((i) => i.instanceId === instanceId);
    },
  };
}

/** Looks creators up within one region's budget of calls; never throws (a failure is the reason in each answer). */
export class CreatorLookup {
  readonly #ctx: RegionContext;
  #budget: number;
  readonly #limit: number;
  readonly #answers = new Map<string, Promise<Creator>>();
  /** The first error of a lookup in this run, if any (reported once). */
  failure: unknown = null;

  constructor(ctx: RegionContext, budget: number) {
    this.#ctx = ctx;
    this.#budget = budget;
    this.#limit = budget;
  }

  /** The creator of a resource with `tags`, found by `query`. */
  creatorOf(query: CreationQuery, tags: Tags): Promise<Creator> {
    const tagged = tags[CREATED_BY_TAG]?.trim();
    if (tagged) return Promise.resolve({ known: true, name: tagged, source: `tag ${CREATED_BY_TAG}` });
    let answer = this.#answers.get(query.key);
    if (!answer) {
      answer = this.#lookup(query);
      this.#answers.set(query.key, answer);
    }
    return answer;
  }

  async #lookup(query: CreationQuery): Promise<Creator> {
    if (this.#limit === 0) return { known: false, reason: 'lookup off (sweeps.tag-coverage.creatorLookups is 0)' };
    if (!query.at) return { known: false, reason: 'its creation time is unknown' };
    const at = new Date(query.at);
    if (this.#ctx.now.getTime() - at.getTime() > CLOUDTRAIL_RETENTION_DAYS * 86_400_000) {
      return { known: false, reason: `created more than ${CLOUDTRAIL_RETENTION_DAYS} days ago, beyond CloudTrail's event history` };
    }
    if (this.#budget <= 0) return { known: false, reason: `not looked up: this run's ${this.#limit} CloudTrail lookups (creatorLookups) were used` };
    const cloudtrail = this.#ctx.clients.get(CloudTrailClient, this.#ctx.region);
    const window = SEARCH_MINUTES * 60_000;
    try {
      const pages = paginateLookupEvents(
        { client: cloudtrail, pageSize: 50 },
        {
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: query.eventName }],
          StartTime: new Date(at.getTime() - window),
          EndTime: new Date(at.getTime() + window),
        },
      );
      let read = 0;
      for await (const page of pages) {
        this.#budget--;
        for (const event of page.Events ?? []) {
          if (!matches(query, event.CloudTrailEvent)) continue;
          const name = event.Username ?? 'unknown user';
          const when = event.EventTime ? ` at ${event.EventTime.toISOString()}` : '';
          return { known: true, name, source: `CloudTrail ${query.eventName}${when}${query.via ? `, ${query.via}` : ''}` };
        }
        if (++read >= MAX_PAGES_PER_LOOKUP || this.#budget <= 0) break;
      }
    } catch (error) {
      this.failure ??= error;
      return { known: false, reason: `CloudTrail LookupEvents failed (${errorName(error)}: ${errorMessage(error)})` };
    }
    return { known: false, reason: `no ${query.eventName} event for it in CloudTrail within ${SEARCH_MINUTES} minutes of its creation` };
  }
}

function matches(query: CreationQuery, json: string | undefined): boolean {
  try {
    return query.matches(JSON.parse(json ?? '{}') as CreationRecord);
  } catch {
    return false;
  }
}
