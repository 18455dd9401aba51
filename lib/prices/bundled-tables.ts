/**
 * The bundled price tables (`./data/*.json`) and their validation:
 * {@link indexPriceTables} checks every row (region code, price, source id,
 * duplicates) and indexes the tables for lookups. A malformed table throws
 * {@link PriceTableError}.
 *
 * The tables are data, not code: each is read from its file (synchronously, once
 * per process, when first needed) rather than imported, so a Lambda bundle carries
 * no price rows and a sweep reads only the tables its lookups need. The files are
 * found from this module's URL: `lib/prices/data/` in a checkout, `data/` beside
 * `index.mjs` in a Lambda asset (`buildLambdaAsset` copies them there).
 */
import { readFileSync } from 'node:fs';
import { FinOpsError } from '../core/errors.js';
import type { EbsPriceRow, InstancePriceRow, InstancePriceTable, InstanceSpecRow, PriceSource, PriceTables, ServerlessPriceRow } from './price-types.js';

/** Each bundled table's file in `./data`. */
export const PRICE_TABLE_FILES = {
  sageMakerHosting: 'sagemaker-hosting.json',
  sageMakerTraining: 'sagemaker-training.json',
  ec2: 'ec2.json',
  ebs: 'ebs.json',
  instanceSpecs: 'instance-specs.json',
  sageMakerServerless: 'sagemaker-serverless.json',
  bedrockTokens: 'bedrock.json',
} as const satisfies { readonly [K in keyof PriceTables]-?: string };

/** The calls of `f` after its first return `f`'s first result (a throw is not kept: the next call tries again). */
function once<T>(f: () => T): () => T {
  let done: { readonly value: T } | undefined;
  return () => (done ??= { value: f() }).value;
}

/** Table `key` parsed from its file (its rows are checked when indexed). */
function readTable<K extends keyof PriceTables>(key: K): NonNullable<PriceTables[K]> {
  const url = new URL(`./data/${PRICE_TABLE_FILES[key]}`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as NonNullable<PriceTables[K]>;
  } catch (cause) {
    throw new PriceTableError(PRICE_TABLE_FILES[key], `cannot be read as JSON from ${url.pathname} (${String(cause)})`, { cause });
  }
}

/** An object whose every property is computed by its function when first read (enumerable, so a spread reads them all). */
function lazyRecord<T extends object>(getters: { readonly [K in keyof T]-?: () => T[K] }): T {
  const record = {};
  for (const [key, get] of Object.entries(getters)) Object.defineProperty(record, key, { get: get as () => unknown, enumerable: true });
  return record as T;
}

/**
 * The tables bundled with finops-ai (`lib/prices/data/*.json`). Each property reads
 * its file at first access (once per process); spreading the object reads them all.
 */
export const bundledPriceTables: PriceTables = lazyRecord<PriceTables>({
  sageMakerHosting: once(() => readTable('sageMakerHosting')),
  sageMakerTraining: once(() => readTable('sageMakerTraining')),
  ec2: once(() => readTable('ec2')),
  ebs: once(() => readTable('ebs')),
  instanceSpecs: once(() => readTable('instanceSpecs')),
  sageMakerServerless: once(() => readTable('sageMakerServerless')),
  bedrockTokens: once(() => readTable('bedrockTokens')),
});

