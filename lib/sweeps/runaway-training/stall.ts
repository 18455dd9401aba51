/**
 * The stall rule: a training job is stalled when every one of its hosts has used
 * (almost) none of its GPUs, or of its CPUs for CPU-only instances, for the last
 * `stall.hours`. Pure: the inventory reads the metrics, this decides.
 *
 * SageMaker publishes `GPUUtilization` and `CPUUtilization` per host in namespace
 * `/aws/sagemaker/TrainingJobs`, dimension `Host` = `<job>/algo-<n>`, summed over the
 * host's GPUs (CPU cores): a host with 8 GPUs reports 0-800%. The rule divides by
 * the GPU (vCPU) count of the instance spec table; for a type not in the table it
 * compares the summed value itself, which can only make a stall less likely.
 *
 * Each host's series is the `Maximum` per 5-minute period: one busy minute keeps a
 * host from being idle. Missing data is never read as idle: every host must have
 * reported in at least {@link MIN_COVERAGE} of the window's periods.
 */
import { hoursBetween } from '../../core/clock.js';
import type { InstanceSpecs } from '../../core/price-port.js';
import { instanceCount, type InstanceGroup } from './cost.js';

/** Where SageMaker publishes training job instance metrics. */
export const TRAINING_JOBS_NAMESPACE = '/aws/sagemaker/TrainingJobs';
/** Period of the utilization series, in seconds. */
export const STALL_PERIOD_SECONDS = 300;
/** Share of the window's periods each host must have reported in. */
export const MIN_COVERAGE = 0.8;

export type UtilizationMetric = 'GPUUtilization' | 'CPUUtilization';

/** One host's series over the window. */
export interface HostSeries {
  /** Periods with a datapoint. */
  readonly datapoints: number;
  /** Highest datapoint (summed over the host's GPUs or cores); `null` without any. */
  readonly max: number | null;
}

/** What the inventory read for one job: per metric, per host name (`<job>/algo-<n>`). */
export interface UtilizationFacts {
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly periodSeconds: number;
  readonly series: Readonly<Partial<Record<UtilizationMetric, Readonly<Record<string, HostSeries>>>>>;
}

/** Which metric tells whether a job's hosts work, and what one host's 100% is. */
export interface MetricChoice {
  /** `either`: the spec is unknown; GPU when the job publishes it, else CPU. `null`: not assessable. */
  readonly metric: UtilizationMetric | 'either' | null;
  /** GPUs (vCPUs) per host to divide by; `null`: compare the summed value (spec unknown). */
  readonly unitsPerHost: number | null;
  readonly why: string;
}

/**
 * Chooses the metric from the instance spec table.
 *
 * @example
 * utilizationMetricFor([{ instanceType: 'ml.p3.16xlarge', count: 2, name: null }], defaultPriceBook)
 * // => { metric: 'GPUUtilization', unitsPerHost: 8, why: 'ml.p3.16xlarge has 8 GPUs per host' }
 */
export function utilizationMetricFor(groups: readonly InstanceGroup[], prices: InstanceSpecs): MetricChoice {
  if (groups.length === 0) return { metric: null, unitsPerHost: null, why: 'the job names no instances' };
  // An ml.* type runs on the EC2 type of the same name (the spec table's ml.* rows are copies of them).
  const specs = groups.map((g) => ({ group: g, spec: prices.instanceSpec(g.instanceType) ?? prices.instanceSpec(g.instanceType.replace(/^ml\./, '')) }));
  const unknown = specs.filter((s) => s.spec?.gpuCount === undefined).map((s) => s.group.instanceType);
  if (unknown.length > 0) {
    return {
      metric: 'either',
      unitsPerHost: null,
      why: `no GPU count for ${[...new Set(unknown)].join(', ')} in the instance spec table: GPUUtilization if published, else CPUUtilization, not divided per GPU (core)`,
    };
  }
  const gpus = specs.map((s) => s.spec!.gpuCount!);
  if (gpus.every((n) => n > 0)) {
    const units = Math.min(...gpus);
    return { metric: 'GPUUtilization', unitsPerHost: units, why: `${describeTypes(groups)} ${units === 1 ? 'has 1 GPU' : `has ${units} GPUs`} per host` };
  }
  if (gpus.every((n) => n === 0)) {
    const units = Math.min(...specs.map((s) => s.spec!.vcpu));
    return { metric: 'CPUUtilization', unitsPerHost: units, why: `${describeTypes(groups)} has no GPU: CPUUtilization per vCPU (${units} per host)` };
  }
  return { metric: null, unitsPerHost: null, why: 'instance groups mix GPU and CPU-only types: the stall rule does not apply' };
}

/** The metrics the inventory reads for a choice. */
export function metricsToRead(choice: MetricChoice): UtilizationMetric[] {
  if (choice.metric === 'either') return ['GPUUtilization', 'CPUUtilization'];
  return choice.metric ? [choice.metric] : [];
}

/** `<job>/algo-1` ... `<job>/algo-<count>`, the `Host` dimension values of a job. */
export function hostNames(jobName: string, groups: readonly InstanceGroup[]): string[] {
  return Array.from({ length: instanceCount(groups) }, (_, i) => `${jobName}/algo-${i + 1}`);
}

