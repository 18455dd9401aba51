/**
 * CloudTrail event history: every event of one name in a time window, in one paged
 * `LookupEvents` query (50 events a page, newest first). A sweep asks once per region and
 * run, not once per resource: CloudTrail allows two lookups a second per account and
 * region, and keeps 90 days of management events.
 */
import { CloudTrailClient, paginateLookupEvents, type Event } from '@aws-sdk/client-cloudtrail';
import { errorMessage } from '../core/errors.js';
import type { RegionContext } from '../core/sweep.js';

/** One event as a sweep reads it: when, and the request's parameters from the record. */
export interface TrailEvent {
  readonly time: Date;
  /** `requestParameters` of the CloudTrail record, `{}` when absent or unreadable. */
  readonly requestParameters: { readonly [key: string]: unknown };
  /** `ResourceName`s the event lists. */
  readonly resourceNames: readonly string[];
}

/** What a lookup found, or why it failed. */
export type TrailLookup =
  { readonly ok: true; readonly events: readonly TrailEvent[]; readonly searchedFrom: Date } | { readonly ok: false; readonly reason: string };

/**
 * Every `eventName` event from `from` to the run's `now`. Never throws: a failed lookup
 * (denied, throttled after the SDK's retries) is returned with its reason, so the sweep
 * can say the signal is unknown.
 *
 * @example
 * const opens = await lookupEventsNamed(ctx, 'CreatePresignedDomainUrl', addHours(ctx.now, -24));
 * if (opens.ok) for (const e of opens.events) console.log(e.time, e.requestParameters.userProfileName);
 */
export async function lookupEventsNamed(ctx: RegionContext, eventName: string, from: Date): Promise<TrailLookup> {
  const cloudtrail = ctx.clients.get(CloudTrailClient, ctx.region);
  const events: TrailEvent[] = [];
  try {
    const pages = paginateLookupEvents(
      { client: cloudtrail, pageSize: 50 },
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }], StartTime: from, EndTime: ctx.now },
    );
    for await (const page of pages) {
      for (const event of page.Events ?? []) if (event.EventTime) events.push(trailEvent(event, event.EventTime));
    }
  } catch (error) {
    ctx.logger.warn(`CloudTrail LookupEvents (${eventName}) failed`, { region: ctx.region, error: errorMessage(error) });
    return { ok: false, reason: `${error instanceof Error ? error.name : 'Error'}: ${errorMessage(error)}` };
  }
  return { ok: true, events, searchedFrom: from };
}

function trailEvent(event: Event, time: Date): TrailEvent {
  let requestParameters: { [key: string]: unknown } = {};
  try {
    const record = JSON.parse(event.CloudTrailEvent ?? '{}') as { requestParameters?: unknown };
    if (record.requestParameters && typeof record.requestParameters === 'object') requestParameters = record.requestParameters as { [key: string]: unknown };
  } catch {
    // a record that is not JSON: the resource names may still say what it was about
  }
  const resourceNames = (event.Resources ?? []).map((r) => r.ResourceName).filter((n): n is string => typeof n === 'string' && n !== '');
  return { time, requestParameters, resourceNames };
}
