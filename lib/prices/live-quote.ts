/**
 * Live prices: one typed quote per price key, read from an AWS Price List
 * document, and the outcome of resolving a key (live, cached, or why not).
 */
import type { PriceKey } from './price-key.js';
import { priceKeyId } from './price-key.js';
import type { PriceQuote } from './price-types.js';

/** Source name every live quote carries. */
export const PRICE_LIST_SOURCE = 'AWS Price List API';

/** One on-demand price from an AWS Price List product document. */
export interface LiveQuote extends PriceKey {
  /** USD per `unit`, as `pricePerUnit.USD` gives it (or derived, see `note`). */
  readonly usdPerUnit: number;
  /** The unit in the price book's words, e.g. `'USD per hour'`, `'USD per GB-month'`. */
  readonly unit: string;
  /** The unit as the Price List gives it, e.g. `'Hrs'`, `'GB-Mo'`. */
  readonly apiUnit: string;
  /** The price dimension's description, e.g. `'$0.17 per On Demand Linux c5.xlarge Instance Hour'`. */
  readonly description: string;
  /** The OnDemand term's `effectiveDate` (ISO-8601). */
  readonly effectiveDate: string;
  /** The document's `publicationDate` (ISO-8601). */
  readonly publicationDate: string;
  readonly serviceCode: string;
  readonly sku: string;
  readonly rateCode: string;
  /** The product's `usagetype`, e.g. `'APN1-Host:ml.g4dn.xlarge'`. */
  readonly usageType?: string;
  readonly source: typeof PRICE_LIST_SOURCE;
  /** Caveat, e.g. `derived: ...` for a value computed from the API's. */
  readonly note?: string;
}

/**
 * What resolving one key gave:
 * - `live`: the API answered in this run; `cached`: a fresh cache entry;
 * - `stale-cache`: the API failed and a cache entry past its TTL was used (`reason` says why);
 * - `absent`: the API answered but lists no price for the key (or an ambiguous one);
 * - `failed`: the API failed and nothing was cached;
 * - `disabled`: live pricing is off.
 * The price book falls back to its bundled table for every outcome without a quote.
 */
export type LivePriceOutcome =
  | { readonly kind: 'live' | 'cached'; readonly quote: LiveQuote; readonly fetchedAt: string }
  | { readonly kind: 'stale-cache'; readonly quote: LiveQuote; readonly fetchedAt: string; readonly reason: string }
  | { readonly kind: 'absent' | 'failed' | 'disabled'; readonly reason: string };

/** Live outcomes by key, as the price book consults them. */
export interface LivePrices {
  /** The outcome for `key`, or `undefined` when the key was not resolved. */
  outcome(key: PriceKey): LivePriceOutcome | undefined;
}

/** A {@link LivePrices} over a map of outcomes keyed by {@link priceKeyId}. */
export function livePricesFrom(outcomes: ReadonlyMap<string, LivePriceOutcome>): LivePrices {
  return { outcome: (key) => outcomes.get(priceKeyId(key)) };
}

/** The book's item text for a live quote (serverless reads like the bundled one). */
function quoteItem(quote: LiveQuote): string {
  return quote.service === 'sagemaker' && quote.component === 'serverless' ? `serverless inference ${quote.item} MB` : quote.item;
}

/**
 * The price book's quote for a live outcome that has a quote: source names the API,
 * the service code and SKU; `sourceDate` is the publication date; the region is
 * the one the API states (never another's).
 */
export function priceQuoteFromLive(outcome: Extract<LivePriceOutcome, { quote: LiveQuote }>): PriceQuote {
  const q = outcome.quote;
  const notes: string[] = [];
  if (q.note) notes.push(q.note);
  notes.push(`Effective ${q.effectiveDate.slice(0, 10)}.`);
  if (outcome.kind === 'cached') notes.push(`Cached from the API at ${outcome.fetchedAt}.`);
  if (outcome.kind === 'stale-cache') notes.push(`Cached at ${outcome.fetchedAt}, past its TTL: ${outcome.reason}.`);
  return {
    usdPerUnit: q.usdPerUnit,
    unit: q.unit,
    region: q.region,
    item: quoteItem(q),
    source: `${PRICE_LIST_SOURCE} (${q.serviceCode}, SKU ${q.sku}, rate code ${q.rateCode})`,
    sourceDate: q.publicationDate,
    regionBasis: 'stated',
    note: notes.join(' '),
    origin: outcome.kind === 'live' ? 'price-list-api' : 'price-list-cache',
  };
}
