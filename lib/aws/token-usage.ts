/**
 * Pure: what a `ModelId` of `AWS/Bedrock` metrics is (an application inference profile, or
 * a model invoked directly), which model's price its tokens are billed at, and what a
 * number of tokens cost. Token showback and the token-spend sweep share it.
 *
 * Which price applies:
 * - a model invoked directly: its own id (a cross-Region profile id such as
 *   `us.anthropic…` is its own id, priced by its own row);
 * - an application profile copied from a foundation model: that model's id;
 * - an application profile copied from a system-defined cross-Region profile (its models
 *   are one ARN per destination Region): that system profile's id, as AWS names them
 *   (`us.`, `eu.`, `apac.`, `us-gov.` + the model id, from the Regions of its models),
 *   priced by its own row; across geographies, unknown.
 * A price the book lacks leaves the dollars `null` (tokens still count), never another
 * model's price.
 */
import { roundUsd, type Tags } from '../core/finding.js';
import type { PriceBookPort, PriceQuote } from '../core/price-port.js';
import type { ApplicationProfile } from './bedrock-tokens.js';

/** One `ModelId` of the metrics, resolved. */
export interface UsageSource {
  /** The `ModelId` dimension's value. */
  readonly usageId: string;
  /** The application inference profile it is, if it is one. */
  readonly profile: ApplicationProfile | null;
  /** The model id whose price applies; `null` when it cannot be told (see `unpricedWhy`). */
  readonly pricedModelId: string | null;
  readonly unpricedWhy?: string;
  /** The profile's tags (`{}` for a model invoked directly: a foundation model has none). */
  readonly tags: Tags;
}

const GEOS: readonly (readonly [prefix: string, geo: string])[] = [
  ['us-gov-', 'us-gov'],
  ['us-', 'us'],
  ['eu-', 'eu'],
  ['ap-', 'apac'],
];

/** `{ region, modelId }` of a foundation-model ARN, or `undefined`. */
function foundationModel(arn: string): { region: string; modelId: string } | undefined {
  const match = /^arn:aws[a-z-]*:bedrock:([0-9a-z-]+)::foundation-model\/(.+)$/.exec(arn);
  return match ? { region: match[1]!, modelId: match[2]! } : undefined;
}

/**
 * The model id whose price an application profile's tokens bill at, or why it cannot be told.
 *
 * @example
 * profileModel({ modelArns: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0'], ... })
 * // => { modelId: 'amazon.nova-micro-v1:0' }
 */
export function profileModel(profile: ApplicationProfile): { modelId: string } | { why: string } {
  const models = profile.modelArns.map(foundationModel);
  if (models.length === 0 || models.some((m) => m === undefined)) return { why: `profile ${profile.id} lists no foundation model ARN it can be priced by` };
  const ids = [...new Set(models.map((m) => m!.modelId))];
  if (ids.length > 1) return { why: `profile ${profile.id} routes to several models (${ids.join(', ')})` };
  const regions = [...new Set(models.map((m) => m!.region))];
  if (regions.length === 1) return { modelId: ids[0]! };
  const geos = new Set(regions.map((r) => GEOS.find(([prefix]) => r.startsWith(prefix))?.[1]));
  const [geo] = geos;
  if (geos.size !== 1 || geo === undefined)
    return { why: `profile ${profile.id} routes across geographies (${regions.join(', ')}); its price is not known here` };
  return { modelId: `${geo}.${ids[0]!}` };
}

/**
 * Resolves a `ModelId` against the region's application profiles (by id and by ARN) and
 * their tags (by profile id).
 */
export function resolveUsageSource(
  usageId: string,
  profiles: ReadonlyMap<string, ApplicationProfile>,
  tagsOf: (profile: ApplicationProfile) => Tags,
): UsageSource {
  const profile = profiles.get(usageId) ?? profiles.get(usageId.split('/').pop() ?? usageId);
  if (profile) {
    const model = profileModel(profile);
    const tags = tagsOf(profile);
    return 'modelId' in model
      ? { usageId, profile, pricedModelId: model.modelId, tags }
      : { usageId, profile, pricedModelId: null, unpricedWhy: model.why, tags };
  }
  if (usageId.includes(':application-inference-profile/') || /^[a-z0-9]{12}$/.test(usageId)) {
    return {
      usageId,
      profile: null,
      pricedModelId: null,
      unpricedWhy: `application inference profile ${usageId} is not listed (deleted?); its model is unknown`,
      tags: {},
    };
  }
  const direct = foundationModel(usageId)?.modelId ?? /:inference-profile\/(.+)$/.exec(usageId)?.[1] ?? usageId;
  return { usageId, profile: null, pricedModelId: direct, tags: {} };
}

/** What some tokens of one model cost. */
export interface TokenCost {
  /** USD (unrounded); `null` when a price the tokens need is unknown. */
  readonly costUsd: number | null;
  /** The quotes used (input, output), for the figure's sources. */
  readonly quotes: readonly PriceQuote[];
  /** Why the cost is unknown, one line per missing price. */
  readonly unknown: readonly string[];
}

/**
 * `inputTokens` / 1,000 x the input price + `outputTokens` / 1,000 x the output price of
 * `modelId` in `region`. A direction with no tokens needs no price.
 *
 * @example
 * tokenCost('us-east-1', 'amazon.nova-micro-v1:0', 2_000_000, 500_000, defaultPriceBook).costUsd
 * // => 2000 x 0.000035 + 500 x 0.00014 = 0.14
 */
export function tokenCost(
  region: string,
  modelId: string | null,
  inputTokens: number,
  outputTokens: number,
  prices: PriceBookPort,
  unpricedWhy = 'its model is unknown',
): TokenCost {
  if (inputTokens === 0 && outputTokens === 0) return { costUsd: 0, quotes: [], unknown: [] };
  if (modelId === null) return { costUsd: null, quotes: [], unknown: [unpricedWhy] };
  const quotes: PriceQuote[] = [];
  const unknown: string[] = [];
  let cost = 0;
  for (const [direction, tokens] of [
    ['input', inputTokens],
    ['output', outputTokens],
  ] as const) {
    if (tokens === 0) continue;
    const lookup = prices.bedrockTokens(region, modelId, direction);
    if (lookup.found) {
      quotes.push(lookup.quote);
      cost += (tokens / 1000) * lookup.quote.usdPerUnit;
    } else unknown.push(lookup.reason);
  }
  return { costUsd: unknown.length > 0 ? null : cost, quotes, unknown };
}

/** USD per million tokens (input and output together), or `null`. */
export function usdPerMillion(costUsd: number | null, tokens: number): number | null {
  return costUsd === null || tokens === 0 ? null : roundUsd((costUsd / tokens) * 1_000_000, 4);
}

/** The sum of amounts that may be unknown: `null` when any is. */
export function sumKnown(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}
