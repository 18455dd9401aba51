/**
 * What an AI resource costs per month while it stays as it is (its run-rate), from
 * the price book: instance-hours x 730 for endpoints, notebooks, running jobs and
 * EC2 instances; GB-month (and provisioned IOPS and throughput) for EBS volumes. Pure.
 *
 * The parts priced and the price keys declared come from one list ({@link runRateParts}),
 * so the keys always cover the lookups. A part without a price (no lookup, or
 * `found: false`) makes the total `null`, never a partial sum; never another region's price.
 */
import { HOURS_PER_MONTH, roundUsd, savingsFrom, type PricedComponent } from '../../core/finding.js';
import type { PriceBookPort, PriceKey, PriceLookup, PriceQuote } from '../../core/price-port.js';
import { GP3_FREE_IOPS, GP3_FREE_THROUGHPUT_MIBPS, IO2_TIER_LIMITS } from '../../prices/ebs-tiers.js';
import { priceKeys } from '../../prices/price-key.js';
import { formatUsdPerHour } from '../../format/index.js';
import type { InstanceGroup, Usage } from './facts.js';

/** One priced part of a run-rate, or why it cannot be priced. */
export type RunRatePart =
  | {
      readonly priced: true;
      readonly key: PriceKey | undefined;
      readonly look: (prices: PriceBookPort) => PriceLookup;
      readonly quantity: number;
      /** e.g. `ml.g5.4xlarge SageMaker hosting instance(s)`. */
      readonly what: string;
      /** `true`: the price is per month (EBS), `false`: per hour. */
      readonly monthly: boolean;
    }
  | { readonly priced: false; readonly reason: string };

/** A resource's run-rate. `monthlyUsd` is the finding's `estimatedMonthlyCostUsd`. */
export interface RunRate {
  readonly hourlyUsd: number | null;
  readonly monthlyUsd: number | null;
  readonly components: readonly PricedComponent[];
  readonly unknown: readonly string[];
  /** What was priced, one line with each price's source and date (for the evidence and notices). */
  readonly basis: string;
  /**
   * Training jobs: what the hours billed so far cost (hourly rate x `billedHours`);
   * `null` when unknown, absent for other kinds.
   */
  readonly jobCostUsd?: number | null;
}

const instances = (key: PriceKey, look: (prices: PriceBookPort) => PriceLookup, group: InstanceGroup, what: string): RunRatePart => ({
  priced: true,
  key,
  look,
  quantity: group.count,
  what: `${group.instanceType} ${what}`,
  monthly: false,
});
const ebs = (region: string, item: string, quantity: number, what: string): RunRatePart => ({
  priced: true,
  key: priceKeys.ebs(region, item),
  look: (p) => p.ebs(region, item),
  quantity,
  what,
  monthly: true,
});

/** The parts of `usage`'s run-rate in `region` (nothing: it costs nothing while it stays so, e.g. a stopped instance). */
export function runRateParts(usage: Usage, region: string): RunRatePart[] {
  switch (usage.kind) {
    case 'endpoint':
      return usage.variants.flatMap((v): RunRatePart[] => {
        if (v.serverless) return [{ priced: false, reason: `serverless variant ${v.name} is billed per request: it has no run-rate` }];
        if (v.instanceType === null) return [{ priced: false, reason: `variant ${v.name}: instance type unknown (its endpoint config could not be read)` }];
        if (v.count === 0) return [];
        const type = v.instanceType;
        return [
          instances(
            priceKeys.sageMakerHosting(region, type),
            (p) => p.sageMakerHosting(region, type),
            { instanceType: type, count: v.count },
            'SageMaker hosting',
          ),
        ];
      });
    case 'notebook': {
      const type = usage.instanceType;
      if (!usage.running) return [];
      if (type === null) return [{ priced: false, reason: 'notebook instance type unknown' }];
      return [
        instances(priceKeys.sageMakerNotebook(region, type), (p) => p.sageMakerNotebook(region, type), { instanceType: type, count: 1 }, 'SageMaker notebook'),
      ];
    }
    case 'training-job':
      return usage.groups.map((g) =>
        instances(priceKeys.sageMakerTraining(region, g.instanceType), (p) => p.sageMakerTraining(region, g.instanceType), g, 'SageMaker training'),
      );
    case 'processing-job':
      return usage.running ? [{ priced: false, reason: 'the price book has no SageMaker processing price' }] : [];
    case 'domain':
      return [{ priced: false, reason: 'a Studio domain bills through its apps and its EFS volume, which this sweep does not price' }];
    case 'instance': {
      const type = usage.instanceType;
      return usage.running
        ? [instances(priceKeys.ec2OnDemand(region, type), (p) => p.ec2OnDemand(region, type), { instanceType: type, count: 1 }, 'EC2 on-demand (Linux)')]
        : [];
    }
    case 'volume':
      return volumeParts(usage, region);
    case 'custom-model':
      return [{ priced: false, reason: 'the price book has no Bedrock custom model storage price' }];
    case 'provisioned-throughput': {
      const { baseModel, modelUnits, commitment } = usage;
      if (!usage.billed) return [];
      if (baseModel === null || modelUnits === null) return [{ priced: false, reason: 'its base model or model units are unknown' }];
      return [
        {
          priced: true,
          key: priceKeys.bedrockProvisionedThroughput(region, baseModel, commitment),
          look: (p) => p.bedrockProvisionedThroughput(region, baseModel, commitment),
          quantity: modelUnits,
          what: `model unit(s) of Bedrock Provisioned Throughput (${commitment === 'none' ? 'no commitment' : commitment})`,
          monthly: false,
        },
      ];
    }
    case 'inference-profile':
      return [{ priced: false, reason: 'an inference profile is billed per token of use: it has no run-rate' }];
  }
}

