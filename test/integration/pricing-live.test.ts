/**
 * The live price path end to end on the emulator: the real PricingClient over
 * HTTP, the resolver, the DynamoDB cache in the ledger table, and the price book
 * overlay; then the API down (cache, then bundle, then unknown).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { initLocal } from '../../lib/local/init-local.js';
import { DynamoDbPriceCache } from '../../lib/prices/dynamodb-price-cache.js';
import { resolveLivePrices } from '../../lib/prices/live-price-resolver.js';
import { defaultPriceBook } from '../../lib/prices/price-book.js';
import { createPricingClient, priceListApiFromSdk } from '../../lib/prices/price-list-client.js';
import { priceKeys } from '../../lib/prices/price-key.js';
import { CREDENTIALS, emulator, ledgerItems, REGION } from '../support/integration.js';

const NOW = new Date('2026-11-29T06:00:00Z');
const TOMORROW = new Date('2026-11-30T06:00:00Z');
const NEXT_MONTH = new Date('2026-12-29T06:00:00Z');

/** What a run with an idle Tokyo endpoint, a capped us-east-1 training job and a Frankfurt volume needs. */
const keys = [
  priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge'),
  priceKeys.sageMakerTraining('us-east-1', 'ml.p4d.24xlarge'),
  priceKeys.ebs('eu-central-1', 'gp3-storage'),
];

let table: string;
const api = () =>
  priceListApiFromSdk(createPricingClient({ endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1, retryMode: 'standard' }));
const cache = () =>
  new DynamoDbPriceCache({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS })),
    tableName: table,
  });

beforeEach(async () => {
  await emulator().reset();
  table = (await initLocal({ endpoint: inject('emulatorEndpoint'), region: REGION, prefix: 'pricing' })).ledgerTable;
});

describe('live prices from the emulated Price List API', () => {
  it('prices an idle Tokyo endpoint, a us-east-1 p4d training job and a Frankfurt gp3 volume; a day later, zero calls', async () => {
    const cold = await resolveLivePrices(keys, { api: api(), cache: cache(), now: NOW });
    expect(cold.calls).toBe(3); // one per (service, region, component): three groups of one item each
    expect(await emulator().control('pricing/calls')).toEqual({ calls: 3 });
    const book = defaultPriceBook.withLivePrices(cold.live);
    expect(book.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.994, region: 'ap-northeast-1', origin: 'price-list-api', sourceDate: '2026-11-01T00:00:00Z' },
    });
    expect(book.sageMakerTraining('us-east-1', 'ml.p4d.24xlarge')).toMatchObject({ found: true, quote: { usdPerUnit: 37.5, unit: 'USD per hour' } });
    expect(book.ebs('eu-central-1', 'gp3-storage')).toMatchObject({ found: true, quote: { usdPerUnit: 0.0952, unit: 'USD per GB-month' } });
    // The bundled tables alone know none of the three.
    expect([
      defaultPriceBook.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge').found,
      defaultPriceBook.sageMakerTraining('us-east-1', 'ml.p4d.24xlarge').found,
      defaultPriceBook.ebs('eu-central-1', 'gp3-storage').found,
    ]).toEqual([false, false, false]);

    const items = (await ledgerItems(table)).filter((i) => String(i.pk).startsWith('PRICE#'));
    expect(items.map((i) => `${String(i.pk)} ${String(i.sk)}`).sort()).toEqual([
      'PRICE#ebs#eu-central-1#storage ITEM#gp3-storage',
      'PRICE#sagemaker#ap-northeast-1#hosting ITEM#ml.g4dn.xlarge',
      'PRICE#sagemaker#us-east-1#training ITEM#ml.p4d.24xlarge',
    ]);

    const warm = await resolveLivePrices(keys, { api: api(), cache: cache(), now: TOMORROW });
    expect([warm.calls, warm.cacheHits]).toEqual([0, 3]);
    expect(await emulator().control('pricing/calls')).toEqual({ calls: 3 });
    expect(defaultPriceBook.withLivePrices(warm.live).sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.994, origin: 'price-list-cache' },
    });
  });

  it('API throttled: a stale cache entry, then the bundled table, then unknown, each with the reason', async () => {
    await resolveLivePrices([keys[0]], { api: api(), cache: cache(), now: NOW }); // Tokyo cached
    await emulator().control('pricing/fail', { mode: 'throttle' });
    const withBundled = [...keys, priceKeys.ebs('us-east-1', 'gp3-storage')];
    const down = await resolveLivePrices(withBundled, { api: api(), cache: cache(), now: NEXT_MONTH });
    expect(down.queries.every((q) => q.error?.startsWith('ThrottlingException'))).toBe(true);
    const book = defaultPriceBook.withLivePrices(down.live);

    // 1. the cache, past its TTL, says so
    expect(book.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.994, origin: 'price-list-cache', note: expect.stringContaining('past its TTL: Price List API unavailable (ThrottlingException') },
    });
    // 2. the bundled row, with why the live price was not used
    expect(book.ebs('us-east-1', 'gp3-storage')).toMatchObject({
      found: true,
      quote: {
        usdPerUnit: 0.08,
        origin: 'bundled',
        sourceDate: '2024-07-18',
        note: expect.stringMatching(/^Live price unavailable \(Price List API unavailable \(ThrottlingException/),
      },
    });
    // 3. unknown, with both reasons: the sweep goes on with a null saving
    const training = book.sageMakerTraining('us-east-1', 'ml.p4d.24xlarge');
    expect(training.found).toBe(false);
    expect(!training.found && training.reason).toMatch(
      /^live price unavailable \(Price List API unavailable \(ThrottlingException.*\); no SageMaker training price for ml\.p4d\.24xlarge in us-east-1 in the bundled table/,
    );
    const volume = book.ebs('eu-central-1', 'gp3-storage');
    expect(!volume.found && volume.reason).toContain(
      "Bundled gp3-storage prices exist only for: us-east-1, us-west-2, eu-west-1. The book never uses another region's price.",
    );
  });
});
