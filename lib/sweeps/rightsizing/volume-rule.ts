/**
 * Rightsizing of one attached EBS volume: gp2 -> gp3, and io1/io2 at or below
 * 16,000 IOPS -> gp3 where the throughput fits. Pure.
 *
 * gp2 -> gp3 keeps the same or a better baseline (AWS EBS User Guide, "General
 * Purpose SSD volumes"): gp2 gives 3 IOPS per GiB (at least 100, at most 16,000)
 * and bursts to 3,000; its throughput reaches 128 MiB/s up to 170 GiB and 250
 * MiB/s above. gp3 includes 3,000 IOPS and 125 MiB/s, so the proposal provisions
 * max(3,000, gp2 baseline IOPS) and max(125, gp2 maximum throughput) and prices
 * what lies above the included baseline.
 *
 * io1/io2 -> gp3 keeps the provisioned IOPS, and provisions the measured peak
 * throughput (`AWS/EBS` read + write bytes, hourly) over the headroom. gp3 allows
 * at most 16,000 IOPS, 1,000 MiB/s, 0.25 MiB/s per IOPS and 500 IOPS per GiB.
 */
import type { JsonValue } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import { GP3_FREE_IOPS, GP3_FREE_THROUGHPUT_MIBPS, IO2_TIER_LIMITS } from '../../prices/ebs-tiers.js';
import type { PriceBookPort } from '../../core/price-port.js';
import type { RightsizingConfig } from './config.js';
import type { VolumeFacts } from './facts.js';
import {
  adopted,
  ConfidenceNotes,
  componentFrom,
  inconclusive,
  monthlyOf,
  previousRecommendation,
  pricedConfig,
  recommendation,
  type PricedConfig,
} from './recommendation.js';
import { dataDays, peakOf, pointsSince, round } from './series.js';
import { formatUsd, formatUsdPerMonth } from '../../format/index.js';

/** gp3 limits (AWS EBS User Guide). */
export const GP3_LIMITS = { maxIops: 16_000, maxThroughputMiBps: 1_000, maxMiBpsPerIops: 0.25, maxIopsPerGiB: 500 } as const;

/** gp2 baseline IOPS: 3 per GiB, at least 100, at most 16,000. */
export function gp2BaselineIops(sizeGiB: number): number {
  return Math.min(16_000, Math.max(100, 3 * sizeGiB));
}

/** gp2 maximum throughput: 128 MiB/s up to 170 GiB, 250 MiB/s above. */
export function gp2MaxThroughputMiBps(sizeGiB: number): number {
  return sizeGiB <= 170 ? 128 : 250;
}

/** The gp3 configuration that matches a gp2 volume's baseline or betters it. */
export function gp3MatchingGp2(sizeGiB: number): { readonly iops: number; readonly throughputMiBps: number } {
  return { iops: Math.max(GP3_FREE_IOPS, gp2BaselineIops(sizeGiB)), throughputMiBps: Math.max(GP3_FREE_THROUGHPUT_MIBPS, gp2MaxThroughputMiBps(sizeGiB)) };
}

type Config = Pick<RightsizingConfig, 'lookbackDays' | 'minDataDays' | 'headroomPercent'>;

/**
 * Decides whether one volume has a cheaper type, and whether an open
 * recommendation was adopted.
 *
 * @example
 * // 1,000 GiB gp2: $100.00/month; gp3 with 3,000 IOPS and 250 MiB/s: 80.00 + 125 x 0.04 = $85.00
 * assessVolume(candidate, config, now, { watchingSince: null }, defaultPriceBook).savings.monthlyUsd // 15
 */
