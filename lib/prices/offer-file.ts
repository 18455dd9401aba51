/**
 * The public Price List bulk files, parsed without network access, and the
 * bundled tables rebuilt from Price List quotes (for `npm run prices:refresh`).
 *
 * - `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<ServiceCode>/current/region_index.json`:
 *   `{ publicationDate, regions: { "<region>": { regionCode, currentVersionUrl: "/offers/v1.0/aws/<ServiceCode>/<version>/<region>/index.json" } } }`
 * - each region's offer file: `{ offerCode, version, publicationDate, products: { <sku>: { sku, productFamily, attributes } },
 *   terms: { OnDemand: { <sku>: { <sku>.<offerTermCode>: { effectiveDate, priceDimensions, ... } } }, Reserved: {...} } }`
 *
 * An offer file's product and its OnDemand terms are reshaped into the
 * document `GetProducts` returns, so one parser and one matcher serve both.
 */
import type { LiveQuote } from './live-quote.js';
import { parsePriceListDocument } from './price-list-document.js';
import { matchProduct } from './price-list-match.js';
import type { EbsPriceTable, InstancePriceTable, PriceSource, ServerlessPriceTable } from './price-types.js';

/** Host of the bulk files. */
export const PRICE_LIST_HOST = 'https://pricing.us-east-1.amazonaws.com';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The URL of a service's region index. */
export function regionIndexUrl(serviceCode: string): string {
  return `${PRICE_LIST_HOST}/offers/v1.0/aws/${serviceCode}/current/region_index.json`;
}

/**
 * Each region's offer-file URL from a region index.
 * @throws Error when the index has no `regions` object
 */
export function parseRegionIndex(json: unknown): Map<string, string> {
  if (!isObject(json) || !isObject(json.regions)) throw new Error('region index has no "regions" object');
  const out = new Map<string, string>();
  for (const [code, entry] of Object.entries(json.regions)) {
    if (isObject(entry) && typeof entry.currentVersionUrl === 'string') out.set(code, `${PRICE_LIST_HOST}${entry.currentVersionUrl}`);
  }
  return out;
}

/** Quotes of an offer file, its publication date, and the products skipped with why. */
export interface OfferFileQuotes {
  readonly serviceCode: string;
  readonly publicationDate: string;
  readonly quotes: readonly LiveQuote[];
  readonly skipped: readonly { readonly sku: string; readonly reason: string }[];
}

/**
 * Every on-demand quote of a bulk offer file (the same matching as the live path).
 * @throws Error when the file lacks `products` or `publicationDate`
 */
export function quotesFromOfferFile(json: unknown): OfferFileQuotes {
  if (!isObject(json) || !isObject(json.products) || typeof json.publicationDate !== 'string') throw new Error('offer file lacks products or publicationDate');
  const serviceCode = typeof json.offerCode === 'string' ? json.offerCode : '';
  const onDemand = isObject(json.terms) && isObject(json.terms.OnDemand) ? json.terms.OnDemand : {};
  const quotes: LiveQuote[] = [];
  const skipped: { sku: string; reason: string }[] = [];
  for (const [sku, product] of Object.entries(json.products)) {
    const doc = { product, serviceCode, publicationDate: json.publicationDate, terms: { OnDemand: onDemand[sku] ?? {} } };
    const parsed = parsePriceListDocument(doc);
    const match = parsed.ok ? matchProduct(parsed.product) : { ok: false as const, reason: parsed.reason };
    if (match.ok) quotes.push(...match.quotes);
    else skipped.push({ sku, reason: match.reason });
  }
  return { serviceCode, publicationDate: json.publicationDate, quotes, skipped };
}

/** Where a set of quotes came from: the URL (or query) and its publication date. */
export interface QuoteOrigin {
  readonly serviceCode: string;
  readonly region: string;
  /** The offer-file URL, or the `GetProducts` query. */
  readonly source: string;
  readonly publicationDate: string;
}

/** The tables `prices:refresh` writes. */
export interface RefreshedTables {
  readonly sageMakerHosting: InstancePriceTable;
  readonly sageMakerTraining: InstancePriceTable;
  readonly ec2: InstancePriceTable;
  readonly ebs: EbsPriceTable;
  readonly sageMakerServerless: ServerlessPriceTable;
}

/** The source entry of a (service, region) fetch: id `aws-price-list-<service>-<region>-<date>`. */
export function sourceOf(origin: QuoteOrigin): PriceSource {
  const date = origin.publicationDate.slice(0, 10);
  return {
    id: `aws-price-list-${origin.serviceCode}-${origin.region}-${date}`,
    source: origin.source,
    sourceDate: date,
    notes: `AWS Price List ${origin.source.includes('GetProducts') ? 'Query API' : 'bulk file'}, publicationDate ${origin.publicationDate}. Rebuilt by npm run prices:refresh.`,
  };
}