/** Whether the job must be looked at for a stall at all: training for at least the window. */
export function trainedLongEnough(trainingStartTime: string | null, now: Date, hours: number): boolean {
  return trainingStartTime !== null && hoursBetween(new Date(trainingStartTime), now) >= hours;
}

/** The stall rule's verdict, with what it read. */
export interface StallVerdict {
  readonly stalled: boolean;
  /** One line for the evidence: what was read and why it is (not) a stall. */
  readonly summary: string;
  readonly metric: UtilizationMetric | null;
  /** Highest per-GPU (per-core) utilization of any host, percent; `null` when not assessed. */
  readonly peakPercent: number | null;
  /** Per host: periods with data and its peak utilization (percent per GPU or core). */
  readonly hosts: Readonly<Record<string, { readonly datapoints: number; readonly peakPercent: number | null }>>;
}

/**
 * Decides the stall rule for one job.
 *
 * @example
 * // 2 x ml.g4dn.xlarge, both hosts peaking at 0.9% for the last 2 h:
 * assessStall({ ... }) // => { stalled: true, summary: 'every host below 5% GPU for the last 2 h (peak 0.9% on j/algo-2, 24 of 24 periods each)', ... }
 */
export function assessStall(
  job: {
    readonly jobName: string;
    readonly instanceGroups: readonly InstanceGroup[];
    readonly trainingStartTime: string | null;
    readonly utilization: UtilizationFacts | null;
  },
  config: { readonly enabled: boolean; readonly thresholdPercent: number; readonly hours: number },
  now: Date,
  prices: InstanceSpecs,
): StallVerdict {
  const no = (summary: string, metric: UtilizationMetric | null = null, hosts: StallVerdict['hosts'] = {}, peak: number | null = null): StallVerdict => ({
    stalled: false,
    summary,
    metric,
    peakPercent: peak,
    hosts,
  });
  if (!config.enabled) return no('not assessed: the stall rule is off');
  if (!trainedLongEnough(job.trainingStartTime, now, config.hours)) {
    return no(`not assessed: training for less than the ${config.hours} h window`);
  }
  const choice = utilizationMetricFor(job.instanceGroups, prices);
  if (choice.metric === null) return no(`not assessed: ${choice.why}`);
  const utilization = job.utilization;
  if (!utilization) return no('not assessed: utilization not read');
  const metric = pickMetric(choice, utilization);
  const series = utilization.series[metric] ?? {};
  const expected = Math.round((config.hours * 3600) / utilization.periodSeconds);
  const needed = Math.ceil(expected * MIN_COVERAGE);
  const units = choice.unitsPerHost ?? 1;
  const hosts: Record<string, { datapoints: number; peakPercent: number | null }> = {};
  const short: string[] = [];
  let peak = -Infinity;
  let peakHost = '';
  for (const host of hostNames(job.jobName, job.instanceGroups)) {
    const s = series[host] ?? { datapoints: 0, max: null };
    const percent = s.max === null ? null : s.max / units;
    hosts[host] = { datapoints: s.datapoints, peakPercent: percent === null ? null : round1(percent) };
    if (s.datapoints < needed) short.push(`${host.slice(job.jobName.length + 1)} ${s.datapoints}`);
    if (percent !== null && percent > peak) {
      peak = percent;
      peakHost = host;
    }
  }
  const what = metric === 'GPUUtilization' ? 'GPU' : 'CPU';
  const per = choice.unitsPerHost === null ? 'summed over the host, spec unknown' : `per ${what === 'GPU' ? 'GPU' : 'vCPU'}`;
  // Decided on the exact value; shown to one decimal.
  const peakPercent = Number.isFinite(peak) ? round1(peak) : null;
  const idle = !Number.isFinite(peak) || peak < config.thresholdPercent;
  if (short.length > 0) {
    return no(
      `not stalled: not enough ${metric} datapoints to tell (${short.join(', ')} of ${expected} periods; at least ${needed} needed per host)`,
      metric,
      hosts,
      peakPercent,
    );
  }
  const count = Object.keys(hosts).length;
  if (!idle) {
    return no(
      `not stalled: ${what} peaked at ${peakPercent}% (${per}) on ${peakHost} in the last ${config.hours} h (threshold ${config.thresholdPercent}%)`,
      metric,
      hosts,
      peakPercent,
    );
  }
  return {
    stalled: true,
    summary: `${count === 1 ? 'its host' : `all ${count} hosts`} below ${config.thresholdPercent}% ${what} for the last ${config.hours} h (peak ${peakPercent}% ${per}, on ${peakHost}; ${STALL_PERIOD_SECONDS / 60}-minute maxima)`,
    metric,
    peakPercent,
    hosts,
  };
}

function pickMetric(choice: MetricChoice, utilization: UtilizationFacts): UtilizationMetric {
  if (choice.metric !== 'either') return choice.metric!;
  const gpu = utilization.series.GPUUtilization ?? {};
  return Object.values(gpu).some((s) => s.datapoints > 0) ? 'GPUUtilization' : 'CPUUtilization';
}

function describeTypes(groups: readonly InstanceGroup[]): string {
  return [...new Set(groups.map((g) => g.instanceType))].join(', ');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
