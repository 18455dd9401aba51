/**
 * Reads the digest's AI spend from Cost Explorer, in as few requests as it allows
 * (each page is a request, charged USD 0.01):
 *
 * 1. `GetCostAndUsage` DAILY from the chart's first week (or the previous month) to
 *    the figures' end, grouped by the team cost allocation tag (paged): the team rows,
 *    the twelve weeks, the month to date and last month's actual.
 * 2. `GetCostAndUsage` MONTHLY over the digest's week, grouped by SERVICE.
 * 3. `GetCostForecast` MONTHLY of the rest of the month, when it still runs.
 *
 * Every request is filtered to AI spend: the configured services whole (SageMaker and
 * Bedrock by default), and EC2 compute of the configured instance families. A failure
 * becomes the reading's problem (Cost Explorer not enabled, access denied, no data),
 * never the digest's: the section then says which and how to fix it.
 */
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  type CostExplorerClient,
  type Expression,
  type GetCostAndUsageCommandOutput,
  type Metric,
} from '@aws-sdk/client-cost-explorer';
import type { SpendConfig, SpendMetric } from '../config/spend-config.js';
import { errorMessage } from '../core/errors.js';
import type { DailyCost, SpendPeriods, SpendProblem, SpendRead, StoredForecast } from './ai-spend.js';

/** The `SERVICE` value of EC2 instance usage in Cost Explorer. */
export const EC2_COMPUTE_SERVICE = 'Amazon Elastic Compute Cloud - Compute';

/** `GetCostForecast`'s name of each `GetCostAndUsage` metric. */
const FORECAST_METRIC: Record<SpendMetric, Metric> = {
  UnblendedCost: 'UNBLENDED_COST',
  AmortizedCost: 'AMORTIZED_COST',
  NetAmortizedCost: 'NET_AMORTIZED_COST',
};

/** The Cost Explorer filter of AI spend: the services whole, and EC2 compute of the AI instance families. */
export function aiSpendFilter(config: Pick<SpendConfig, 'services' | 'aiInstanceFamilies'>): Expression {
  const services: Expression = { Dimensions: { Key: 'SERVICE', Values: [...config.services] } };
  if (config.aiInstanceFamilies.length === 0) return services;
  return {
    Or: [
      services,
      {
        And: [
          { Dimensions: { Key: 'SERVICE', Values: [EC2_COMPUTE_SERVICE] } },
          { Dimensions: { Key: 'INSTANCE_TYPE_FAMILY', Values: [...config.aiInstanceFamilies] } },
        ],
      },
    ],
  };
}

/** What {@link readAiSpend} needs. */
export interface AiSpendSourceOptions {
  readonly config: Pick<SpendConfig, 'metric' | 'services' | 'aiInstanceFamilies'>;
  /** The cost allocation tag of the team rows. */
  readonly tagKey: string;
  readonly periods: SpendPeriods;
  /** The forecast stored for the previous month (read from the ledger beforehand). */
  readonly previousMonthForecast: StoredForecast | null;
}

/**
 * Reads the spend of `options.periods`.
 *
 * @example
 * const read = await readAiSpend(clients.get(CostExplorerClient, 'us-east-1'), { config: config.spend, tagKey: 'team', periods, previousMonthForecast: null });
 * if (read.ok) read.reading.requests // 3
 */
