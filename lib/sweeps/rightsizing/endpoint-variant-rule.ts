/**
 * Rightsizing of one SageMaker real-time endpoint production variant. Pure: facts
 * in, verdict out.
 *
 * Utilization comes from `/aws/sagemaker/Endpoints` per variant, as hourly
 * averages (CloudWatch averages the variant's instances), since the endpoint was
 * last modified and within the lookback. `CPUUtilization`, `GPUUtilization` and
 * `GPUMemoryUtilization` add up 0-100% per vCPU or GPU (AWS docs: "multiplied by
 * the number of GPUs"), so they are divided by the spec's vCPU and GPU counts;
 * `MemoryUtilization` is 0-100%. The peak of the hourly averages is the load to
 * keep under `headroomPercent` after the change. In this order:
 * 1. fewer instances, when the load fits on fewer;
 * 2. then a smaller size of the same family, when every normalized peak fits;
 * 3. serverless inference, as an option for CPU variants with very low and
 *    sporadic traffic, priced at the observed invocation volume.
 * Less than `minDataDays` of data: "insufficient data", never a guess.
 */
import { HOURS_PER_MONTH, roundUsd, type JsonValue } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import type { InstanceSpec, PriceBookPort } from '../../core/price-port.js';
import type { RightsizingConfig } from './config.js';
import { ENDPOINT_METRICS, type EndpointMetric, type EndpointVariantFacts } from './facts.js';
import {
  adopted,
  ConfidenceNotes,
  componentFrom,
  inconclusive,
  monthlyOf,
  noDearerThanProposed,
  previousRecommendation,
  pricedConfig,
  recommendation,
  type PreviousRecommendation,
  type PricedConfig,
} from './recommendation.js';
import { dataDays, peakOf, pointsSince, round, type MetricPoints } from './series.js';
import { fitsUnder, isProposable, isSmaller, projectPeaks, roundedPeaks, type Demand } from './sizing.js';
import { formatUsdPerMonth } from '../../format/index.js';

/** The memory sizes a serverless endpoint can have (MB). */
export const SERVERLESS_MEMORY_SIZES_MB = [1024, 2048, 3072, 4096, 5120, 6144] as const;

/** What the serverless cost estimate assumes; shown in the evidence of every serverless option. */
export const SERVERLESS_ASSUMPTIONS: readonly string[] = [
  'billed duration = the observed ModelLatency on the current instances, per invocation (serverless compute may be slower or faster)',
  'traffic as observed in the window, scaled to 730 hours a month',
  'memory = peak memory used / headroom, rounded up to a serverless memory size (at most 6144 MB)',
  'not included: cold-start time, and data processing (USD per GB in and out), for which no payload metric exists',
  'serverless endpoints have no GPUs and limit concurrency; check latency needs before switching',
];

type Config = Pick<RightsizingConfig, 'lookbackDays' | 'minDataDays' | 'headroomPercent' | 'endpoints'>;

/** `2 x ml.c5.2xlarge`, or `serverless 2048 MB`. */
export function variantConfigText(f: Pick<EndpointVariantFacts, 'instanceType' | 'instanceCount' | 'serverlessMemoryMb'>): string {
  if (f.instanceType === null) return `serverless${f.serverlessMemoryMb ? ` ${f.serverlessMemoryMb} MB` : ''}`;
  return `${f.instanceCount} x ${f.instanceType}`;
}

/**
 * Decides whether one variant has a cheaper configuration, and whether an open
 * recommendation was adopted.
 *
 * @example
 * assessEndpointVariant(candidate, config, now, { watchingSince: null }, defaultPriceBook)
 * // => { waste: true, act: false, reason: '2 x ml.c5.2xlarge -> 1 x ml.c5.2xlarge: ...', fields: { current, proposed, confidence }, ... }
 */
