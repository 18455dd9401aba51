/**
 * The bundled price book: every dollar figure finops-ai reports comes from a row
 * of the JSON tables in `./data`, and every row names its source and the date
 * that source gives. A type or region the tables do not cover yields
 * `found: false` with a reason that names what is missing, never a guess and
 * never another region's price.
 *
 * Pure module: no AWS calls and no file-system access at run time (the tables
 * are imported as JSON modules and bundled by esbuild).
 *
 * SageMaker hosting policy (see `lib/prices/README.md`):
 * 1. a row whose source states the region wins (`regionBasis: 'stated'`);
 * 2. otherwise, only for a region listed in the table's
 *    `unstatedRegionFallback` (today: `us-east-1`), a row whose source names no
 *    region is used and flagged (`regionBasis: 'unstated'`, with a `note`);
 * 3. otherwise `found: false`.
 *
 * @example
 * ```ts
 * import { defaultPriceBook, describeQuote } from './price-book.js';
 *
 * const hit = defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g4dn.xlarge');
 * if (hit.found) console.log(describeQuote(hit.quote)); // 0.7364 USD per hour ... region not stated by the source
 * else console.log(`price unknown: ${hit.reason}`);
 * ```
 */
import { FinOpsError } from '../core/errors.js';
import ebsJson from './data/ebs.json' with { type: 'json' };
import ec2Json from './data/ec2.json' with { type: 'json' };
import specsJson from './data/instance-specs.json' with { type: 'json' };
import hostingJson from './data/sagemaker-hosting.json' with { type: 'json' };
import serverlessJson from './data/sagemaker-serverless.json' with { type: 'json' };
import trainingJson from './data/sagemaker-training.json' with { type: 'json' };

// ---------------------------------------------------------------------------
// Public result types
// ---------------------------------------------------------------------------

/** One price with where it came from. */
export interface PriceQuote {
  /** The price, e.g. USD per hour, or USD per GB-month (see `unit`). */
  readonly usdPerUnit: number;
  /** `'USD per hour'`, `'USD per GB-month'`, ... exactly as the table states it. */
  readonly unit: string;
  /** Region the price applies to (the region that was asked for). */
  readonly region: string;
  /** Instance type or EBS item. */
  readonly item: string;
  /** Full source reference (`github:owner/repo/path@commit` or a URL). */
  readonly source: string;
  /** The date the source gives (`'undated'` when it gives none). */
  readonly sourceDate: string;
  /**
   * `'stated'`: the source names this region. `'unstated'`: the source names no
   * region; used only for a region the book lists under `unstatedRegionFallback`
   * and flagged (see `note`).
   */
  readonly regionBasis: 'stated' | 'unstated';
  /** Caveat to show next to the number (unstated region, derived value, ...). */
  readonly note?: string;
}

/** The result of a price lookup: a quote, or the reason there is none. */
export type PriceLookup =
  | { readonly found: true; readonly quote: PriceQuote }
  | { readonly found: false; readonly reason: string };

/** Hardware of one EC2 or SageMaker (`ml.*`) instance type, with its source. */
export interface InstanceSpec {
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Accelerator chips (GPUs, or Inferentia/Trainium chips); `undefined` when the source does not say. */
  readonly gpuCount: number | undefined;
  /** e.g. `'NVIDIA T4 Tensor Core'`; `undefined` when there is none or the source does not say. */
  readonly gpuModel: string | undefined;
  /** Accelerator memory in GiB, total across all accelerators; `undefined` when the source does not say. */
  readonly gpuMemoryGiB: number | undefined;
  /** For `ml.*` rows: the EC2 type whose specs were copied (same name without `ml.`). */
  readonly copiedFrom?: string;
  readonly source: string;
  readonly sourceDate: string;
}

/** One source of the bundled tables, for README / CLI provenance output. */
export interface PriceSource {
  readonly id: string;
  readonly source: string;
  readonly sourceDate: string;
  readonly notes?: string;
}

// ---------------------------------------------------------------------------
// Table shapes (the JSON files in ./data)
// ---------------------------------------------------------------------------

