/**
 * AWS side of endpoint-variant rightsizing: every endpoint's production variants,
 * their configuration and their utilization, in as few calls as the APIs allow.
 *
 * Calls per region: ListEndpoints pages; per endpoint DescribeEndpoint and
 * ListTags; DescribeEndpointConfig once per distinct config; then GetMetricData in
 * batches of 500 queries: per InService variant old enough to have `minDataDays`
 * of data and of a known type, CPUUtilization and MemoryUtilization, plus
 * GPUUtilization and GPUMemoryUtilization on GPU types, plus Invocations and
 * ModelLatency on CPU types (for the serverless option).
 *
 * Every endpoint is described, whatever its state: an open recommendation must be
 * told apart from a deleted variant, and checked for adoption. A describe that
 * fails (after the SDK's retries) fails the region: the ledger is left as is
 * rather than closing findings of variants that could not be seen.
 */
import { mapWithConcurrency } from '../../aws/concurrency.js';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  paginateListEndpoints,
  paginateListTags,
  SageMakerClient,
  type DescribeEndpointConfigCommandOutput,
  type EndpointSummary,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import type { MetricQuery } from '../../aws/metric-data.js';
import { isNotFound } from '../../aws/sagemaker.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, InventoryContext, RegionContext } from '../../core/sweep.js';
import type { InstanceSpecs } from '../../core/price-port.js';
import type { RightsizingConfig } from './config.js';
import { ENDPOINT_METRICS, RESOURCE_TYPES, type EndpointMetric, type EndpointVariantFacts } from './facts.js';
import { hourlySeries } from './metric-window.js';
import type { MetricPoints } from './series.js';

/** Endpoints described at once. */
const DESCRIBE_CONCURRENCY = 8;

/** Namespace of the endpoint instance metrics. */
export const ENDPOINT_NAMESPACE = '/aws/sagemaker/Endpoints';

/** `<endpoint>/<variant>`: endpoint names cannot contain `/`. */
export function variantId(endpointName: string, variantName: string): string {
  return `${endpointName}/${variantName}`;
}

/** The dimensions of a variant's metrics, in the order SageMaker (and the seeds) put them. */
export function variantDimensions(endpointName: string, variantName: string) {
  return [
    { Name: 'EndpointName', Value: endpointName },
    { Name: 'VariantName', Value: variantName },
  ];
}

type Config = Pick<RightsizingConfig, 'lookbackDays' | 'minDataDays' | 'endpoints'>;

/** Lists every endpoint's variants with their configuration and utilization. */
export async function inventoryEndpointVariants(ctx: InventoryContext, config: Config): Promise<Inventory<EndpointVariantFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const summaries: EndpointSummary[] = [];
  for await (const page of paginateListEndpoints({ client: sagemaker, pageSize: 100 }, {})) summaries.push(...(page.Endpoints ?? []));

  const configs = new Map<string, Promise<DescribeEndpointConfigCommandOutput | null>>();
  const described = await mapWithConcurrency(summaries, DESCRIBE_CONCURRENCY, (s) => describeEndpoint(sagemaker, s.EndpointName!, configs, ctx.region));
  const candidates = described.flatMap((c) => c ?? []);
  const seen = new Set(candidates.map((c) => c.ref.resourceId));
  return { candidates: await withMetrics(candidates, ctx, config, ctx.specs), seen };
}

