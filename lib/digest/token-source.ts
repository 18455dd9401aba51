/**
 * The AWS reads of the digest's token showback, per region: one `ListMetrics` (paged) for
 * the ids with token metrics, batched `GetMetricData` (daily sums of `InputTokenCount`,
 * `OutputTokenCount` and `Invocations` over this week and the last), one
 * `ListInferenceProfiles` and one `ListTagsForResource` per application profile with
 * usage; then the prices of the models behind them (live from the AWS Price List when
 * `pricing.live`, without the ledger's cache: the digest only reads the ledger; else the
 * bundled table). A region that fails is reported in the section, never the digest lost.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { PricingClient } from '@aws-sdk/client-pricing';
import { bedrockTags, listApplicationProfiles, listTokenModelIds, readTokenSeries, sumBetween, type ApplicationProfile } from '../aws/bedrock-tokens.js';
import { resolveUsageSource } from '../aws/token-usage.js';
import { errorMessage } from '../core/errors.js';
import type { Tags } from '../core/finding.js';
import { isoWeekOf, isoWeekRange } from '../core/iso-week.js';
import type { PriceBookPort } from '../core/price-port.js';
import type { ClientFactory } from '../core/sweep.js';
import { bedrockTokenPriceKeys } from '../prices/bedrock-price-keys.js';
import { resolveLivePrices } from '../prices/live-price-resolver.js';
import { defaultPriceBook } from '../prices/price-book.js';
import { distinctKeys } from '../prices/price-key.js';
import { priceListApiFromSdk } from '../prices/price-list-client.js';
import type { PricingConfig } from '../prices/pricing-config.js';
import { tokenShowback, type RegionTokenUsage, type TokenShowback, type TokenSums } from './token-showback.js';

/** What {@link readTokenShowback} needs. */
export interface TokenShowbackSource {
  readonly clients: ClientFactory;
  readonly regions: readonly string[];
  readonly week: string;
  /** End of the figures (the week's end, or now while it runs). */
  readonly asOf: Date;
  readonly teamTagKey: string;
  readonly pricing: PricingConfig;
  /** The week's AI spend, when known. @default - unknown */
  readonly aiSpendUsd?: number | null;
}

const DAY_SECONDS = 86_400;

/**
 * Reads every region and computes the section.
 *
 * @example
 * const tokens = await readTokenShowback({ clients, regions: ['us-east-1'], week: '2026-W47', asOf, teamTagKey: 'team', pricing: config.pricing });
 */
export async function readTokenShowback(source: TokenShowbackSource): Promise<TokenShowback> {
  const usage: RegionTokenUsage[] = [];
  const unavailable: { region: string; reason: string }[] = [];
  for (const region of source.regions) {
    try {
      const read = await readRegion(source, region);
      if (read) usage.push(read);
    } catch (error) {
      unavailable.push({ region, reason: errorMessage(error) });
    }
  }
  return tokenShowback(usage, { teamTagKey: source.teamTagKey, aiSpendUsd: source.aiSpendUsd ?? null, unavailable });
}

async function readRegion(source: TokenShowbackSource, region: string): Promise<RegionTokenUsage | undefined> {
  const cloudwatch = source.clients.get(CloudWatchClient, region);
  const ids = await listTokenModelIds(cloudwatch);
  if (ids.length === 0) return undefined;
  const week = isoWeekRange(source.week);
  const previous = isoWeekRange(isoWeekOf(new Date(week.start.getTime() - 1)));
  const end = new Date(Math.min(source.asOf.getTime(), week.end.getTime()));
  const series = await readTokenSeries(cloudwatch, ids, ['InputTokenCount', 'OutputTokenCount', 'Invocations'], {
    start: previous.start,
    end,
    periodSeconds: DAY_SECONDS,
  });
  const sums = (from: Date, to: Date) =>
    new Map(
      [...series].map(([id, s]): [string, TokenSums] => [
        id,
        {
          inputTokens: sumBetween(s.InputTokenCount, from, to),
          outputTokens: sumBetween(s.OutputTokenCount, from, to),
          invocations: sumBetween(s.Invocations, from, to),
        },
      ]),
    );

  const bedrock = source.clients.get(BedrockClient, region);
  const profiles = new Map<string, ApplicationProfile>();
  for (const p of await listApplicationProfiles(bedrock)) {
    profiles.set(p.id, p);
    profiles.set(p.arn, p);
  }
  const tags = new Map<string, Tags>();
  for (const id of ids) {
    const profile = profiles.get(id) ?? profiles.get(id.split('/').pop() ?? id);
    if (profile && !tags.has(profile.id)) tags.set(profile.id, await bedrockTags(bedrock, profile.arn));
  }
  const sources = ids.map((id) => resolveUsageSource(id, profiles, (p) => tags.get(p.id) ?? {}));
  const keys = distinctKeys(sources.flatMap((s) => (s.pricedModelId ? bedrockTokenPriceKeys(region, s.pricedModelId) : [])));
  return {
    region,
    sources,
    thisWeek: sums(week.start, end),
    previousWeek: sums(previous.start, previous.end),
    prices: await pricesFor(source, keys),
  };
}

/** Live prices for `keys` (no cache: the digest writes nothing), else the bundled book. */
async function pricesFor(source: TokenShowbackSource, keys: ReturnType<typeof distinctKeys>): Promise<PriceBookPort> {
  if (!source.pricing.live || keys.length === 0) return defaultPriceBook;
  const api = priceListApiFromSdk(source.clients.get(PricingClient, source.pricing.endpointRegion));
  const resolution = await resolveLivePrices(keys, { api, now: source.asOf });
  return defaultPriceBook.withLivePrices(resolution.live);
}