export function assessEndpointVariant(
  candidate: Candidate<EndpointVariantFacts>,
  config: Config,
  now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const f = candidate.facts;
  const region = candidate.ref.region;
  if (f.endpointStatus !== 'InService') return inconclusive(`endpoint is ${f.endpointStatus}, not InService: not assessed this run`);
  if (f.configProblem) return inconclusive(f.configProblem);

  const current = f.instanceType === null ? serverlessAsIs(f) : priceInstances(f, f.instanceType, f.instanceCount, region, prices);
  const previous = previousRecommendation(memory);
  if (previous) {
    const verdict = adoption(f, current, previous, prices);
    if (verdict) return verdict;
  }
  if (f.instanceType === null) return { waste: false, reason: 'serverless variant: billed per use, nothing to rightsize' };
  if (f.instanceCount === 0) return { waste: false, reason: 'no instance running (scaled to zero)' };

  const type = f.instanceType;
  const spec = prices.instanceSpec(type);
  if (!spec) return inconclusive(`no bundled instance spec for ${type}: its utilization cannot be normalized (lib/prices/data/instance-specs.json)`);
  if (spec.gpuCount === undefined || (spec.gpuCount > 0 && spec.gpuMemoryGiB === undefined)) {
    return inconclusive(`the bundled spec of ${type} does not state its GPU count and memory: its utilization cannot be normalized`);
  }
  const gpus = spec.gpuCount;
  const windowStartMs = Math.max(now.getTime() - config.lookbackDays * 86_400_000, Date.parse(f.lastModifiedTime));
  const required: readonly EndpointMetric[] = gpus > 0 ? ENDPOINT_METRICS : ['CPUUtilization', 'MemoryUtilization'];
  const series = Object.fromEntries(required.map((m) => [m, pointsSince(f.metrics[m], windowStartMs)])) as Record<EndpointMetric, MetricPoints>;
  const days = Math.min(...required.map((m) => dataDays(series[m])));
  const windowStart = new Date(windowStartMs).toISOString();
  const sinceChange = (now.getTime() - Date.parse(f.lastModifiedTime)) / 86_400_000;
  if (sinceChange < config.minDataDays) {
    return inconclusive(
      `insufficient data: the endpoint was created or last modified ${floor1(sinceChange)} days ago (${f.lastModifiedTime}); ${config.minDataDays} days of metrics are needed`,
    );
  }
  if (days < config.minDataDays) {
    const short = required.filter((m) => dataDays(series[m]) < config.minDataDays);
    return inconclusive(
      `insufficient data: ${floor1(days)} of the ${config.minDataDays} days needed of ${short.join(', ')} since ${windowStart}; no recommendation until then`,
    );
  }

  const n = f.instanceCount;
  const cpu = peakOf(series.CPUUtilization)!;
  const mem = peakOf(series.MemoryUtilization)!;
  const gpu = gpus > 0 ? peakOf(series.GPUUtilization)! : null;
  const gpuMem = gpus > 0 ? peakOf(series.GPUMemoryUtilization)! : null;
  const demand: Demand = {
    vcpus: (cpu / 100) * n,
    memoryGiB: (mem / 100) * spec.memoryGiB,
    gpus: gpu === null ? null : (gpu / 100) * n,
    gpuMemoryGiB: gpuMem === null ? null : (gpuMem / 100) * (spec.gpuMemoryGiB! / gpus),
  };
  const headroom = config.headroomPercent;
  const nowPeaks = projectPeaks(demand, spec, n);

  // 1. Fewer instances of the same type.
  let count = n;
  for (let k = Math.max(1, config.endpoints.minInstanceCount); k < n; k++) {
    if (fitsUnder(projectPeaks(demand, spec, k), headroom)) {
      count = k;
      break;
    }
  }
  // 2. Then the cheapest smaller size of the family that keeps every peak under the headroom.
  const target = smallerSize(spec, demand, count, headroom, region, prices, monthlyOf(current) !== null) ?? spec;
  const instanceProposal = count !== n || target !== spec ? priceInstances(f, target.instanceType, count, region, prices) : null;

  // 3. Serverless, for CPU variants with very low and sporadic traffic.
  const sporadic = gpus === 0 ? serverlessOption(f, series.CPUUtilization, demand, windowStartMs, config, region, prices) : null;
  const serverless = sporadic && 'priced' in sporadic ? sporadic.priced : null;
  const currentMonthly = monthlyOf(current);
  const cheaper = (p: PricedConfig): boolean | null => {
    const m = monthlyOf(p);
    return m === null || currentMonthly === null ? null : m < currentMonthly;
  };
  const proposed = instanceProposal ?? (serverless && cheaper(serverless) === true ? serverless : null);

  const peakText = describePeaks(nowPeaks, days);
  if (!proposed) {
    const why = fitsUnder(nowPeaks, headroom) ? `no smaller configuration keeps them at or under ${headroom}%` : `above the ${headroom}% headroom already`;
    const serverlessNote =
      sporadic && 'note' in sporadic
        ? `; serverless: ${sporadic.note}`
        : serverless
          ? '; serverless: not cheaper at this traffic, or its price is unknown'
          : '';
    return { waste: false, reason: `right-sized: ${peakText}, ${why}${serverlessNote}` };
  }

  const confidence = new ConfidenceNotes();
  if (days < config.lookbackDays) confidence.lower('medium', `${floor1(days)} of ${config.lookbackDays} days of data`);
  if ([...current.components, ...proposed.components].some((c) => c.regionBasis === 'unstated')) {
    confidence.lower('medium', 'a price comes from a source that states no region (see the price components)');
  }
  if (proposed === serverless) confidence.lower('low', 'the serverless cost rests on the assumptions listed');
  const alternatives = proposed !== serverless && serverless && cheaper(serverless) !== false ? [serverless] : [];
  const projected = proposed === serverless ? null : projectPeaks(demand, target, count);

  const change =
    proposed === serverless
      ? `very low, sporadic traffic (${sporadic && 'priced' in sporadic ? sporadic.traffic : ''}) suits serverless inference`
      : count !== n && target !== spec
        ? `fewer and smaller instances keep every peak under ${headroom}%`
        : count !== n
          ? `the load fits on fewer instances under ${headroom}%`
          : `a smaller size keeps every peak under ${headroom}%`;
  const evidence: { [key: string]: JsonValue } = {
    endpointName: f.endpointName,
    variantName: f.variantName,
    endpointConfigName: f.endpointConfigName,
    metrics: `/aws/sagemaker/Endpoints ${required.join(', ')}; dimensions EndpointName, VariantName`,
    statistic: 'peak of hourly Average (CloudWatch averages the instances of the variant)',
    normalization: 'CPUUtilization / vCPUs; GPUUtilization and GPUMemoryUtilization / GPUs (each sums 0-100% per unit); MemoryUtilization as is',
    windowStart,
    windowEnd: now.toISOString(),
    dataDays: floor1(days),
    headroomPercent: headroom,
    peakCpuPerVcpuPercent: round(nowPeaks.cpuPerVcpuPercent!, 1),
    peakMemoryPercent: round(nowPeaks.memoryPercent!, 1),
    ...(gpus > 0 ? { peakGpuPerGpuPercent: round(nowPeaks.gpuPerGpuPercent!, 1), peakGpuMemoryPercent: round(nowPeaks.gpuMemoryPercent!, 1) } : {}),
    peaks: roundedPeaks(nowPeaks),
    ...(projected ? { projectedPeaks: roundedPeaks(projected) } : {}),
    instanceSpec: specEvidence(spec),
    ...(projected && target !== spec ? { proposedSpec: specEvidence(target) } : {}),
    assumptions: [
      'memory and GPU memory per instance stay as measured (each instance holds the model); CPU and GPU load spreads evenly over the instances',
      ...(proposed === serverless || alternatives.length > 0 ? SERVERLESS_ASSUMPTIONS : []),
    ],
  };
  return recommendation({
    reason: `${current.config} -> ${proposed.config}: ${peakText}; ${change}`,
    current,
    proposed,
    confidence,
    evidence,
    alternatives,
    memory,
  });
}