/** A bundled table is malformed (duplicate key, unknown source id, bad number, ...). */
export class PriceTableError extends FinOpsError {
  constructor(
    readonly table: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Price table ${table}: ${problem}`, options);
  }
}

/** Region value used in the tables for a source that names no region. */
export const UNSPECIFIED_REGION = 'unspecified';

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/** A per-hour instance table, validated and indexed. */
export interface IndexedInstanceTable {
  readonly label: string;
  readonly unit: string;
  readonly sources: ReadonlyMap<string, PriceSource>;
  /** region -> instance type -> row. Region may be `'unspecified'`. */
  readonly byRegion: ReadonlyMap<string, ReadonlyMap<string, InstancePriceRow>>;
  readonly fallbackRegions: ReadonlySet<string>;
}

/** Every bundled table, validated and indexed. */
export interface IndexedPriceTables {
  readonly hosting: IndexedInstanceTable;
  readonly training: IndexedInstanceTable;
  readonly ec2: IndexedInstanceTable;
  readonly ebsSources: ReadonlyMap<string, PriceSource>;
  /** region -> lower-case item -> row. */
  readonly ebsRows: ReadonlyMap<string, ReadonlyMap<string, EbsPriceRow>>;
  readonly specSources: ReadonlyMap<string, PriceSource>;
  readonly specRows: ReadonlyMap<string, InstanceSpecRow>;
  readonly serverlessSources: ReadonlyMap<string, PriceSource>;
  /** region (or `'unspecified'`) -> memory size (MB) -> row. */
  readonly serverlessRows: ReadonlyMap<string, ReadonlyMap<number, ServerlessPriceRow>>;
  readonly serverlessFallback: ReadonlySet<string>;
  /** Every source once, in table order. */
  readonly allSources: readonly PriceSource[];
}

/** Lower case without surrounding blanks: the only normalisation lookups apply. */
export function norm(value: string): string {
  return value.trim().toLowerCase();
}

/** `id (date); id (date)` for a reason text. */
export function sourceSummary(sources: ReadonlyMap<string, PriceSource>): string {
  return [...sources.values()].map((s) => `${s.id} (${s.sourceDate})`).join('; ');
}

function indexSources(table: string, sources: readonly PriceSource[]): Map<string, PriceSource> {
  const map = new Map<string, PriceSource>();
  for (const s of sources) {
    if (!s.id || !s.source || !s.sourceDate) throw new PriceTableError(table, `source ${JSON.stringify(s.id)} lacks id, source or sourceDate`);
    if (map.has(s.id)) throw new PriceTableError(table, `source id ${s.id} is listed twice`);
    map.set(s.id, s);
  }
  return map;
}

function checkAllReferenced(table: string, sources: ReadonlyMap<string, PriceSource>, rows: readonly { readonly sourceId: string }[]): void {
  const used = new Set(rows.map((r) => r.sourceId));
  for (const id of sources.keys()) {
    if (!used.has(id)) throw new PriceTableError(table, `source id ${id} is listed but no row references it`);
  }
}

function checkRegion(table: string, region: string, allowUnspecified: boolean): void {
  if (allowUnspecified && region === UNSPECIFIED_REGION) return;
  if (!REGION_PATTERN.test(region)) throw new PriceTableError(table, `row region ${JSON.stringify(region)} is not an AWS region code`);
}

function checkAmount(table: string, what: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new PriceTableError(table, `${what} has a price that is not a finite non-negative number (${String(value)})`);
  }
}

function indexInstanceTable(label: string, table: InstancePriceTable): IndexedInstanceTable {
  const sources = indexSources(label, table.sources);
  const byRegion = new Map<string, Map<string, InstancePriceRow>>();
  for (const row of table.rows) {
    checkRegion(label, row.region, true);
    const what = `${row.instanceType} in ${row.region}`;
    if (row.instanceType !== norm(row.instanceType)) throw new PriceTableError(label, `instance type ${JSON.stringify(row.instanceType)} is not lower case`);
    checkAmount(label, what, row.usdPerHour);
    if (!sources.has(row.sourceId)) throw new PriceTableError(label, `${what} names unknown source id ${row.sourceId}`);
    let types = byRegion.get(row.region);
    if (!types) byRegion.set(row.region, (types = new Map<string, InstancePriceRow>()));
    if (types.has(row.instanceType)) throw new PriceTableError(label, `${what} is listed twice`);
    types.set(row.instanceType, row);
  }
  checkAllReferenced(label, sources, table.rows);
  const fallbackRegions = new Set(table.unstatedRegionFallback ?? []);
  for (const r of fallbackRegions) checkRegion(label, r, false);
  return { label, unit: table.unit, sources, byRegion, fallbackRegions };
}

function indexEbs(tables: PriceTables): Pick<IndexedPriceTables, 'ebsSources' | 'ebsRows'> {
  const ebsSources = indexSources('ebs', tables.ebs.sources);
  const ebsRows = new Map<string, Map<string, EbsPriceRow>>();
  for (const row of tables.ebs.rows) {
    checkRegion('ebs', row.region, false);
    const what = `${row.item} in ${row.region}`;
    checkAmount('ebs', what, row.usd);
    if (!row.unit) throw new PriceTableError('ebs', `${what} has no unit`);
    if (!ebsSources.has(row.sourceId)) throw new PriceTableError('ebs', `${what} names unknown source id ${row.sourceId}`);
    let items = ebsRows.get(row.region);
    if (!items) ebsRows.set(row.region, (items = new Map<string, EbsPriceRow>()));
    if (items.has(norm(row.item))) throw new PriceTableError('ebs', `${what} is listed twice`);
    items.set(norm(row.item), row);
  }
  checkAllReferenced('ebs', ebsSources, tables.ebs.rows);
  return { ebsSources, ebsRows };
}

function indexSpecs(tables: PriceTables): Pick<IndexedPriceTables, 'specSources' | 'specRows'> {
  const specSources = indexSources('instance-specs', tables.instanceSpecs.sources);
  const specRows = new Map<string, InstanceSpecRow>();
  for (const row of tables.instanceSpecs.rows) {
    if (!specSources.has(row.sourceId)) throw new PriceTableError('instance-specs', `${row.instanceType} names unknown source id ${row.sourceId}`);
    if (specRows.has(row.instanceType)) throw new PriceTableError('instance-specs', `${row.instanceType} is listed twice`);
    specRows.set(row.instanceType, row);
  }
  checkAllReferenced('instance-specs', specSources, tables.instanceSpecs.rows);
  return { specSources, specRows };
}

function indexServerless(tables: PriceTables): Pick<IndexedPriceTables, 'serverlessSources' | 'serverlessRows' | 'serverlessFallback'> {
  const label = 'sagemaker-serverless';
  const serverless = tables.sageMakerServerless ?? { description: '', currency: 'USD', unit: 'USD per second', sources: [], rows: [] };
  const serverlessSources = indexSources(label, serverless.sources);
  const serverlessRows = new Map<string, Map<number, ServerlessPriceRow>>();
  for (const row of serverless.rows) {
    checkRegion(label, row.region, true);
    const what = `${row.memorySizeMb} MB in ${row.region}`;
    if (!Number.isInteger(row.memorySizeMb) || row.memorySizeMb <= 0) throw new PriceTableError(label, `${what}: memory size is not a positive integer`);
    checkAmount(label, what, row.usdPerSecond);
    if (!serverlessSources.has(row.sourceId)) throw new PriceTableError(label, `${what} names unknown source id ${row.sourceId}`);
    let sizes = serverlessRows.get(row.region);
    if (!sizes) serverlessRows.set(row.region, (sizes = new Map<number, ServerlessPriceRow>()));
    if (sizes.has(row.memorySizeMb)) throw new PriceTableError(label, `${what} is listed twice`);
    sizes.set(row.memorySizeMb, row);
  }
  checkAllReferenced(label, serverlessSources, serverless.rows);
  const serverlessFallback = new Set(serverless.unstatedRegionFallback ?? []);
  for (const r of serverlessFallback) checkRegion(label, r, false);
  return { serverlessSources, serverlessRows, serverlessFallback };
}

function mergeSources(groups: readonly (readonly [string, ReadonlyMap<string, PriceSource>])[]): PriceSource[] {
  const merged = new Map<string, PriceSource>();
  for (const [table, sources] of groups) {
    for (const s of sources.values()) {
      const seen = merged.get(s.id);
      if (seen && (seen.source !== s.source || seen.sourceDate !== s.sourceDate)) {
        throw new PriceTableError(table, `source id ${s.id} means a different source in another table`);
      }
      if (!seen) merged.set(s.id, s);
    }
  }
  return [...merged.values()];
}

/** Options of {@link indexPriceTables}. */
export interface IndexPriceTablesOptions {
  /**
   * `true` reads and checks each table at its first lookup instead of now (a
   * malformed table then throws {@link PriceTableError} from that lookup).
   * @default false
   */
  readonly lazy?: boolean;
}

/**
 * Validates and indexes every table: now, or each at its first use with `lazy`.
 * @throws PriceTableError when a table is malformed
 */
export function indexPriceTables(tables: PriceTables, options: IndexPriceTablesOptions = {}): IndexedPriceTables {
  const hosting = once(() => indexInstanceTable('sagemaker-hosting', tables.sageMakerHosting));
  const training = once(() => hostingOnlyFallback(indexInstanceTable('sagemaker-training', tables.sageMakerTraining)));
  const ec2 = once(() => hostingOnlyFallback(indexInstanceTable('ec2', tables.ec2)));
  const ebs = once(() => indexEbs(tables));
  const specs = once(() => indexSpecs(tables));
  const serverless = once(() => indexServerless(tables));
  const allSources = once(() =>
    mergeSources([
      ['sagemaker-hosting', hosting().sources],
      ['sagemaker-training', training().sources],
      ['ec2', ec2().sources],
      ['ebs', ebs().ebsSources],
      ['instance-specs', specs().specSources],
      ['sagemaker-serverless', serverless().serverlessSources],
    ]),
  );
  const indexed = lazyRecord<IndexedPriceTables>({
    hosting,
    training,
    ec2,
    ebsSources: () => ebs().ebsSources,
    ebsRows: () => ebs().ebsRows,
    specSources: () => specs().specSources,
    specRows: () => specs().specRows,
    serverlessSources: () => serverless().serverlessSources,
    serverlessRows: () => serverless().serverlessRows,
    serverlessFallback: () => serverless().serverlessFallback,
    allSources,
  });
  // Every table, each checked in the order above, and the sources across them.
  if (!options.lazy) allSources();
  return indexed;
}

/** Rows of no stated region, and a fallback for them, are for SageMaker hosting only. */
function hostingOnlyFallback(table: IndexedInstanceTable): IndexedInstanceTable {
  if (table.fallbackRegions.size > 0) throw new PriceTableError(table.label, 'unstatedRegionFallback is only allowed for SageMaker hosting');
  if (table.byRegion.has(UNSPECIFIED_REGION))
    throw new PriceTableError(table.label, `rows with region ${UNSPECIFIED_REGION} are only allowed for SageMaker hosting`);
  return table;
}

/**
 * The bundled tables, indexed lazily and shared by every book over them: a table
 * is read and checked at the first lookup that needs it, once per process.
 */
export const bundledIndex: IndexedPriceTables = indexPriceTables(bundledPriceTables, { lazy: true });