/** A row that prices one instance type per hour. `region` is `'unspecified'` when the source names none. */
export interface InstancePriceRow {
  readonly region: string;
  readonly instanceType: string;
  readonly usdPerHour: number;
  readonly sourceId: string;
  readonly note?: string;
}

/** A per-hour instance price table (SageMaker hosting or training, EC2). */
export interface InstancePriceTable {
  readonly description: string;
  readonly currency: string;
  readonly unit: string;
  /** Regions for which rows with region `'unspecified'` may be used (flagged `unstated`). */
  readonly unstatedRegionFallback?: readonly string[];
  readonly sources: readonly PriceSource[];
  readonly rows: readonly InstancePriceRow[];
}

/** One EBS price; the billing unit differs per item. */
export interface EbsPriceRow {
  readonly region: string;
  /** e.g. `'gp3-storage'`, `'gp3-iops'`, `'snapshot-standard'`. */
  readonly item: string;
  readonly unit: string;
  readonly usd: number;
  readonly sourceId: string;
  /** The key of the price in the source feed. */
  readonly feedKey: string;
  /** Present when the value was computed from a source value rather than printed by it. */
  readonly derived?: string;
}

export interface EbsPriceTable {
  readonly description: string;
  readonly currency: string;
  readonly unit: string;
  readonly sources: readonly PriceSource[];
  readonly rows: readonly EbsPriceRow[];
}

/** One row of `instance-specs.json`; `null` means the source does not state the field. */
export interface InstanceSpecRow {
  readonly instanceType: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpuCount: number | null;
  readonly gpuModel: string | null;
  readonly gpuMemoryGiB: number | null;
  readonly sourceId: string;
  readonly copiedFrom?: string;
}

export interface InstanceSpecTable {
  readonly description: string;
  readonly currency: string | null;
  readonly unit: string;
  readonly sources: readonly PriceSource[];
  readonly rows: readonly InstanceSpecRow[];
}

/** One SageMaker Serverless Inference compute price: USD per second at one memory size. */
export interface ServerlessPriceRow {
  /** `'unspecified'` when the source names no region. */
  readonly region: string;
  readonly memorySizeMb: number;
  readonly usdPerSecond: number;
  readonly sourceId: string;
  readonly note?: string;
}

/** SageMaker Serverless Inference compute prices (`sagemaker-serverless.json`). */
export interface ServerlessPriceTable {
  readonly description: string;
  readonly currency: string;
  readonly unit: string;
  /** Regions for which rows with region `'unspecified'` may be used (flagged `unstated`). */
  readonly unstatedRegionFallback?: readonly string[];
  readonly sources: readonly PriceSource[];
  readonly rows: readonly ServerlessPriceRow[];
}

/** Every table a {@link PriceBook} reads. */
export interface PriceTables {
  readonly sageMakerHosting: InstancePriceTable;
  readonly sageMakerTraining: InstancePriceTable;
  readonly ec2: InstancePriceTable;
  readonly ebs: EbsPriceTable;
  readonly instanceSpecs: InstanceSpecTable;
  /** @default - no serverless prices (every lookup `found: false`) */
  readonly sageMakerServerless?: ServerlessPriceTable;
}

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

// ---------------------------------------------------------------------------
// Internal indexed form
// ---------------------------------------------------------------------------

interface IndexedInstanceTable {
  readonly label: string;
  readonly unit: string;
  readonly sources: ReadonlyMap<string, PriceSource>;
  /** region -> instance type -> row. Region may be `'unspecified'`. */
  readonly byRegion: ReadonlyMap<string, ReadonlyMap<string, InstancePriceRow>>;
  readonly fallbackRegions: ReadonlySet<string>;
}

function norm(value: string): string {
  return value.trim().toLowerCase();
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
    if (!types) byRegion.set(row.region, (types = new Map()));
    if (types.has(row.instanceType)) throw new PriceTableError(label, `${what} is listed twice`);
    types.set(row.instanceType, row);
  }
  checkAllReferenced(label, sources, table.rows);
  const fallbackRegions = new Set(table.unstatedRegionFallback ?? []);
  for (const r of fallbackRegions) checkRegion(label, r, false);
  return { label, unit: table.unit, sources, byRegion, fallbackRegions };
}