/** The cheapest smaller size of `spec`'s family on which `demand` fits on `count` instances. */
function smallerSize(
  spec: InstanceSpec,
  demand: Demand,
  count: number,
  headroom: number,
  region: string,
  prices: PriceBookPort,
  currentPriced: boolean,
): InstanceSpec | null {
  const current = prices.sageMakerHosting(region, spec.instanceType);
  const fitting = prices
    .instanceFamily(spec.instanceType)
    .filter((s) => isProposable(s) && isSmaller(s, spec) && fitsUnder(projectPeaks(demand, s, count), headroom))
    .map((s) => ({ spec: s, lookup: prices.sageMakerHosting(region, s.instanceType) }));
  if (currentPriced && current.found) {
    // Only a size that is known to be cheaper.
    const priced = fitting.filter((c) => c.lookup.found && c.lookup.quote.usdPerUnit < current.quote.usdPerUnit);
    priced.sort((a, b) => (a.lookup.found && b.lookup.found ? a.lookup.quote.usdPerUnit - b.lookup.quote.usdPerUnit : 0));
    return priced[0]?.spec ?? null;
  }
  // Current price unknown: the smallest size that fits (the saving is then unknown).
  return fitting[0]?.spec ?? null;
}

/** `count` instances of `type`, priced as SageMaker hosting instance-hours. */
function priceInstances(f: EndpointVariantFacts, type: string, count: number, region: string, prices: PriceBookPort): PricedConfig {
  return pricedConfig(`${count} x ${type}`, { serverless: false, instanceType: type, instanceCount: count }, [
    componentFrom(prices.sageMakerHosting(region, type), `${type} (variant ${f.variantName})`, count),
  ]);
}

