/**
 * Reads of Bedrock token usage that token showback (the digest) and the token-spend sweep
 * share, in few calls per region: one `ListMetrics` (paged at 500) for the ids with token
 * metrics, batched `GetMetricData` (500 queries a call) for their sums, one
 * `ListInferenceProfiles` (`type=APPLICATION`, paged at 1,000) and one
 * `ListTagsForResource` per application profile that has usage (the profile's tags name
 * its team).
 *
 * `AWS/Bedrock` publishes `InputTokenCount`, `OutputTokenCount` and `Invocations` with the
 * dimension `ModelId`: the id the caller invoked, a foundation model id
 * (`amazon.nova-micro-v1:0`), a cross-Region profile id (`us.anthropic…`) or an application
 * inference profile's id (its usage appears under its own id).
 */
import { BedrockClient, ListInferenceProfilesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-bedrock';
import { ListMetricsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Tags } from '../core/finding.js';
import { getMetricSeries, type MetricSeries } from './metric-data.js';

/** The CloudWatch namespace of Bedrock runtime metrics. */
export const BEDROCK_NAMESPACE = 'AWS/Bedrock';
/** The metrics token showback reads, each summed. */
export type TokenMetric = 'InputTokenCount' | 'OutputTokenCount' | 'Invocations';

/** An application inference profile as `ListInferenceProfiles` lists it. */
export interface ApplicationProfile {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  /** Foundation-model ARNs: one, or one per destination Region of the system profile it copies. */
  readonly modelArns: readonly string[];
}

/**
 * Every `ModelId` with `InputTokenCount` datapoints in the last two weeks (CloudWatch lists
 * metrics with data in that span), sorted; metrics with other dimensions are left out.
 */
export async function listTokenModelIds(cloudwatch: CloudWatchClient): Promise<string[]> {
  const ids = new Set<string>();
  let nextToken: string | undefined;
  do {
    const out = await cloudwatch.send(
      new ListMetricsCommand({ Namespace: BEDROCK_NAMESPACE, MetricName: 'InputTokenCount', Dimensions: [{ Name: 'ModelId' }], NextToken: nextToken }),
    );
    for (const metric of out.Metrics ?? []) {
      const [only, ...rest] = metric.Dimensions ?? [];
      if (only?.Name === 'ModelId' && only.Value && rest.length === 0) ids.add(only.Value);
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return [...ids].sort();
}

/** The sums of `metrics` per id over `window`, one series per metric (oldest first). */
export async function readTokenSeries(
  cloudwatch: CloudWatchClient,
  ids: readonly string[],
  metrics: readonly TokenMetric[],
  window: { readonly start: Date; readonly end: Date; readonly periodSeconds: number },
): Promise<Map<string, Record<TokenMetric, MetricSeries>>> {
  const queries = ids.flatMap((id) =>
    metrics.map((metricName) => ({ namespace: BEDROCK_NAMESPACE, metricName, dimensions: [{ Name: 'ModelId', Value: id }], stat: 'Sum' })),
  );
  const series = await getMetricSeries(cloudwatch, queries, window);
  const empty: MetricSeries = { timestamps: [], values: [] };
  const byId = new Map<string, Record<TokenMetric, MetricSeries>>();
  ids.forEach((id, i) => {
    const record = { InputTokenCount: empty, OutputTokenCount: empty, Invocations: empty };
    metrics.forEach((metric, j) => (record[metric] = series[i * metrics.length + j] ?? empty));
    byId.set(id, record);
  });
  return byId;
}

/** Every application inference profile of the region (`ListInferenceProfiles`, `type=APPLICATION`, paged). */
export async function listApplicationProfiles(bedrock: BedrockClient): Promise<ApplicationProfile[]> {
  const profiles: ApplicationProfile[] = [];
  let nextToken: string | undefined;
  do {
    const out = await bedrock.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', maxResults: 1000, nextToken }));
    for (const p of out.inferenceProfileSummaries ?? []) {
      if (!p.inferenceProfileId || !p.inferenceProfileArn) continue;
      profiles.push({
        id: p.inferenceProfileId,
        arn: p.inferenceProfileArn,
        name: p.inferenceProfileName ?? p.inferenceProfileId,
        modelArns: (p.models ?? []).flatMap((m) => (m.modelArn ? [m.modelArn] : [])),
      });
    }
    nextToken = out.nextToken;
  } while (nextToken);
  return profiles;
}

/** The tags of one Bedrock resource as a map (`ListTagsForResource`). */
export async function bedrockTags(bedrock: BedrockClient, arn: string): Promise<Tags> {
  const out = await bedrock.send(new ListTagsForResourceCommand({ resourceARN: arn }));
  const tags: Record<string, string> = {};
  for (const tag of out.tags ?? []) if (tag.key !== undefined) tags[tag.key] = tag.value ?? '';
  return tags;
}

/** The sum of a series' values between `from` (inclusive) and `to` (exclusive). */
export function sumBetween(series: MetricSeries, from: Date, to: Date): number {
  let total = 0;
  series.timestamps.forEach((at, i) => {
    if (at.getTime() >= from.getTime() && at.getTime() < to.getTime()) total += series.values[i] ?? 0;
  });
  return total;
}