/** EBS storage, and the IOPS and throughput provisioned beyond what the type includes. */
function volumeParts(v: Extract<Usage, { kind: 'volume' }>, region: string): RunRatePart[] {
  const iops = v.iops ?? 0;
  const [t1, t2] = IO2_TIER_LIMITS;
  const storage = ebs(region, `${v.volumeType}-storage`, v.sizeGiB, `GiB of ${v.volumeType} storage`);
  let parts: RunRatePart[];
  switch (v.volumeType) {
    case 'gp2':
    case 'st1':
    case 'sc1':
    case 'standard':
      parts = [storage];
      break;
    case 'gp3':
      parts = [
        storage,
        ebs(region, 'gp3-iops', Math.max(0, iops - GP3_FREE_IOPS), `gp3 IOPS above the free ${GP3_FREE_IOPS}`),
        ebs(
          region,
          'gp3-throughput-per-MiBps',
          Math.max(0, (v.throughputMiBps ?? 0) - GP3_FREE_THROUGHPUT_MIBPS),
          `gp3 MiB/s above the free ${GP3_FREE_THROUGHPUT_MIBPS}`,
        ),
      ];
      break;
    case 'io1':
      parts = [storage, ebs(region, 'io1-iops', iops, 'io1 provisioned IOPS')];
      break;
    case 'io2':
      parts = [
        storage,
        ebs(region, 'io2-iops-tier1', Math.min(iops, t1), `io2 IOPS, tier 1 (first ${t1})`),
        ebs(region, 'io2-iops-tier2', Math.max(0, Math.min(iops, t2) - t1), `io2 IOPS, tier 2 (${t1 + 1}-${t2})`),
        ebs(region, 'io2-iops-tier3', Math.max(0, iops - t2), `io2 IOPS, tier 3 (above ${t2})`),
      ];
      break;
    default:
      return [{ priced: false, reason: `no EBS price for volume type "${v.volumeType}"` }];
  }
  return parts.filter((p) => !p.priced || p.quantity !== 0);
}

/** The price keys of {@link runRateParts} (what the engine resolves live before assessing). */
export function runRateKeys(usage: Usage, region: string): PriceKey[] {
  return runRateParts(usage, region).flatMap((p) => (p.priced && p.key ? [p.key] : []));
}

/**
 * Prices `usage` in `region`.
 *
 * @example
 * // 2 x ml.g5.4xlarge in us-east-1 at 2.03 USD/h:
 * runRate({ kind: 'endpoint', variants: [{ name: 'A', instanceType: 'ml.g5.4xlarge', count: 2, serverless: false }] }, 'us-east-1', prices)
 * // => { hourlyUsd: 4.06, monthlyUsd: 2963.8, ... }
 */
export function runRate(usage: Usage, region: string, prices: PriceBookPort): RunRate {
  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  const lines: string[] = [];
  for (const part of runRateParts(usage, region)) {
    if (!part.priced) {
      unknown.push(part.reason);
      continue;
    }
    const lookup = part.look(prices);
    if (!lookup.found) {
      unknown.push(lookup.reason);
      continue;
    }
    const q = lookup.quote;
    components.push(component(q, part.quantity, part.what, part.monthly));
    const price = part.monthly ? `${q.usdPerUnit} ${q.unit}` : `${formatUsdPerHour(q.usdPerUnit)} x ${HOURS_PER_MONTH} h`;
    lines.push(`${part.quantity} x ${part.what} at ${price} (${q.source}, ${q.sourceDate})`);
  }
  const sum = savingsFrom(components, unknown);
  const basis = unknown.length > 0 ? `unknown: ${unknown.join('; ')}` : lines.length > 0 ? lines.join(' + ') : 'nothing while it stays in this state';
  if (usage.kind === 'training-job') {
    // A running job bills every hour; one that ended costs nothing more. Its billed hours cost the same rate.
    const jobCostUsd = sum.hourlyUsd === null || usage.billedHours === null ? null : roundUsd(sum.hourlyUsd * usage.billedHours, 2);
    if (!usage.running) return { hourlyUsd: 0, monthlyUsd: 0, components, unknown, basis: `nothing: the job ended (it billed at ${basis})`, jobCostUsd };
    return { hourlyUsd: sum.hourlyUsd, monthlyUsd: sum.monthlyUsd, components, unknown, basis, jobCostUsd };
  }
  return { hourlyUsd: sum.hourlyUsd, monthlyUsd: sum.monthlyUsd, components, unknown, basis };
}

function component(quote: PriceQuote, quantity: number, what: string, monthly: boolean): PricedComponent {
  return {
    item: monthly ? `${what} (${quote.item}: ${quote.usdPerUnit} ${quote.unit}; per hour = monthly / ${HOURS_PER_MONTH})` : what,
    quantity,
    usdPerHour: monthly ? quote.usdPerUnit / HOURS_PER_MONTH : quote.usdPerUnit,
    source: quote.source,
    sourceDate: quote.sourceDate,
    regionBasis: quote.regionBasis,
    ...(quote.note ? { note: quote.note } : {}),
  };
}
