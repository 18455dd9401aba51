/**
 * AWS side of the idle-endpoint sweep: what it reads, in as few calls as the APIs allow.
 *
 * Calls per region: ListEndpoints pages + ListMetrics pages + GetMetricData batches
 * (500 variants a call) + for each quiet endpoint only: DescribeEndpoint, ListTags,
 * and DescribeEndpointConfig once per distinct config. Busy or young endpoints are
 * never described.
 */
import { CloudWatchClient, paginateListMetrics } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  paginateListEndpoints,
  paginateListTags,
  SageMakerClient,
  type DescribeEndpointConfigCommandOutput,
  type EndpointSummary,
} from '@aws-sdk/client-sagemaker';
import type { Tag } from '@aws-sdk/client-sagemaker';
import { getMetricSeries, periodForHours, type MetricQuery } from '../../aws/metric-data.js';
import { isNotFound } from '../../aws/sagemaker.js';
import { NotRestorableError } from '../../core/errors.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { IdleEndpointsConfig } from './config.js';
import { isOldEnough, type EndpointFacts, type EndpointVariant } from './rule.js';

/** ListMetrics only lists metrics with datapoints in the last 14 days. */
const LIST_METRICS_HORIZON_DAYS = 14;

/** Facts plus the raw tag list kept for restore. */
export interface EndpointCandidateFacts extends EndpointFacts {
  readonly tagList: readonly { readonly Key: string; readonly Value: string }[];
}

/** Lists InService endpoints, their traffic, and describes the quiet ones. */
export async function inventoryEndpoints(ctx: RegionContext, config: IdleEndpointsConfig): Promise<Inventory<EndpointCandidateFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const cloudwatch = ctx.clients.get(CloudWatchClient, ctx.region);

  const seen = new Set<string>();
  const oldEnough = new Map<string, EndpointSummary>();
  for await (const page of paginateListEndpoints({ client: sagemaker, pageSize: 100 }, {})) {
    for (const e of page.Endpoints ?? []) {
      if (!e.EndpointName) continue;
      seen.add(e.EndpointName);
      if (e.EndpointStatus !== 'InService' || !e.CreationTime) continue;
      if (isOldEnough(e.CreationTime, e.LastModifiedTime ?? e.CreationTime, ctx.now, config.lookbackDays)) oldEnough.set(e.EndpointName, e);
    }
  }
  if (oldEnough.size === 0) return { candidates: [], seen };

  // Which variants of those endpoints have published Invocations at all.
  const listedVariants = new Map<string, Set<string>>();
  for await (const page of paginateListMetrics({ client: cloudwatch }, { Namespace: 'AWS/SageMaker', MetricName: 'Invocations' })) {
    for (const metric of page.Metrics ?? []) {
      const endpoint = metric.Dimensions?.find((d) => d.Name === 'EndpointName')?.Value;
      const variant = metric.Dimensions?.find((d) => d.Name === 'VariantName')?.Value;
      if (!endpoint || !variant || !oldEnough.has(endpoint)) continue;
      (listedVariants.get(endpoint) ?? listedVariants.set(endpoint, new Set()).get(endpoint)!).add(variant);
    }
  }
  const invocations = await sumInvocations(
    cloudwatch,
    [...listedVariants].flatMap(([endpoint, variants]) => [...variants].map((variant) => ({ endpoint, variant }))),
    ctx.now,
    config.lookbackDays,
  );

  // Teams over budget may allow more invocations: pass what the most permissive limit could call idle.
  const limit = Math.max(config.maxInvocations, ...(ctx.teamSettings ?? []).map((s) => (s as Partial<IdleEndpointsConfig>).maxInvocations ?? 0));
  const quiet = [...oldEnough.keys()].filter((name) => total(invocations.get(name)) <= limit);
  const configs = new Map<string, Promise<DescribeEndpointConfigCommandOutput>>();
  const candidates: Candidate<EndpointCandidateFacts>[] = [];
  const failures: { resourceId: string; error: unknown }[] = [];
  for (const name of quiet) {
    try {
      candidates.push(await describeCandidate(sagemaker, name, configs, invocations.get(name) ?? {}, ctx.region));
    } catch (error) {
      if (error instanceof EndpointGoneError) continue; // deleted since it was listed
      failures.push({ resourceId: name, error });
    }
  }

  // Beyond ListMetrics' 14-day horizon a variant with older traffic is not listed: ask for it.
  if (config.lookbackDays > LIST_METRICS_HORIZON_DAYS) {
    const unlisted = candidates.flatMap((c) =>
      c.facts.variants
        .filter((v) => !listedVariants.get(c.ref.resourceId)?.has(v.variantName))
        .map((v) => ({ endpoint: c.ref.resourceId, variant: v.variantName })),
    );
    const extra = await sumInvocations(cloudwatch, unlisted, ctx.now, config.lookbackDays);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i]!;
      const more = extra.get(c.ref.resourceId);
      if (more) candidates[i] = { ...c, facts: { ...c.facts, invocationsByVariant: { ...c.facts.invocationsByVariant, ...more } } };
    }
  }
  return { candidates, seen, failures };
}