/** An existing serverless variant: billed per use, so no fixed monthly price. */
function serverlessAsIs(f: EndpointVariantFacts): PricedConfig {
  return pricedConfig(variantConfigText(f), { serverless: true, memorySizeMb: f.serverlessMemoryMb }, [
    { unknown: 'a serverless variant is billed per use; its monthly cost is not estimated' },
  ]);
}

/** The serverless option, priced; or a note on why there is none. */
function serverlessOption(
  f: EndpointVariantFacts,
  cpu: MetricPoints,
  demand: Demand,
  windowStartMs: number,
  config: Config,
  region: string,
  prices: PriceBookPort,
): { readonly priced: PricedConfig; readonly traffic: string } | { readonly note: string } | null {
  const settings = config.endpoints.serverless;
  if (!settings.enabled) return null;
  const invocations = pointsSince(f.invocations, windowStartMs);
  const hours = cpu.values.length;
  const busyHours = invocations.values.filter((v) => v > 0).length;
  const busyPercent = (busyHours / hours) * 100;
  const peakPerHour = peakOf(invocations) ?? 0;
  if (busyPercent > settings.maxBusyHoursPercent || peakPerHour > settings.maxInvocationsPerHour) return null;

  const neededMb = (demand.memoryGiB! * 1024) / (config.headroomPercent / 100);
  const size = SERVERLESS_MEMORY_SIZES_MB.find((s) => s >= neededMb);
  const total = invocations.values.reduce((a, b) => a + b, 0);
  const traffic = `${total} invocations in ${busyHours} of ${hours} hours, at most ${peakPerHour} in an hour`;
  if (!size)
    return { note: `traffic is sporadic (${traffic}), but the model needs ${Math.ceil(neededMb)} MB with headroom; serverless offers at most 6144 MB` };

  const observedLatency = pointsSince(f.modelLatencyMicros, windowStartMs);
  const latency = new Map(observedLatency.timestamps.map((t, i) => [t, observedLatency.values[i]!]));
  let billedSeconds = 0;
  let missing = 0;
  invocations.timestamps.forEach((t, i) => {
    const count = invocations.values[i]!;
    if (count === 0) return;
    const micros = latency.get(t);
    if (micros === undefined) missing++;
    else billedSeconds += (count * micros) / 1_000_000;
  });
  const spec = { serverless: true, memorySizeMb: size };
  const label = `serverless ${size} MB`;
  if (missing > 0) {
    return {
      priced: pricedConfig(label, spec, [{ unknown: `ModelLatency is missing for ${missing} hour(s) with invocations, so the billed duration is unknown` }]),
      traffic,
    };
  }
  const secondsPerMonth = (billedSeconds / hours) * HOURS_PER_MONTH;
  const lookup = prices.sageMakerServerless(region, size);
  const item =
    `serverless inference ${size} MB: ${round(secondsPerMonth, 1)} billed s/month ` +
    `(${total} invocations, ${round(billedSeconds, 1)} s of ModelLatency in ${hours} h, x ${HOURS_PER_MONTH} / ${hours}); per hour = monthly / ${HOURS_PER_MONTH}`;
  const part = lookup.found
    ? {
        component: {
          item,
          quantity: 1,
          usdPerHour: roundUsd((lookup.quote.usdPerUnit * secondsPerMonth) / HOURS_PER_MONTH, 9),
          source: lookup.quote.source,
          sourceDate: lookup.quote.sourceDate,
          regionBasis: lookup.quote.regionBasis,
          note: `${lookup.quote.usdPerUnit} ${lookup.quote.unit}${lookup.quote.note ? `. ${lookup.quote.note}` : ''}`,
        },
      }
    : { unknown: lookup.reason };
  return { priced: pricedConfig(label, { ...spec, billedSecondsPerMonth: round(secondsPerMonth, 1) }, [part]), traffic };
}

