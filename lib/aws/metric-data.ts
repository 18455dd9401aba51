import { GetMetricDataCommand, type CloudWatchClient, type Dimension } from '@aws-sdk/client-cloudwatch';

/** One metric statistic to fetch. */
export interface MetricQuery {
  readonly namespace: string;
  readonly metricName: string;
  /** In the order CloudWatch (and moto) stored them. */
  readonly dimensions: readonly Dimension[];
  /** `Sum`, `Average`, `Maximum`, ... (no percentiles: moto cannot serve them). */
  readonly stat: string;
}

/** Datapoints of one query, oldest first. */
export interface MetricSeries {
  readonly timestamps: readonly Date[];
  readonly values: readonly number[];
}

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

/**
 * Fetches many metric statistics with as few `GetMetricData` calls as the API allows
 * (500 queries a call, following `NextToken`). A query with no datapoints gets an
 * empty series: for SageMaker `Invocations`, no datapoint means no traffic.
 *
 * @returns one series per query, in the order of `queries`.
 */
export async function getMetricSeries(
  client: CloudWatchClient,
  queries: readonly MetricQuery[],
  window: { readonly start: Date; readonly end: Date; readonly periodSeconds: number },
): Promise<MetricSeries[]> {
  const series: { timestamps: Date[]; values: number[] }[] = queries.map(() => ({ timestamps: [], values: [] }));
  for (let offset = 0; offset < queries.length; offset += MAX_QUERIES_PER_CALL) {
    const batch = queries.slice(offset, offset + MAX_QUERIES_PER_CALL);
    let nextToken: string | undefined;
    do {
      const out = await client.send(
        new GetMetricDataCommand({
          StartTime: window.start,
          EndTime: window.end,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
          MetricDataQueries: batch.map((q, i) => ({
            Id: `q${offset + i}`,
            ReturnData: true,
            MetricStat: {
              Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: [...q.dimensions] },
              Period: window.periodSeconds,
              Stat: q.stat,
            },
          })),
        }),
      );
      for (const result of out.MetricDataResults ?? []) {
        const index = Number(result.Id?.slice(1));
        const target = series[index];
        if (!target) continue;
        target.timestamps.push(...(result.Timestamps ?? []));
        target.values.push(...(result.Values ?? []));
      }
      nextToken = out.NextToken;
    } while (nextToken);
  }
  return series;
}

/** Period covering `hours` in whole hours (valid for any CloudWatch retention tier). */
export function periodForHours(hours: number): number {
  return Math.max(1, Math.ceil(hours)) * 3600;
}
