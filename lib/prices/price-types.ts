/**
 * The shapes of the price book: what a lookup returns ({@link PriceQuote},
 * {@link PriceLookup}, {@link InstanceSpec}) and the bundled JSON tables it reads.
 */

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
  /** Caveat to show next to the number (unstated region, derived value, live price unavailable, ...). */
  readonly note?: string;
  /**
   * Where the figure came from, set only by a book with live prices
   * ({@link PriceBook.withLivePrices}): the Price List API in this run, its cache,
   * or the bundled table. Absent on a book of bundled tables only.
   */
  readonly origin?: 'price-list-api' | 'price-list-cache' | 'bundled';
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

