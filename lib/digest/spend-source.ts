/**
 * Reads the spend section of one digest (`spend.enabled`): the previous month's stored
 * forecast (ledger), AI spend from Cost Explorer, the endpoints' unit costs (SageMaker
 * and CloudWatch in each region), and stores this month's forecast the first time one
 * is made. Nothing here fails the digest: each part that cannot be read says why.
 */
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { SpendConfig } from '../config/spend-config.js';
import { errorMessage } from '../core/errors.js';
import { isoWeekRange } from '../core/iso-week.js';
import type { ClientFactory } from '../core/sweep.js';
import type { SpendForecastStore } from '../ledger/spend-forecast-store.js';
import { defaultPriceBook } from '../prices/price-book.js';
import { aiSpend, spendPeriods } from './ai-spend.js';
import { readAiSpend } from './ai-spend-source.js';
import type { SpendSectionInput } from './spend-section.js';
import { unitCosts } from './unit-costs.js';
import { readEndpointUsage } from './unit-costs-source.js';
import { DEFAULT_SERIES_WEEKS } from './weekly-digest.js';

/** Cost Explorer's API is served from us-east-1. */
export const COST_EXPLORER_REGION = 'us-east-1';

/** What {@link readSpendSection} needs. */
export interface SpendSourceOptions {
  readonly config: { readonly spend: SpendConfig; readonly tagKeys: { readonly team: string } };
  readonly clients: ClientFactory;
  /** Regions whose endpoints get unit costs. */
  readonly regions: readonly string[];
  readonly week: string;
  readonly now: Date;
  /** The ledger's forecasts; absent: no forecast accuracy, nothing stored. */
  readonly forecasts?: SpendForecastStore | undefined;
  readonly log?: (message: string) => void;
}

/**
 * The spend section's inputs.
 *
 * Requests: Cost Explorer 2 + the daily query's extra pages + 1 forecast; the ledger 1
 * BatchGetItem (+ 1 PutItem the first time a month is forecast); per region, the reads
 * of {@link readEndpointUsage}.
 */
export async function readSpendSection(options: SpendSourceOptions): Promise<SpendSectionInput> {
  const { config, now } = options;
  const spend = config.spend;
  const periods = spendPeriods(options.week, now, DEFAULT_SERIES_WEEKS);
  const tagKey = spend.costAllocationTag ?? config.tagKeys.team;
  const previousMonthForecast = await options.forecasts?.get(periods.previousMonth, spend.metric).catch((error: unknown) => {
    options.log?.(`spend: the stored forecast of ${periods.previousMonth} could not be read: ${errorMessage(error)}`);
    return null;
  });
  const read = await readAiSpend(options.clients.get(CostExplorerClient, COST_EXPLORER_REGION), {
    config: spend,
    tagKey,
    periods,
    previousMonthForecast: previousMonthForecast ?? null,
  });

  const { spend: figures } = aiSpend(read, periods);
  if (options.forecasts && read.ok && read.reading.forecastRemainderUsd !== null && figures?.forecastMonthUsd != null) {
    await options.forecasts
      .putFirst({ month: periods.month, metric: spend.metric, forecastUsd: figures.forecastMonthUsd, madeAt: now.toISOString(), week: options.week })
      .catch((error: unknown) => options.log?.(`spend: the forecast of ${periods.month} could not be stored: ${errorMessage(error)}`));
  }

  if (!spend.unitCosts) return { read, periods };
  // The digest's week up to its asOf (CloudWatch and instance-hours have no billing lag).
  const weekEnd = isoWeekRange(options.week).end;
  const window = { start: isoWeekRange(options.week).start, end: new Date(Math.min(now.getTime(), weekEnd.getTime())) };
  try {
    const usage = (await Promise.all(options.regions.map((region) => readEndpointUsage(options.clients, region, window, config.tagKeys.team)))).flat();
    return { read, periods, unitCosts: { ...unitCosts(usage, defaultPriceBook, window), problem: null } };
  } catch (error) {
    return { read, periods, unitCosts: { lines: [], basis: [], problem: `${error instanceof Error ? error.name : 'Error'}: ${errorMessage(error)}` } };
  }
}
