/**
 * The prices of one run. After a region's inventory, the price keys its candidates
 * declare (`priceKeys` of the sweep) are resolved at once: the AWS Price List API
 * through its cache, in few calls (`resolveLivePrices`), laid over the bundled
 * tables. The sweep's `assess` reads that book: live (or cached) > bundled > unknown,
 * never another region's price, and a price never fails the sweep (an unreachable
 * API leaves the cache, then the bundled row, then unknown, each with the reason).
 *
 * Discounts: when `pricing.discounts.<service>` (or a rate measured in Cost Explorer)
 * applies to the service of a candidate's prices, its savings get the effective
 * figures beside the list ones.
 */
import type { Assessment, Candidate, LoggerLike } from '../core/sweep.js';
import type { Savings } from '../core/finding.js';
import type { InstanceSpecs, PriceBookPort, PriceKey, PriceService } from '../core/price-port.js';
import type { SweepSettings } from '../core/settings.js';
import type { AnySweep } from '../core/sweep.js';
import { errorMessage } from '../core/errors.js';
import type { CostExplorerRate } from '../prices/cost-explorer-rate.js';
import { discountFor, effectiveFigure, type AppliedDiscount, type MeasuredRate } from '../prices/effective-rate.js';
import { resolveLivePrices } from '../prices/live-price-resolver.js';
import { livePricesFrom, type LivePriceOutcome } from '../prices/live-quote.js';
import { defaultPriceBook } from '../prices/price-book.js';
import type { PriceCache } from '../prices/price-cache.js';
import { distinctKeys, priceKeyId } from '../prices/price-key.js';
import type { PriceListApi } from '../prices/price-list-client.js';
import type { PricingConfig } from '../prices/pricing-config.js';

/** The instance specs every inventory reads (the bundled spec table; live prices have no specs). */
export const RUN_SPECS: InstanceSpecs = defaultPriceBook;

/** How a run gets live prices and discounts (`RunSweepOptions.pricing`; built by `pricingFor`). */
export interface RunPricing {
  /** The AWS Price List Query API. */
  readonly api: PriceListApi;
  /**
   * Where answers are kept between runs (the ledger table's `PRICE#` items). Read and
   * written in both modes: the entries are public list prices, no finding.
   * @default - none: every run asks the API
   */
  readonly cache?: PriceCache | undefined;
  /** The `pricing` config section (live on or off, TTL, discounts). */
  readonly config: PricingConfig;
  /**
   * Measures effective-rate factors in Cost Explorer; called at most once per run,
   * only when `config.effectiveRateFromCostExplorer` is on. @default - none measured
   */
  readonly measureRates?: ((now: Date) => Promise<readonly CostExplorerRate[]>) | undefined;
}

/** A region's prices, for the assessments of its candidates. */
export interface RegionPrices {
  /** The book `assess` reads. */
  readonly book: PriceBookPort;
  /** `GetProducts` calls made for the region (pages included); 0 while the cache is fresh. */
  readonly calls: number;
  /**
   * `assessment` with effective figures beside the list ones, when a discount applies
   * to the one service `candidate`'s prices are of; unchanged otherwise.
   */
  effective(candidate: Candidate<unknown>, assessment: Assessment): Assessment;
}

/** The prices of one run of one sweep (see the module comment). */
export class RunPrices {
  readonly #sweep: AnySweep;
  readonly #configs: readonly SweepSettings[];
  readonly #pricing: RunPricing | undefined;
  readonly #now: Date;
  readonly #log: LoggerLike;
  #measured: Promise<readonly MeasuredRate[]> | undefined;

  /**
   * @param configs every config that applies to some resource in this run (the sweep's,
   *   and those of teams over budget): a candidate's keys are the union of what each asks.
   * @param pricing absent: the bundled book, no discounts (tests, tools).
   */
  constructor(sweep: AnySweep, configs: readonly SweepSettings[], pricing: RunPricing | undefined, now: Date, log: LoggerLike) {
    this.#sweep = sweep;
    this.#configs = configs;
    this.#pricing = pricing;
    this.#now = now;
    this.#log = log;
  }

