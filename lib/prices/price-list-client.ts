/**
 * The AWS Price List Query API (`pricing:GetProducts`) as the live path uses it:
 * TERM_MATCH filters, `FormatVersion: 'aws_v1'`, paging with `NextToken` and
 * `MaxResults` (100, the API's maximum), every call counted.
 *
 * The API has endpoints in us-east-1 (default), eu-central-1 and ap-south-1 only;
 * it prices every region (the `regionCode` filter), whatever endpoint answers.
 */
import { GetProductsCommand, PricingClient, type PricingClientConfig } from '@aws-sdk/client-pricing';

/** One TERM_MATCH filter: an attribute (or `productFamily`) equal to a value. */
export interface PriceListFilter {
  readonly field: string;
  readonly value: string;
}

/** One page of `GetProducts`. */
export interface PriceListPage {
  /** Product documents, each a JSON string. */
  readonly priceList: readonly string[];
  readonly nextToken?: string;
  readonly formatVersion?: string;
}

/** What the live path needs of the Price List Query API (a fake in unit tests). */
export interface PriceListApi {
  getProducts(input: { serviceCode: string; filters: readonly PriceListFilter[]; maxResults: number; nextToken?: string }): Promise<PriceListPage>;
}

/** The endpoint region of the Price List Query API. @default 'us-east-1' */
export const DEFAULT_PRICING_ENDPOINT_REGION = 'us-east-1';

/**
 * A {@link PriceListApi} over an SDK `PricingClient`.
 *
 * @example
 * ```ts
 * const api = priceListApiFromSdk(clients.get(PricingClient, config.pricing.endpointRegion));
 * ```
 */
export function priceListApiFromSdk(client: Pick<PricingClient, 'send'>): PriceListApi {
  return {
    async getProducts({ serviceCode, filters, maxResults, nextToken }) {
      const out = await client.send(
        new GetProductsCommand({
          ServiceCode: serviceCode,
          Filters: filters.map((f) => ({ Type: 'TERM_MATCH', Field: f.field, Value: f.value })),
          FormatVersion: 'aws_v1',
          MaxResults: maxResults,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      return {
        priceList: documentsOf(out.PriceList),
        ...(out.NextToken ? { nextToken: out.NextToken } : {}),
        ...(out.FormatVersion ? { formatVersion: out.FormatVersion } : {}),
      };
    },
  };
}

/** The SDK types `PriceList` loosely (strings, or lazy JSON strings): plain strings. */
function documentsOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry: unknown) => (typeof entry === 'string' ? entry : entry instanceof String ? entry.toString() : JSON.stringify(entry)));
}

/**
 * An SDK client for the Price List Query API in `endpointRegion`, adaptive retry.
 * (Sweeps get theirs from `AwsClients`; this is for scripts and tests.)
 */
export function createPricingClient(options: { endpointRegion?: string; maxAttempts?: number } & Partial<PricingClientConfig> = {}): PricingClient {
  const { endpointRegion, maxAttempts, ...rest } = options;
  return new PricingClient({ region: endpointRegion ?? DEFAULT_PRICING_ENDPOINT_REGION, maxAttempts: maxAttempts ?? 6, retryMode: 'adaptive', ...rest });
}

/** Every document of a query, with the number of calls it took. */
export interface AllProducts {
  readonly documents: readonly string[];
  readonly calls: number;
}

/**
 * Pages through one query. A failure of any page rejects the whole query (a
 * partial answer would read as "no price" for what was on the missing pages).
 *
 * @param maxPages stop (and reject) after this many pages, a guard against a
 *   filter that matches far more than intended. @default 50
 */
export async function getAllProducts(
  api: PriceListApi,
  serviceCode: string,
  filters: readonly PriceListFilter[],
  options: { maxResults?: number; maxPages?: number; onCall?: () => void } = {},
): Promise<AllProducts> {
  const maxResults = options.maxResults ?? 100;
  const maxPages = options.maxPages ?? 50;
  const documents: string[] = [];
  let nextToken: string | undefined;
  let calls = 0;
  do {
    if (calls >= maxPages) throw new Error(`${serviceCode} query ${describeFilters(filters)} has more than ${maxPages} pages`);
    calls++;
    options.onCall?.();
    const page = await api.getProducts({ serviceCode, filters, maxResults, ...(nextToken ? { nextToken } : {}) });
    documents.push(...page.priceList);
    nextToken = page.nextToken;
  } while (nextToken);
  return { documents, calls };
}

/** `field=value, ...` for logs and reasons. */
export function describeFilters(filters: readonly PriceListFilter[]): string {
  return filters.map((f) => `${f.field}=${f.value}`).join(', ');
}