export async function readAiSpend(ce: Pick<CostExplorerClient, 'send'>, options: AiSpendSourceOptions): Promise<SpendRead> {
  const { config, periods, tagKey } = options;
  const metric = config.metric;
  const filter = aiSpendFilter(config);
  let requests = 0;
  const amount = (out: { Metrics?: Record<string, { Amount?: string | undefined }> | undefined }) => Number(out.Metrics?.[metric]?.Amount ?? 0) || 0;
  const pages = async (input: ConstructorParameters<typeof GetCostAndUsageCommand>[0]): Promise<GetCostAndUsageCommandOutput[]> => {
    const out: GetCostAndUsageCommandOutput[] = [];
    let token: string | undefined;
    do {
      const page = await ce.send(new GetCostAndUsageCommand({ ...input, ...(token ? { NextPageToken: token } : {}) }));
      requests += page.$metadata.attempts ?? 1;
      out.push(page);
      token = page.NextPageToken;
    } while (token);
    return out;
  };

  try {
    const daily: DailyCost[] = [];
    for (const page of await pages({
      TimePeriod: { Start: periods.queryStart, End: periods.dataEnd },
      Granularity: 'DAILY',
      Metrics: [metric],
      Filter: filter,
      GroupBy: [{ Type: 'TAG', Key: tagKey }],
    })) {
      for (const result of page.ResultsByTime ?? []) {
        const date = result.TimePeriod?.Start;
        if (!date) continue;
        for (const group of result.Groups ?? []) daily.push({ date, team: tagValue(group.Keys?.[0]), usd: amount(group) });
      }
    }
    const weekByService = new Map<string, number>();
    if (periods.weekStart < periods.dataEnd) {
      for (const page of await pages({
        TimePeriod: { Start: periods.weekStart, End: periods.dataEnd },
        Granularity: 'MONTHLY',
        Metrics: [metric],
        Filter: filter,
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      })) {
        for (const result of page.ResultsByTime ?? []) {
          for (const group of result.Groups ?? []) {
            const service = group.Keys?.[0] ?? '';
            weekByService.set(service, (weekByService.get(service) ?? 0) + amount(group));
          }
        }
      }
    }

    let forecastRemainderUsd: number | null = null;
    let forecastProblem: string | null = null;
    if (periods.forecastPeriod) {
      try {
        const out = await ce.send(
          new GetCostForecastCommand({
            TimePeriod: { Start: periods.forecastPeriod.start, End: periods.forecastPeriod.end },
            Metric: FORECAST_METRIC[metric],
            Granularity: 'MONTHLY',
            Filter: filter,
          }),
        );
        requests += out.$metadata.attempts ?? 1;
        forecastRemainderUsd = Number(out.Total?.Amount ?? 'NaN');
        if (!Number.isFinite(forecastRemainderUsd)) {
          forecastRemainderUsd = null;
          forecastProblem = 'GetCostForecast returned no Total';
        }
      } catch (error) {
        requests += attemptsOf(error);
        // Not enough history for a forecast (a new account) leaves the month without one, not the section.
        forecastProblem = `${nameOf(error)}: ${errorMessage(error)}`;
      }
    }
    return {
      ok: true,
      reading: {
        metric,
        tagKey,
        daily,
        weekByService: [...weekByService].map(([service, usd]) => ({ service, usd })),
        forecastRemainderUsd,
        forecastProblem,
        previousMonthForecast: options.previousMonthForecast,
        requests,
      },
    };
  } catch (error) {
    return {
      ok: false,
      problem: problemOf(error),
      message: `${nameOf(error)}: ${errorMessage(error)}`,
      metric,
      tagKey,
      requests: requests + attemptsOf(error),
    };
  }
}

/** The tag value of a group key `team$nlp`; `team$` (no tag) is `null`. */
export function tagValue(key: string | undefined): string | null {
  if (key === undefined) return null;
  const value = key.slice(key.indexOf('$') + 1);
  return value === '' ? null : value;
}

/** Which problem a Cost Explorer error is. */
export function problemOf(error: unknown): SpendProblem {
  const name = nameOf(error);
  if (name === 'AccessDeniedException') return /not enabled for cost explorer/i.test(errorMessage(error)) ? 'not-enabled' : 'access-denied';
  if (name === 'DataUnavailableException') return 'data-unavailable';
  return 'failed';
}

function nameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function attemptsOf(error: unknown): number {
  const attempts = (error as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}
