/**
 * AWS side of the idle Studio app sweep: what it reads, in as few calls as the APIs allow.
 *
 * Calls per region: ListApps pages (100 a page, every domain at once); when some app of
 * a swept type is InService and has run for the shortest `maxAppHours` in force: one
 * ListDomains page set (ARNs), one ListSpaces page set (space owners and sharing) when one
 * of them is in a space, and one LookupEvents page set (CloudTrail, 50 events a page);
 * then, only for the apps the signals may call idle, DescribeApp (status, last user
 * activity, ARN) and ListTags of their space or user profile and of their domain (each
 * once per run). Young, busy or stopped apps cost nothing beyond the listing.
 */
import {
  DescribeAppCommand,
  paginateListApps,
  paginateListDomains,
  paginateListSpaces,
  paginateListTags,
  SageMakerClient,
  type AppDetails,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { lookupEventsNamed } from '../../aws/cloudtrail-lookup.js';
import { isNotFound } from '../../aws/sagemaker.js';
import { InventorySourceError } from '../../core/errors.js';
import type { Tags } from '../../core/finding.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import { appActivity } from './activity.js';
import { indexOpens, OPEN_EVENT, openedSignal } from './cloudtrail-signal.js';
import type { IdleStudioAppsConfig, StudioAppType } from './config.js';
import type { AppOwner, AppResourceSpec, StudioAppFacts } from './facts.js';
import { appArn, appResourceId, arnPrefix, ownerArn } from './ids.js';
import { hoursRunning } from './rule.js';

/** Lists Studio apps, reads the activity of the InService ones old enough, describes those that may be idle. */
export async function inventoryStudioApps(ctx: RegionContext, config: IdleStudioAppsConfig): Promise<Inventory<StudioAppFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  // Teams over budget may have a shorter window: read what the most permissive could call idle.
  const hours = [config.maxAppHours, ...(ctx.teamSettings ?? []).map((s) => (s as Partial<IdleStudioAppsConfig>).maxAppHours ?? config.maxAppHours)];
  const shortest = Math.min(...hours);
  const swept = new Set<string>(config.appTypes);

  const seen = new Set<string>();
  const running: AppDetails[] = [];
  for await (const page of paginateListApps({ client: sagemaker, pageSize: 100 }, {})) {
    for (const app of page.Apps ?? []) {
      const owner = app.SpaceName ?? app.UserProfileName;
      if (!app.DomainId || !owner || !app.AppType || !app.AppName || app.Status === 'Deleted') continue;
      seen.add(appResourceId(nameOf(app)));
      if (app.Status !== 'InService' || !swept.has(app.AppType) || !app.CreationTime) continue;
      if (hoursRunning({ creationTime: app.CreationTime.toISOString() }, ctx.now) >= shortest) running.push(app);
    }
  }
  if (running.length === 0) return { candidates: [], seen };

  const domainArns = new Map<string, string>();
  for await (const page of paginateListDomains({ client: sagemaker, pageSize: 100 }, {})) {
    for (const d of page.Domains ?? []) if (d.DomainId && d.DomainArn) domainArns.set(d.DomainId, d.DomainArn);
  }
  const spaces = new Map<string, Pick<AppOwner, 'ownerProfile' | 'sharing'>>();
  if (running.some((a) => a.SpaceName)) {
    for await (const page of paginateListSpaces({ client: sagemaker, pageSize: 100 }, {})) {
      for (const s of page.Spaces ?? []) {
        spaces.set(`${s.DomainId}#${s.SpaceName}`, {
          ownerProfile: s.OwnershipSettingsSummary?.OwnerUserProfileName ?? null,
          sharing: s.SpaceSharingSettingsSummary?.SharingType ?? null,
        });
      }
    }
  }
  const lookup = await lookupEventsNamed(ctx, OPEN_EVENT, new Date(ctx.now.getTime() - Math.max(...hours) * 3_600_000));
  const opens = indexOpens(lookup.ok ? lookup.events : []);

  const tagCache = new Map<string, Promise<Tags>>();
  const tagsOf = (arn: string) => {
    if (!tagCache.has(arn)) tagCache.set(arn, readTags(sagemaker, arn));
    return tagCache.get(arn)!;
  };
  const candidates: Candidate<StudioAppFacts>[] = [];
  const failures: { resourceId: string; error: unknown }[] = [];
  if (!lookup.ok)
    failures.push({ resourceId: 'cloudtrail:LookupEvents', error: new InventorySourceError('CloudTrail LookupEvents', ctx.region, lookup.reason) });
  for (const app of running) {
    const name = nameOf(app);
    const id = appResourceId(name);
    try {
      const owner: AppOwner =
        name.ownerKind === 'space'
          ? { kind: 'space', name: name.ownerName, ...(spaces.get(`${name.domainId}#${name.ownerName}`) ?? { ownerProfile: null, sharing: null }) }
          : { kind: 'user', name: name.ownerName, ownerProfile: null, sharing: null };
      let facts: StudioAppFacts = {
        domainId: name.domainId,
        owner,
        appType: app.AppType as StudioAppType,
        appName: name.appName,
        status: app.Status!,
        creationTime: app.CreationTime!.toISOString(),
        instanceType: app.ResourceSpec?.InstanceType ?? null,
        resourceSpec: specOf(app.ResourceSpec),
        opened: openedSignal(lookup, opens, name.domainId, owner),
        lastUserActivityAt: null,
        described: false,
      };
      const domainArn = domainArns.get(name.domainId);
      let arn = domainArn ? appArn(arnPrefix(domainArn)!, name) : '';
      let tags: Tags = {};
      const activity = appActivity(facts, shortest, ctx.now);
      if (activity.idle || activity.inconclusive) {
        const described = await sagemaker.send(new DescribeAppCommand(appKey(app)));
        if (described.Status === 'Deleted') continue;
        arn = described.AppArn ?? arn;
        facts = {
          ...facts,
          status: described.Status ?? facts.status,
          lastUserActivityAt: described.LastUserActivityTimestamp?.toISOString() ?? null,
          instanceType: described.ResourceSpec?.InstanceType ?? facts.instanceType,
          resourceSpec: described.ResourceSpec ? specOf(described.ResourceSpec) : facts.resourceSpec,
          described: true,
        };
        const prefix = arnPrefix(arn) ?? (domainArn ? arnPrefix(domainArn) : undefined);
        // The domain's tags (exempt, protected environment), then the space's or profile's: they outlive the app.
        if (prefix) tags = { ...(domainArn ? await tagsOf(domainArn) : {}), ...(await tagsOf(ownerArn(prefix, name.domainId, owner))) };
      }
      candidates.push({ ref: { resourceType: 'sagemaker:app', resourceId: id, arn, region: ctx.region }, tags, facts });
    } catch (error) {
      if (isNotFound(error)) continue; // deleted since it was listed
      failures.push({ resourceId: id, error });
    }
  }
  return { candidates, seen, failures };
}

function nameOf(app: AppDetails) {
  const space = app.SpaceName;
  return {
    domainId: app.DomainId!,
    ownerKind: space ? ('space' as const) : ('user' as const),
    ownerName: (space ?? app.UserProfileName)!,
    appType: app.AppType!,
    appName: app.AppName!,
  };
}

function appKey(app: AppDetails) {
  return {
    DomainId: app.DomainId,
    AppType: app.AppType,
    AppName: app.AppName,
    ...(app.SpaceName ? { SpaceName: app.SpaceName } : { UserProfileName: app.UserProfileName }),
  };
}

function specOf(spec: object | undefined): AppResourceSpec {
  return Object.fromEntries(Object.entries(spec ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function readTags(sagemaker: SageMakerClient, arn: string): Promise<Tags> {
  const list: Tag[] = [];
  try {
    for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: arn })) list.push(...(page.Tags ?? []));
  } catch (error) {
    if (isNotFound(error)) return {};
    throw error;
  }
  return tagsFromList(list);
}
