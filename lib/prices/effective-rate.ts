/**
 * Effective rates: list price is not what an account with Savings Plans, an EDP
 * or credits pays. A discount (from `pricing.discounts`, or measured in Cost
 * Explorer) turns a list figure into an effective one; both are shown side by
 * side with the discount that applied. Pure functions.
 *
 * Which discount applies to a service: the configured one, else a Cost Explorer
 * rate when that option is on and one was measured, else none (list price).
 */
import type { PriceService } from './price-key.js';
import type { PriceQuote } from './price-types.js';
import type { PricingConfig } from './pricing-config.js';

/** A discount that applied, and where it came from. */
export interface AppliedDiscount {
  readonly service: PriceService;
  /** Percent off the list price (may be negative for a measured rate above list). */
  readonly percent: number;
  readonly note: string;
  /** `config`: `pricing.discounts`; `cost-explorer`: measured over a past month. */
  readonly basis: 'config' | 'cost-explorer';
}

/** A measured effective rate of one service (see `cost-explorer-rate.ts`). */
export interface MeasuredRate {
  readonly service: PriceService;
  /** Effective cost / on-demand equivalent, e.g. 0.82. */
  readonly factor: number;
  readonly note: string;
}

/** A list figure and the effective one side by side. */
export interface EffectiveFigure {
  readonly listUsd: number | null;
  readonly effectiveUsd: number | null;
  /** `null`: no discount, effective = list. */
  readonly discount: AppliedDiscount | null;
}

/**
 * The discount that applies to `service`: configured > measured (when
 * `effectiveRateFromCostExplorer` is on) > none.
 *
 * @example
 * ```ts
 * discountFor('sagemaker', config.pricing); // { percent: 18, note: 'ML Savings Plan', basis: 'config', ... }
 * ```
 */
export function discountFor(
  service: PriceService,
  pricing: Pick<PricingConfig, 'discounts' | 'effectiveRateFromCostExplorer'>,
  measured: readonly MeasuredRate[] = [],
): AppliedDiscount | null {
  const configured = pricing.discounts[service];
  if (configured) return { service, percent: configured.percent, note: configured.note, basis: 'config' };
  const rate = pricing.effectiveRateFromCostExplorer ? measured.find((m) => m.service === service) : undefined;
  if (rate) return { service, percent: roundTo((1 - rate.factor) * 100, 2), note: rate.note, basis: 'cost-explorer' };
  return null;
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * A list amount and the effective amount under `discount` (unknown stays unknown).
 *
 * @example
 * ```ts
 * effectiveFigure(1000, { percent: 18, note: 'ML Savings Plan', basis: 'config', service: 'sagemaker' });
 * // { listUsd: 1000, effectiveUsd: 820, discount: { ... } }
 * ```
 */
export function effectiveFigure(listUsd: number | null, discount: AppliedDiscount | null, decimals = 6): EffectiveFigure {
  if (listUsd === null) return { listUsd: null, effectiveUsd: null, discount };
  const effectiveUsd = discount ? roundTo(listUsd * (1 - discount.percent / 100), decimals) : listUsd;
  return { listUsd, effectiveUsd, discount };
}

/** A quote's list price and its effective price under `discount`. */
export interface EffectiveQuote extends EffectiveFigure {
  readonly quote: PriceQuote;
  /** One line: `list 0.7364 USD per hour, effective 0.6038 (18% off: ML Savings Plan, config)`. */
  readonly text: string;
}

/**
 * Applies a discount to a quote.
 *
 * @example
 * ```ts
 * applyDiscount(quote, discountFor('sagemaker', config.pricing)).text;
 * // 'list 0.7364 USD per hour, effective 0.603848 USD per hour (18% off: ML Savings Plan; from config)'
 * ```
 */
export function applyDiscount(quote: PriceQuote, discount: AppliedDiscount | null): EffectiveQuote {
  const figure = effectiveFigure(quote.usdPerUnit, discount, 10);
  const text = discount
    ? `list ${quote.usdPerUnit} ${quote.unit}, effective ${figure.effectiveUsd} ${quote.unit} (${discount.percent}% off: ${discount.note}; from ${discount.basis === 'config' ? 'config' : 'Cost Explorer'})`
    : `list ${quote.usdPerUnit} ${quote.unit} (no discount configured: effective = list)`;
  return { ...figure, quote, text };
}
