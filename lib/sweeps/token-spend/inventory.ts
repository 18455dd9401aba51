/**
 * AWS side of the token-spend sweep, in few calls per region: one `ListMetrics` (paged at
 * 500 ids) for the `ModelId`s with token metrics, one `ListInferenceProfiles` (paged at
 * 1,000), one `ListTagsForResource` per application profile with usage, and batched
 * `GetMetricData` (hourly `InputTokenCount` and `OutputTokenCount` sums since the baseline's
 * first day: 500 queries a call). Spenders: a team (its tagged profiles together), an
 * untagged profile, a model invoked directly. Only spenders with tokens in the window or
 * today are candidates; every spender is `seen`.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { bedrockTags, listApplicationProfiles, listTokenModelIds, readTokenSeries, type ApplicationProfile } from '../../aws/bedrock-tokens.js';
import type { MetricSeries } from '../../aws/metric-data.js';
import { resolveUsageSource, type UsageSource } from '../../aws/token-usage.js';
import type { Tags } from '../../core/finding.js';
import type { Candidate, Inventory, InventoryContext } from '../../core/sweep.js';
import type { TokenSpendConfig } from './config.js';
import type { SpenderMember, TokenSpendFacts } from './facts.js';
import { spenderRef, TOKEN_SPEND_RESOURCE, windowOf } from './spenders.js';

const HOUR = 3_600_000;

/** Reads the region's token usage and groups it by spender. */
export async function inventoryTokenSpend(ctx: InventoryContext, config: TokenSpendConfig): Promise<Inventory<TokenSpendFacts>> {
  const cloudwatch = ctx.clients.get(CloudWatchClient, ctx.region);
  const ids = await listTokenModelIds(cloudwatch);
  if (ids.length === 0) return { candidates: [], seen: new Set() };

  const bedrock = ctx.clients.get(BedrockClient, ctx.region);
  const profiles = new Map<string, ApplicationProfile>();
  for (const p of await listApplicationProfiles(bedrock)) {
    profiles.set(p.id, p);
    profiles.set(p.arn, p);
  }
  const failures: { resourceId: string; error: unknown }[] = [];
  const tags = new Map<string, Tags>();
  const sources: UsageSource[] = [];
  for (const id of ids) {
    const profile = profiles.get(id) ?? profiles.get(id.split('/').pop() ?? id);
    try {
      if (profile && !tags.has(profile.id)) tags.set(profile.id, await bedrockTags(bedrock, profile.arn));
      sources.push(resolveUsageSource(id, profiles, (p) => tags.get(p.id) ?? {}));
    } catch (error) {
      // Its team is unknown this run: left out rather than counted as unallocated.
      failures.push({ resourceId: profile?.id ?? id, error });
    }
  }

  const window = windowOf(ctx.now, config);
  const start = new Date(window.readFrom.getTime() - config.baselineDays * 24 * HOUR);
  const hours = Math.ceil((ctx.now.getTime() - start.getTime()) / HOUR);
  const series = await readTokenSeries(cloudwatch, ids, ['InputTokenCount', 'OutputTokenCount'], { start, end: ctx.now, periodSeconds: 3600 });
  const hourly = (s: MetricSeries | undefined): number[] => {
    const values = new Array<number>(hours).fill(0);
    s?.timestamps.forEach((at, i) => {
      const index = Math.floor((at.getTime() - start.getTime()) / HOUR);
      if (index >= 0 && index < hours) values[index]! += s.values[i] ?? 0;
    });
    return values;
  };

  const teamKey = config.tagKeys?.team ?? 'team';
  const groups = new Map<string, { facts: Omit<TokenSpendFacts, 'members'>; members: SpenderMember[]; tags: Tags[]; arns: string[] }>();
  for (const source of sources) {
    const team = source.profile ? source.tags[teamKey]?.trim() : undefined;
    const kind: TokenSpendFacts['kind'] = team ? 'team' : source.profile ? 'profile' : 'model';
    const label = team ?? source.profile?.name ?? source.pricedModelId ?? source.usageId;
    const key = `${kind}|${team ?? source.usageId}`;
    const group = groups.get(key) ?? { facts: { kind, label, profiles: [], hourStart: start.toISOString() }, members: [], tags: [], arns: [] };
    const s = series.get(source.usageId);
    group.members.push({
      usageId: source.usageId,
      pricedModelId: source.pricedModelId,
      ...(source.unpricedWhy ? { unpricedWhy: source.unpricedWhy } : {}),
      inputTokens: hourly(s?.InputTokenCount),
      outputTokens: hourly(s?.OutputTokenCount),
    });
    if (source.profile) {
      group.tags.push(source.tags);
      group.arns.push(source.profile.arn);
      group.facts = { ...group.facts, profiles: [...group.facts.profiles, source.profile.name] };
    }
    groups.set(key, group);
  }

  const seen = new Set<string>();
  const candidates: Candidate<TokenSpendFacts>[] = [];
  const recent = Math.floor((window.readFrom.getTime() - start.getTime()) / HOUR);
  for (const group of groups.values()) {
    const ref = spenderRef(group.facts.kind, group.facts.label, ctx.region, group.arns, group.members[0]!.usageId);
    seen.add(ref.resourceId);
    const used = group.members.some((m) => m.inputTokens.slice(recent).some((v) => v > 0) || m.outputTokens.slice(recent).some((v) => v > 0));
    if (!used) continue;
    const facts = { ...group.facts, profiles: [...group.facts.profiles].sort(), members: group.members };
    candidates.push({ ref: { ...ref, resourceType: TOKEN_SPEND_RESOURCE }, tags: sharedTags(group.tags), facts });
  }
  return { candidates, seen, failures };
}

/** The tags every profile of a spender has with the same value (its owner, its exemption); `{}` for none. */
function sharedTags(all: readonly Tags[]): Tags {
  const [first, ...rest] = all;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((t) => t[k] === v)));
}
