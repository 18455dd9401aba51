/**
 * Effective-rate factors measured in Cost Explorer: for SageMaker and EC2, what
 * the last full month cost after Savings Plans, EDP and other discounts
 * (`NetAmortizedCost`), divided by what the same usage costs at public on-demand
 * rates. One `GetCostAndUsage` call (grouped by SERVICE and RECORD_TYPE), paged.
 *
 * - On-demand equivalent = `UnblendedCost` of record types `Usage` and
 *   `SavingsPlanCoveredUsage` (covered usage is billed at the on-demand rate and
 *   offset by `SavingsPlanNegation`).
 * - Effective = `NetAmortizedCost` of every record type but `Tax`, `Refund` and
 *   `Credit` (credits are not a rate; they are excluded, and said so).
 * - Reserved Instances (`DiscountedUsage`) leave no on-demand equivalent in
 *   `GetCostAndUsage`, so a service with RI usage gets no factor, with that reason.
 *
 * Takes a small `getCostAndUsage` function, so it needs no Cost Explorer SDK
 * package; wire it as `(input) => ce.send(new GetCostAndUsageCommand(input))`.
 */
import type { PriceService } from './price-key.js';
import type { MeasuredRate } from './effective-rate.js';

/** The part of `GetCostAndUsage`'s input this module sends. */
export interface CostAndUsageInput {
  readonly TimePeriod: { readonly Start: string; readonly End: string };
  readonly Granularity: 'MONTHLY';
  readonly Metrics: readonly string[];
  readonly GroupBy: readonly { readonly Type: 'DIMENSION'; readonly Key: string }[];
  readonly Filter: { readonly Dimensions: { readonly Key: 'SERVICE'; readonly Values: readonly string[] } };
  readonly NextPageToken?: string;
}

/** The part of `GetCostAndUsage`'s output this module reads. */
export interface CostAndUsageOutput {
  readonly ResultsByTime?:
    | readonly {
        readonly Groups?:
          | readonly {
              readonly Keys?: readonly string[] | undefined;
              readonly Metrics?: Readonly<Record<string, { readonly Amount?: string | undefined }>> | undefined;
            }[]
          | undefined;
      }[]
    | undefined;
  readonly NextPageToken?: string | undefined;
}

/** Cost Explorer `SERVICE` dimension values of the services measured. */
export const COST_EXPLORER_SERVICES: Readonly<Partial<Record<PriceService, string>>> = {
  sagemaker: 'Amazon SageMaker',
  ec2: 'Amazon Elastic Compute Cloud - Compute',
};

const ON_DEMAND_RECORD_TYPES = new Set(['Usage', 'SavingsPlanCoveredUsage']);
const EXCLUDED_RECORD_TYPES = new Set(['Tax', 'Refund', 'Credit']);

/** A measured factor, or why there is none. */
export type CostExplorerRate = ({ readonly ok: true } & MeasuredRate) | { readonly ok: false; readonly service: PriceService; readonly reason: string };

/** The last full calendar month before `now` (UTC), as Cost Explorer dates (`End` exclusive). */
export function lastFullMonth(now: Date): { Start: string; End: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
  return { Start: start.toISOString().slice(0, 10), End: end.toISOString().slice(0, 10) };
}

/**
 * Measures the factors of `services` (default SageMaker and EC2) over the last full month.
 *
 * @example
 * ```ts
 * const rates = await costExplorerEffectiveRates((input) => ce.send(new GetCostAndUsageCommand(input)), { now });
 * discountFor('sagemaker', config.pricing, rates.filter((r) => r.ok));
 * ```
 */
export async function costExplorerEffectiveRates(
  getCostAndUsage: (input: CostAndUsageInput) => Promise<CostAndUsageOutput>,
  options: { now: Date; services?: readonly PriceService[] },
): Promise<CostExplorerRate[]> {
  const services = (options.services ?? ['sagemaker', 'ec2']).filter((s) => COST_EXPLORER_SERVICES[s]);
  const period = lastFullMonth(options.now);
  const totals = new Map<string, { effective: number; onDemand: number; riUsage: number }>();
  let token: string | undefined;
  do {
    const out = await getCostAndUsage({
      TimePeriod: period,
      Granularity: 'MONTHLY',
      Metrics: ['NetAmortizedCost', 'UnblendedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'RECORD_TYPE' },
      ],
      Filter: { Dimensions: { Key: 'SERVICE', Values: services.map((s) => COST_EXPLORER_SERVICES[s]!) } },
      ...(token ? { NextPageToken: token } : {}),
    });
    for (const result of out.ResultsByTime ?? []) {
      for (const group of result.Groups ?? []) {
        const [service, recordType] = group.Keys ?? [];
        if (!service || !recordType) continue;
        const amount = (metric: string) => Number(group.Metrics?.[metric]?.Amount ?? 0) || 0;
        const t = totals.get(service) ?? { effective: 0, onDemand: 0, riUsage: 0 };
        if (!EXCLUDED_RECORD_TYPES.has(recordType)) t.effective += amount('NetAmortizedCost');
        if (ON_DEMAND_RECORD_TYPES.has(recordType)) t.onDemand += amount('UnblendedCost');
        if (recordType === 'DiscountedUsage') t.riUsage += Math.abs(amount('NetAmortizedCost')) + Math.abs(amount('UnblendedCost'));
        totals.set(service, t);
      }
    }
    token = out.NextPageToken;
  } while (token);

  const month = period.Start.slice(0, 7);
  return services.map((service): CostExplorerRate => {
    const name = COST_EXPLORER_SERVICES[service]!;
    const t = totals.get(name);
    if (!t || t.onDemand <= 0) return { ok: false, service, reason: `no ${name} on-demand usage in ${month} to measure an effective rate on` };
    if (t.riUsage > 0)
      return {
        ok: false,
        service,
        reason: `${name} had Reserved Instance usage in ${month}; Cost Explorer's GetCostAndUsage gives no on-demand equivalent for it`,
      };
    const factor = Math.round((t.effective / t.onDemand) * 10_000) / 10_000;
    return {
      ok: true,
      service,
      factor,
      note: `Cost Explorer, ${month}: net amortized ${t.effective.toFixed(2)} USD / on-demand equivalent ${t.onDemand.toFixed(2)} USD (credits, refunds and tax excluded)`,
    };
  });
}
