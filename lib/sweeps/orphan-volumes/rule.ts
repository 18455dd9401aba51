/**
 * The orphan-volume rule. Pure: facts in, verdict out; no AWS calls.
 *
 * An EBS volume in state `available` (attached to nothing) still bills its storage
 * and provisioned performance. EBS records no detach time, so the ledger is the
 * memory: the first run that sees the volume unattached starts watching it
 * (`watchingSince`), and it becomes waste once it has stayed unattached for
 * `minUnattachedDays`. A volume attached again is no candidate at all, and the
 * engine clears what it remembered.
 *
 * Savings are monthly list prices (EBS bills per GB-month / IOPS-month /
 * MiB/s-month), minus the storage of the snapshot kept before the delete.
 */
import { HOURS_PER_MONTH, roundUsd, type PricedComponent, type Savings, type Tags } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import { GP3_FREE_IOPS, GP3_FREE_THROUGHPUT_MIBPS, IO2_TIER_LIMITS } from '../../prices/ebs-tiers.js';
import type { PriceBookPort, PriceKey, PriceQuote } from '../../core/price-port.js';
import { priceKeys } from '../../prices/price-key.js';
import type { OrphanVolumesConfig } from './config.js';

/** Assumption behind the net saving, shown in every finding's evidence. */
export const SNAPSHOT_ASSUMPTION =
  'the snapshot kept is billed at the full volume size (an upper bound: EBS snapshots store only used blocks), at the snapshot-standard price';

/** What the rule knows about one volume. */
export interface VolumeFacts {
  readonly volumeId: string;
  /** EBS volume state: `available` means attached to nothing. */
  readonly state: string;
  /** `gp2`, `gp3`, `io1`, `io2`, `st1`, `sc1`, `standard`. */
  readonly volumeType: string;
  readonly sizeGiB: number;
  /** Provisioned IOPS (gp3, io1, io2; AWS also reports the gp2 burst baseline). */
  readonly iops: number | null;
  /** Provisioned throughput in MiB/s (gp3 only). */
  readonly throughputMiBps: number | null;
  readonly availabilityZone: string;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | null;
  /** ISO-8601. */
  readonly createTime: string;
}

/** Whether a snapshot is kept before this volume is deleted, and why (not). */
export interface SnapshotDecision {
  readonly keep: boolean;
  /** e.g. "snapshots disabled for team ml-research (tag team=ml-research)". */
  readonly reason: string;
}

/**
 * Decides from config and tags whether a snapshot is taken before the delete.
 *
 * @example
 * snapshotDecision({ team: 'ml-research' }, { snapshots: { enabled: true, disabledForTeams: ['ml-research'], disabledForEnvironments: [] } })
 * // => { keep: false, reason: 'snapshots disabled for team ml-research (tag team=ml-research)' }
 */
export function snapshotDecision(tags: Tags, config: Pick<OrphanVolumesConfig, 'snapshots' | 'tagKeys'>): SnapshotDecision {
  const teamKey = config.tagKeys?.team ?? 'team';
  const envKey = config.tagKeys?.environment ?? 'env';
  if (!config.snapshots.enabled) return { keep: false, reason: 'snapshots disabled for every volume (sweeps.orphan-volumes.snapshots.enabled is false)' };
  const team = tags[teamKey]?.trim();
  if (team && config.snapshots.disabledForTeams.some((t) => t.toLowerCase() === team.toLowerCase())) {
    return { keep: false, reason: `snapshots disabled for team ${team} (tag ${teamKey}=${team})` };
  }
  const env = tags[envKey]?.trim();
  if (env && config.snapshots.disabledForEnvironments.some((e) => e.toLowerCase() === env.toLowerCase())) {
    return { keep: false, reason: `snapshots disabled for environment ${env} (tag ${envKey}=${env})` };
  }
  return { keep: true, reason: 'a snapshot is taken and kept before the delete' };
}

/** Monthly figures of one volume: gross (the volume), snapshot kept, net (gross - snapshot). */
export interface VolumePricing {
  readonly savings: Savings;
  readonly grossMonthlyUsd: number | null;
  readonly snapshotMonthlyUsd: number | null;
  readonly netMonthlyUsd: number | null;
}

/** One priced part of a volume: an EBS item and its monthly quantity. */
export interface VolumePart {
  /** Item of the EBS prices, e.g. `gp3-storage`. */
  readonly item: string;
  readonly quantity: number;
  readonly what: string;
  /** The snapshot kept: subtracted from the saving. */
  readonly kept?: boolean;
}

/** Volume types the sweep prices. */
export const PRICED_VOLUME_TYPES: readonly string[] = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'];

