/**
 * Parser of one AWS Price List product document, the JSON string that each
 * `GetProducts` `PriceList` entry holds (and, once reshaped, each product of a
 * bulk offer file):
 *
 * ```json
 * { "product": { "productFamily": "Compute Instance", "attributes": { "regionCode": "us-east-1", ... }, "sku": "35AEEWH98DECPC35" },
 *   "serviceCode": "AmazonEC2", "publicationDate": "2020-06-18T22:18:09Z", "version": "20200618221809",
 *   "terms": { "OnDemand": { "35AEEWH98DECPC35.JRTCKXETXF": { "effectiveDate": "2020-06-01T00:00:00Z", "offerTermCode": "JRTCKXETXF",
 *     "priceDimensions": { "35AEEWH98DECPC35.JRTCKXETXF.6YS6EN2CT7": { "unit": "Hrs", "pricePerUnit": { "USD": "0.1700000000" },
 *       "description": "$0.17 per On Demand Linux c5.xlarge Instance Hour", "beginRange": "0", "endRange": "Inf", "rateCode": "..." } } } },
 *     "Reserved": { ... } } }
 * ```
 *
 * Pure: a malformed document gives `{ ok: false, reason }`, never an exception.
 */

/** One on-demand price dimension. */
export interface PriceDimension {
  readonly rateCode: string;
  readonly description: string;
  readonly unit: string;
  readonly usd: number;
  readonly beginRange?: string;
  readonly endRange?: string;
}

/** A product document with its single on-demand term. */
export interface PriceListProduct {
  readonly serviceCode: string;
  readonly sku: string;
  readonly productFamily: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly publicationDate: string;
  readonly effectiveDate: string;
  readonly dimensions: readonly PriceDimension[];
}

/** A parsed document, or why it was skipped. */
export type ParsedDocument = { readonly ok: true; readonly product: PriceListProduct } | { readonly ok: false; readonly reason: string; readonly sku?: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const USD_PATTERN = /^\d+(\.\d+)?([eE][-+]?\d+)?$/;

function parseDimension(code: string, raw: unknown): PriceDimension | string {
  if (!isObject(raw)) return `price dimension ${code} is not an object`;
  const usd = isObject(raw.pricePerUnit) ? raw.pricePerUnit.USD : undefined;
  if (typeof usd !== 'string' || !USD_PATTERN.test(usd.trim())) return `price dimension ${code} has no USD price (pricePerUnit.USD = ${JSON.stringify(usd)})`;
  const value = Number(usd);
  if (!Number.isFinite(value) || value < 0) return `price dimension ${code} has a USD price that is not a finite non-negative number (${usd})`;
  if (typeof raw.unit !== 'string' || !raw.unit) return `price dimension ${code} has no unit`;
  return {
    rateCode: typeof raw.rateCode === 'string' ? raw.rateCode : code,
    description: typeof raw.description === 'string' ? raw.description : '',
    unit: raw.unit,
    usd: value,
    ...(typeof raw.beginRange === 'string' ? { beginRange: raw.beginRange } : {}),
    ...(typeof raw.endRange === 'string' ? { endRange: raw.endRange } : {}),
  };
}

/**
 * Parses one document (a JSON string, or the object already parsed).
 *
 * @example
 * ```ts
 * const parsed = parsePriceListDocument(page.PriceList[0]);
 * if (parsed.ok) parsed.product.dimensions[0].usd; // 0.17
 * else logger.warn('skipped a price document', { reason: parsed.reason });
 * ```
 */
export function parsePriceListDocument(raw: unknown): ParsedDocument {
  let doc: unknown = raw;
  if (typeof raw === 'string') {
    try {
      doc = JSON.parse(raw);
    } catch (error) {
      return { ok: false, reason: `not JSON: ${(error as Error).message}` };
    }
  }
  if (!isObject(doc)) return { ok: false, reason: 'the document is not a JSON object' };
  const product = doc.product;
  if (!isObject(product) || !isObject(product.attributes)) return { ok: false, reason: 'no product.attributes' };
  const sku = typeof product.sku === 'string' ? product.sku : '';
  const fail = (reason: string): ParsedDocument => ({ ok: false, reason, ...(sku ? { sku } : {}) });
  if (!sku) return fail('no product.sku');
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(product.attributes)) if (typeof value === 'string') attributes[name] = value;
  const serviceCode = typeof doc.serviceCode === 'string' ? doc.serviceCode : attributes.servicecode;
  if (!serviceCode) return fail('no serviceCode');
  if (typeof doc.publicationDate !== 'string' || Number.isNaN(Date.parse(doc.publicationDate))) return fail('no valid publicationDate');

  const onDemand = isObject(doc.terms) ? doc.terms.OnDemand : undefined;
  if (!isObject(onDemand) || Object.keys(onDemand).length === 0) return fail('no OnDemand term');
  const terms = Object.entries(onDemand);
  if (terms.length > 1) return fail(`${terms.length} OnDemand terms (expected one)`);
  const [termCode, term] = terms[0]!;
  if (!isObject(term) || !isObject(term.priceDimensions)) return fail(`OnDemand term ${termCode} has no priceDimensions`);
  if (typeof term.effectiveDate !== 'string' || Number.isNaN(Date.parse(term.effectiveDate)))
    return fail(`OnDemand term ${termCode} has no valid effectiveDate`);
  const dimensions: PriceDimension[] = [];
  for (const [code, raw] of Object.entries(term.priceDimensions)) {
    const dim = parseDimension(code, raw);
    if (typeof dim === 'string') return fail(dim);
    dimensions.push(dim);
  }
  if (dimensions.length === 0) return fail(`OnDemand term ${termCode} has no price dimension`);
  return {
    ok: true,
    product: {
      serviceCode,
      sku,
      productFamily: typeof product.productFamily === 'string' ? product.productFamily : (attributes.productFamily ?? ''),
      attributes,
      publicationDate: doc.publicationDate,
      effectiveDate: term.effectiveDate,
      dimensions,
    },
  };
}

/**
 * The single price of a product: one dimension, untiered (no range, or `0` to
 * `Inf`). A tiered price (several `beginRange`/`endRange` dimensions, e.g. a
 * volume discount) or several dimensions give a reason instead: the book holds
 * one price per item, and EBS io2 IOPS tiers are separate products.
 */
export function singleDimension(product: PriceListProduct): PriceDimension | string {
  const dims = product.dimensions;
  if (dims.length > 1) {
    const tiered = dims.some((d) => d.beginRange !== undefined && d.beginRange !== '0');
    return tiered
      ? `tiered price (${dims.length} tiers: ${dims.map((d) => `${d.beginRange ?? '?'}-${d.endRange ?? '?'}`).join(', ')}): the book holds one price per item`
      : `${dims.length} price dimensions in one OnDemand term (expected one)`;
  }
  const dim = dims[0]!;
  if (dim.beginRange !== undefined && dim.beginRange !== '0') return `tiered price starting at ${dim.beginRange}: the book holds one price per item`;
  if (dim.endRange !== undefined && dim.endRange !== 'Inf') return `tiered price ending at ${dim.endRange}: the book holds one price per item`;
  return dim;
}
