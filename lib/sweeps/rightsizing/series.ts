/**
 * Hourly metric series and the few operations the rightsizing rules need on them.
 * Pure: no AWS calls.
 */

/** Hourly datapoints (one per hour with data), oldest first; timestamps are epoch milliseconds. */
export interface MetricPoints {
  readonly timestamps: readonly number[];
  readonly values: readonly number[];
}

/** A series with no datapoints. */
export const NO_POINTS: MetricPoints = { timestamps: [], values: [] };

/** The datapoints at or after `fromMs`. */
export function pointsSince(points: MetricPoints | null | undefined, fromMs: number): MetricPoints {
  if (!points) return NO_POINTS;
  const timestamps: number[] = [];
  const values: number[] = [];
  points.timestamps.forEach((t, i) => {
    if (t >= fromMs) {
      timestamps.push(t);
      values.push(points.values[i]!);
    }
  });
  return { timestamps, values };
}

/** The highest value (the peak of hourly averages for an hourly Average series), or `null` when empty. */
export function peakOf(points: MetricPoints): number | null {
  return points.values.length === 0 ? null : Math.max(...points.values);
}

/** Days of data: hourly datapoints / 24 (gaps do not count). */
export function dataDays(points: MetricPoints): number {
  return points.values.length / 24;
}

/**
 * Adds series hour by hour (e.g. one series per GPU into one per instance). An hour
 * present in only some series adds what is there.
 */
export function sumByTimestamp(series: readonly MetricPoints[]): MetricPoints {
  const sums = new Map<number, number>();
  for (const s of series) s.timestamps.forEach((t, i) => sums.set(t, (sums.get(t) ?? 0) + s.values[i]!));
  const timestamps = [...sums.keys()].sort((a, b) => a - b);
  return { timestamps, values: timestamps.map((t) => sums.get(t)!) };
}

/**
 * Combines two series hour by hour with `f`, keeping only the hours both have
 * (e.g. used / total GPU memory).
 */
export function zipByTimestamp(a: MetricPoints, b: MetricPoints, f: (x: number, y: number) => number | null): MetricPoints {
  const other = new Map(b.timestamps.map((t, i) => [t, b.values[i]!]));
  const timestamps: number[] = [];
  const values: number[] = [];
  a.timestamps.forEach((t, i) => {
    const y = other.get(t);
    if (y === undefined) return;
    const v = f(a.values[i]!, y);
    if (v === null || !Number.isFinite(v)) return;
    timestamps.push(t);
    values.push(v);
  });
  return { timestamps, values };
}

/** Rounds to `decimals` places for evidence (percentages, GiB). */
export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
