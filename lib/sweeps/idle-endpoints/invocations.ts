/**
 * `Invocations` sums over the lookback window, for endpoint variants (dimensions
 * `EndpointName` + `VariantName`) and inference components (`InferenceComponentName`),
 * batched into as few `GetMetricData` calls as the API allows.
 */
import { CloudWatchClient, paginateListMetrics, type Dimension } from '@aws-sdk/client-cloudwatch';
import { getMetricSeries, periodForHours, type MetricQuery } from '../../aws/metric-data.js';

/** One `Invocations` series to sum, keyed by what asked for it. */
export interface InvocationSeries {
  readonly key: string;
  /** The endpoint of a variant's series. */
  readonly endpoint?: string;
  readonly dimensions: readonly Dimension[];
}

/** The series of one endpoint variant. */
export function variantSeries(endpoint: string, variant: string): InvocationSeries {
  return {
    key: variantKey(endpoint, variant),
    endpoint,
    dimensions: [
      { Name: 'EndpointName', Value: endpoint },
      { Name: 'VariantName', Value: variant },
    ],
  };
}

/** The series of one inference component. */
export function componentSeries(component: string): InvocationSeries {
  return { key: componentKey(component), dimensions: [{ Name: 'InferenceComponentName', Value: component }] };
}

export const variantKey = (endpoint: string, variant: string) => `variant\u0000${endpoint}\u0000${variant}`;
export const componentKey = (component: string) => `component\u0000${component}`;

/**
 * The `Invocations` series that have had datapoints in the last 14 days (what
 * `ListMetrics` lists), for the endpoints and components `wanted` names, in one paged
 * listing of the namespace.
 */
export async function listedInvocationSeries(
  cloudwatch: CloudWatchClient,
  wanted: { readonly endpoints: ReadonlySet<string>; readonly components: ReadonlySet<string> },
): Promise<InvocationSeries[]> {
  const found: InvocationSeries[] = [];
  for await (const page of paginateListMetrics({ client: cloudwatch }, { Namespace: 'AWS/SageMaker', MetricName: 'Invocations' })) {
    for (const metric of page.Metrics ?? []) {
      const dims = metric.Dimensions ?? [];
      const value = (name: string) => dims.find((d) => d.Name === name)?.Value;
      const endpoint = value('EndpointName');
      const variant = value('VariantName');
      const component = value('InferenceComponentName');
      if (component && dims.length === 1 && wanted.components.has(component)) found.push(componentSeries(component));
      else if (endpoint && variant && !component && wanted.endpoints.has(endpoint)) found.push(variantSeries(endpoint, variant));
    }
  }
  return found;
}

/** Sum of each series' datapoints over the last `lookbackDays` (no datapoints: 0), by key. */
export async function sumInvocations(
  cloudwatch: CloudWatchClient,
  series: readonly InvocationSeries[],
  now: Date,
  lookbackDays: number,
): Promise<Map<string, number>> {
  const queries: MetricQuery[] = series.map((s) => ({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: s.dimensions, stat: 'Sum' }));
  const hours = lookbackDays * 24;
  const results = await getMetricSeries(cloudwatch, queries, {
    start: new Date(now.getTime() - hours * 3_600_000),
    end: now,
    periodSeconds: periodForHours(hours),
  });
  const sums = new Map<string, number>();
  series.forEach((s, i) => sums.set(s.key, (sums.get(s.key) ?? 0) + (results[i]?.values ?? []).reduce((a, b) => a + b, 0)));
  return sums;
}
