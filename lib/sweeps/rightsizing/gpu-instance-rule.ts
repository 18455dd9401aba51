/**
 * Rightsizing of one p*, g*, inf* or trn* EC2 instance. Pure.
 *
 * CPU comes from `AWS/EC2` `CPUUtilization` (already % of all vCPUs); GPU from the
 * CloudWatch agent (`CWAgent` `nvidia_smi_utilization_gpu` per GPU, and
 * `nvidia_smi_memory_used / nvidia_smi_memory_total`), when the agent publishes
 * them. Without GPU metrics nothing is recommended: a busy GPU can sit behind an
 * almost idle CPU, so the instance is reported as not assessed, saying why.
 * Peaks are the highest hourly averages since the instance last started (within
 * the lookback). Idle (CPU and GPU peaks near zero): stop it. Under-used: the
 * cheapest smaller size of the family on which every peak stays under the headroom.
 */
import type { JsonValue } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import type { InstanceSpec, PriceBookPort } from '../../core/price-port.js';
import type { RightsizingConfig } from './config.js';
import type { GpuInstanceFacts } from './facts.js';
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
import { dataDays, peakOf, pointsSince, round } from './series.js';
import { fitsUnder, isProposable, isSmaller, projectPeaks, roundedPeaks, type Demand } from './sizing.js';
import { formatUsdPerMonth } from '../../format/index.js';

type Config = Pick<RightsizingConfig, 'lookbackDays' | 'minDataDays' | 'headroomPercent' | 'gpuInstances'>;

/** States an instance passes through; the rule waits for them to settle. */
const TRANSIENT = new Set(['pending', 'stopping', 'shutting-down']);

/**
 * Decides whether one GPU instance should be stopped or made smaller, and whether
 * an open recommendation was adopted.
 *
 * @example
 * assessGpuInstance(candidate, config, now, { watchingSince: null }, defaultPriceBook)
 * // => { waste: true, act: false, reason: 'g5.12xlarge -> stopped: idle ...', ... }
 */