async function describeEndpoint(
  sagemaker: SageMakerClient,
  name: string,
  configs: Map<string, Promise<DescribeEndpointConfigCommandOutput | null>>,
  region: string,
): Promise<Candidate<EndpointVariantFacts>[] | null> {
  let endpoint;
  try {
    endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
  } catch (error) {
    if (isNotFound(error)) return null; // deleted since it was listed
    throw error;
  }
  const configName = endpoint.EndpointConfigName ?? '';
  let described = configs.get(configName);
  if (!described) {
    described = sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    configs.set(configName, described);
  }
  const endpointConfig = await described;
  const tagList: Tag[] = [];
  for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: endpoint.EndpointArn! })) tagList.push(...(page.Tags ?? []));
  const tags = tagsFromList(tagList);

  return (endpoint.ProductionVariants ?? []).map((v): Candidate<EndpointVariantFacts> => {
    const configured = endpointConfig?.ProductionVariants?.find((c) => c.VariantName === v.VariantName);
    const serverless = v.CurrentServerlessConfig ?? configured?.ServerlessConfig;
    const configProblem = endpointConfig
      ? configured || serverless
        ? undefined
        : `variant ${v.VariantName} is not in endpoint config ${configName}: its instance type is unknown`
      : `endpoint config ${configName} no longer exists: the variant's instance type is unknown`;
    return {
      ref: { resourceType: RESOURCE_TYPES['endpoint-variant'], resourceId: variantId(name, v.VariantName!), arn: endpoint.EndpointArn!, region },
      tags,
      facts: {
        kind: 'endpoint-variant',
        endpointName: name,
        variantName: v.VariantName!,
        endpointConfigName: configName,
        endpointStatus: endpoint.EndpointStatus ?? 'Unknown',
        instanceType: serverless ? null : (configured?.InstanceType ?? null),
        instanceCount: serverless ? 0 : (v.CurrentInstanceCount ?? configured?.InitialInstanceCount ?? 0),
        serverlessMemoryMb: serverless?.MemorySizeInMB ?? null,
        ...(configProblem ? { configProblem } : {}),
        creationTime: (endpoint.CreationTime ?? new Date(0)).toISOString(),
        lastModifiedTime: (endpoint.LastModifiedTime ?? endpoint.CreationTime ?? new Date(0)).toISOString(),
        metrics: {},
      },
    };
  });
}

/** Adds the hourly series each variant's rule needs (one batched read for all). */
async function withMetrics(
  candidates: Candidate<EndpointVariantFacts>[],
  ctx: RegionContext,
  config: Config,
  specs: InstanceSpecs,
): Promise<Candidate<EndpointVariantFacts>[]> {
  const queries: MetricQuery[] = [];
  const wanted: { index: number; key: EndpointMetric | 'invocations' | 'modelLatencyMicros' }[] = [];
  const oldEnough = ctx.now.getTime() - config.minDataDays * 86_400_000;
  candidates.forEach((c, index) => {
    const f = c.facts;
    if (f.endpointStatus !== 'InService' || f.instanceType === null || Date.parse(f.lastModifiedTime) > oldEnough) return;
    const spec = specs.instanceSpec(f.instanceType);
    if (spec?.gpuCount === undefined) return;
    const dimensions = variantDimensions(f.endpointName, f.variantName);
    const metrics = spec.gpuCount > 0 ? ENDPOINT_METRICS : (['CPUUtilization', 'MemoryUtilization'] as const);
    for (const metricName of metrics) {
      queries.push({ namespace: ENDPOINT_NAMESPACE, metricName, dimensions, stat: 'Average' });
      wanted.push({ index, key: metricName });
    }
    if (spec.gpuCount === 0 && config.endpoints.serverless.enabled) {
      queries.push({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions, stat: 'Sum' });
      wanted.push({ index, key: 'invocations' });
      queries.push({ namespace: 'AWS/SageMaker', metricName: 'ModelLatency', dimensions, stat: 'Average' });
      wanted.push({ index, key: 'modelLatencyMicros' });
    }
  });
  if (queries.length === 0) return candidates;
  const series = await hourlySeries(ctx.clients.get(CloudWatchClient, ctx.region), queries, ctx.now, config.lookbackDays);
  const found = candidates.map(() => {
    const metrics: Partial<Record<EndpointMetric, MetricPoints>> = {};
    return { metrics, invocations: null as MetricPoints | null, latency: null as MetricPoints | null };
  });
  wanted.forEach(({ index, key }, i) => {
    const points = series[i]!;
    const f = found[index]!;
    if (key === 'invocations') f.invocations = points;
    else if (key === 'modelLatencyMicros') f.latency = points;
    else f.metrics[key] = points;
  });
  return candidates.map((c, i) => {
    const f = found[i]!;
    return {
      ...c,
      facts: {
        ...c.facts,
        metrics: f.metrics,
        ...(f.invocations ? { invocations: f.invocations } : {}),
        ...(f.latency ? { modelLatencyMicros: f.latency } : {}),
      },
    };
  });
}