function sourceSummary(sources: ReadonlyMap<string, PriceSource>): string {
  return [...sources.values()].map((s) => `${s.id} (${s.sourceDate})`).join('; ');
}

// ---------------------------------------------------------------------------
// PriceBook
// ---------------------------------------------------------------------------

/**
 * Looks up sourced, dated prices and instance specs.
 *
 * Lookups normalise case and surrounding blanks of region and type, nothing
 * more: no region falls back to another, no `ml.*` type borrows an EC2 price,
 * and an unknown type is never estimated.
 *
 * @example
 * ```ts
 * const book = new PriceBook(); // the bundled tables
 * const gp3 = book.ebs('eu-west-1', 'gp3-storage');
 * // { found: true, quote: { usdPerUnit: 0.088, unit: 'USD per GB-month', regionBasis: 'stated', ... } }
 * book.ec2OnDemand('eu-west-1', 'p5.48xlarge');
 * // { found: false, reason: 'no EC2 on-demand price for p5.48xlarge in eu-west-1 in the bundled table ...' }
 * ```
 */
export class PriceBook {
  private readonly hosting: IndexedInstanceTable;
  private readonly training: IndexedInstanceTable;
  private readonly ec2Table: IndexedInstanceTable;
  private readonly ebsSources: ReadonlyMap<string, PriceSource>;
  private readonly ebsRows: ReadonlyMap<string, ReadonlyMap<string, EbsPriceRow>>;
  private readonly specSources: ReadonlyMap<string, PriceSource>;
  private readonly specRows: ReadonlyMap<string, InstanceSpecRow>;
  private readonly allSources: readonly PriceSource[];
  private readonly serverlessSources: ReadonlyMap<string, PriceSource>;
  /** region (or `'unspecified'`) -> memory size (MB) -> row. */
  private readonly serverlessRows: ReadonlyMap<string, ReadonlyMap<number, ServerlessPriceRow>>;
  private readonly serverlessFallback: ReadonlySet<string>;

