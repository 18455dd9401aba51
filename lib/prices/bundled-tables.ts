/**
 * The bundled JSON tables (`./data`) and their validation: {@link indexPriceTables}
 * checks every row (region code, price, source id, duplicates) and indexes the
 * tables for lookups. A malformed table throws {@link PriceTableError}.
 */
import { FinOpsError } from '../core/errors.js';
import ebsJson from './data/ebs.json' with { type: 'json' };
import ec2Json from './data/ec2.json' with { type: 'json' };
import specsJson from './data/instance-specs.json' with { type: 'json' };
import hostingJson from './data/sagemaker-hosting.json' with { type: 'json' };
import serverlessJson from './data/sagemaker-serverless.json' with { type: 'json' };
import trainingJson from './data/sagemaker-training.json' with { type: 'json' };
import type {
  EbsPriceRow,
  InstancePriceRow,
  InstancePriceTable,
  InstanceSpecRow,
  PriceSource,
  PriceTables,
  ServerlessPriceRow,
} from './price-types.js';

/** The tables bundled with finops-ai (`lib/prices/data/*.json`). */
export const bundledPriceTables: PriceTables = {
  sageMakerHosting: hostingJson,
  sageMakerTraining: trainingJson,
  ec2: ec2Json,
  ebs: ebsJson,
  instanceSpecs: specsJson,
  sageMakerServerless: serverlessJson,
};

/** A bundled table is malformed (duplicate key, unknown source id, bad number, ...). */
export class PriceTableError extends FinOpsError {
  constructor(
    readonly table: string,
    problem: string,
  ) {
    super(`Price table ${table}: ${problem}`);
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

/**
 * Validates and indexes every table.
 * @throws PriceTableError when a table is malformed
 */
export function indexPriceTables(tables: PriceTables): IndexedPriceTables {
  const hosting = indexInstanceTable('sagemaker-hosting', tables.sageMakerHosting);
  const training = indexInstanceTable('sagemaker-training', tables.sageMakerTraining);
  const ec2 = indexInstanceTable('ec2', tables.ec2);
  for (const t of [training, ec2]) {
    if (t.fallbackRegions.size > 0) throw new PriceTableError(t.label, 'unstatedRegionFallback is only allowed for SageMaker hosting');
    if (t.byRegion.has(UNSPECIFIED_REGION)) throw new PriceTableError(t.label, `rows with region ${UNSPECIFIED_REGION} are only allowed for SageMaker hosting`);
  }
  const ebs = indexEbs(tables);
  const specs = indexSpecs(tables);
  const serverless = indexServerless(tables);
  const allSources = mergeSources([
    ['sagemaker-hosting', hosting.sources],
    ['sagemaker-training', training.sources],
    ['ec2', ec2.sources],
    ['ebs', ebs.ebsSources],
    ['instance-specs', specs.specSources],
    ['sagemaker-serverless', serverless.serverlessSources],
  ]);
  return { hosting, training, ec2, ...ebs, ...specs, ...serverless, allSources };
}
