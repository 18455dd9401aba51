/**
 * The price book as the sweeps see it: the lookups a rule makes, what they
 * return, and the keys a sweep declares it will look up. Core owns these types;
 * the price book of `lib/prices` implements {@link PriceBookPort}, and the engine
 * hands a sweep the run's book (live prices over the bundled tables).
 */

/** A service the live path prices (the same names as `pricing.discounts`). */
export type PriceService = 'sagemaker' | 'ec2' | 'ebs' | 'bedrock';

/**
 * One price a run needs: `sagemaker` `hosting` `ml.g4dn.xlarge` in `ap-northeast-1`.
 * Build keys with `priceKeys.*` of `lib/prices/price-key.ts`, named like the
 * book's lookups. Region, component and item are compared in lower case.
 */
export interface PriceKey {
  readonly service: PriceService;
  readonly region: string;
  readonly component: string;
  readonly item: string;
}

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
   * (`PriceBook.withLivePrices` in lib/prices): the Price List API in this run, its cache,
   * or the bundled table. Absent on a book of bundled tables only.
   */
  readonly origin?: 'price-list-api' | 'price-list-cache' | 'bundled';
}

/** The result of a price lookup: a quote, or the reason there is none. */
export type PriceLookup = { readonly found: true; readonly quote: PriceQuote } | { readonly found: false; readonly reason: string };

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

/** Instance specs: what an inventory's pre-filter and a rule's sizing read (never a price). */
export interface InstanceSpecs {
  /** Hardware of `instanceType`, or `undefined` when the spec table lacks it (never inferred). */
  instanceSpec(instanceType: string): InstanceSpec | undefined;
  /** Every spec of `instanceType`'s family (`ml.g4dn` for `ml.g4dn.xlarge`), fewest vCPUs first. */
  instanceFamily(instanceType: string): readonly InstanceSpec[];
}

/**
 * The lookups a sweep's rule makes. Each answers a sourced, dated quote or
 * `found: false` with the reason; never another region's price. In a run, the
 * engine's book answers from live AWS Price List prices (or their cache) first,
 * then the bundled tables, for the keys the sweep declared
 * (`priceKeys` of its declaration).
 */
export interface PriceBookPort extends InstanceSpecs {
  /** SageMaker real-time inference, USD per instance-hour. */
  sageMakerHosting(region: string, instanceType: string): PriceLookup;
  /** SageMaker training, USD per instance-hour. */
  sageMakerTraining(region: string, instanceType: string): PriceLookup;
  /** SageMaker notebook instances, USD per instance-hour (live prices only: no bundled table). */
  sageMakerNotebook(region: string, instanceType: string): PriceLookup;
  /**
   * A SageMaker Studio app's instance (`JupyterLab`, `CodeEditor` or `KernelGateway`), USD
   * per instance-hour (live prices only: no bundled table; any other app type is unknown).
   */
  sageMakerStudio(region: string, appType: string, instanceType: string): PriceLookup;
  /** EC2 on-demand (Linux, shared tenancy), USD per hour. */
  ec2OnDemand(region: string, instanceType: string): PriceLookup;
  /** SageMaker Serverless Inference compute at one memory size, USD per second. */
  sageMakerServerless(region: string, memorySizeMb: number): PriceLookup;
  /** One EBS item (`gp3-storage`, `gp3-iops`, `snapshot-standard`, ...); the quote's `unit` says per what. */
  ebs(region: string, item: string): PriceLookup;
  /**
   * Bedrock on-demand inference, USD per 1,000 `direction` tokens of a model id as the Bedrock
   * API and the `AWS/Bedrock` metrics name it. Never another model's price (a cross-region
   * profile id such as `us.anthropic…` is not its base model unless a source says so).
   */
  bedrockTokens(region: string, modelId: string, direction: 'input' | 'output'): PriceLookup;
  /**
   * Bedrock Provisioned Throughput of a base model (`modelId`: an id such as
   * `amazon.nova-2-lite-v1:0:256k`, or its foundation-model ARN) with `commitment`, USD per
   * model unit-hour (live prices only: no bundled table).
   */
  bedrockProvisionedThroughput(region: string, modelId: string, commitment: ThroughputCommitment): PriceLookup;
}

/**
 * The commitment of a Bedrock Provisioned Throughput as the API names it
 * (`commitmentDuration`), or `none` for a no-commitment one.
 */
export type ThroughputCommitment = 'none' | 'OneMonth' | 'SixMonths';
