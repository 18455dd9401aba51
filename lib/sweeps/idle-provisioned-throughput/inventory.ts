/**
 * AWS side of the idle Provisioned Throughput sweep: what it reads, in as few calls as the
 * APIs allow.
 *
 * Calls per region: ListProvisionedModelThroughputs pages (1000 a page); when some throughput
 * is InService and unchanged for the lookback: GetMetricData batches (500 throughputs a call,
 * `AWS/Bedrock` `Invocations` with `ModelId` = the throughput's ARN, one datapoint per window);
 * then, for each throughput quiet enough to be idle only: GetProvisionedModelThroughput (its
 * state as of now) and ListTagsForResource. Busy, young or changing throughputs cost nothing
 * beyond the listing.
 */
import {
  BedrockClient,
  GetProvisionedModelThroughputCommand,
  ListTagsForResourceCommand,
  paginateListProvisionedModelThroughputs,
  type ProvisionedModelSummary,
} from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { getMetricSeries, periodForHours } from '../../aws/metric-data.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import { isBedrockNotFound } from './bedrock-errors.js';
import type { IdleProvisionedThroughputConfig } from './config.js';
import type { ThroughputFacts } from './facts.js';
import { isOldEnough } from './rule.js';

/** The resource type of the findings. */
export const PROVISIONED_MODEL = 'bedrock:provisioned-model';
/** ListProvisionedModelThroughputs' largest page. */
export const LIST_PAGE_SIZE = 1000;

/** Lists throughputs, reads the invocations of the InService ones old enough, describes and tags the quiet ones. */
export async function inventoryThroughputs(ctx: RegionContext, config: IdleProvisionedThroughputConfig): Promise<Inventory<ThroughputFacts>> {
  const bedrock = ctx.clients.get(BedrockClient, ctx.region);
  const seen = new Set<string>();
  const oldEnough: ProvisionedModelSummary[] = [];
  for await (const page of paginateListProvisionedModelThroughputs({ client: bedrock, pageSize: LIST_PAGE_SIZE }, {})) {
    for (const s of page.provisionedModelSummaries ?? []) {
      if (!s.provisionedModelName || !s.provisionedModelArn) continue;
      seen.add(s.provisionedModelName);
      if (s.status !== 'InService' || !s.creationTime) continue;
      const times = { creationTime: s.creationTime.toISOString(), lastModifiedTime: (s.lastModifiedTime ?? s.creationTime).toISOString() };
      if (isOldEnough(times, ctx.now, config.lookbackDays)) oldEnough.push(s);
    }
  }
  if (oldEnough.length === 0) return { candidates: [], seen };

  const invocations = await sumInvocations(ctx, oldEnough, config.lookbackDays);
  // Teams over budget may allow more invocations: pass what the most permissive limit could call idle.
  const limit = Math.max(config.maxInvocations, ...(ctx.teamSettings ?? []).map((s) => (s as Partial<IdleProvisionedThroughputConfig>).maxInvocations ?? 0));
  const candidates: Candidate<ThroughputFacts>[] = [];
  const failures: { resourceId: string; error: unknown }[] = [];
  for (const s of oldEnough) {
    const count = invocations.get(s.provisionedModelArn!) ?? 0;
    if (count > limit) continue;
    try {
      candidates.push(await describe(bedrock, s.provisionedModelArn!, count, ctx.region));
    } catch (error) {
      if (isBedrockNotFound(error)) continue; // deleted since it was listed
      failures.push({ resourceId: s.provisionedModelName!, error });
    }
  }
  return { candidates, seen, failures };
}

async function describe(bedrock: BedrockClient, arn: string, invocations: number, region: string): Promise<Candidate<ThroughputFacts>> {
  const pt = await bedrock.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }));
  const tagged = await bedrock.send(new ListTagsForResourceCommand({ resourceARN: arn }));
  const tagList = (tagged.tags ?? []).filter((t) => t.key !== undefined).map((t) => ({ key: t.key!, value: t.value ?? '' }));
  return {
    ref: { resourceType: PROVISIONED_MODEL, resourceId: pt.provisionedModelName!, arn, region },
    tags: tagsFromList(tagList.map((t) => ({ Key: t.key, Value: t.value }))),
    facts: {
      provisionedModelName: pt.provisionedModelName!,
      status: pt.status ?? 'Unknown',
      modelArn: pt.modelArn ?? '',
      foundationModelArn: pt.foundationModelArn ?? pt.modelArn ?? '',
      modelUnits: pt.modelUnits ?? 0,
      commitmentDuration: pt.commitmentDuration ?? null,
      commitmentExpirationTime: pt.commitmentExpirationTime?.toISOString() ?? null,
      creationTime: pt.creationTime!.toISOString(),
      lastModifiedTime: (pt.lastModifiedTime ?? pt.creationTime!).toISOString(),
      invocations,
      tagList,
    },
  };
}

/** Invocations of each throughput (by ARN) over the lookback, in as few GetMetricData calls as 500 queries a call allow. */
async function sumInvocations(ctx: RegionContext, throughputs: readonly ProvisionedModelSummary[], lookbackDays: number): Promise<Map<string, number>> {
  const cloudwatch = ctx.clients.get(CloudWatchClient, ctx.region);
  const hours = lookbackDays * 24;
  const series = await getMetricSeries(
    cloudwatch,
    throughputs.map((s) => ({
      namespace: 'AWS/Bedrock',
      metricName: 'Invocations',
      dimensions: [{ Name: 'ModelId', Value: s.provisionedModelArn! }],
      stat: 'Sum',
    })),
    { start: new Date(ctx.now.getTime() - hours * 3_600_000), end: ctx.now, periodSeconds: periodForHours(hours) },
  );
  return new Map(throughputs.map((s, i) => [s.provisionedModelArn!, (series[i]?.values ?? []).reduce((a, b) => a + b, 0)]));
}