export function assessVolume(candidate: Candidate<VolumeFacts>, config: Config, now: Date, memory: ResourceMemory, prices: PriceBookPort): Assessment {
  const f = candidate.facts;
  const region = candidate.ref.region;
  const previous = previousRecommendation(memory);
  const current = priceVolume(f.volumeType, f.sizeGiB, f.iops, f.throughputMiBps, region, prices);
  if (previous) {
    if (f.volumeType === previous.proposed.volumeType) return adopted(`volume is now ${current.config} (recommended: ${previous.proposed.config})`);
    if (f.volumeType !== previous.current.volumeType) {
      return { waste: false, reason: `volume type changed since the recommendation (was ${previous.current.config}, now ${current.config}); re-evaluated` };
    }
  }
  if (f.state !== 'in-use') return { waste: false, reason: `volume is ${f.state}: unattached volumes are the orphan-volumes sweep's` };

  const confidence = new ConfidenceNotes();
  let proposed: PricedConfig;
  let evidence: { [key: string]: JsonValue };
  let why: string;
  if (f.volumeType === 'gp2') {
    const target = gp3MatchingGp2(f.sizeGiB);
    proposed = priceVolume('gp3', f.sizeGiB, target.iops, target.throughputMiBps, region, prices);
    why = `gp3 matches gp2's baseline (${gp2BaselineIops(f.sizeGiB)} IOPS, bursts to 3000; up to ${gp2MaxThroughputMiBps(f.sizeGiB)} MiB/s) for less`;
    evidence = {
      rule: 'gp2 -> gp3 with max(3000, 3 IOPS/GiB) IOPS and max(125, gp2 maximum throughput) MiB/s',
      metrics: 'none needed: what gp2 delivers follows from its size',
      statistic: 'none (the match is on the gp2 baseline, not on measured use)',
      gp2BaselineIops: gp2BaselineIops(f.sizeGiB),
      gp2MaxThroughputMiBps: gp2MaxThroughputMiBps(f.sizeGiB),
      source: 'AWS EBS User Guide: gp2 3 IOPS/GiB (100-16,000), burst 3,000; 128 MiB/s up to 170 GiB, 250 MiB/s above; gp3 includes 3,000 IOPS and 125 MiB/s',
    };
  } else if (f.volumeType === 'io1' || f.volumeType === 'io2') {
    const iops = f.iops ?? 0;
    if (iops > GP3_LIMITS.maxIops) return { waste: false, reason: `${iops} provisioned IOPS: above gp3's ${GP3_LIMITS.maxIops}` };
    const windowStartMs = Math.max(now.getTime() - config.lookbackDays * 86_400_000, Date.parse(f.createTime));
    const windowStart = new Date(windowStartMs).toISOString();
    const throughput = pointsSince(f.throughput, windowStartMs);
    const age = (now.getTime() - Date.parse(f.createTime)) / 86_400_000;
    if (age < config.minDataDays) {
      return inconclusive(`insufficient data: the volume was created ${floor1(age)} days ago; ${config.minDataDays} days of throughput metrics are needed`);
    }
    if (dataDays(throughput) < config.minDataDays) {
      return inconclusive(
        `insufficient data: ${floor1(dataDays(throughput))} of the ${config.minDataDays} days needed of AWS/EBS VolumeReadBytes + VolumeWriteBytes since ${windowStart}; no recommendation until then`,
      );
    }
    const peak = peakOf(throughput)!;
    const neededMiBps = Math.max(GP3_FREE_THROUGHPUT_MIBPS, Math.ceil(peak / (config.headroomPercent / 100)));
    const neededIops = Math.max(GP3_FREE_IOPS, iops, Math.ceil(neededMiBps / GP3_LIMITS.maxMiBpsPerIops));
    const fits = neededMiBps <= GP3_LIMITS.maxThroughputMiBps && neededIops <= GP3_LIMITS.maxIops && neededIops <= GP3_LIMITS.maxIopsPerGiB * f.sizeGiB;
    if (!fits) {
      return {
        waste: false,
        reason: `gp3 cannot hold ${iops} IOPS with ${neededMiBps} MiB/s on ${f.sizeGiB} GiB (peak hourly ${round(peak, 1)} MiB/s over the ${config.headroomPercent}% headroom)`,
      };
    }
    proposed = priceVolume('gp3', f.sizeGiB, neededIops, neededMiBps, region, prices);
    why = `gp3 keeps ${iops} IOPS and carries the peak hourly ${round(peak, 1)} MiB/s under ${config.headroomPercent}%`;
    if (dataDays(throughput) < config.lookbackDays) confidence.lower('medium', `${floor1(dataDays(throughput))} of ${config.lookbackDays} days of data`);
    confidence.lower(
      'medium',
      `gp3 does not match ${f.volumeType}'s latency consistency${f.volumeType === 'io2' ? ' and 99.999% durability' : ''}; throughput is judged on hourly averages`,
    );
    evidence = {
      rule: `${f.volumeType} <= 16,000 IOPS -> gp3 with the same IOPS and max(125, peak throughput / headroom) MiB/s`,
      metrics: 'AWS/EBS VolumeReadBytes + VolumeWriteBytes (VolumeId), hourly Sum / 3600 s',
      statistic: 'peak of hourly average throughput',
      windowStart,
      windowEnd: now.toISOString(),
      dataDays: floor1(dataDays(throughput)),
      headroomPercent: config.headroomPercent,
      peakThroughputMiBps: round(peak, 1),
      limits: 'gp3: at most 16,000 IOPS, 1,000 MiB/s, 0.25 MiB/s per IOPS, 500 IOPS per GiB (AWS EBS User Guide)',
    };
  } else {
    return { waste: false, reason: `${f.volumeType}: no cheaper type considered (gp2, io1 and io2 are)` };
  }

  const before = monthlyOf(current);
  const after = monthlyOf(proposed);
  if (before !== null && after !== null && after >= before) {
    return { waste: false, reason: `${current.config}: ${proposed.config} would not be cheaper (${formatUsd(after)} vs ${formatUsdPerMonth(before)})` };
  }
  if ([...current.components, ...proposed.components].some((c) => c.note?.startsWith('derived:'))) {
    evidence.derivedPrice = 'the gp3 throughput price per MiB/s is derived from the feed price per GiB/s (/ 1024)';
  }
  return recommendation({
    reason: `${current.config} -> ${proposed.config}: ${why}`,
    current,
    proposed,
    confidence,
    evidence: { volumeId: f.volumeId, ...evidence, pricing: 'monthly EBS list prices (GB-month, IOPS-month, MiB/s-month); hourly = monthly / 730' },
    memory,
  });
}

