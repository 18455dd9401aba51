/**
 * The CloudTrail signal: when each notebook was last opened. One paged `LookupEvents`
 * query per region and run (EventName = `CreatePresignedNotebookInstanceUrl`, 50 events a
 * page, newest first), not one per notebook: CloudTrail allows two lookups a second per
 * account and region.
 *
 * The lookup covers only the idle window: CloudTrail keeps 90 days of management events,
 * but an older open changes no decision and would cost a page per 50 events.
 */
import { CloudTrailClient, paginateLookupEvents, type Event } from '@aws-sdk/client-cloudtrail';
import { errorMessage } from '../../core/errors.js';
import type { RegionContext } from '../../core/sweep.js';
import type { OpenedSignal } from './facts.js';

/** The CloudTrail event of opening a notebook instance's Jupyter (console "Open JupyterLab", or the API). */
export const OPEN_EVENT = 'CreatePresignedNotebookInstanceUrl';

/** What the lookup found: the latest open per notebook (lower-cased name), or why it failed. */
export type LastOpened =
  { readonly ok: true; readonly byNotebook: ReadonlyMap<string, Date>; readonly searchedFrom: Date } | { readonly ok: false; readonly reason: string };

/** The latest `CreatePresignedNotebookInstanceUrl` per notebook since `from`. Never throws: a failed lookup is reported. */
export async function lastOpened(ctx: RegionContext, from: Date): Promise<LastOpened> {
  const cloudtrail = ctx.clients.get(CloudTrailClient, ctx.region);
  const byNotebook = new Map<string, Date>();
  try {
    const pages = paginateLookupEvents(
      { client: cloudtrail, pageSize: 50 },
      { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: OPEN_EVENT }], StartTime: from, EndTime: ctx.now },
    );
    for await (const page of pages) {
      for (const event of page.Events ?? []) {
        const name = notebookOf(event);
        if (!name || !event.EventTime) continue;
        const previous = byNotebook.get(name);
        if (!previous || event.EventTime > previous) byNotebook.set(name, event.EventTime);
      }
    }
  } catch (error) {
    ctx.logger.warn('CloudTrail LookupEvents failed: notebook activity falls back to the CloudWatch agent', { region: ctx.region, error: errorMessage(error) });
    return { ok: false, reason: `${error instanceof Error ? error.name : 'Error'}: ${errorMessage(error)}` };
  }
  return { ok: true, byNotebook, searchedFrom: from };
}

/** The signal of one notebook from the lookup's result. */
export function openedSignal(lookup: LastOpened, notebookName: string): OpenedSignal {
  if (!lookup.ok) return { known: false, reason: lookup.reason };
  return { known: true, lastAt: lookup.byNotebook.get(notebookName.toLowerCase())?.toISOString() ?? null, searchedFrom: lookup.searchedFrom.toISOString() };
}

/**
 * The notebook an event is about, lower-cased (SageMaker notebook names are unique
 * regardless of case: their ARNs are lower case): the request's `notebookInstanceName`
 * in the record, else the event's resource name.
 */
function notebookOf(event: Event): string | undefined {
  let name: unknown;
  try {
    const record = JSON.parse(event.CloudTrailEvent ?? '{}') as { requestParameters?: { notebookInstanceName?: unknown } | null };
    name = record.requestParameters?.notebookInstanceName;
  } catch {
    // a record that is not JSON: fall back to the resource name
  }
  if (typeof name !== 'string' || !name) name = event.Resources?.find((r) => r.ResourceName)?.ResourceName;
  return typeof name === 'string' && name ? name.split('/').pop()!.toLowerCase() : undefined;
}