  /** Resolves the keys of `candidates` (one region) once; never rejects. */
  async forRegion(region: string, candidates: readonly Candidate<unknown>[]): Promise<RegionPrices> {
    const keysOf = new Map<Candidate<unknown>, PriceKey[]>();
    for (const candidate of candidates) keysOf.set(candidate, this.#keysOf(candidate));
    const pricing = this.#pricing;
    if (!pricing) return { book: defaultPriceBook, calls: 0, effective: (_c, assessment) => assessment };

    // Live off, or a sweep that declares no keys: the bundled tables, without notes about live prices.
    let book: PriceBookPort = defaultPriceBook;
    let calls = 0;
    if (pricing.config.live && this.#sweep.priceKeys) {
      const keys = distinctKeys([...keysOf.values()].flat());
      try {
        const resolution = await resolveLivePrices(keys, {
          api: pricing.api,
          ...(pricing.cache ? { cache: pricing.cache } : {}),
          now: this.#now,
          ttlDays: pricing.config.cacheTtlDays,
          logger: this.#log,
        });
        book = defaultPriceBook.withLivePrices(resolution.live);
        calls = resolution.calls;
      } catch (error) {
        // The resolver answers every key even when the API fails; this is a guard, not a path.
        const reason = `live prices could not be resolved (${errorMessage(error)})`;
        this.#log.warn('Live price resolution failed; bundled prices only', { sweep: this.#sweep.name, region, error: errorMessage(error) });
        const outcomes = new Map<string, LivePriceOutcome>(keys.map((k) => [priceKeyId(k), { kind: 'failed', reason }]));
        book = defaultPriceBook.withLivePrices(livePricesFrom(outcomes));
      }
    }
    const measured = await this.#measuredRates();
    return {
      book,
      calls,
      effective: (candidate, assessment) => {
        if (!assessment.waste) return assessment;
        const discount = discountOf(keysOf.get(candidate) ?? [], pricing.config, measured);
        return discount ? { ...assessment, savings: withDiscount(assessment.savings, discount) } : assessment;
      },
    };
  }

  /** The candidate's keys under every config of the run; a sweep's faulty `priceKeys` only costs the live prices. */
  #keysOf(candidate: Candidate<unknown>): PriceKey[] {
    const sweep = this.#sweep;
    if (!sweep.priceKeys) return [];
    try {
      return distinctKeys(this.#configs.flatMap((config) => sweep.priceKeys?.(candidate, config, RUN_SPECS) ?? []));
    } catch (error) {
      this.#log.warn('priceKeys failed; the candidate is priced from the bundled tables', {
        sweep: this.#sweep.name,
        resourceId: candidate.ref.resourceId,
        error: errorMessage(error),
      });
      return [];
    }
  }

  /** Cost Explorer factors, measured once per run when the option is on; none when that fails. */
  #measuredRates(): Promise<readonly MeasuredRate[]> {
    const pricing = this.#pricing;
    if (!pricing?.measureRates || !pricing.config.effectiveRateFromCostExplorer) return Promise.resolve([]);
    this.#measured ??= pricing.measureRates(this.#now).then(
      (rates) => {
        for (const rate of rates) if (!rate.ok) this.#log.info('No effective rate measured', { service: rate.service, reason: rate.reason });
        return rates.flatMap((rate) => (rate.ok ? [{ service: rate.service, factor: rate.factor, note: rate.note }] : []));
      },
      (error: unknown) => {
        this.#log.warn('Cost Explorer effective rates unavailable; list prices only', { error: errorMessage(error) });
        return [];
      },
    );
    return this.#measured;
  }
}

/** The discount of the one service a candidate's prices are of; none for mixed or no services. */
function discountOf(keys: readonly PriceKey[], config: PricingConfig, measured: readonly MeasuredRate[]): AppliedDiscount | null {
  const services = new Set<PriceService>(keys.map((k) => k.service));
  const [service] = services;
  return services.size === 1 && service ? discountFor(service, config, measured) : null;
}

/**
 * `savings` with its effective figures under `discount` (unknown stays unknown).
 *
 * @example
 * withDiscount({ hourlyUsd: 1, monthlyUsd: 730, ... }, { service: 'sagemaker', percent: 18, note: 'ML Savings Plan', basis: 'config' })
 * // => { ..., effectiveHourlyUsd: 0.82, effectiveMonthlyUsd: 598.6, discount: { service: 'sagemaker', percent: 18, note: 'ML Savings Plan', source: 'config' } }
 */
export function withDiscount(savings: Savings, discount: AppliedDiscount): Savings {
  return {
    ...savings,
    effectiveHourlyUsd: effectiveFigure(savings.hourlyUsd, discount, 6).effectiveUsd,
    effectiveMonthlyUsd: effectiveFigure(savings.monthlyUsd, discount, 2).effectiveUsd,
    discount: { service: discount.service, percent: discount.percent, note: discount.note, source: discount.basis },
  };
}
