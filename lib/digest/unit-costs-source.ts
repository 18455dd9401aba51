/**
 * Reads what the unit costs need: every SageMaker real-time endpoint that bills by
 * the instance-hour, its instances and team tag, and its week's `Invocations`.
 *
 * Calls per region: ListEndpoints pages; per endpoint DescribeEndpoint and ListTags;
 * DescribeEndpointConfig once per distinct config; then one GetMetricData per 500
 * variants (`AWS/SageMaker` `Invocations`, Sum, one period over the window).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  paginateListEndpoints,
  paginateListTags,
  SageMakerClient,
  type DescribeEndpointConfigCommandOutput,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { mapWithConcurrency } from '../aws/concurrency.js';
import { getMetricSeries, periodForHours, type MetricQuery } from '../aws/metric-data.js';
import { isNotFound } from '../aws/sagemaker.js';
import type { ClientFactory } from '../core/sweep.js';
import type { EndpointUsage } from './unit-costs.js';

/** Endpoint statuses that bill instance-hours (not Creating, Failed, Deleting or OutOfService). */
const BILLING = new Set(['InService', 'Updating', 'SystemUpdating', 'RollingBack', 'UpdateRollbackFailed']);
const DESCRIBE_CONCURRENCY = 8;

/**
 * The endpoints of `region` with their week's invocations.
 *
 * @example
 * const usage = await readEndpointUsage(clients, 'us-east-1', { start, end }, 'team');
 */
export async function readEndpointUsage(
  clients: ClientFactory,
  region: string,
  window: { readonly start: Date; readonly end: Date },
  teamTagKey: string,
): Promise<EndpointUsage[]> {
  const sagemaker = clients.get(SageMakerClient, region);
  const names: string[] = [];
  for await (const page of paginateListEndpoints({ client: sagemaker, pageSize: 100 }, {})) {
    for (const e of page.Endpoints ?? []) if (e.EndpointName && BILLING.has(e.EndpointStatus ?? '')) names.push(e.EndpointName);
  }
  const configs = new Map<string, Promise<DescribeEndpointConfigCommandOutput | null>>();
  const described = await mapWithConcurrency(names, DESCRIBE_CONCURRENCY, async (name): Promise<Omit<EndpointUsage, 'invocations'> | null> => {
    let endpoint;
    try {
      endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
    } catch (error) {
      if (isNotFound(error)) return null; // deleted since it was listed
      throw error;
    }
    const configName = endpoint.EndpointConfigName ?? '';
    let config = configs.get(configName);
    if (!config) {
      config = sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
      configs.set(configName, config);
    }
    const configured = (await config)?.ProductionVariants ?? [];
    const tags: Tag[] = [];
    for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: endpoint.EndpointArn! })) tags.push(...(page.Tags ?? []));
    const tagged = tags.find((t) => t.Key === teamTagKey)?.Value?.trim();
    const team = tagged === undefined || tagged === '' ? null : tagged;
    return {
      endpointName: name,
      region,
      team,
      creationTime: (endpoint.CreationTime ?? window.start).toISOString(),
      variants: (endpoint.ProductionVariants ?? []).map((v) => {
        const c = configured.find((p) => p.VariantName === v.VariantName);
        const serverless = Boolean(v.CurrentServerlessConfig ?? c?.ServerlessConfig);
        return {
          variantName: v.VariantName ?? '',
          instanceType: serverless ? null : (c?.InstanceType ?? null),
          instanceCount: serverless ? 0 : (v.CurrentInstanceCount ?? c?.InitialInstanceCount ?? 0),
        };
      }),
    };
  });
  const endpoints = described.filter((e): e is Omit<EndpointUsage, 'invocations'> => e !== null);
  const pairs = endpoints.flatMap((e, index) => e.variants.map((v) => ({ index, variant: v.variantName })));
  const queries: MetricQuery[] = pairs.map(({ index, variant }) => ({
    namespace: 'AWS/SageMaker',
    metricName: 'Invocations',
    dimensions: [
      { Name: 'EndpointName', Value: endpoints[index]!.endpointName },
      { Name: 'VariantName', Value: variant },
    ],
    stat: 'Sum',
  }));
  const hours = (window.end.getTime() - window.start.getTime()) / 3_600_000;
  const series =
    queries.length === 0
      ? []
      : await getMetricSeries(clients.get(CloudWatchClient, region), queries, { start: window.start, end: window.end, periodSeconds: periodForHours(hours) });
  const invocations = endpoints.map(() => 0);
  pairs.forEach(({ index }, i) => (invocations[index]! += (series[i]?.values ?? []).reduce((a, b) => a + b, 0)));
  return endpoints.map((e, i) => ({ ...e, invocations: invocations[i]! }));
}
