/**
 * Unit economics: what 1,000 inferences of each SageMaker real-time endpoint cost this
 * week. Pure: endpoints, their invocations and the price book in, lines out.
 *
 *   cost = sum over instance variants of instances x hours in the window x USD per instance-hour
 *   USD per 1,000 inferences = cost (to the cent) / Invocations x 1,000 (to 1/100 cent)
 *
 * The window is the digest's week up to its `asOf`, from the endpoint's creation when
 * it was created during the week. The instance count is the current one (scaling
 * during the week is not replayed). A serverless variant, or an instance type without
 * a price in the book, leaves the endpoint's cost unknown (`null`), never guessed; an
 * endpoint without invocations has a cost and no cost per inference.
 */
import type { PriceBookPort } from '../core/price-port.js';
import { addUsd } from './realized-savings.js';

/** One endpoint as the unit-cost reader saw it. */
export interface EndpointUsage {
  readonly endpointName: string;
  readonly region: string;
  /** The team tag's value; `null`: none. */
  readonly team: string | null;
  readonly creationTime: string;
  readonly variants: readonly {
    readonly variantName: string;
    /** `null`: serverless, or the endpoint config is gone. */
    readonly instanceType: string | null;
    readonly instanceCount: number;
  }[];
  /** `AWS/SageMaker` `Invocations` summed over the window and the variants. */
  readonly invocations: number;
}

/** One endpoint's unit cost: `unitCosts` of `digest --json` (exact field names are a contract). */
export interface UnitCostLine {
  /** The endpoint's name. */
  readonly resourceId: string;
  readonly team: string | null;
  readonly invocations: number;
  /** Instance-hours x price this week; `null` when a price is unknown. */
  readonly costUsd: number | null;
  /** `null` when the cost is unknown or there were no invocations. */
  readonly usdPer1kInferences: number | null;
}

/** How a line was computed, for the reader checking it by hand. */
export interface UnitCostBasis {
  readonly resourceId: string;
  readonly region: string;
  /** e.g. `2 x ml.g5.xlarge x 168 h x $1.408/h`, one per variant. */
  readonly terms: readonly string[];
  readonly instanceHours: number;
  /** Price sources with their dates. */
  readonly priceSources: string;
  /** Why the cost is unknown, when it is. */
  readonly unknown: string | null;
}

/**
 * The unit cost of each endpoint over `window`, dearest per 1,000 inferences first
 * (unknown last); `basis[i]` is how `lines[i]` was computed.
 *
 * @example
 * unitCosts([{ endpointName: 'chat', region: 'us-east-1', team: 'nlp', creationTime: '2026-01-01T00:00:00Z',
 *   variants: [{ variantName: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }], invocations: 500_000 }],
 *   defaultPriceBook, { start, end })
 * // => lines[0]: { costUsd: 123.72, usdPer1kInferences: 0.2474, ... } (168 h x $0.7364/h)
 */
export function unitCosts(
  endpoints: readonly EndpointUsage[],
  prices: Pick<PriceBookPort, 'sageMakerHosting'>,
  window: { readonly start: Date; readonly end: Date },
): { lines: UnitCostLine[]; basis: UnitCostBasis[] } {
  const rows: { line: UnitCostLine; basis: UnitCostBasis }[] = [];
  for (const e of endpoints) {
    const from = Math.max(window.start.getTime(), Date.parse(e.creationTime));
    const hours = Math.max(0, (window.end.getTime() - from) / 3_600_000);
    let cost = 0;
    let instanceHours = 0;
    const terms: string[] = [];
    const sources = new Set<string>();
    let unknown: string | null = null;
    for (const v of e.variants) {
      if (v.instanceType === null) {
        unknown ??= `variant ${v.variantName} is serverless or its instance type is unknown: no instance-hour price`;
        continue;
      }
      const lookup = prices.sageMakerHosting(e.region, v.instanceType);
      if (!lookup.found) {
        unknown ??= `no price for ${v.instanceType} in ${e.region}: ${lookup.reason}`;
        continue;
      }
      cost += v.instanceCount * hours * lookup.quote.usdPerUnit;
      instanceHours += v.instanceCount * hours;
      terms.push(`${v.instanceCount} x ${v.instanceType} x ${round(hours, 2)} h x $${lookup.quote.usdPerUnit}/h`);
      sources.add(`${lookup.quote.source} (${lookup.quote.sourceDate})`);
    }
    const costUsd = unknown === null ? addUsd(cost) : null;
    rows.push({
      line: {
        resourceId: e.endpointName,
        team: e.team,
        invocations: e.invocations,
        costUsd,
        usdPer1kInferences: costUsd === null || e.invocations <= 0 ? null : round((costUsd / e.invocations) * 1000, 4),
      },
      basis: { resourceId: e.endpointName, region: e.region, terms, instanceHours: round(instanceHours, 2), priceSources: [...sources].join('; '), unknown },
    });
  }
  const order = (l: UnitCostLine) => l.usdPer1kInferences ?? -1;
  rows.sort(
    (a, b) =>
      order(b.line) - order(a.line) ||
      (b.line.costUsd ?? -1) - (a.line.costUsd ?? -1) ||
      a.line.resourceId.localeCompare(b.line.resourceId) ||
      a.basis.region.localeCompare(b.basis.region),
  );
  return { lines: rows.map((r) => r.line), basis: rows.map((r) => r.basis) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