  /**
   * @param tables the tables to read; defaults to the bundled ones. Throws
   *   {@link PriceTableError} when a table is malformed.
   */
  constructor(tables: PriceTables = bundledPriceTables) {
    this.hosting = indexInstanceTable('sagemaker-hosting', tables.sageMakerHosting);
    this.training = indexInstanceTable('sagemaker-training', tables.sageMakerTraining);
    this.ec2Table = indexInstanceTable('ec2', tables.ec2);
    for (const t of [this.training, this.ec2Table]) {
      if (t.fallbackRegions.size > 0) throw new PriceTableError(t.label, 'unstatedRegionFallback is only allowed for SageMaker hosting');
      if (t.byRegion.has(UNSPECIFIED_REGION)) throw new PriceTableError(t.label, `rows with region ${UNSPECIFIED_REGION} are only allowed for SageMaker hosting`);
    }

    this.ebsSources = indexSources('ebs', tables.ebs.sources);
    const ebsRows = new Map<string, Map<string, EbsPriceRow>>();
    for (const row of tables.ebs.rows) {
      checkRegion('ebs', row.region, false);
      const what = `${row.item} in ${row.region}`;
      checkAmount('ebs', what, row.usd);
      if (!row.unit) throw new PriceTableError('ebs', `${what} has no unit`);
      if (!this.ebsSources.has(row.sourceId)) throw new PriceTableError('ebs', `${what} names unknown source id ${row.sourceId}`);
      let items = ebsRows.get(row.region);
      if (!items) ebsRows.set(row.region, (items = new Map()));
      if (items.has(norm(row.item))) throw new PriceTableError('ebs', `${what} is listed twice`);
      items.set(norm(row.item), row);
    }
    this.ebsRows = ebsRows;
    checkAllReferenced('ebs', this.ebsSources, tables.ebs.rows);

    this.specSources = indexSources('instance-specs', tables.instanceSpecs.sources);
    const specRows = new Map<string, InstanceSpecRow>();
    for (const row of tables.instanceSpecs.rows) {
      if (!this.specSources.has(row.sourceId)) throw new PriceTableError('instance-specs', `${row.instanceType} names unknown source id ${row.sourceId}`);
      if (specRows.has(row.instanceType)) throw new PriceTableError('instance-specs', `${row.instanceType} is listed twice`);
      specRows.set(row.instanceType, row);
    }
    this.specRows = specRows;
    checkAllReferenced('instance-specs', this.specSources, tables.instanceSpecs.rows);

    const serverless = tables.sageMakerServerless ?? { description: '', currency: 'USD', unit: 'USD per second', sources: [], rows: [] };
    this.serverlessSources = indexSources('sagemaker-serverless', serverless.sources);
    const serverlessRows = new Map<string, Map<number, ServerlessPriceRow>>();
    for (const row of serverless.rows) {
      checkRegion('sagemaker-serverless', row.region, true);
      const what = `${row.memorySizeMb} MB in ${row.region}`;
      if (!Number.isInteger(row.memorySizeMb) || row.memorySizeMb <= 0) throw new PriceTableError('sagemaker-serverless', `${what}: memory size is not a positive integer`);
      checkAmount('sagemaker-serverless', what, row.usdPerSecond);
      if (!this.serverlessSources.has(row.sourceId)) throw new PriceTableError('sagemaker-serverless', `${what} names unknown source id ${row.sourceId}`);
      let sizes = serverlessRows.get(row.region);
      if (!sizes) serverlessRows.set(row.region, (sizes = new Map()));
      if (sizes.has(row.memorySizeMb)) throw new PriceTableError('sagemaker-serverless', `${what} is listed twice`);
      sizes.set(row.memorySizeMb, row);
    }
    checkAllReferenced('sagemaker-serverless', this.serverlessSources, serverless.rows);
    this.serverlessRows = serverlessRows;
    this.serverlessFallback = new Set(serverless.unstatedRegionFallback ?? []);
    for (const r of this.serverlessFallback) checkRegion('sagemaker-serverless', r, false);

    const merged = new Map<string, PriceSource>();
    const groups: readonly [string, ReadonlyMap<string, PriceSource>][] = [
      ['sagemaker-hosting', this.hosting.sources],
      ['sagemaker-training', this.training.sources],
      ['ec2', this.ec2Table.sources],
      ['ebs', this.ebsSources],
      ['instance-specs', this.specSources],
      ['sagemaker-serverless', this.serverlessSources],
    ];
    for (const [table, sources] of groups) {
      for (const s of sources.values()) {
        const seen = merged.get(s.id);
        if (seen && (seen.source !== s.source || seen.sourceDate !== s.sourceDate)) {
          throw new PriceTableError(table, `source id ${s.id} means a different source in another table`);
        }
        if (!seen) merged.set(s.id, s);
      }
    }
    this.allSources = [...merged.values()];
  }

  /**
   * On-demand price of a SageMaker real-time inference (hosting) instance-hour.
   *
   * A row whose source names the region wins. Failing that, and only for a
   * region in the table's `unstatedRegionFallback` (us-east-1), a row whose
   * source names no region is used with `regionBasis: 'unstated'` and a `note`.
   *
   * @example
   * ```ts
   * defaultPriceBook.sageMakerHosting('eu-west-1', 'ml.g4dn.xlarge'); // 0.821, stated (AWS bill, 2023-12)
   * defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g5.4xlarge');  // 2.03, stated (Price List API test)
   * defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g5.xlarge');   // 1.4084, unstated (fmbench)
   * defaultPriceBook.sageMakerHosting('eu-central-1', 'ml.g5.xlarge'); // found: false
   * ```
   */
  sageMakerHosting(region: string, instanceType: string): PriceLookup {
    return this.instanceLookup(this.hosting, 'SageMaker hosting', region, instanceType, 'ml');
  }

