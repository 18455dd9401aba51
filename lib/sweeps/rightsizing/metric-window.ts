/**
 * Reads hourly CloudWatch series for the rightsizing adapters: one window (the
 * lookback up to now) for every query, so they batch into as few GetMetricData
 * calls as the API allows (500 queries a call).
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { getMetricSeries, type MetricQuery } from '../../aws/metric-data.js';
import type { MetricPoints } from './series.js';

/** One hour, the period of every series the rules read. */
export const HOUR_SECONDS = 3600;

/** Fetches `queries` as hourly series over the `lookbackDays` before `now`, in query order. */
export async function hourlySeries(cloudwatch: CloudWatchClient, queries: readonly MetricQuery[], now: Date, lookbackDays: number): Promise<MetricPoints[]> {
  if (queries.length === 0) return [];
  const series = await getMetricSeries(cloudwatch, queries, {
    start: new Date(now.getTime() - lookbackDays * 86_400_000),
    end: now,
    periodSeconds: HOUR_SECONDS,
  });
  return series.map((s) => {
    // GetMetricData pages may interleave; keep one point per hour, oldest first.
    const byTime = new Map<number, number>();
    s.timestamps.forEach((t, i) => byTime.set(t.getTime(), s.values[i]!));
    const timestamps = [...byTime.keys()].sort((a, b) => a - b);
    return { timestamps, values: timestamps.map((t) => byTime.get(t)!) };
  });
}
