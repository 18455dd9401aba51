import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { LEDGER_KEYS } from '../../../lib/ledger/table-design.js';
import { DynamoDbPriceCache, priceItemKey } from '../../../lib/prices/dynamodb-price-cache.js';
import type { CachedPrice } from '../../../lib/prices/price-cache.js';
import { priceKeyId, priceKeys } from '../../../lib/prices/price-key.js';

/** A fake document client: a map of items; the first BatchGet leaves one key unprocessed. */
function fakeTable() {
  const items = new Map<string, Record<string, unknown>>();
  const sent: string[] = [];
  let unprocessedOnce = true;
  const client = {
    async send(command: unknown) {
      if (command instanceof BatchWriteCommand) {
        sent.push('BatchWrite');
        for (const w of command.input.RequestItems!.ledger!) items.set(`${w.PutRequest!.Item!.pk}|${w.PutRequest!.Item!.sk}`, w.PutRequest!.Item!);
        return {};
      }
      if (command instanceof BatchGetCommand) {
        sent.push('BatchGet');
        const keys = command.input.RequestItems!.ledger!.Keys!;
        const [held, rest] = unprocessedOnce && keys.length > 1 ? [keys.slice(1), keys.slice(0, 1)] : [keys, []];
        unprocessedOnce = false;
        return {
          Responses: { ledger: held.map((k) => items.get(`${k.pk}|${k.sk}`)).filter(Boolean) },
          ...(rest.length ? { UnprocessedKeys: { ledger: { Keys: rest } } } : {}),
        };
      }
      throw new Error('unexpected command');
    },
  };
  return { client: client as never, items, sent };
}

const entry = (key = priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')): CachedPrice => ({
  key,
  answer: { found: false, reason: 'the Price List API lists no on-demand sagemaker hosting' },
  fetchedAt: '2026-11-29T06:00:00.000Z',
  expiresAt: '2026-12-06T06:00:00.000Z',
});

describe('the DynamoDB price cache (ledger table)', () => {
  it('uses the ledger key attributes and a PRICE# partition no ledger item or index uses', () => {
    expect([LEDGER_KEYS.partitionKey, LEDGER_KEYS.sortKey]).toEqual(['pk', 'sk']);
    expect(priceItemKey(priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge'))).toEqual({
      pk: 'PRICE#sagemaker#ap-northeast-1#hosting',
      sk: 'ITEM#ml.g4dn.xlarge',
    });
  });

  it('writes one item per key with expiresAt (checked at read) and purgeAt (TTL-ready), and reads them back', async () => {
    const table = fakeTable();
    const cache = new DynamoDbPriceCache({ client: table.client, tableName: 'ledger' });
    const second = entry(priceKeys.ec2OnDemand('us-east-1', 'g5.xlarge'));
    await cache.put([entry(), second]);
    const stored = table.items.get('PRICE#sagemaker#ap-northeast-1#hosting|ITEM#ml.g4dn.xlarge')!;
    expect(stored).toMatchObject({
      kind: 'price',
      fetchedAt: '2026-11-29T06:00:00.000Z',
      expiresAt: '2026-12-06T06:00:00.000Z',
      purgeAt: Date.parse('2026-12-06T06:00:00Z') / 1000 + 90 * 86_400,
    });
    expect(Object.keys(stored).some((k) => k.startsWith('gsi'))).toBe(false);
    const read = await cache.get([entry().key, second.key, priceKeys.ec2OnDemand('us-east-1', 'p5.48xlarge')]);
    expect([...read.keys()].sort()).toEqual([priceKeyId(entry().key), priceKeyId(second.key)].sort());
    expect(read.get(priceKeyId(entry().key))).toEqual(entry());
    expect(table.sent).toEqual(['BatchWrite', 'BatchGet', 'BatchGet']); // the unprocessed key is asked again
  });

  it('an item it cannot read is a miss, not an error', async () => {
    const table = fakeTable();
    table.items.set('PRICE#sagemaker#ap-northeast-1#hosting|ITEM#ml.g4dn.xlarge', {
      pk: 'PRICE#sagemaker#ap-northeast-1#hosting',
      sk: 'ITEM#ml.g4dn.xlarge',
      kind: 'price',
      payload: '{oops',
      fetchedAt: 'x',
      expiresAt: 'y',
    });
    const read = await new DynamoDbPriceCache({ client: table.client, tableName: 'ledger' }).get([entry().key]);
    expect(read.size).toBe(0);
  });
});