  /**
   * On-demand price of a SageMaker training instance-hour. Only eu-west-1 rows
   * (from a December 2023 AWS bill) are bundled; every other region is
   * `found: false`.
   *
   * @example
   * ```ts
   * defaultPriceBook.sageMakerTraining('eu-west-1', 'ml.p3.2xlarge'); // 4.131 USD per hour
   * ```
   */
  sageMakerTraining(region: string, instanceType: string): PriceLookup {
    return this.instanceLookup(this.training, 'SageMaker training', region, instanceType, 'ml');
  }

  /**
   * On-demand price of an EC2 instance-hour (Linux, shared tenancy).
   *
   * @example
   * ```ts
   * defaultPriceBook.ec2OnDemand('us-east-1', 'g4dn.xlarge'); // 0.526 USD per hour
   * ```
   */
  ec2OnDemand(region: string, instanceType: string): PriceLookup {
    return this.instanceLookup(this.ec2Table, 'EC2 on-demand', region, instanceType, 'ec2');
  }

  /**
   * SageMaker Serverless Inference compute price per second of inference duration
   * at one memory size (MB). Same region policy as {@link sageMakerHosting}: a
   * region-stated row wins; rows whose source names no region are used only for
   * the table's `unstatedRegionFallback` regions (us-east-1), flagged `unstated`.
   * Data processing (per GB in and out) is not priced here.
   *
   * @example
   * ```ts
   * defaultPriceBook.sageMakerServerless('us-east-1', 2048); // 0.00004 USD per second, unstated
   * defaultPriceBook.sageMakerServerless('eu-west-1', 2048); // found: false
   * ```
   */
  sageMakerServerless(region: string, memorySizeMb: number): PriceLookup {
    const r = norm(region);
    const item = `serverless inference ${memorySizeMb} MB`;
    if (!r || r === UNSPECIFIED_REGION) return { found: false, reason: `no region given for the SageMaker ${item} price` };
    const stated = this.serverlessRows.get(r)?.get(memorySizeMb);
    const unstated = this.serverlessFallback.has(r) ? this.serverlessRows.get(UNSPECIFIED_REGION)?.get(memorySizeMb) : undefined;
    const row = stated ?? unstated;
    if (row) {
      const src = this.serverlessSources.get(row.sourceId) as PriceSource;
      const notes: string[] = [];
      if (!stated) {
        notes.push(
          `Region not stated by the source. The price book uses such rows only for ${[...this.serverlessFallback].join(', ')}, ` +
            `where this is probably the ${r} price, but unconfirmed.`,
        );
      }
      if (src.sourceDate === 'undated') notes.push('The source gives no date.');
      if (row.note) notes.push(`Source detail: ${row.note}.`);
      return {
        found: true,
        quote: {
          usdPerUnit: row.usdPerSecond,
          unit: 'USD per second',
          region: r,
          item,
          source: src.source,
          sourceDate: src.sourceDate,
          regionBasis: stated ? 'stated' : 'unstated',
          ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
        },
      };
    }
    const sizes = [...new Set([...this.serverlessRows.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    return {
      found: false,
      reason:
        `no SageMaker ${item} price for ${r} in the bundled table (sources: ${sourceSummary(this.serverlessSources) || 'none'}). ` +
        (sizes.includes(memorySizeMb)
          ? `Bundled prices for ${memorySizeMb} MB exist only for: ${[...this.serverlessFallback].join(', ')} (region not stated by the source). The book never uses another region's price.`
          : `Bundled memory sizes: ${sizes.join(', ') || 'none'} MB.`),
    };
  }

  /**
   * An EBS price. `item` is one of the items of `lib/prices/data/ebs.json`, e.g.
   * `'gp3-storage'` (USD per GB-month), `'gp3-iops'`, `'gp3-throughput-per-MiBps'`,
   * `'snapshot-standard'`. The quote's `unit` gives the billing unit.
   *
   * @example
   * ```ts
   * defaultPriceBook.ebs('us-east-1', 'gp3-storage'); // 0.08 USD per GB-month
   * ```
   */
  ebs(region: string, item: string): PriceLookup {
    const r = norm(region);
    const wanted = norm(item);
    if (!r) return { found: false, reason: `no region given for the EBS ${wanted || '(empty item)'} price` };
    if (!wanted) return { found: false, reason: `no EBS item given for ${r}` };
    const row = this.ebsRows.get(r)?.get(wanted);
    if (row) {
      const src = this.ebsSources.get(row.sourceId) as PriceSource;
      return {
        found: true,
        quote: {
          usdPerUnit: row.usd,
          unit: row.unit,
          region: r,
          item: row.item,
          source: src.source,
          sourceDate: src.sourceDate,
          regionBasis: 'stated',
          ...(row.derived ? { note: `derived: ${row.derived}` } : {}),
        },
      };
    }
    const known = [...new Set([...this.ebsRows.values()].flatMap((m) => [...m.values()].map((x) => x.item)))];
    const regions = [...this.ebsRows.entries()].filter(([, m]) => m.has(wanted)).map(([reg]) => reg);
    const why =
      regions.length > 0
        ? `Bundled ${item.trim()} prices exist only for: ${regions.join(', ')}. The book never uses another region's price.`
        : `${item.trim()} is not an EBS item of the table (items: ${known.join(', ')}).`;
    return {
      found: false,
      reason: `no EBS ${item.trim()} price for ${r} in the bundled table (sources: ${sourceSummary(this.ebsSources)}). ${why}`,
    };
  }

  /**
   * Hardware specs of an EC2 or `ml.*` type, or `undefined` when the type is
   * not in the bundled table (never inferred from a similar type).
   *
   * @example
   * ```ts
   * defaultPriceBook.instanceSpec('ml.g4dn.xlarge');
   * // { vcpu: 4, memoryGiB: 16, gpuCount: 1, gpuModel: 'NVIDIA T4 Tensor Core', gpuMemoryGiB: 16, copiedFrom: 'g4dn.xlarge', ... }
   * ```
   */
  instanceSpec(instanceType: string): InstanceSpec | undefined {
    const row = this.specRows.get(norm(instanceType));
    if (!row) return undefined;
    const src = this.specSources.get(row.sourceId) as PriceSource;
    return {
      instanceType: row.instanceType,
      vcpu: row.vcpu,
      memoryGiB: row.memoryGiB,
      gpuCount: row.gpuCount ?? undefined,
      gpuModel: row.gpuModel ?? undefined,
      gpuMemoryGiB: row.gpuMemoryGiB ?? undefined,
      ...(row.copiedFrom ? { copiedFrom: row.copiedFrom } : {}),
      source: src.source,
      sourceDate: src.sourceDate,
    };
  }

  /**
   * Every bundled spec of `instanceType`'s family (the name up to its last dot:
   * `ml.g4dn` for `ml.g4dn.xlarge`, `g5` for `g5.2xlarge`), fewest vCPUs first.
   * Empty when the family has no row. Rightsizing searches it for smaller sizes.
   *
   * @example
   * ```ts
   * defaultPriceBook.instanceFamily('ml.c5.4xlarge').map((s) => s.instanceType);
   * // ['ml.c5.xlarge', 'ml.c5.2xlarge', 'ml.c5.4xlarge']
   * ```
   */
  instanceFamily(instanceType: string): readonly InstanceSpec[] {
    const type = norm(instanceType);
    const family = type.slice(0, type.lastIndexOf('.') + 1);
    if (!family) return [];
    return [...this.specRows.keys()]
      .filter((t) => t.startsWith(family) && !t.slice(family.length).includes('.'))
      .map((t) => this.instanceSpec(t)!)
      .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB || a.instanceType.localeCompare(b.instanceType));
  }

  /**
   * Every source behind the bundled tables, once each, for README / CLI output.
   *
   * @example
   * ```ts
   * for (const s of defaultPriceBook.sources()) console.log(`${s.id}: ${s.source} (${s.sourceDate})`);
   * ```
   */
  sources(): readonly PriceSource[] {
    return this.allSources;
  }

  private instanceLookup(
    table: IndexedInstanceTable,
    what: string,
    region: string,
    instanceType: string,
    kind: 'ml' | 'ec2',
  ): PriceLookup {
    const r = norm(region);
    const t = norm(instanceType);
    if (!t) return { found: false, reason: `no instance type given for the ${what} price in ${r || '(no region)'}` };
    if (!r) return { found: false, reason: `no region given for the ${what} price of ${t}` };
    if (r === UNSPECIFIED_REGION) return { found: false, reason: `"${UNSPECIFIED_REGION}" is not a region; ask for the region the ${t} runs in` };
    if (kind === 'ml' && !t.startsWith('ml.')) {
      return { found: false, reason: `no ${what} price for ${t} in ${r}: "${t}" is not a SageMaker instance type (they start with "ml.")` };
    }
    if (kind === 'ec2' && t.startsWith('ml.')) {
      return { found: false, reason: `no ${what} price for ${t} in ${r}: "${t}" is a SageMaker instance type, priced by SageMaker, not EC2` };
    }

    const stated = table.byRegion.get(r)?.get(t);
    if (stated) return { found: true, quote: this.quote(table, stated, r, 'stated') };

    const unstated = table.byRegion.get(UNSPECIFIED_REGION)?.get(t);
    if (unstated && table.fallbackRegions.has(r)) {
      return { found: true, quote: this.quote(table, unstated, r, 'unstated') };
    }

    const pricedIn: string[] = [];
    for (const [reg, types] of table.byRegion) {
      if (!types.has(t)) continue;
      if (reg === UNSPECIFIED_REGION) {
        for (const fb of table.fallbackRegions) pricedIn.push(`${fb} (region not stated by the source)`);
      } else {
        pricedIn.push(reg);
      }
    }
    const where =
      pricedIn.length > 0
        ? `Bundled ${t} prices exist only for: ${pricedIn.join(', ')}. The book never uses another region's price.`
        : `${t} is in no row of the table.`;
    return {
      found: false,
      reason: `no ${what} price for ${t} in ${r} in the bundled table (sources: ${sourceSummary(table.sources)}). ${where}`,
    };
  }

  private quote(table: IndexedInstanceTable, row: InstancePriceRow, region: string, basis: 'stated' | 'unstated'): PriceQuote {
    const src = table.sources.get(row.sourceId) as PriceSource;
    const notes: string[] = [];
    if (basis === 'unstated') {
      notes.push(
        `Region not stated by the source. The price book uses such rows only for ${[...table.fallbackRegions].join(', ')}, ` +
          `where this is probably the ${region} price, but unconfirmed.`,
      );
    }
    if (src.sourceDate === 'undated') notes.push('The source gives no date.');
    if (row.note) notes.push(`Source detail: ${row.note}.`);
    return {
      usdPerUnit: row.usdPerHour,
      unit: table.unit,
      region,
      item: row.instanceType,
      source: src.source,
      sourceDate: src.sourceDate,
      regionBasis: basis,
      ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    };
  }
}

/**
 * One line for a ledger record, notice or CLI: price, unit, item, region, source,
 * date, and the caveat when there is one.
 *
 * @example
 * ```ts
 * describeQuote(quote);
 * // '0.821 USD per hour for ml.g4dn.xlarge in eu-west-1 (source: github:aws-samples/sagemaker-ssh-helper/Sample_Costs.md@b6bf9ba…, dated 2023-12)'
 * ```
 */
export function describeQuote(quote: PriceQuote): string {
  const date = quote.sourceDate === 'undated' ? 'undated' : `dated ${quote.sourceDate}`;
  const base = `${quote.usdPerUnit} ${quote.unit} for ${quote.item} in ${quote.region} (source: ${quote.source}, ${date})`;
  if (quote.note) return `${base}. ${quote.note}`;
  return quote.regionBasis === 'unstated' ? `${base}; region not stated by the source` : base;
}

/** The price book over the bundled tables. */
export const defaultPriceBook: PriceBook = new PriceBook();
