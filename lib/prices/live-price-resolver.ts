/**
 * Resolves the price keys a run needs from the AWS Price List API, in few calls,
 * through a cache. Never fails for a price: every key ends with an outcome, and
 * a key without a live quote says why (the price book then falls back to its
 * bundled table, then to unknown).
 *
 * Order per key: fresh cache entry > API answer in this run > (API failed) stale
 * cache entry > failed. The API's "no such product" is an answer too (`absent`),
 * cached like a price. A quote always states the key's own region: the queries
 * filter on `regionCode`, and an answer for another region matches no key.
 */
import type { LoggerLike } from '../core/sweep.js';
import { silentLogger } from '../core/sweep.js';
import { type LivePriceOutcome, type LivePrices, type LiveQuote, livePricesFrom } from './live-quote.js';
import { type CachedPrice, DEFAULT_CACHE_TTL_DAYS, isFresh, type PriceCache } from './price-cache.js';
import { distinctKeys, type PriceKey, priceKeyId } from './price-key.js';
import { describeFilters, getAllProducts, type PriceListApi } from './price-list-client.js';
import { parsePriceListDocument } from './price-list-document.js';
import { matchProduct } from './price-list-match.js';
import { planPriceQueries, type PriceQuery } from './price-query-plan.js';

/** How to resolve. */
export interface ResolveLivePricesOptions {
  /** The Price List Query API (see `priceListApiFromSdk`). */
  readonly api: PriceListApi;
  /** @default - no cache: every run asks the API */
  readonly cache?: PriceCache;
  readonly now: Date;
  /** Days a cached answer stays fresh. @default 7 */
  readonly ttlDays?: number;
  /** `false`: no API call and no cache read; every key `disabled` (bundled tables only). @default true */
  readonly live?: boolean;
  /** @default - silent */
  readonly logger?: LoggerLike;
  /** Overrides of `ESTIMATED_COMPONENT_PAGES`. */
  readonly estimatedPages?: Readonly<Record<string, number>>;
  /** Page size. @default 100 (the API's maximum) */
  readonly maxResults?: number;
}

/** A query as run, for logs and benchmarks. */
export interface QueryReport {
  readonly serviceCode: string;
  readonly filters: string;
  readonly strategy: PriceQuery['strategy'];
  readonly why: string;
  readonly keys: number;
  readonly calls: number;
  readonly documents: number;
  /** Set when the query failed. */
  readonly error?: string;
}

/** What {@link resolveLivePrices} found. */
export interface LivePriceResolution {
  /** For `PriceBook.withLivePrices`. */
  readonly live: LivePrices;
  /** Outcome per key, by `priceKeyId`. */
  readonly outcomes: ReadonlyMap<string, LivePriceOutcome>;
  /** `GetProducts` calls made (pages included). */
  readonly calls: number;
  /** Keys answered by a fresh cache entry. */
  readonly cacheHits: number;
  readonly queries: readonly QueryReport[];
  /** Documents skipped (malformed, tiered, another product), with the reason. */
  readonly skipped: readonly { readonly sku?: string; readonly reason: string }[];
}