/**
 * Rebuilds the tables from quotes and their origins. `instanceTypes`, when
 * given, keeps only those instance types (e.g. the types of instance-specs.json)
 * so the bundle stays small; EBS and serverless are kept whole. Duplicate keys
 * keep the first quote.
 */
export function tablesFromQuotes(
  fetched: readonly { readonly origin: QuoteOrigin; readonly quotes: readonly LiveQuote[] }[],
  options: { instanceTypes?: ReadonlySet<string> } = {},
): RefreshedTables {
  const keep = (type: string) => !options.instanceTypes || options.instanceTypes.has(type);
  const tables = {
    hosting: { sources: new Map<string, PriceSource>(), rows: new Map<string, InstancePriceTable['rows'][number]>() },
    training: { sources: new Map<string, PriceSource>(), rows: new Map<string, InstancePriceTable['rows'][number]>() },
    ec2: { sources: new Map<string, PriceSource>(), rows: new Map<string, InstancePriceTable['rows'][number]>() },
    ebs: { sources: new Map<string, PriceSource>(), rows: new Map<string, EbsPriceTable['rows'][number]>() },
    serverless: { sources: new Map<string, PriceSource>(), rows: new Map<string, ServerlessPriceTable['rows'][number]>() },
  };
  for (const { origin, quotes } of fetched) {
    const source = sourceOf(origin);
    for (const q of quotes) {
      const id = `${q.region}#${q.item}`;
      const instance = (t: (typeof tables)['hosting']) => {
        if (!keep(q.item) || t.rows.has(id)) return;
        t.sources.set(source.id, source);
        t.rows.set(id, { region: q.region, instanceType: q.item, usdPerHour: q.usdPerUnit, sourceId: source.id });
      };
      if (q.service === 'sagemaker' && q.component === 'hosting') instance(tables.hosting);
      else if (q.service === 'sagemaker' && q.component === 'training') instance(tables.training);
      else if (q.service === 'ec2') instance(tables.ec2);
      else if (q.service === 'ebs' && !tables.ebs.rows.has(id)) {
        tables.ebs.sources.set(source.id, source);
        const item = q.item === 'gp3-throughput-per-mibps' ? 'gp3-throughput-per-MiBps' : q.item;
        tables.ebs.rows.set(id, {
          region: q.region,
          item,
          unit: q.unit,
          usd: q.usdPerUnit,
          sourceId: source.id,
          feedKey: q.usageType ?? q.item,
          ...(q.note?.startsWith('derived: ') ? { derived: q.note.slice('derived: '.length) } : {}),
        });
      } else if (q.service === 'sagemaker' && q.component === 'serverless' && !tables.serverless.rows.has(id)) {
        tables.serverless.sources.set(source.id, source);
        tables.serverless.rows.set(id, { region: q.region, memorySizeMb: Number(q.item), usdPerSecond: q.usdPerUnit, sourceId: source.id });
      }
    }
  }
  const sorted = <R extends { region: string }>(rows: Map<string, R>, key: (r: R) => string | number) =>
    [...rows.values()].sort((a, b) => a.region.localeCompare(b.region) || String(key(a)).localeCompare(String(key(b)), 'en', { numeric: true }));
  const instanceTable = (t: (typeof tables)['hosting'], description: string): InstancePriceTable => ({
    description,
    currency: 'USD',
    unit: 'USD per hour',
    sources: [...t.sources.values()],
    rows: sorted(t.rows, (r) => r.instanceType),
  });
  return {
    sageMakerHosting: instanceTable(tables.hosting, 'SageMaker real-time inference (Hosting) on-demand, USD per instance-hour, from the AWS Price List.'),
    sageMakerTraining: instanceTable(tables.training, 'SageMaker training on-demand, USD per instance-hour, from the AWS Price List.'),
    ec2: instanceTable(tables.ec2, 'Amazon EC2 on-demand prices, Linux, shared tenancy, per instance-hour, from the AWS Price List.'),
    ebs: {
      description: 'Amazon EBS prices from the AWS Price List; the unit differs per item.',
      currency: 'USD',
      unit: 'see rows[].unit',
      sources: [...tables.ebs.sources.values()],
      rows: sorted(tables.ebs.rows, (r) => r.item),
    },
    sageMakerServerless: {
      description: 'SageMaker Serverless Inference compute, USD per second of inference duration, from the AWS Price List.',
      currency: 'USD',
      unit: 'USD per second',
      sources: [...tables.serverless.sources.values()],
      rows: sorted(tables.serverless.rows, (r) => r.memorySizeMb),
    },
  };
}
