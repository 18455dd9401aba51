/**
 * The bundled Bedrock token table (`data/bedrock.json`): its validation, its index, and
 * the lookup of one model id's input or output token price.
 *
 * Policy, the same as SageMaker hosting's (see `lib/prices/README.md`):
 * 1. a row whose source states the region wins (`regionBasis: 'stated'`);
 * 2. otherwise, only for a region in the table's `unstatedRegionFallback` (us-east-1), a
 *    row whose source names no region (`unspecified`) is used and flagged `unstated`;
 * 3. otherwise `found: false`.
 *
 * A model id is matched exactly (after trimming): a cross-region inference profile id
 * (`us.anthropic...`) is priced by its own row only, never as its base model, since no
 * bundled source states that the two prices are the same; an id with no row is unknown,
 * never another model's price.
 */
import { bundledPriceTables, PriceTableError, sourceSummary, UNSPECIFIED_REGION } from './bundled-tables.js';
import type { BedrockTokenRow, BedrockTokenTable, PriceLookup, PriceQuote, PriceSource } from './price-types.js';

const LABEL = 'bedrock';
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/** Which price of a model: its input tokens or its output tokens. */
export type TokenDirection = 'input' | 'output';

/** The Bedrock table, validated and indexed. */
export interface IndexedBedrockTable {
  readonly unit: string;
  readonly sources: ReadonlyMap<string, PriceSource>;
  /** region (or `'unspecified'`) -> model id -> row. */
  readonly rows: ReadonlyMap<string, ReadonlyMap<string, BedrockTokenRow>>;
  readonly fallbackRegions: ReadonlySet<string>;
  /** model id -> the Price List's `model` attribute. */
  readonly priceListModels: ReadonlyMap<string, string>;
}

const EMPTY: BedrockTokenTable = { description: '', currency: 'USD', unit: 'USD per 1K tokens', sources: [], rows: [] };

function fail(problem: string): never {
  throw new PriceTableError(LABEL, problem);
}

/**
 * Validates and indexes the Bedrock table (absent: an empty one).
 * @throws PriceTableError on a bad region, price, source id, duplicate or unused source
 */
export function indexBedrockTable(table: BedrockTokenTable = EMPTY): IndexedBedrockTable {
  const sources = new Map<string, PriceSource>();
  for (const s of table.sources) {
    if (!s.id || !s.source || !s.sourceDate) fail(`source ${JSON.stringify(s.id)} lacks id, source or sourceDate`);
    if (sources.has(s.id)) fail(`source id ${s.id} is listed twice`);
    sources.set(s.id, s);
  }
  const rows = new Map<string, Map<string, BedrockTokenRow>>();
  for (const row of table.rows) {
    const what = `${row.modelId} in ${row.region}`;
    if (row.region !== UNSPECIFIED_REGION && !REGION_PATTERN.test(row.region)) fail(`row region ${JSON.stringify(row.region)} is not an AWS region code`);
    if (row.modelId.trim() !== row.modelId || row.modelId === '') fail(`model id ${JSON.stringify(row.modelId)} is empty or has surrounding blanks`);
    for (const usd of [row.usdPer1kInputTokens, row.usdPer1kOutputTokens]) {
      if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) fail(`${what} has a price that is not a finite non-negative number (${String(usd)})`);
    }
    if (!sources.has(row.sourceId)) fail(`${what} names unknown source id ${row.sourceId}`);
    let models = rows.get(row.region);
    if (!models) rows.set(row.region, (models = new Map<string, BedrockTokenRow>()));
    if (models.has(row.modelId)) fail(`${what} is listed twice`);
    models.set(row.modelId, row);
  }
  const used = new Set(table.rows.map((r) => r.sourceId));
  for (const id of sources.keys()) if (!used.has(id)) fail(`source id ${id} is listed but no row references it`);
  const fallbackRegions = new Set(table.unstatedRegionFallback ?? []);
  for (const r of fallbackRegions) if (!REGION_PATTERN.test(r)) fail(`unstatedRegionFallback ${JSON.stringify(r)} is not an AWS region code`);
  const priceListModels = new Map<string, string>();
  for (const m of table.priceListModels?.models ?? []) {
    if (!m.modelId || !m.model) fail(`priceListModels entry ${JSON.stringify(m)} lacks modelId or model`);
    if (priceListModels.has(m.modelId)) fail(`priceListModels lists ${m.modelId} twice`);
    priceListModels.set(m.modelId, m.model);
  }
  return { unit: table.unit, sources, rows, fallbackRegions, priceListModels };
}

let bundled: IndexedBedrockTable | undefined;

/** The bundled table (`data/bedrock.json`), read and checked at the first call, once per process. */
export function bundledBedrockIndex(): IndexedBedrockTable {
  return (bundled ??= indexBedrockTable(bundledPriceTables.bedrockTokens));
}

function quoteOf(idx: IndexedBedrockTable, row: BedrockTokenRow, region: string, direction: TokenDirection, basis: 'stated' | 'unstated'): PriceQuote {
  const src = idx.sources.get(row.sourceId)!;
  const notes: string[] = [];
  if (basis === 'unstated') {
    notes.push(
      `Region not stated by the source. The price book uses such rows only for ${[...idx.fallbackRegions].join(', ')}, ` +
        `where this is probably the ${region} price, but unconfirmed.`,
    );
  }
  if (src.sourceDate === 'undated') notes.push('The source gives no date.');
  if (row.note) notes.push(`${row.note}.`);
  return {
    usdPerUnit: direction === 'input' ? row.usdPer1kInputTokens : row.usdPer1kOutputTokens,
    unit: idx.unit,
    region,
    item: `${row.modelId} ${direction} tokens`,
    source: src.source,
    sourceDate: src.sourceDate,
    regionBasis: basis,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
}

/**
 * The bundled price of 1,000 `direction` tokens of `modelId` in region `r` (already
 * normalized), or why there is none.
 *
 * @example
 * bundledBedrockLookup(idx, 'us-east-1', 'amazon.nova-micro-v1:0', 'input'); // 0.000035 USD per 1K tokens, unstated
 * bundledBedrockLookup(idx, 'eu-west-1', 'amazon.nova-micro-v1:0', 'input'); // found: false
 */
export function bundledBedrockLookup(idx: IndexedBedrockTable, r: string, modelId: string, direction: TokenDirection): PriceLookup {
  const stated = idx.rows.get(r)?.get(modelId);
  if (stated) return { found: true, quote: quoteOf(idx, stated, r, direction, 'stated') };
  const unstated = idx.rows.get(UNSPECIFIED_REGION)?.get(modelId);
  if (unstated && idx.fallbackRegions.has(r)) return { found: true, quote: quoteOf(idx, unstated, r, direction, 'unstated') };
  const pricedIn: string[] = [];
  for (const [region, models] of idx.rows) {
    if (!models.has(modelId)) continue;
    if (region === UNSPECIFIED_REGION) for (const fb of idx.fallbackRegions) pricedIn.push(`${fb} (region not stated by the source)`);
    else pricedIn.push(region);
  }
  const where =
    pricedIn.length > 0
      ? `Bundled ${modelId} prices exist only for: ${pricedIn.join(', ')}. The book never uses another region's price.`
      : `${modelId} is in no row of the table; the book never prices it as another model (a cross-region profile id is not its base model).`;
  return {
    found: false,
    reason: `no Bedrock ${direction} token price for ${modelId} in ${r} in the bundled table (sources: ${sourceSummary(idx.sources)}). ${where}`,
  };
}
