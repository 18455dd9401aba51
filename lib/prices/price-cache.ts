/**
 * The cache of live answers, one entry per price key: the quote (with its
 * publication date) or the API's "no price" answer, when it was fetched and
 * until when it is fresh (TTL, default 7 days). A daily sweep makes zero pricing
 * calls while its entries are fresh; an entry past its TTL still serves when the
 * API fails (`stale-cache`).
 */
import type { LiveQuote } from './live-quote.js';
import { type PriceKey, priceKeyId } from './price-key.js';

/** The API's answer for one key. */
export type CachedAnswer = { readonly found: true; readonly quote: LiveQuote } | { readonly found: false; readonly reason: string };

/** One cache entry. */
export interface CachedPrice {
  readonly key: PriceKey;
  readonly answer: CachedAnswer;
  /** ISO-8601, when the API gave the answer. */
  readonly fetchedAt: string;
  /** ISO-8601, after which the entry is stale (still used when the API fails). */
  readonly expiresAt: string;
}

/** Where live answers are kept between runs. Failures reject; the resolver goes on without the cache. */
export interface PriceCache {
  /** The entries held for `keys`, by {@link priceKeyId}, fresh or stale. */
  get(keys: readonly PriceKey[]): Promise<Map<string, CachedPrice>>;
  /** Stores (replaces) entries. */
  put(entries: readonly CachedPrice[]): Promise<void>;
}

/** Default freshness of a cached answer. */
export const DEFAULT_CACHE_TTL_DAYS = 7;

/** `true` when `entry` is fresh at `now`. */
export function isFresh(entry: CachedPrice, now: Date): boolean {
  return Date.parse(entry.expiresAt) > now.getTime();
}

/**
 * An in-memory {@link PriceCache} (tests, the CLI, one Lambda container).
 *
 * @example
 * ```ts
 * const cache = new MemoryPriceCache();
 * await resolveLivePrices(keys, { api, cache, now }); // calls the API
 * await resolveLivePrices(keys, { api, cache, now }); // zero calls
 * ```
 */
export class MemoryPriceCache implements PriceCache {
  readonly #entries = new Map<string, CachedPrice>();

  get(keys: readonly PriceKey[]): Promise<Map<string, CachedPrice>> {
    const out = new Map<string, CachedPrice>();
    for (const key of keys) {
      const entry = this.#entries.get(priceKeyId(key));
      if (entry) out.set(priceKeyId(key), entry);
    }
    return Promise.resolve(out);
  }

  put(entries: readonly CachedPrice[]): Promise<void> {
    for (const entry of entries) this.#entries.set(priceKeyId(entry.key), entry);
    return Promise.resolve();
  }

  /** Every entry, for tests. */
  entries(): readonly CachedPrice[] {
    return [...this.#entries.values()];
  }
}
