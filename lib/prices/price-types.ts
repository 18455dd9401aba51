/**
 * The shapes of the price book: what a lookup returns ({@link PriceQuote},
 * {@link PriceLookup}, {@link InstanceSpec}) and the bundled JSON tables it reads.
 */

// The shapes a rule reads (a quote, a lookup, a spec) belong to core's port: the
// sweeps see the price book through it (`lib/core/price-port.ts`).
export type { InstanceSpec, PriceLookup, PriceQuote } from '../core/price-port.js';

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
  /** @default - no Bedrock token prices (every lookup `found: false`) */
  readonly bedrockTokens?: BedrockTokenTable;
}

/** One Bedrock on-demand token price: USD per 1,000 input and output tokens of one model id. */
export interface BedrockTokenRow {
  /** `'unspecified'` when the source names no region. */
  readonly region: string;
  /** The id the Bedrock API (and the `ModelId` dimension of `AWS/Bedrock` metrics) names, e.g. `amazon.nova-micro-v1:0`. */
  readonly modelId: string;
  readonly usdPer1kInputTokens: number;
  readonly usdPer1kOutputTokens: number;
  readonly sourceId: string;
  readonly note?: string;
}

/** Bedrock on-demand token prices (`bedrock.json`). */
export interface BedrockTokenTable {
  readonly description: string;
  readonly currency: string;
  readonly unit: string;
  /** Regions for which rows with region `'unspecified'` may be used (flagged `unstated`). */
  readonly unstatedRegionFallback?: readonly string[];
  readonly sources: readonly PriceSource[];
  readonly rows: readonly BedrockTokenRow[];
  /**
   * The Price List's `model` attribute of a model id, for the live path (the Price List names
   * models by display name, not by id). @default - none: no id is looked up live
   */
  readonly priceListModels?: { readonly note?: string; readonly models: readonly { readonly modelId: string; readonly model: string }[] };
}
