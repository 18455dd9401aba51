/**
 * List and effective figures side by side in the digest: a line whose savings had a
 * discount (`pricing.discounts`, or a rate measured in Cost Explorer) carries its
 * effective $/month and which discount made it. Every other figure is at list price.
 */
import type { Savings, SavingsDiscount } from '../core/finding.js';

/** The effective figure of a digest line, present only when a discount applied. */
export interface EffectiveFields {
  /** The line's `monthlyUsd` after `discount` (`null` when unknown). */
  readonly effectiveMonthlyUsd?: number | null;
  /** The discount behind it, e.g. "sagemaker 18% off list (Machine Learning Savings Plan; from config)". */
  readonly discount?: string;
}

/** "sagemaker 18% off list (Machine Learning Savings Plan; from config)". */
export function discountText(discount: SavingsDiscount): string {
  return `${discount.service} ${discount.percent}% off list (${discount.note}; from ${discount.source === 'config' ? 'config' : 'Cost Explorer'})`;
}

/** The fields of {@link EffectiveFields} for `savings`: none without a discount. */
export function effectiveFields(savings: Savings): EffectiveFields {
  return savings.discount ? { effectiveMonthlyUsd: savings.effectiveMonthlyUsd ?? null, discount: discountText(savings.discount) } : {};
}

/** The distinct discounts behind the lines' effective figures, sorted. */
export function discountsOf(lines: readonly EffectiveFields[]): string[] {
  return [...new Set(lines.flatMap((l) => (l.discount ? [l.discount] : [])))].sort();
}
