/**
 * The bundled price book: every dollar figure finops-ai reports comes from a row
 * of the JSON tables in `./data`, and every row names its source and the date
 * that source gives. A type or region the tables do not cover yields
 * `found: false` with a reason that names what is missing, never a guess and
 * never another region's price.
 *
 * No AWS calls: the bundled tables are read from their JSON files, each once per
 * process at the first lookup that needs it (see `bundled-tables.ts`).
 *
 * SageMaker hosting policy (see `lib/prices/README.md`):
 * 1. a row whose source states the region wins (`regionBasis: 'stated'`);
 * 2. otherwise, only for a region listed in the table's
 *    `unstatedRegionFallback` (today: `us-east-1`), a row whose source names no
 *    region is used and flagged (`regionBasis: 'unstated'`, with a `note`);
 * 3. otherwise `found: false`.
 *
 * Live prices: {@link PriceBook.withLivePrices} returns a book that answers
 * from resolved AWS Price List quotes first (see `live-price-resolver.ts`), then
 * from these tables, then `found: false`; a figure keeps its source either way,
 * and a bundled or unknown answer says why the live price was not used.
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
import type { PriceBookPort, ThroughputCommitment } from '../core/price-port.js';
import { bundledBedrockIndex, bundledBedrockLookup, indexBedrockTable, type IndexedBedrockTable, type TokenDirection } from './bundled-bedrock.js';
import { bundledEbsLookup, bundledInstanceLookup, bundledServerlessLookup, checkInstanceQuery } from './bundled-lookups.js';
import {
  bundledIndex,
  bundledPriceTables,
  type IndexedInstanceTable,
  type IndexedPriceTables,
  indexPriceTables,
  norm,
  UNSPECIFIED_REGION,
} from './bundled-tables.js';
import { type LivePrices, priceQuoteFromLive } from './live-quote.js';
import { type PriceKey, priceKeys, STUDIO_APP_COMPONENTS, type PricedStudioAppType } from './price-key.js';
import type { InstanceSpec, PriceLookup, PriceQuote, PriceSource, PriceTables } from './price-types.js';

export { bundledPriceTables, PriceTableError, UNSPECIFIED_REGION } from './bundled-tables.js';
export type * from './price-types.js';

/** Options of a {@link PriceBook}. */
export interface PriceBookOptions {
  /**
   * Resolved live prices, consulted before the bundled tables.
   * @default - none: the bundled tables only
   */
  readonly live?: LivePrices;
}

/**
 * Looks up sourced, dated prices and instance specs.
 *
 * Lookups normalise case and surrounding blanks of region and type, nothing
 * more: no region falls back to another, no `ml.*` type borrows an EC2 price,
 * and an unknown type is never estimated.
 *
 * Precedence with live prices: the live answer (API or its cache) > the bundled
 * table > unknown. A bundled answer then carries `origin: 'bundled'` and a note
 * naming why the live price was not used; an unknown one joins both reasons.
 *
 * @example
 * ```ts
 * const book = new PriceBook(); // the bundled tables
 * const gp3 = book.ebs('eu-west-1', 'gp3-storage');
 * // { found: true, quote: { usdPerUnit: 0.088, unit: 'USD per GB-month', regionBasis: 'stated', ... } }
 * book.ec2OnDemand('eu-west-1', 'p5.48xlarge');
 * // { found: false, reason: 'no EC2 on-demand price for p5.48xlarge in eu-west-1 in the bundled table ...' }
 * const live = book.withLivePrices(resolution.live); // from resolveLivePrices(...)
 * live.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge'); // source 'AWS Price List API (AmazonSageMaker, SKU ...)'
 * ```
 */
export class PriceBook implements PriceBookPort {
  private readonly idx: IndexedPriceTables;
  private readonly live: LivePrices | undefined;
  private readonly bedrock: () => IndexedBedrockTable;