/** A volume configuration priced per month from the EBS table. */
export function priceVolume(
  volumeType: string,
  sizeGiB: number,
  iops: number | null,
  throughputMiBps: number | null,
  region: string,
  prices: PriceBookPort,
): PricedConfig {
  const ebs = (item: string, quantity: number, what: string) => componentFrom(prices.ebs(region, item), what, quantity, 'month');
  const spec = { volumeType, sizeGiB, iops, throughputMiBps };
  switch (volumeType) {
    case 'gp2':
      return pricedConfig(`gp2 ${sizeGiB} GiB`, spec, [ebs('gp2-storage', sizeGiB, 'GiB of gp2 storage')]);
    case 'gp3': {
      const i = iops ?? GP3_FREE_IOPS;
      const t = throughputMiBps ?? GP3_FREE_THROUGHPUT_MIBPS;
      return pricedConfig(`gp3 ${sizeGiB} GiB, ${i} IOPS, ${t} MiB/s`, { ...spec, iops: i, throughputMiBps: t }, [
        ebs('gp3-storage', sizeGiB, 'GiB of gp3 storage'),
        ebs('gp3-iops', Math.max(0, i - GP3_FREE_IOPS), `gp3 IOPS above the included ${GP3_FREE_IOPS}`),
        ebs('gp3-throughput-per-MiBps', Math.max(0, t - GP3_FREE_THROUGHPUT_MIBPS), `gp3 MiB/s above the included ${GP3_FREE_THROUGHPUT_MIBPS}`),
      ]);
    }
    case 'io1':
      return pricedConfig(`io1 ${sizeGiB} GiB, ${iops ?? 0} IOPS`, spec, [
        ebs('io1-storage', sizeGiB, 'GiB of io1 storage'),
        ebs('io1-iops', iops ?? 0, 'io1 provisioned IOPS'),
      ]);
    case 'io2': {
      const i = iops ?? 0;
      const [t1, t2] = IO2_TIER_LIMITS;
      return pricedConfig(`io2 ${sizeGiB} GiB, ${i} IOPS`, spec, [
        ebs('io2-storage', sizeGiB, 'GiB of io2 storage'),
        ebs('io2-iops-tier1', Math.min(i, t1), `io2 IOPS, tier 1 (first ${t1})`),
        ebs('io2-iops-tier2', Math.max(0, Math.min(i, t2) - t1), `io2 IOPS, tier 2`),
        ebs('io2-iops-tier3', Math.max(0, i - t2), `io2 IOPS, tier 3`),
      ]);
    }
    default:
      return pricedConfig(`${volumeType} ${sizeGiB} GiB`, spec, [ebs(`${volumeType}-storage`, sizeGiB, `GiB of ${volumeType} storage`)]);
  }
}

function floor1(value: number): number {
  return Math.floor(value * 10) / 10;
}
