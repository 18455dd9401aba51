/**
 * What a training job costs per hour, and over a number of hours. Pure.
 *
 * SageMaker bills a training job from `TrainingStartTime` for every instance of
 * its cluster at the training instance price. Managed spot training is billed at
 * a discount that varies: it is applied only when the operator states it
 * (`spot.statedDiscountPercent`); otherwise the cost of a spot job is unknown.
 */
import { roundUsd, type PricedComponent } from '../../core/finding.js';
import type { PriceBookPort, PriceKey } from '../../core/price-port.js';
import { priceKeys } from '../../prices/price-key.js';

/** Instances of one type in a job's cluster (`ResourceConfig`, or one of its `InstanceGroups`). */
export interface InstanceGroup {
  readonly instanceType: string;
  readonly count: number;
  /** The group's name for heterogeneous clusters; `null` for a plain `ResourceConfig`. */
  readonly name: string | null;
}

/** The hourly price of a job's whole cluster, with the prices behind it. */
export interface JobRate {
  /** USD per hour as billed (managed spot at the stated discount); `null` when unknown. */
  readonly usdPerHour: number | null;
  /** USD per hour at on-demand list prices; `null` when a price is unknown. */
  readonly onDemandUsdPerHour: number | null;
  /** One per instance group, at the billed price (`usdPerHour` x `quantity`). */
  readonly components: readonly PricedComponent[];
  /** Why a price is missing, one line each. */
  readonly unknown: readonly string[];
  /** How the rate was made, e.g. "on-demand list price". */
  readonly basis: string;
  /** The discount applied to a managed spot job; `null` for on-demand or unknown. */
  readonly spotDiscountPercent: number | null;
}

/** `8 x ml.p3.2xlarge` (groups joined with ` + `). */
export function describeInstances(groups: readonly InstanceGroup[]): string {
  return groups.map((g) => `${g.count} x ${g.instanceType}${g.name ? ` (${g.name})` : ''}`).join(' + ') || 'no instances';
}

/** Total instances of a cluster. */
export function instanceCount(groups: readonly InstanceGroup[]): number {
  return groups.reduce((sum, g) => sum + g.count, 0);
}

/** The prices {@link jobRate} looks up: SageMaker training of each instance group's type in `region`. */
export function trainingPriceKeys(groups: readonly InstanceGroup[], region: string): PriceKey[] {
  return groups.map((g) => priceKeys.sageMakerTraining(region, g.instanceType));
}

/**
 * Prices a job's cluster per hour from the SageMaker training prices.
 *
 * @example
 * jobRate([{ instanceType: 'ml.p3.2xlarge', count: 8, name: null }], 'eu-west-1', false, undefined, defaultPriceBook)
 * // => { usdPerHour: 33.048, onDemandUsdPerHour: 33.048, basis: 'on-demand list price', ... }  (8 x 4.131)
 */
export function jobRate(
  groups: readonly InstanceGroup[],
  region: string,
  managedSpot: boolean,
  statedDiscountPercent: number | undefined,
  prices: PriceBookPort,
): JobRate {
  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  let onDemand = 0;
  const spotFactor = managedSpot && statedDiscountPercent !== undefined ? 1 - statedDiscountPercent / 100 : 1;
  for (const group of groups) {
    const lookup = prices.sageMakerTraining(region, group.instanceType);
    if (!lookup.found) {
      unknown.push(lookup.reason);
      continue;
    }
    const q = lookup.quote;
    onDemand += q.usdPerUnit * group.count;
    const notes = [q.note, managedSpot ? spotNote(q.usdPerUnit, statedDiscountPercent) : undefined].filter((n): n is string => Boolean(n));
    components.push({
      item: `${group.instanceType} training${group.name ? ` (group ${group.name})` : ''}`,
      quantity: group.count,
      usdPerHour: roundUsd(q.usdPerUnit * spotFactor, 6),
      source: q.source,
      sourceDate: q.sourceDate,
      regionBasis: q.regionBasis,
      ...(notes.length ? { note: notes.join(' ') } : {}),
    });
  }
  const onDemandUsdPerHour = unknown.length === 0 ? roundUsd(onDemand, 6) : null;
  if (!managedSpot)
    return { usdPerHour: onDemandUsdPerHour, onDemandUsdPerHour, components, unknown, basis: 'on-demand list price', spotDiscountPercent: null };
  if (statedDiscountPercent === undefined) {
    return {
      usdPerHour: null,
      onDemandUsdPerHour,
      components,
      unknown: [...unknown, SPOT_DISCOUNT_UNKNOWN],
      basis: 'managed spot training, discount unknown',
      spotDiscountPercent: null,
    };
  }
  return {
    usdPerHour: onDemandUsdPerHour === null ? null : roundUsd(onDemand * spotFactor, 6),
    onDemandUsdPerHour,
    components,
    unknown,
    basis: `managed spot training at the stated discount of ${statedDiscountPercent}% off on-demand (sweeps.runaway-training.spot.statedDiscountPercent)`,
    spotDiscountPercent: statedDiscountPercent,
  };
}

/** Why a running spot job has no price when no discount is configured. */
export const SPOT_DISCOUNT_UNKNOWN =
  'managed spot training is billed at a discount that varies and is not in the price book; set sweeps.runaway-training.spot.statedDiscountPercent to the discount you are billed at (none is guessed)';

function spotNote(onDemand: number, discount: number | undefined): string {
  return discount === undefined
    ? `Managed spot: on-demand ${onDemand} USD per hour; the spot discount is unknown.`
    : `Managed spot: on-demand ${onDemand} USD per hour less the stated ${discount}% discount.`;
}

/** `usdPerHour` x `hours`, to the cent; `null` when the rate is unknown. */
export function costOver(usdPerHour: number | null, hours: number): number | null {
  return usdPerHour === null ? null : roundUsd(usdPerHour * hours, 2);
}