  /**
   * @param tables the tables to read; defaults to the bundled ones. Tables given
   *   here are checked now, the bundled ones each at its first lookup; either
   *   way a malformed table throws {@link PriceTableError}.
   */
  constructor(
    private readonly tables: PriceTables = bundledPriceTables,
    options: PriceBookOptions = {},
  ) {
    this.idx = tables === bundledPriceTables ? bundledIndex : indexPriceTables(tables);
    this.live = options.live;
    const bedrock = tables === bundledPriceTables ? undefined : indexBedrockTable(tables.bedrockTokens);
    this.bedrock = bedrock ? () => bedrock : bundledBedrockIndex;
  }

  /**
   * The same tables with `live` prices consulted first (live > bundled > unknown).
   *
   * @example
   * ```ts
   * const book = defaultPriceBook.withLivePrices(resolution.live);
   * ```
   */
  withLivePrices(live: LivePrices): PriceBook {
    return new PriceBook(this.tables, { live });
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
    return this.instanceLookup(this.idx.hosting, 'SageMaker hosting', region, instanceType, 'ml', priceKeys.sageMakerHosting);
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
    return this.instanceLookup(this.idx.training, 'SageMaker training', region, instanceType, 'ml', priceKeys.sageMakerTraining);
  }

  /**
   * On-demand price of a SageMaker notebook instance-hour (Price List component
   * `Notebook`). No bundled table has notebook prices, so only a live answer (or its
   * cache) prices one; otherwise `found: false` with why.
   */
  sageMakerNotebook(region: string, instanceType: string): PriceLookup {
    const what = 'SageMaker notebook instance';
    const checked = checkInstanceQuery(what, region, instanceType, 'ml');
    if (!checked.ok) return checked.lookup;
    const { region: r, type: t } = checked.value;
    return this.withLive(priceKeys.sageMakerNotebook(r, t), {
      found: false,
      reason: `no ${what} price for ${t} in ${r}: the bundled tables have no notebook prices`,
    });
  }

  /**
   * On-demand price of a SageMaker Studio app's instance-hour: `JupyterLab`, `CodeEditor`
   * or `KernelGateway` (Price List `usagetype` `<prefix>-Studio:<AppType>-<instance>`). No
   * bundled table has Studio prices, so only a live answer (or its cache) prices one; any
   * other app type (`JupyterServer` runs on the unbilled `system` instance) is `found: false`.
   */
  sageMakerStudio(region: string, appType: string, instanceType: string): PriceLookup {
    const what = `SageMaker Studio ${appType} app`;
    if (!Object.hasOwn(STUDIO_APP_COMPONENTS, appType)) return { found: false, reason: `no instance price for Studio ${appType} apps` };
    const checked = checkInstanceQuery(what, region, instanceType, 'ml');
    if (!checked.ok) return checked.lookup;
    const { region: r, type: t } = checked.value;
    return this.withLive(priceKeys.sageMakerStudio(r, appType as PricedStudioAppType, t), {
      found: false,
      reason: `no ${what} price for ${t} in ${r}: the bundled tables have no Studio prices`,
    });
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
    return this.instanceLookup(this.idx.ec2, 'EC2 on-demand', region, instanceType, 'ec2', priceKeys.ec2OnDemand);
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
    if (!r || r === UNSPECIFIED_REGION) return { found: false, reason: `no region given for the SageMaker serverless inference ${memorySizeMb} MB price` };
    return this.withLive(priceKeys.sageMakerServerless(r, memorySizeMb), bundledServerlessLookup(this.idx, r, memorySizeMb));
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
    return this.withLive(priceKeys.ebs(r, wanted), bundledEbsLookup(this.idx, r, wanted, item));
  }

