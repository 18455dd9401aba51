/**
 * A {@link PriceCache} in the ledger table, one item per price key:
 *
 * | attribute   | value |
 * |-------------|-------|
 * | pk          | `PRICE#<service>#<region>#<component>` (e.g. `PRICE#sagemaker#ap-northeast-1#hosting`) |
 * | sk          | `ITEM#<item>` (e.g. `ITEM#ml.g4dn.xlarge`) |
 * | kind        | `price` |
 * | payload     | JSON of `{ key, answer }` (the quote with its publication date, or the API's "no price" reason) |
 * | fetchedAt   | ISO-8601 |
 * | expiresAt   | ISO-8601: fresh until then, checked at read (the ledger table has no DynamoDB TTL) |
 * | purgeAt     | epoch seconds, `expiresAt` + 90 days: a TTL attribute for the day the table enables TTL (stale entries serve while the API is down, so they are kept past `expiresAt`) |
 *
 * The `PRICE#` partition prefix is new to the table (ledger items use `RES#`,
 * `ACTION#`, `RUN#`), and price items set no index attribute, so no ledger
 * index or query sees them. Reads are `BatchGetItem` (100 keys a call), writes
 * `BatchWriteItem` (25 a call).
 */
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CachedPrice, PriceCache } from './price-cache.js';
import { type PriceKey, priceKeyId } from './price-key.js';

/** Partition-key prefix of price items. */
export const PRICE_PARTITION_PREFIX = 'PRICE#';
/** Days a stale entry is kept after `expiresAt` (see `purgeAt`). */
export const STALE_RETENTION_DAYS = 90;

/** Options of {@link DynamoDbPriceCache}. */
export interface DynamoDbPriceCacheOptions {
  readonly client: Pick<DynamoDBDocumentClient, 'send'>;
  /** The ledger table. */
  readonly tableName: string;
  /** The table's partition key attribute (the ledger's `LEDGER_KEYS.partitionKey`). @default 'pk' */
  readonly partitionKey?: string;
  /** The table's sort key attribute (the ledger's `LEDGER_KEYS.sortKey`). @default 'sk' */
  readonly sortKey?: string;
  /** Retries of unprocessed keys or items before giving up on them. @default 3 */
  readonly retries?: number;
}

/** The item key of a price key. */
export function priceItemKey(key: PriceKey): { pk: string; sk: string } {
  const [service, region, component, item] = priceKeyId(key).split('#') as [string, string, string, string];
  return { pk: `${PRICE_PARTITION_PREFIX}${service}#${region}#${component}`, sk: `ITEM#${item}` };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Price cache items in the ledger table.
 *
 * @example
 * ```ts
 * const cache = new DynamoDbPriceCache({ client: DynamoDBDocumentClient.from(dynamodb), tableName: env.ledgerTable });
 * ```
 */
export class DynamoDbPriceCache implements PriceCache {
  private readonly pk: string;
  private readonly sk: string;
  private readonly retries: number;

  constructor(private readonly options: DynamoDbPriceCacheOptions) {
    if (!options.tableName) throw new Error('DynamoDbPriceCache needs a table name');
    this.pk = options.partitionKey ?? 'pk';
    this.sk = options.sortKey ?? 'sk';
    this.retries = options.retries ?? 3;
  }

  async get(keys: readonly PriceKey[]): Promise<Map<string, CachedPrice>> {
    const out = new Map<string, CachedPrice>();
    const table = this.options.tableName;
    for (const batch of chunks(keys, 100)) {
      let request: Record<string, unknown>[] = batch.map((key) => {
        const k = priceItemKey(key);
        return { [this.pk]: k.pk, [this.sk]: k.sk };
      });
      for (let attempt = 0; request.length > 0 && attempt <= this.retries; attempt++) {
        const res = await this.options.client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: request, ConsistentRead: true } } }));
        for (const item of res.Responses?.[table] ?? []) {
          const entry = this.entryOf(item);
          if (entry) out.set(priceKeyId(entry.key), entry);
        }
        request = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return out;
  }

  async put(entries: readonly CachedPrice[]): Promise<void> {
    const table = this.options.tableName;
    for (const batch of chunks(entries, 25)) {
      let writes: { PutRequest: { Item: Record<string, unknown> } }[] = batch.map((entry) => ({ PutRequest: { Item: this.itemOf(entry) } }));
      for (let attempt = 0; writes.length > 0; attempt++) {
        if (attempt > this.retries) throw new Error(`price cache: ${writes.length} item(s) left unprocessed after ${this.retries} retries`);
        const res = await this.options.client.send(new BatchWriteCommand({ RequestItems: { [table]: writes } }));
        writes = (res.UnprocessedItems?.[table] ?? []) as typeof writes;
      }
    }
  }

  private itemOf(entry: CachedPrice): Record<string, unknown> {
    const k = priceItemKey(entry.key);
    return {
      [this.pk]: k.pk,
      [this.sk]: k.sk,
      kind: 'price',
      payload: JSON.stringify({ key: entry.key, answer: entry.answer }),
      fetchedAt: entry.fetchedAt,
      expiresAt: entry.expiresAt,
      purgeAt: Math.floor(Date.parse(entry.expiresAt) / 1000) + STALE_RETENTION_DAYS * 86_400,
    };
  }

  /** The entry of a stored item; `undefined` for an item this version cannot read (treated as a miss). */
  private entryOf(item: Record<string, unknown>): CachedPrice | undefined {
    if (item.kind !== 'price' || typeof item.payload !== 'string' || typeof item.fetchedAt !== 'string' || typeof item.expiresAt !== 'string') return undefined;
    try {
      // Stored JSON of any version: the fields are checked, not trusted.
      const parsed = JSON.parse(item.payload) as Partial<Pick<CachedPrice, 'key' | 'answer'>> | null;
      const key = parsed?.key;
      const answer = parsed?.answer;
      if (!key?.service || !answer || typeof answer.found !== 'boolean') return undefined;
      return { key, answer, fetchedAt: item.fetchedAt, expiresAt: item.expiresAt };
    } catch {
      return undefined;
    }
  }
}
