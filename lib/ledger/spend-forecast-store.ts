/**
 * The month's AI spend forecast, kept in the ledger table by the weekly digest so that
 * next month's digest can say how accurate it was. One item per metric and month:
 *
 * | attribute | value |
 * |-----------|-------|
 * | pk        | `FORECAST#<metric>` (e.g. `FORECAST#UnblendedCost`) |
 * | sk        | `MONTH#<yyyy-mm>` |
 * | kind      | `spend-forecast` |
 * | month, metric, forecastUsd, madeAt, week | the {@link SpendForecastRecord} |
 *
 * The first forecast of a month is kept (a conditional put; later digests of the month
 * and retries change nothing), so accuracy measures the forecast made earliest. The
 * `FORECAST#` partition sets no index attribute: no ledger index or query sees it.
 * Reads are `BatchGetItem`; the digest's only write is this `PutItem`, which IAM limits
 * to `FORECAST#` partitions (`dynamodb:LeadingKeys`).
 */
import { BatchGetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Partition-key prefix of forecast items. */
export const FORECAST_PARTITION_PREFIX = 'FORECAST#';

/** One month's stored forecast. */
export interface SpendForecastRecord {
  /** `yyyy-mm`. */
  readonly month: string;
  /** The Cost Explorer metric (`UnblendedCost`, ...). */
  readonly metric: string;
  /** Month to date + forecast of the rest of the month, USD. */
  readonly forecastUsd: number;
  /** ISO-8601. */
  readonly madeAt: string;
  /** The ISO week of the digest that made it. */
  readonly week: string;
}

/** Where the digest keeps its monthly forecasts. */
export interface SpendForecastStore {
  /** The stored forecast of `month` for `metric`, or `null`. */
  get(month: string, metric: string): Promise<SpendForecastRecord | null>;
  /** Stores `record` unless the month already has one; `true` when this call stored it. */
  putFirst(record: SpendForecastRecord): Promise<boolean>;
}

/** The item key of a month's forecast. */
export function forecastItemKey(month: string, metric: string): { pk: string; sk: string } {
  return { pk: `${FORECAST_PARTITION_PREFIX}${metric}`, sk: `MONTH#${month}` };
}

/**
 * Forecast items in the ledger table.
 *
 * @example
 * const store = new DynamoDbSpendForecastStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
 * await store.putFirst({ month: '2026-11', metric: 'UnblendedCost', forecastUsd: 41234.5, madeAt, week: '2026-W45' });
 */
export class DynamoDbSpendForecastStore implements SpendForecastStore {
  constructor(private readonly options: { readonly client: Pick<DynamoDBDocumentClient, 'send'>; readonly tableName: string }) {
    if (!options.tableName) throw new Error('DynamoDbSpendForecastStore needs a table name');
  }

  async get(month: string, metric: string): Promise<SpendForecastRecord | null> {
    const table = this.options.tableName;
    const res = await this.options.client.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: [forecastItemKey(month, metric)], ConsistentRead: true } } }),
    );
    const item = res.Responses?.[table]?.[0];
    if (item?.kind !== 'spend-forecast') return null;
    const { forecastUsd, madeAt, week } = item;
    if (typeof forecastUsd !== 'number' || typeof madeAt !== 'string' || typeof week !== 'string') return null;
    return { month, metric, forecastUsd, madeAt, week };
  }

  async putFirst(record: SpendForecastRecord): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...forecastItemKey(record.month, record.metric), kind: 'spend-forecast', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