  /**
   * On-demand price of 1,000 input or output tokens of a Bedrock model id (the `ModelId`
   * of `AWS/Bedrock` metrics), USD per 1K tokens. Live first for an id whose Price List
   * model name the table knows; then the bundled row (region policy of `bundled-bedrock.ts`);
   * a cross-region profile id (`us.…`) is priced only by its own row, never as its base model.
   *
   * @example
   * ```ts
   * defaultPriceBook.bedrockTokens('us-east-1', 'amazon.nova-micro-v1:0', 'output'); // 0.00014 USD per 1K tokens, unstated
   * defaultPriceBook.bedrockTokens('us-east-1', 'us.anthropic.claude-3-haiku-20240307-v1:0', 'input'); // found: false
   * ```
   */
  bedrockTokens(region: string, modelId: string, direction: TokenDirection): PriceLookup {
    const [r, id, bedrock] = [norm(region), modelId.trim(), this.bedrock()];
    if (!r || r === UNSPECIFIED_REGION || !id)
      return { found: false, reason: `no ${id ? 'region' : 'model id'} given for the Bedrock ${direction} token price` };
    const model = bedrock.priceListModels.get(id);
    return this.withLive(model ? priceKeys.bedrockTokens(r, model, direction) : undefined, bundledBedrockLookup(bedrock, r, id, direction));
  }

  /**
   * Bedrock Provisioned Throughput of a base model, USD per model unit-hour, for the
   * commitment (`none`, `OneMonth`, `SixMonths`). No bundled table has these prices: only a
   * live answer (or its cache) prices one, for a model whose Price List usage type is known
   * (`bedrock-throughput-models.ts`); otherwise `found: false` with why.
   *
   * @example
   * ```ts
   * book.bedrockProvisionedThroughput('us-east-1', 'amazon.nova-2-lite-v1:0:256k', 'none'); // 60.5 USD per model unit-hour (live)
   * ```
   */
  bedrockProvisionedThroughput(region: string, modelId: string, commitment: ThroughputCommitment): PriceLookup {
    const r = norm(region);
    const what = `Bedrock Provisioned Throughput price (${commitment === 'none' ? 'no commitment' : commitment}) for ${modelId}`;
    if (!r) return { found: false, reason: `no region given for the ${what}` };
    const key = priceKeys.bedrockProvisionedThroughput(r, modelId, commitment);
    if (!key) return { found: false, reason: `no ${what} in ${r}: the Price List usage type of this model is not known` };
    return this.withLive(key, { found: false, reason: `no ${what} in ${r}: the bundled tables have no Provisioned Throughput prices` });
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
    const row = this.idx.specRows.get(norm(instanceType));
    if (!row) return undefined;
    const src = this.idx.specSources.get(row.sourceId)!;
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
    return [...this.idx.specRows.keys()]
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
    const ids = new Set(this.idx.allSources.map((s) => s.id));
    return [...this.idx.allSources, ...[...this.bedrock().sources.values()].filter((s) => !ids.has(s.id))];
  }

  private instanceLookup(
    table: IndexedInstanceTable,
    what: string,
    region: string,
    instanceType: string,
    kind: 'ml' | 'ec2',
    key: (region: string, type: string) => PriceKey,
  ): PriceLookup {
    const checked = checkInstanceQuery(what, region, instanceType, kind);
    if (!checked.ok) return checked.lookup;
    const { region: r, type: t } = checked.value;
    return this.withLive(key(r, t), bundledInstanceLookup(table, what, r, t));
  }

  /** Live > bundled > unknown, keeping why the live price was not used. */
  private withLive(key: PriceKey | undefined, bundled: PriceLookup): PriceLookup {
    if (!this.live) return bundled;
    const outcome = key ? this.live.outcome(key) : undefined;
    if (outcome && 'quote' in outcome) return { found: true, quote: priceQuoteFromLive(outcome) };
    const why = !key
      ? 'the live path does not price this item'
      : !outcome
        ? 'not resolved live in this run'
        : outcome.kind === 'disabled'
          ? undefined
          : outcome.reason;
    if (bundled.found) {
      const note = why ? [bundled.quote.note, `Live price unavailable (${why}); bundled price used.`].filter(Boolean).join(' ') : bundled.quote.note;
      const quote: PriceQuote = { ...bundled.quote, ...(note ? { note } : {}), origin: 'bundled' };
      return { found: true, quote };
    }
    return { found: false, reason: why ? `live price unavailable (${why}); ${bundled.reason}` : bundled.reason };
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