function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | null | undefined;
  const status = e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}${status}`;
}

function describeKey(key: PriceKey): string {
  return `${key.service} ${key.component} ${key.item} in ${key.region}`;
}

/** Runs one query; fills `answers` (per key id) with quotes found, returns the report. */
async function runQuery(
  query: PriceQuery,
  options: ResolveLivePricesOptions,
  answers: Map<string, LiveQuote[]>,
  skipped: { sku?: string; reason: string }[],
): Promise<QueryReport> {
  const wanted = new Set(query.keys.map(priceKeyId));
  const base = { serviceCode: query.serviceCode, filters: describeFilters(query.filters), strategy: query.strategy, why: query.why, keys: query.keys.length };
  let calls = 0;
  try {
    const { documents } = await getAllProducts(options.api, query.serviceCode, query.filters, {
      ...(options.maxResults ? { maxResults: options.maxResults } : {}),
      onCall: () => calls++,
    });
    for (const raw of documents) {
      const parsed = parsePriceListDocument(raw);
      if (!parsed.ok) {
        skipped.push({ ...(parsed.sku ? { sku: parsed.sku } : {}), reason: parsed.reason });
        (options.logger ?? silentLogger).warn('skipped a malformed Price List document', { sku: parsed.sku, reason: parsed.reason });
        continue;
      }
      const match = matchProduct(parsed.product);
      if (!match.ok) {
        skipped.push({ sku: parsed.product.sku, reason: match.reason });
        continue;
      }
      for (const quote of match.quotes) {
        const id = priceKeyId(quote);
        if (wanted.has(id)) answers.set(id, [...(answers.get(id) ?? []), quote]);
      }
    }
    return { ...base, calls, documents: documents.length };
  } catch (error) {
    return { ...base, calls, documents: 0, error: errorText(error) };
  }
}

/** The answer for a key from the quotes its query found: one price, none, or ambiguous. */
function answerFor(key: PriceKey, quotes: readonly LiveQuote[] | undefined): CachedPrice['answer'] {
  const prices = [...new Set((quotes ?? []).map((q) => q.usdPerUnit))];
  if (quotes && prices.length === 1) return { found: true, quote: quotes[0]! };
  if (prices.length > 1) {
    return {
      found: false,
      reason: `the Price List API lists ${prices.length} different prices for ${describeKey(key)} (${prices.join(', ')} USD; SKUs ${quotes!.map((q) => q.sku).join(', ')}): ambiguous, not used`,
    };
  }
  return { found: false, reason: `the Price List API lists no on-demand ${describeKey(key)}` };
}

/**
 * Resolves `keys` (duplicates and `undefined` ignored).
 *
 * @example
 * ```ts
 * const keys = [priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')];
 * const resolution = await resolveLivePrices(keys, { api, cache, now: new Date() });
 * const book = defaultPriceBook.withLivePrices(resolution.live);
 * resolution.calls; // 1 on a cold cache, 0 while the entry is fresh
 * ```
 */
export async function resolveLivePrices(keys: Iterable<PriceKey | undefined>, options: ResolveLivePricesOptions): Promise<LivePriceResolution> {
  const logger = options.logger ?? silentLogger;
  const wanted = distinctKeys(keys);
  const outcomes = new Map<string, LivePriceOutcome>();
  if (options.live === false) {
    for (const key of wanted) outcomes.set(priceKeyId(key), { kind: 'disabled', reason: 'live pricing is off (pricing.live: false)' });
    return { live: livePricesFrom(outcomes), outcomes, calls: 0, cacheHits: 0, queries: [], skipped: [] };
  }

  let cached = new Map<string, CachedPrice>();
  if (options.cache && wanted.length > 0) {
    try {
      cached = await options.cache.get(wanted);
    } catch (error) {
      logger.warn('price cache read failed; asking the Price List API', { error: errorText(error) });
    }
  }
  let cacheHits = 0;
  const toFetch: PriceKey[] = [];
  for (const key of wanted) {
    const entry = cached.get(priceKeyId(key));
    if (entry && isFresh(entry, options.now)) {
      cacheHits++;
      outcomes.set(
        priceKeyId(key),
        entry.answer.found
          ? { kind: 'cached', quote: entry.answer.quote, fetchedAt: entry.fetchedAt }
          : { kind: 'absent', reason: `${entry.answer.reason} (cached answer of ${entry.fetchedAt})` },
      );
    } else {
      toFetch.push(key);
    }
  }

  const plan = planPriceQueries(toFetch, options.estimatedPages ? { estimatedPages: options.estimatedPages } : {});
  for (const { key, reason } of plan.unplanned) outcomes.set(priceKeyId(key), { kind: 'absent', reason });
  const answers = new Map<string, LiveQuote[]>();
  const skipped: { sku?: string; reason: string }[] = [];
  const reports: QueryReport[] = [];
  const fetchedAt = options.now.toISOString();
  const expiresAt = new Date(options.now.getTime() + (options.ttlDays ?? DEFAULT_CACHE_TTL_DAYS) * 86_400_000).toISOString();
  const toCache: CachedPrice[] = [];
  for (const query of plan.queries) {
    const report = await runQuery(query, options, answers, skipped);
    reports.push(report);
    for (const key of query.keys) {
      const id = priceKeyId(key);
      if (report.error) {
        const stale = cached.get(id);
        const reason = `Price List API unavailable (${report.error})`;
        outcomes.set(
          id,
          stale?.answer.found ? { kind: 'stale-cache', quote: stale.answer.quote, fetchedAt: stale.fetchedAt, reason } : { kind: 'failed', reason },
        );
        continue;
      }
      const answer = answerFor(key, answers.get(id));
      toCache.push({ key, answer, fetchedAt, expiresAt });
      outcomes.set(id, answer.found ? { kind: 'live', quote: answer.quote, fetchedAt } : { kind: 'absent', reason: answer.reason });
    }
    if (report.error) logger.warn('Price List API query failed; using the cache, then the bundled tables', { ...report });
  }
  if (options.cache && toCache.length > 0) {
    try {
      await options.cache.put(toCache);
    } catch (error) {
      logger.warn('price cache write failed; the next run asks the API again', { error: errorText(error) });
    }
  }
  const calls = reports.reduce((sum, r) => sum + r.calls, 0);
  logger.info('live prices resolved', { keys: wanted.length, cacheHits, calls, queries: reports.length, skipped: skipped.length });
  return { live: livePricesFrom(outcomes), outcomes, calls, cacheHits, queries: reports, skipped };
}
