/**
 * The idle-endpoint rule. Pure: facts in, verdict out; no AWS calls.
 *
 * An InService real-time endpoint is idle when, over the lookback window, the
 * `Invocations` of all its production variants add up to at most `maxInvocations`,
 * and it has existed unmodified for the whole window. Serverless variants cost
 * nothing while idle and are never waste.
 */
import { hoursBetween } from '../../core/clock.js';
import { savingsFrom, type PricedComponent } from '../../core/finding.js';
import type { Assessment, Candidate } from '../../core/sweep.js';
import type { PriceBookPort, PriceKey } from '../../core/price-port.js';
import { priceKeys } from '../../prices/price-key.js';
import type { IdleEndpointsConfig } from './config.js';

/** One production variant as deployed. */
export interface EndpointVariant {
  readonly variantName: string;
  /** `null` for serverless variants. */
  readonly instanceType: string | null;
  readonly instanceCount: number;
  readonly serverless: boolean;
}

/** What the rule knows about one endpoint. */
export interface EndpointFacts {
  readonly endpointName: string;
  readonly endpointConfigName: string;
  readonly status: string;
  readonly creationTime: string;
  readonly lastModifiedTime: string;
  readonly variants: readonly EndpointVariant[];
  /** Invocations per variant over the window (absent or 0: no datapoints). */
  readonly invocationsByVariant: Readonly<Record<string, number>>;
}

/**
 * The cheap pre-filter, from `ListEndpoints` alone: InService and unchanged for the
 * whole window. Only these get metrics and, if quiet, a describe.
 */
export function isOldEnough(creationTime: Date, lastModifiedTime: Date, now: Date, lookbackDays: number): boolean {
  const since = lastModifiedTime.getTime() > creationTime.getTime() ? lastModifiedTime : creationTime;
  return hoursBetween(since, now) >= lookbackDays * 24;
}

/** Total invocations across every variant. */
export function totalInvocations(facts: Pick<EndpointFacts, 'invocationsByVariant'>): number {
  return Object.values(facts.invocationsByVariant).reduce((sum, n) => sum + n, 0);
}

/** Variants billed while idle: instance-backed ones (serverless variants cost nothing idle). */
function billedVariants(facts: Pick<EndpointFacts, 'variants'>): EndpointVariant[] {
  return facts.variants.filter((v) => !v.serverless && v.instanceType !== null);
}

/**
 * The prices {@link assessIdleEndpoint} looks up: SageMaker hosting of each billed
 * variant's instance type in the endpoint's region; none for an endpoint with more
 * traffic than `maxInvocations` (it is never priced).
 *
 * @example
 * idleEndpointPriceKeys(candidate, config) // [{ service: 'sagemaker', region: 'ap-northeast-1', component: 'hosting', item: 'ml.g4dn.xlarge' }]
 */
export function idleEndpointPriceKeys(candidate: Candidate<EndpointFacts>, config: Pick<IdleEndpointsConfig, 'maxInvocations'>): PriceKey[] {
  if (totalInvocations(candidate.facts) > config.maxInvocations) return [];
  return billedVariants(candidate.facts).map((v) => priceKeys.sageMakerHosting(candidate.ref.region, v.instanceType!));
}

/**
 * Decides whether one endpoint is idle and what stopping it saves.
 *
 * @example
 * assessIdleEndpoint(candidate, { lookbackDays: 7, maxInvocations: 0, ... }, now, defaultPriceBook)
 * // => { waste: true, reason: 'no invocations in the last 7 days (1 variant)', savings: { monthlyUsd: 537.57, ... } }
 */
export function assessIdleEndpoint(
  candidate: Candidate<EndpointFacts>,
  config: Pick<IdleEndpointsConfig, 'lookbackDays' | 'maxInvocations'>,
  now: Date,
  prices: PriceBookPort,
): Assessment {
  const { facts } = candidate;
  if (facts.status !== 'InService') return { waste: false, reason: `endpoint is ${facts.status}, not InService` };
  const billed = billedVariants(facts);
  if (billed.length === 0) return { waste: false, reason: 'serverless variants only: no cost while idle' };
  if (!isOldEnough(new Date(facts.creationTime), new Date(facts.lastModifiedTime), now, config.lookbackDays)) {
    return { waste: false, reason: `created or modified within the last ${config.lookbackDays} days` };
  }
  const total = totalInvocations(facts);
  if (total > config.maxInvocations) {
    return { waste: false, reason: `${total} invocations in the last ${config.lookbackDays} days` };
  }

  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  for (const variant of billed) {
    const lookup = prices.sageMakerHosting(candidate.ref.region, variant.instanceType!);
    if (!lookup.found) {
      unknown.push(lookup.reason);
      continue;
    }
    const q = lookup.quote;
    components.push({
      item: `${variant.instanceType} (variant ${variant.variantName})`,
      quantity: variant.instanceCount,
      usdPerHour: q.usdPerUnit,
      source: q.source,
      sourceDate: q.sourceDate,
      regionBasis: q.regionBasis,
      ...(q.note ? { note: q.note } : {}),
    });
  }
  const variantsText = `${facts.variants.length} variant${facts.variants.length === 1 ? '' : 's'}`;
  const reason =
    total === 0
      ? `no invocations in the last ${config.lookbackDays} days (${variantsText})`
      : `${total} invocations in the last ${config.lookbackDays} days, at most ${config.maxInvocations} allowed (${variantsText})`;
  return {
    waste: true,
    reason,
    evidence: {
      metric: 'AWS/SageMaker Invocations (Sum), dimensions EndpointName + VariantName',
      lookbackDays: config.lookbackDays,
      windowStart: new Date(now.getTime() - config.lookbackDays * 86_400_000).toISOString(),
      windowEnd: now.toISOString(),
      invocations: total,
      maxInvocations: config.maxInvocations,
      invocationsByVariant: { ...facts.invocationsByVariant },
      endpointConfigName: facts.endpointConfigName,
      lastModifiedTime: facts.lastModifiedTime,
      instances: billed.map((v) => `${v.instanceCount} x ${v.instanceType} (${v.variantName})`),
    },
    savings: savingsFrom(components, unknown),
  };
}