/**
 * Adoption check against the open recommendation: the variant now runs what was
 * proposed or something no dearer (adopted); or it changed to something else (the
 * recommendation no longer applies: closed, re-evaluated from fresh data).
 */
function adoption(f: EndpointVariantFacts, current: PricedConfig, previous: PreviousRecommendation, prices: PriceBookPort): Assessment | null {
  const was = previous.proposed;
  const nowText = current.config;
  if (f.instanceType === null) return adopted(`variant is now ${nowText} (recommended: ${was.config})`);
  if (was.serverless !== true && typeof was.instanceType === 'string' && typeof was.instanceCount === 'number' && f.instanceCount <= was.instanceCount) {
    if (was.instanceType === f.instanceType) return adopted(`variant now runs ${nowText}, as recommended (${was.config})`);
    const nowSpec = prices.instanceSpec(f.instanceType);
    const wasSpec = prices.instanceSpec(was.instanceType);
    const sameFamily = f.instanceType.slice(0, f.instanceType.lastIndexOf('.')) === was.instanceType.slice(0, was.instanceType.lastIndexOf('.'));
    if (nowSpec && wasSpec && sameFamily && isSmaller(nowSpec, wasSpec)) {
      return adopted(`variant now runs ${nowText}, smaller than the recommended ${was.config}`);
    }
  }
  const cheaper = noDearerThanProposed(monthlyOf(current), previous);
  if (cheaper)
    return adopted(
      `variant now runs ${nowText} at ${formatUsdPerMonth(monthlyOf(current))}, no more than the recommended ${was.config} at ${formatUsdPerMonth(was.monthlyUsd)}`,
    );
  if (nowText !== previous.current.config) {
    return {
      waste: false,
      reason: `configuration changed since the recommendation (was ${previous.current.config}, recommended ${was.config}, now ${nowText}); re-evaluated from fresh data`,
    };
  }
  return null;
}

function describePeaks(peaks: ReturnType<typeof projectPeaks>, days: number): string {
  const parts = [`CPU ${round(peaks.cpuPerVcpuPercent!, 1)}%/vCPU`, `memory ${round(peaks.memoryPercent!, 1)}%`];
  if (peaks.gpuPerGpuPercent !== null) parts.push(`GPU ${round(peaks.gpuPerGpuPercent, 1)}%/GPU`, `GPU memory ${round(peaks.gpuMemoryPercent!, 1)}%`);
  return `peak hourly ${parts.join(', ')} over ${floor1(days)} days`;
}

function specEvidence(spec: InstanceSpec): { [key: string]: JsonValue } {
  return {
    instanceType: spec.instanceType,
    vcpu: spec.vcpu,
    memoryGiB: spec.memoryGiB,
    gpuCount: spec.gpuCount ?? null,
    gpuMemoryGiB: spec.gpuMemoryGiB ?? null,
    source: spec.source,
    sourceDate: spec.sourceDate,
  };
}

/** Rounds down to one decimal (never overstates the data). */
function floor1(value: number): number {
  return Math.floor(value * 10) / 10;
}