async function describeCandidate(
  sagemaker: SageMakerClient,
  name: string,
  configs: Map<string, Promise<DescribeEndpointConfigCommandOutput>>,
  invocationsByVariant: Record<string, number>,
  region: string,
): Promise<Candidate<EndpointCandidateFacts>> {
  const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })).catch((error: unknown) => {
    throw isNotFound(error) ? new EndpointGoneError(name) : error;
  });
  const configName = endpoint.EndpointConfigName!;
  let config = configs.get(configName);
  if (!config) {
    config = sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
    configs.set(configName, config);
  }
  const configVariants =
    (
      await config.catch((error: unknown) => {
        // Without its config the endpoint could not be restored: never a candidate for a stop.
        if (isNotFound(error)) throw new NotRestorableError(name, `endpoint config "${configName}" no longer exists, so a stop could not be undone`);
        throw error;
      })
    ).ProductionVariants ?? [];
  const tagList: Tag[] = [];
  for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: endpoint.EndpointArn! })) tagList.push(...(page.Tags ?? []));

  const variants: EndpointVariant[] = (endpoint.ProductionVariants ?? []).map((v) => {
    const configured = configVariants.find((c) => c.VariantName === v.VariantName);
    const serverless = Boolean(v.CurrentServerlessConfig ?? configured?.ServerlessConfig);
    return {
      variantName: v.VariantName!,
      instanceType: serverless ? null : (configured?.InstanceType ?? null),
      instanceCount: serverless ? 0 : (v.CurrentInstanceCount ?? configured?.InitialInstanceCount ?? 0),
      serverless,
    };
  });
  const uniqueTags = tagsFromList(tagList);
  return {
    ref: { resourceType: 'sagemaker:endpoint', resourceId: name, arn: endpoint.EndpointArn!, region },
    tags: uniqueTags,
    facts: {
      endpointName: name,
      endpointConfigName: configName,
      status: endpoint.EndpointStatus ?? 'Unknown',
      creationTime: endpoint.CreationTime!.toISOString(),
      lastModifiedTime: (endpoint.LastModifiedTime ?? endpoint.CreationTime!).toISOString(),
      variants,
      invocationsByVariant: Object.fromEntries(variants.map((v) => [v.variantName, invocationsByVariant[v.variantName] ?? 0])),
      tagList: Object.entries(uniqueTags).map(([Key, Value]) => ({ Key, Value })),
    },
  };
}

async function sumInvocations(
  cloudwatch: CloudWatchClient,
  pairs: readonly { endpoint: string; variant: string }[],
  now: Date,
  lookbackDays: number,
): Promise<Map<string, Record<string, number>>> {
  const queries: MetricQuery[] = pairs.map(({ endpoint, variant }) => ({
    namespace: 'AWS/SageMaker',
    metricName: 'Invocations',
    dimensions: [
      { Name: 'EndpointName', Value: endpoint },
      { Name: 'VariantName', Value: variant },
    ],
    stat: 'Sum',
  }));
  const hours = lookbackDays * 24;
  const series = await getMetricSeries(cloudwatch, queries, {
    start: new Date(now.getTime() - hours * 3_600_000),
    end: now,
    periodSeconds: periodForHours(hours),
  });
  const sums = new Map<string, Record<string, number>>();
  pairs.forEach(({ endpoint, variant }, i) => {
    const byVariant = sums.get(endpoint) ?? {};
    byVariant[variant] = (series[i]?.values ?? []).reduce((a, b) => a + b, 0);
    sums.set(endpoint, byVariant);
  });
  return sums;
}

class EndpointGoneError extends Error {}

function total(byVariant: Record<string, number> | undefined): number {
  return Object.values(byVariant ?? {}).reduce((a, b) => a + b, 0);
}
