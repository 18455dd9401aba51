/**
 * AWS side of the Studio idle settings sweep.
 *
 * Calls per region: ListDomains pages; per domain DescribeDomain, ListUserProfiles and
 * ListSpaces page sets, DescribeUserProfile per profile and DescribeSpace per JupyterLab or
 * Code Editor space (their settings are not in the listings); ListTags only for the domain,
 * profiles and spaces the rule flags (each once). Settings change rarely: the sweep runs daily.
 */
import {
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  paginateListDomains,
  paginateListSpaces,
  paginateListTags,
  paginateListUserProfiles,
  SageMakerClient,
  type DomainDetails,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import type { Tags } from '../../core/finding.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { StudioIdleSettingsConfig } from './config.js';
import { IDLE_APP_TYPES, type IdleAppType, type SettingsLevel, type StudioSettingsFacts } from './facts.js';
import { gapsOf, MEMBER, readIdleShutdown } from './idle-settings.js';

/** The finding's resource id of a level: `d-abc`, `d-abc/user/ana`, `d-abc/space/team-lab`. */
export function settingsResourceId(level: SettingsLevel, domainId: string, name: string | null): string {
  return level === 'domain' ? domainId : `${domainId}/${level === 'space' ? 'space' : 'user'}/${name}`;
}

/** Finding `resourceType` per level. */
export const RESOURCE_TYPES: Readonly<Record<SettingsLevel, string>> = {
  domain: 'sagemaker:domain',
  'user-profile': 'sagemaker:user-profile',
  space: 'sagemaker:space',
};

/** Reads every domain's default settings, and the profiles and spaces that override them. */
export async function inventoryStudioSettings(ctx: RegionContext, config: StudioIdleSettingsConfig): Promise<Inventory<StudioSettingsFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const seen = new Set<string>();
  const candidates: Candidate<StudioSettingsFacts>[] = [];
  const failures: { resourceId: string; error: unknown }[] = [];
  const domains: DomainDetails[] = [];
  for await (const page of paginateListDomains({ client: sagemaker, pageSize: 100 }, {})) domains.push(...(page.Domains ?? []));

  for (const domain of domains) {
    const domainId = domain.DomainId;
    if (!domainId || !domain.DomainArn) continue;
    seen.add(domainId);
    // The domain's tags win over a profile's or space's: a protected or exempt domain keeps
    // everything in it untouched, and its owner is told about its users' settings.
    let domainTags: Promise<Tags> | undefined;
    const tagsWith = async (arn: string | null) => ({
      ...(arn ? await readTags(sagemaker, arn) : {}),
      ...(await (domainTags ??= readTags(sagemaker, domain.DomainArn!))),
    });
    const facts = (level: SettingsLevel, name: string | null, status: string, settings: StudioSettingsFacts['settings']): StudioSettingsFacts => ({
      level,
      domainId,
      domainName: domain.DomainName ?? domainId,
      name,
      status,
      settings,
      targetTimeoutInMinutes: config.idleTimeoutInMinutes,
      longestTimeoutInMinutes: config.longestIdleTimeoutInMinutes,
    });
    const add = async (f: StudioSettingsFacts, arn: string, ownArn: string | null) => {
      const flagged = gapsOf(f).length > 0;
      const ref = { resourceType: RESOURCE_TYPES[f.level], resourceId: settingsResourceId(f.level, domainId, f.name), arn, region: ctx.region };
      if (f.level === 'domain' || flagged) candidates.push({ ref, tags: flagged ? await tagsWith(ownArn) : {}, facts: f });
    };
    try {
      const described = await sagemaker.send(new DescribeDomainCommand({ DomainId: domainId }));
      await add(facts('domain', null, described.Status ?? 'Unknown', settingsOf(described.DefaultUserSettings, IDLE_APP_TYPES)), domain.DomainArn, null);
    } catch (error) {
      if (isNotFound(error)) continue;
      failures.push({ resourceId: domainId, error });
      continue;
    }
    await each(
      paginateListUserProfiles({ client: sagemaker, pageSize: 100 }, { DomainIdEquals: domainId }),
      (page) => page.UserProfiles ?? [],
      (p) => settingsResourceId('user-profile', domainId, p.UserProfileName!),
      async (p, id) => {
        seen.add(id);
        const d = await sagemaker.send(new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: p.UserProfileName }));
        await add(
          facts('user-profile', p.UserProfileName!, d.Status ?? 'Unknown', settingsOf(d.UserSettings, IDLE_APP_TYPES)),
          d.UserProfileArn ?? '',
          d.UserProfileArn ?? null,
        );
      },
      failures,
    );
    await each(
      paginateListSpaces({ client: sagemaker, pageSize: 100 }, { DomainIdEquals: domainId }),
      (page) => page.Spaces ?? [],
      (s) => settingsResourceId('space', domainId, s.SpaceName!),
      async (s, id) => {
        seen.add(id);
        const appType = s.SpaceSettingsSummary?.AppType;
        if (appType !== 'JupyterLab' && appType !== 'CodeEditor') return; // no idle settings for other spaces
        const d = await sagemaker.send(new DescribeSpaceCommand({ DomainId: domainId, SpaceName: s.SpaceName }));
        await add(facts('space', s.SpaceName!, d.Status ?? 'Unknown', settingsOf(d.SpaceSettings, [appType])), d.SpaceArn ?? '', d.SpaceArn ?? null);
      },
      failures,
    );
  }
  return { candidates, seen, failures };
}

/** The idle settings of each app type in a settings object (`UserSettings`, `SpaceSettings`). */
function settingsOf(settings: object | undefined, appTypes: readonly IdleAppType[]): StudioSettingsFacts['settings'] {
  const members = (settings ?? {}) as Record<string, unknown>;
  return Object.fromEntries(appTypes.map((t) => [t, readIdleShutdown(members[MEMBER[t]])]));
}

/** Runs `work` on every listed item; one item's failure is reported, the rest go on. */
async function each<P, I extends { UserProfileName?: string | undefined; SpaceName?: string | undefined }>(
  pages: AsyncIterable<P>,
  items: (page: P) => I[],
  idOf: (item: I) => string,
  work: (item: I, id: string) => Promise<void>,
  failures: { resourceId: string; error: unknown }[],
): Promise<void> {
  for await (const page of pages) {
    for (const item of items(page)) {
      if (!item.UserProfileName && !item.SpaceName) continue;
      const id = idOf(item);
      try {
        await work(item, id);
      } catch (error) {
        if (!isNotFound(error)) failures.push({ resourceId: id, error });
      }
    }
  }
}

async function readTags(sagemaker: SageMakerClient, arn: string): Promise<Tags> {
  const list: Tag[] = [];
  for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: arn })) list.push(...(page.Tags ?? []));
  return tagsFromList(list);
}