export function assessGpuInstance(
  candidate: Candidate<GpuInstanceFacts>,
  config: Config,
  now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const f = candidate.facts;
  const region = candidate.ref.region;
  const previous = previousRecommendation(memory);
  if (TRANSIENT.has(f.state)) return inconclusive(`instance is ${f.state}: not assessed this run`);
  if (previous) {
    const verdict = adoption(f, previous, region, prices);
    if (verdict) return verdict;
  }
  if (f.state !== 'running') return { waste: false, reason: `instance is ${f.state}: no instance-hours billed` };

  const type = f.instanceType;
  const spec = prices.instanceSpec(type);
  if (spec?.gpuCount === undefined || spec.gpuCount < 1) {
    return inconclusive(`no bundled spec with a GPU count for ${type}: its utilization cannot be normalized (lib/prices/data/instance-specs.json)`);
  }
  const gpus = spec.gpuCount;
  const windowStartMs = Math.max(now.getTime() - config.lookbackDays * 86_400_000, Date.parse(f.launchTime));
  const windowStart = new Date(windowStartMs).toISOString();
  const cpu = pointsSince(f.cpu, windowStartMs);
  const gpuUtil = f.gpuUtilization ? pointsSince(f.gpuUtilization, windowStartMs) : null;
  const gpuMem = f.gpuMemoryUsedFraction ? pointsSince(f.gpuMemoryUsedFraction, windowStartMs) : null;
  const hostMem = f.hostMemoryPercent ? pointsSince(f.hostMemoryPercent, windowStartMs) : null;
  const since = Date.parse(f.launchTime) > now.getTime() - config.lookbackDays * 86_400_000 ? ' (when the instance last started)' : '';
  const sinceStart = (now.getTime() - Date.parse(f.launchTime)) / 86_400_000;
  if (sinceStart < config.minDataDays) {
    return inconclusive(
      `insufficient data: the instance started ${floor1(sinceStart)} days ago (${f.launchTime}); ${config.minDataDays} days of metrics are needed`,
    );
  }
  if (dataDays(cpu) < config.minDataDays) {
    return inconclusive(
      `insufficient data: ${floor1(dataDays(cpu))} of the ${config.minDataDays} days needed of AWS/EC2 CPUUtilization since ${windowStart}${since}; no recommendation until then`,
    );
  }
  const cpuPeak = peakOf(cpu)!;
  if (!gpuUtil || gpuUtil.values.length === 0) {
    return inconclusive(
      `GPU utilization is not published for this instance (CWAgent nvidia_smi_utilization_gpu absent: install the CloudWatch agent with its nvidia_gpu section; ` +
        `Inferentia and Trainium devices are not read); CPU alone cannot tell an idle GPU (peak CPU ${round(cpuPeak, 1)}%)`,
    );
  }
  if (dataDays(gpuUtil) < config.minDataDays) {
    return inconclusive(
      `insufficient data: ${floor1(dataDays(gpuUtil))} of the ${config.minDataDays} days needed of CWAgent nvidia_smi_utilization_gpu since ${windowStart}${since}`,
    );
  }
  const days = Math.min(dataDays(cpu), dataDays(gpuUtil));
  const gpuPerGpu = peakOf(gpuUtil)! / gpus;
  const gpuMemPeak = gpuMem && dataDays(gpuMem) >= config.minDataDays ? peakOf(gpuMem)! : null;
  const hostMemPeak = hostMem && dataDays(hostMem) >= config.minDataDays ? peakOf(hostMem)! : null;

  const current = priceInstance(type, region, prices);
  const confidence = new ConfidenceNotes();
  if (days < config.lookbackDays) confidence.lower('medium', `${floor1(days)} of ${config.lookbackDays} days of data`);
  if ((f.gpusReporting ?? gpus) < gpus) confidence.lower('medium', `the agent reports ${f.gpusReporting} of ${gpus} GPUs`);
  const evidence: { [key: string]: JsonValue } = {
    instanceId: f.instanceId,
    instanceType: type,
    metrics: `AWS/EC2 CPUUtilization (InstanceId); CWAgent nvidia_smi_utilization_gpu${gpuMemPeak !== null ? ', nvidia_smi_memory_used / nvidia_smi_memory_total' : ''}${hostMemPeak !== null ? ', mem_used_percent' : ''}`,
    statistic: 'peak of hourly Average',
    normalization: 'CPUUtilization is % of all vCPUs; GPU utilization summed over GPUs / GPUs',
    windowStart,
    windowEnd: now.toISOString(),
    dataDays: floor1(days),
    headroomPercent: config.headroomPercent,
    peakCpuPercent: round(cpuPeak, 1),
    peakGpuPerGpuPercent: round(gpuPerGpu, 1),
    peakGpuMemoryPercent: gpuMemPeak === null ? null : round((gpuMemPeak / gpus) * 100, 1),
    peakHostMemoryPercent: hostMemPeak === null ? null : round(hostMemPeak, 1),
    gpuMemoryMetrics: gpuMemPeak === null ? 'absent: CWAgent nvidia_smi_memory_used / nvidia_smi_memory_total not published' : 'present',
    hostMemoryMetrics: hostMemPeak === null ? 'absent: CWAgent mem_used_percent not published' : 'present',
  };

  const idle = cpuPeak <= config.gpuInstances.idleCpuPercent && gpuPerGpu <= config.gpuInstances.idleGpuPercent;
  if (idle) {
    const stopped = pricedConfig('stopped', { state: 'stopped', instanceType: type }, []);
    if ([...current.components].some((c) => c.regionBasis === 'unstated')) confidence.lower('medium', 'the price source states no region');
    return recommendation({
      reason: `${type} -> stopped: idle, peak hourly CPU ${round(cpuPeak, 1)}% and GPU ${round(gpuPerGpu, 1)}%/GPU over ${floor1(days)} days (idle at or under ${config.gpuInstances.idleCpuPercent}% and ${config.gpuInstances.idleGpuPercent}%)`,
      current,
      proposed: stopped,
      confidence,
      evidence: { ...evidence, assumptions: ['stopping ends instance-hour billing; attached EBS volumes stay billed and are not counted'] },
      memory,
    });
  }

  if (gpuMemPeak === null) {
    return {
      waste: false,
      reason: `in use (peak GPU ${round(gpuPerGpu, 1)}%/GPU, CPU ${round(cpuPeak, 1)}%); GPU memory is not published (CWAgent nvidia_smi_memory_used/total), so no smaller size is judged`,
    };
  }
  const gpuMemPercent = round((gpuMemPeak / gpus) * 100, 1);
  const demand: Demand = {
    vcpus: (cpuPeak / 100) * spec.vcpu,
    memoryGiB: hostMemPeak === null ? null : (hostMemPeak / 100) * spec.memoryGiB,
    gpus: (gpuPerGpu / 100) * gpus,
    gpuMemoryGiB: spec.gpuMemoryGiB === undefined ? null : (gpuMemPeak / gpus) * spec.gpuMemoryGiB,
  };
  if (demand.gpuMemoryGiB === null) return inconclusive(`the bundled spec of ${type} does not state its GPU memory`);
  const headroom = config.headroomPercent;
  const target = smallerSize(spec, demand, headroom, region, prices);
  if (!target) {
    return {
      waste: false,
      reason: `right-sized: peak hourly CPU ${round(cpuPeak, 1)}%, GPU ${round(gpuPerGpu, 1)}%/GPU, GPU memory ${gpuMemPercent}% over ${floor1(days)} days; no smaller size of the family keeps them at or under ${headroom}%`,
    };
  }
  const proposed = priceInstance(target.instanceType, region, prices);
  if (hostMemPeak === null) confidence.lower('low', 'host memory is not measured (CWAgent mem_used_percent absent): check the smaller size has enough RAM');
  if ([...current.components, ...proposed.components].some((c) => c.regionBasis === 'unstated')) confidence.lower('medium', 'a price source states no region');
  return recommendation({
    reason: `${type} -> ${target.instanceType}: peak hourly CPU ${round(cpuPeak, 1)}%, GPU ${round(gpuPerGpu, 1)}%/GPU, GPU memory ${gpuMemPercent}% over ${floor1(days)} days fit a smaller size under ${headroom}%`,
    current,
    proposed,
    confidence,
    evidence: {
      ...evidence,
      peaks: roundedPeaks(projectPeaks(demand, spec, 1)),
      projectedPeaks: roundedPeaks(projectPeaks(demand, target, 1)),
      assumptions: ['GPU memory per GPU and GPU load spread over the GPUs of the smaller size; a resize needs a stop and start'],
    },
    memory,
  });
}