/**
 * What a volume bills per month, item by item (items of quantity 0 left out), then
 * the snapshot kept. A type not in {@link PRICED_VOLUME_TYPES} has no items of its own.
 *
 * @example
 * volumeParts({ volumeType: 'gp3', sizeGiB: 500, iops: 6000, throughputMiBps: 125, ... }, true).map((p) => p.item)
 * // ['gp3-storage', 'gp3-iops', 'snapshot-standard']
 */
export function volumeParts(facts: Pick<VolumeFacts, 'volumeType' | 'sizeGiB' | 'iops' | 'throughputMiBps'>, keepSnapshot: boolean): VolumePart[] {
  const type = facts.volumeType;
  const iops = facts.iops ?? 0;
  const part = (item: string, quantity: number, what: string): VolumePart => ({ item, quantity, what });
  let parts: VolumePart[];
  switch (type) {
    case 'gp2':
    case 'st1':
    case 'sc1':
    case 'standard':
      parts = [part(`${type}-storage`, facts.sizeGiB, `GiB of ${type} storage`)];
      break;
    case 'gp3':
      parts = [
        part('gp3-storage', facts.sizeGiB, 'GiB of gp3 storage'),
        part('gp3-iops', Math.max(0, iops - GP3_FREE_IOPS), `gp3 IOPS above the free ${GP3_FREE_IOPS}`),
        part(
          'gp3-throughput-per-MiBps',
          Math.max(0, (facts.throughputMiBps ?? 0) - GP3_FREE_THROUGHPUT_MIBPS),
          `gp3 MiB/s above the free ${GP3_FREE_THROUGHPUT_MIBPS}`,
        ),
      ];
      break;
    case 'io1':
      parts = [part('io1-storage', facts.sizeGiB, 'GiB of io1 storage'), part('io1-iops', iops, 'io1 provisioned IOPS')];
      break;
    case 'io2': {
      const [t1, t2] = IO2_TIER_LIMITS;
      parts = [
        part('io2-storage', facts.sizeGiB, 'GiB of io2 storage'),
        part('io2-iops-tier1', Math.min(iops, t1), `io2 IOPS, tier 1 (first ${t1})`),
        part('io2-iops-tier2', Math.max(0, Math.min(iops, t2) - t1), `io2 IOPS, tier 2 (${t1 + 1}-${t2})`),
        part('io2-iops-tier3', Math.max(0, iops - t2), `io2 IOPS, tier 3 (above ${t2})`),
      ];
      break;
    }
    default:
      parts = [];
  }
  if (keepSnapshot)
    parts.push({ item: 'snapshot-standard', quantity: facts.sizeGiB, what: 'GiB of snapshot storage kept (upper bound: full volume size)', kept: true });
  return parts.filter((p) => p.quantity !== 0);
}

/**
 * The prices {@link assessOrphanVolume} looks up for an unattached volume: the EBS
 * items of {@link volumeParts} in its region, the snapshot kept included.
 */
export function orphanVolumePriceKeys(candidate: Candidate<VolumeFacts>, config: Pick<OrphanVolumesConfig, 'snapshots' | 'tagKeys'>): PriceKey[] {
  if (candidate.facts.state !== 'available') return [];
  const parts = volumeParts(candidate.facts, snapshotDecision(candidate.tags, config).keep);
  return parts.flatMap((p) => priceKeys.ebs(candidate.ref.region, p.item) ?? []);
}

/**
 * Prices a volume per month from the price book. Each component's `usdPerHour` is
 * its monthly price / 730, and its `item` states the original monthly unit;
 * `monthlyUsd` is computed from the monthly prices directly (not from a rounded
 * hourly figure), `hourlyUsd` is monthly / 730. The snapshot kept is a negative
 * component, so `monthlyUsd` is the net saving. Any unknown price makes every
 * total `null`.
 *
 * @example
 * priceVolume({ volumeType: 'gp3', sizeGiB: 500, iops: 6000, throughputMiBps: 250, ... }, 'us-east-1', defaultPriceBook, true)
 * // gross 500 x 0.08 + 3000 x 0.005 + 125 x 0.04 = 60.00; snapshot 500 x 0.05 = 25.00; net 35.00
 */
