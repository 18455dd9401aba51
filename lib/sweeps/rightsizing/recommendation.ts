/**
 * The shape every rightsizing recommendation shares, whatever the resource: the
 * current and the proposed configuration, each priced, the saving between them,
 * the evidence and a confidence. Pure.
 */
import { HOURS_PER_MONTH, roundUsd, savingsFrom, type JsonValue, type PricedComponent } from '../../core/finding.js';
import type { Assessment, ResourceMemory } from '../../core/sweep.js';
import type { PriceLookup, PriceQuote } from '../../core/price-port.js';
import { formatUsd, formatUsdPerMonth } from '../../format/index.js';

/**
 * How far a recommendation can be trusted: `high` (a full window of data, every
 * metric needed, region-stated prices), `medium` or `low`; `confidenceReasons`
 * says what lowered it.
 */
export type Confidence = 'high' | 'medium' | 'low';

const RANK: Record<Confidence, number> = { high: 2, medium: 1, low: 0 };

/** Collects what lowers a recommendation's confidence. */
export class ConfidenceNotes {
  #level: Confidence = 'high';
  readonly #reasons: string[] = [];

  /** Lowers the confidence to `level` (never raises it) and records why. */
  lower(level: Confidence, reason: string): this {
    if (RANK[level] < RANK[this.#level]) this.#level = level;
    this.#reasons.push(reason);
    return this;
  }

  get level(): Confidence {
    return this.#level;
  }

  get reasons(): readonly string[] {
    return this.#reasons;
  }
}

/** One configuration and what it costs. */
export interface PricedConfig {
  /** What an owner reads, e.g. `2 x ml.c5.2xlarge`, `gp3 500 GiB, 3000 IOPS, 125 MiB/s`, `stopped`. */
  readonly config: string;
  /** The same, machine-readable; later runs compare against it to detect adoption. */
  readonly spec: { readonly [key: string]: JsonValue };
  readonly components: readonly PricedComponent[];
  /** Why a price is missing (the monthly figure is then `null`). */
  readonly unknown: readonly string[];
}

/** A priced configuration as stored in evidence and printed in the JSON contract. */
export interface ConfigSummary {
  readonly [key: string]: JsonValue;
  readonly config: string;
  readonly monthlyUsd: number | null;
}

/** Monthly cost of a configuration (hourly x 730), `null` when a price is unknown. */
export function monthlyOf(p: Pick<PricedConfig, 'components' | 'unknown'>): number | null {
  if (p.unknown.length > 0) return null;
  return roundUsd(p.components.reduce((sum, c) => sum + c.usdPerHour * c.quantity, 0) * HOURS_PER_MONTH, 2);
}

/** The stored form of a priced configuration. */
export function summaryOf(p: PricedConfig): ConfigSummary {
  return { config: p.config, monthlyUsd: monthlyOf(p), ...p.spec };
}

/** A priced component from a price quote, or the reason it is unknown. */
export function componentFrom(
  lookup: PriceLookup,
  item: string,
  quantity: number,
  per: 'hour' | 'month' = 'hour',
): { readonly component: PricedComponent } | { readonly unknown: string } {
  // Nothing of it is bought: no price needed (pricedConfig leaves it out).
  if (quantity === 0) return { component: { item, quantity: 0, usdPerHour: 0, source: 'none', sourceDate: 'undated', regionBasis: 'stated' } };
  if (!lookup.found) return { unknown: lookup.reason };
  const q: PriceQuote = lookup.quote;
  return {
    component: {
      item: per === 'hour' ? item : `${item} (${q.usdPerUnit} ${q.unit}; per hour = monthly / ${HOURS_PER_MONTH})`,
      quantity,
      usdPerHour: per === 'hour' ? q.usdPerUnit : q.usdPerUnit / HOURS_PER_MONTH,
      source: q.source,
      sourceDate: q.sourceDate,
      regionBasis: q.regionBasis,
      ...(q.note ? { note: q.note } : {}),
    },
  };
}

/** Builds a {@link PricedConfig} from priced parts (quantity 0 parts are left out). */
export function pricedConfig(
  config: string,
  spec: PricedConfig['spec'],
  parts: readonly ({ readonly component: PricedComponent } | { readonly unknown: string })[],
): PricedConfig {
  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  for (const part of parts) {
    if ('unknown' in part) unknown.push(part.unknown);
    else if (part.component.quantity !== 0) components.push(part.component);
  }
  return { config, spec, components, unknown };
}

/** What the open finding recommended last time, read back from its evidence. */
export interface PreviousRecommendation {
  readonly current: ConfigSummary;
  readonly proposed: ConfigSummary;
}

/** The previous recommendation of an open finding, or `null` when there is none. */
export function previousRecommendation(memory: ResourceMemory): PreviousRecommendation | null {
  const evidence = memory.previous?.evidence;
  const current = evidence?.current;
  const proposed = evidence?.proposed;
  if (!isSummary(current) || !isSummary(proposed)) return null;
  return { current, proposed };
}

function isSummary(value: JsonValue | undefined): value is ConfigSummary {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { config?: unknown }).config === 'string';
}

/** Everything a recommendation says, before it becomes an {@link Assessment}. */
export interface RecommendationInput {
  /** One sentence: what to change and why. */
  readonly reason: string;
  readonly current: PricedConfig;
  readonly proposed: PricedConfig;
  readonly confidence: ConfidenceNotes;
  /** Kind-specific evidence: metrics, statistic, window, peaks, assumptions. */
  readonly evidence: { readonly [key: string]: JsonValue };
  /** Other options worth knowing (e.g. serverless), each priced. */
  readonly alternatives?: readonly PricedConfig[];
  readonly memory: ResourceMemory;
}

/**
 * A report-only waste assessment carrying the recommendation: savings = current -
 * proposed (the proposed components enter with negative quantities), the JSON
 * contract's `current`, `proposed` and `confidence` as top-level fields, and the
 * same in the evidence the ledger keeps (adoption is checked against it later).
 * `changed` is set when the proposal differs from the open finding's.
 */
export function recommendation(input: RecommendationInput): Extract<Assessment, { waste: true }> {
  const current = summaryOf(input.current);
  const proposed = summaryOf(input.proposed);
  const savings = savingsFrom(
    [...input.current.components, ...input.proposed.components.map((c) => ({ ...c, quantity: -c.quantity }))],
    [...input.current.unknown, ...input.proposed.unknown],
  );
  const previous = previousRecommendation(input.memory);
  const alternatives = (input.alternatives ?? []).map(summaryOf);
  return {
    waste: true,
    act: false,
    reason: input.reason,
    savings,
    evidence: {
      currentConfig: current.config,
      currentMonthlyUsd: current.monthlyUsd,
      proposedConfig: proposed.config,
      proposedMonthlyUsd: proposed.monthlyUsd,
      confidence: input.confidence.level,
      ...input.evidence,
      confidenceReasons: [...input.confidence.reasons],
      ...(alternatives.length > 0 ? { alternatives } : {}),
      current,
      proposed,
    },
    fields: { current, proposed, confidence: input.confidence.level },
    changed: previous !== null && previous.proposed.config !== proposed.config,
  };
}

/**
 * Whether the resource now costs no more than what was proposed: the owner applied
 * the recommendation or something cheaper. `null` when either price is unknown.
 */
export function noDearerThanProposed(currentMonthlyUsd: number | null, previous: PreviousRecommendation): boolean | null {
  if (currentMonthlyUsd === null || previous.proposed.monthlyUsd === null) return null;
  return currentMonthlyUsd <= previous.proposed.monthlyUsd + 0.005;
}

/** Assessment closing an open recommendation as adopted. */
export function adopted(reason: string): Extract<Assessment, { waste: false }> {
  return { waste: false, closeAs: 'adopted', reason };
}

/** Assessment for a resource the rule cannot decide on this run. */
export function inconclusive(reason: string): Extract<Assessment, { waste: false }> {
  return { waste: false, inconclusive: true, reason };
}

/**
 * A recommendation whose known saving is under `minMonthlySavingsUsd` becomes a
 * plain "not worth it" verdict; anything else is returned as is.
 *
 * @example
 * worthRecommending(gp2RootVolume, 1) // => { waste: false, reason: '... saves $0.04/month, under the $1.00 minimum' }
 */
export function worthRecommending(assessment: Assessment, minMonthlySavingsUsd: number): Assessment {
  if (!assessment.waste || assessment.savings.monthlyUsd === null || assessment.savings.monthlyUsd >= minMonthlySavingsUsd) return assessment;
  return {
    waste: false,
    reason: `${assessment.reason}; saves ${formatUsdPerMonth(assessment.savings.monthlyUsd)}, under the ${formatUsd(minMonthlySavingsUsd)} minimum (minMonthlySavingsUsd)`,
  };
}