/** The cheapest smaller size (priced in the region, cheaper than now) on which `demand` fits. */
function smallerSize(spec: InstanceSpec, demand: Demand, headroom: number, region: string, prices: PriceBookPort): InstanceSpec | null {
  const now = prices.ec2OnDemand(region, spec.instanceType);
  if (!now.found) return null;
  const options = prices
    .instanceFamily(spec.instanceType)
    .filter((s) => isProposable(s) && isSmaller(s, spec) && fitsUnder(projectPeaks(demand, s, 1), headroom))
    .flatMap((s) => {
      const price = prices.ec2OnDemand(region, s.instanceType);
      return price.found && price.quote.usdPerUnit < now.quote.usdPerUnit ? [{ spec: s, usd: price.quote.usdPerUnit }] : [];
    })
    .sort((a, b) => a.usd - b.usd);
  return options[0]?.spec ?? null;
}

function priceInstance(type: string, region: string, prices: PriceBookPort): PricedConfig {
  return pricedConfig(type, { state: 'running', instanceType: type }, [componentFrom(prices.ec2OnDemand(region, type), `${type} (EC2 on-demand)`, 1)]);
}

/** Stopped, the proposed size, or something no dearer: adopted. Another type: closed, re-evaluated. */
function adoption(f: GpuInstanceFacts, previous: PreviousRecommendation, region: string, prices: PriceBookPort): Assessment | null {
  const was = previous.proposed;
  if (f.state === 'stopped') return adopted(`instance is stopped (recommended: ${was.config})`);
  if (was.state === 'running' && was.instanceType === f.instanceType) return adopted(`instance now runs ${f.instanceType}, as recommended`);
  const current = priceInstance(f.instanceType, region, prices);
  if (was.state === 'running' && noDearerThanProposed(monthlyOf(current), previous)) {
    return adopted(`instance now runs ${f.instanceType} at ${formatUsdPerMonth(monthlyOf(current))}, no more than the recommended ${was.config}`);
  }
  if (f.instanceType !== previous.current.instanceType) {
    return {
      waste: false,
      reason: `instance type changed since the recommendation (was ${previous.current.config}, recommended ${was.config}, now ${f.instanceType}); re-evaluated from fresh data`,
    };
  }
  return null;
}

function floor1(value: number): number {
  return Math.floor(value * 10) / 10;
}