export function priceVolume(facts: VolumeFacts, region: string, prices: PriceBookPort, keepSnapshot: boolean): VolumePricing {
  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  let gross = 0;
  let snapshot = 0;
  if (!PRICED_VOLUME_TYPES.includes(facts.volumeType)) {
    unknown.push(`no EBS price for volume type "${facts.volumeType}": the sweep prices ${PRICED_VOLUME_TYPES.slice(0, -1).join(', ')} and standard`);
  }
  for (const part of volumeParts(facts, keepSnapshot)) {
    const lookup = prices.ebs(region, part.item);
    if (!lookup.found) {
      unknown.push(lookup.reason);
      continue;
    }
    components.push(component(lookup.quote, part.kept ? -part.quantity : part.quantity, part.what));
    if (part.kept) snapshot += lookup.quote.usdPerUnit * part.quantity;
    else gross += lookup.quote.usdPerUnit * part.quantity;
  }
  if (unknown.length > 0) {
    return { savings: { hourlyUsd: null, monthlyUsd: null, components, unknown }, grossMonthlyUsd: null, snapshotMonthlyUsd: null, netMonthlyUsd: null };
  }
  const net = gross - snapshot;
  return {
    savings: { hourlyUsd: roundUsd(net / HOURS_PER_MONTH, 6), monthlyUsd: roundUsd(net, 2), components, unknown },
    grossMonthlyUsd: roundUsd(gross, 2),
    snapshotMonthlyUsd: roundUsd(snapshot, 2),
    netMonthlyUsd: roundUsd(net, 2),
  };
}

function component(quote: PriceQuote, quantity: number, what: string): PricedComponent {
  return {
    item: `${what} (${quote.item}: ${quote.usdPerUnit} ${quote.unit}; per hour = monthly / ${HOURS_PER_MONTH})`,
    quantity,
    usdPerHour: quote.usdPerUnit / HOURS_PER_MONTH,
    source: quote.source,
    sourceDate: quote.sourceDate,
    regionBasis: quote.regionBasis,
    ...(quote.note ? { note: quote.note } : {}),
  };
}

/** Whole days between two instants (fractional). */
function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 86_400_000;
}

/**
 * Decides whether one volume is waste and what deleting it saves.
 *
 * @example
 * assessOrphanVolume(candidate, config, now, { watchingSince: null }, defaultPriceBook)
 * // => { waste: false, watch: true, reason: 'unattached; first seen now, waste after 7 days unattached' }
 */
export function assessOrphanVolume(
  candidate: Candidate<VolumeFacts>,
  config: Pick<OrphanVolumesConfig, 'minUnattachedDays' | 'snapshots' | 'tagKeys'>,
  now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const { facts } = candidate;
  if (facts.state !== 'available') return { waste: false, reason: `volume is ${facts.state}, not unattached` };
  const min = config.minUnattachedDays;
  const since = memory.watchingSince ? new Date(memory.watchingSince) : null;
  const days = since ? daysBetween(since, now) : 0;
  if (!since && min > 0) {
    return { waste: false, watch: true, reason: `unattached; first seen now, waste after ${min} day${min === 1 ? '' : 's'} unattached` };
  }
  if (days < min) {
    return { waste: false, watch: true, reason: `unattached for ${(Math.floor(days * 10) / 10).toFixed(1)} of ${min} days (since ${memory.watchingSince})` };
  }

  const snapshot = snapshotDecision(candidate.tags, config);
  const pricing = priceVolume(facts, candidate.ref.region, prices, snapshot.keep);
  const size = `${facts.sizeGiB} GiB ${facts.volumeType}`;
  const unattached = since ? `unattached for ${Math.floor(days)} days (first seen unattached ${memory.watchingSince})` : 'unattached';
  const reason = snapshot.keep
    ? `${size} volume ${unattached}; a snapshot is kept before the delete`
    : `${size} volume ${unattached}; no snapshot will be kept: ${snapshot.reason}`;
  return {
    waste: true,
    reason,
    evidence: {
      state: facts.state,
      unattachedSince: memory.watchingSince,
      daysUnattached: Math.floor(days),
      minUnattachedDays: min,
      volumeType: facts.volumeType,
      sizeGiB: facts.sizeGiB,
      iops: facts.iops,
      throughputMiBps: facts.throughputMiBps,
      availabilityZone: facts.availabilityZone,
      encrypted: facts.encrypted,
      createTime: facts.createTime,
      snapshotKept: snapshot.keep,
      snapshotDecision: snapshot.reason,
      grossMonthlyUsd: pricing.grossMonthlyUsd,
      snapshotMonthlyUsd: pricing.snapshotMonthlyUsd,
      netMonthlyUsd: pricing.netMonthlyUsd,
      pricing: `monthly EBS list prices (GB-month, IOPS-month, MiB/s-month); net = gross - snapshot kept; hourly = monthly / ${HOURS_PER_MONTH}`,
      snapshotAssumption: snapshot.keep ? SNAPSHOT_ASSUMPTION : 'no snapshot kept',
      ...(facts.volumeType === 'standard' ? { notCounted: 'standard (magnetic) I/O request charges depend on usage and are not counted' } : {}),
    },
    savings: pricing.savings,
  };
}
