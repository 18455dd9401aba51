import { describe, expect, it } from 'vitest';
import { resolveLivePrices } from '../../../lib/prices/live-price-resolver.js';
import { livePricesFrom } from '../../../lib/prices/live-quote.js';
import { MemoryPriceCache } from '../../../lib/prices/price-cache.js';
import { priceKeyId, priceKeys } from '../../../lib/prices/price-key.js';
import { defaultPriceBook, describeQuote } from '../../../lib/prices/price-book.js';
import { FakePriceListApi, throttling } from './price-list-fixtures.js';

const NOW = new Date('2026-11-29T06:00:00Z');

/** A book with live prices resolved from the fake API for `keys`. */
async function liveBook(keys: Parameters<typeof resolveLivePrices>[0], api = new FakePriceListApi(), cache = new MemoryPriceCache(), now = NOW) {
  const resolution = await resolveLivePrices(keys, { api, cache, now });
  return { book: defaultPriceBook.withLivePrices(resolution.live), resolution };
}

describe('precedence: live answer (or its cache) > bundled table > unknown', () => {
  it('a live price wins over a bundled one, with the API, SKU and publication date as its source', async () => {
    const key = priceKeys.sageMakerHosting('eu-west-1', 'ml.g4dn.xlarge');
    const { book } = await liveBook([key]);
    const hit = book.sageMakerHosting('eu-west-1', 'ml.g4dn.xlarge');
    expect(hit).toMatchObject({
      found: true,
      quote: {
        usdPerUnit: 0.821,
        unit: 'USD per hour',
        region: 'eu-west-1',
        regionBasis: 'stated',
        origin: 'price-list-api',
        sourceDate: '2026-11-01T00:00:00Z',
        source: expect.stringMatching(/^AWS Price List API \(AmazonSageMaker, SKU \w+, rate code /),
      },
    });
    expect(hit.found && describeQuote(hit.quote)).toContain('Effective 2026-11-01.');
  });

  it('Tokyo: the live price fills a region the bundle lacks; the cache serves it the next day', async () => {
    expect(defaultPriceBook.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge').found).toBe(false);
    const cache = new MemoryPriceCache();
    const api = new FakePriceListApi();
    await liveBook([priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')], api, cache);
    const { book, resolution } = await liveBook([priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')], api, cache, new Date('2026-11-30T06:00:00Z'));
    expect(resolution.calls).toBe(0);
    expect(book.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.994, origin: 'price-list-cache', note: expect.stringContaining('Cached from the API at 2026-11-29T06:00:00.000Z') },
    });
  });

  it('no live price: the bundled row is used and says why; no bundled row either: unknown with both reasons', async () => {
    const api = new FakePriceListApi();
    api.failWith = throttling();
    const keys = [priceKeys.ec2OnDemand('us-east-1', 'g4dn.xlarge'), priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')];
    const { book } = await liveBook(keys, api);
    expect(book.ec2OnDemand('us-east-1', 'g4dn.xlarge')).toMatchObject({
      found: true,
      quote: {
        usdPerUnit: 0.526,
        origin: 'bundled',
        sourceDate: '2026-07-20',
        note: 'Live price unavailable (Price List API unavailable (ThrottlingException: Rate exceeded (HTTP 400))); bundled price used.',
      },
    });
    const unknown = book.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge');
    expect(unknown.found).toBe(false);
    expect(!unknown.found && unknown.reason).toMatch(
      /^live price unavailable \(Price List API unavailable \(ThrottlingException.*\); no SageMaker hosting price for ml\.g4dn\.xlarge in ap-northeast-1 in the bundled table/,
    );
  });

  it('never another region: a live us-east-1 price does not answer ap-northeast-1, and the bundle does not either', async () => {
    const usEast = priceKeys.sageMakerHosting('us-east-1', 'ml.g5.4xlarge');
    const tokyo = priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g5.4xlarge');
    const { book, resolution } = await liveBook([usEast, tokyo]);
    expect(resolution.outcomes.get(priceKeyId(usEast))?.kind).toBe('live');
    expect(resolution.outcomes.get(priceKeyId(tokyo))?.kind).toBe('absent');
    expect(book.sageMakerHosting('us-east-1', 'ml.g5.4xlarge')).toMatchObject({ found: true, quote: { usdPerUnit: 2.03, origin: 'price-list-api' } });
    const miss = book.sageMakerHosting('ap-northeast-1', 'ml.g5.4xlarge');
    expect(miss.found).toBe(false);
    expect(!miss.found && miss.reason).toContain("never uses another region's price");
  });

  it('EBS and serverless answer live too; items only the bundle prices keep the bundled row', async () => {
    const keys = [
      priceKeys.ebs('eu-central-1', 'gp3-storage'),
      priceKeys.ebs('eu-central-1', 'gp3-throughput-per-MiBps'),
      priceKeys.sageMakerServerless('us-east-1', 3072),
    ];
    const { book, resolution } = await liveBook(keys);
    expect(resolution.calls).toBe(3);
    expect(book.ebs('eu-central-1', 'gp3-storage')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.0952, unit: 'USD per GB-month', origin: 'price-list-api' },
    });
    expect(book.ebs('eu-central-1', 'gp3-throughput-per-MiBps')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 48 / 1024, note: expect.stringMatching(/^derived: /) },
    });
    expect(book.sageMakerServerless('us-east-1', 3072)).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.00006, unit: 'USD per second', item: 'serverless inference 3072 MB', regionBasis: 'stated' },
    });
    expect(book.ebs('us-east-1', 'fast-snapshot-restore')).toMatchObject({
      found: true,
      quote: { usdPerUnit: 0.75, origin: 'bundled', note: expect.stringContaining('the live path does not price this item') },
    });
  });

  it('live pricing off: bundled answers without a live note; a book without live prices is unchanged', async () => {
    const key = priceKeys.ec2OnDemand('us-east-1', 'g4dn.xlarge');
    const off = await resolveLivePrices([key], { api: new FakePriceListApi(), now: NOW, live: false });
    const quote = defaultPriceBook.withLivePrices(off.live).ec2OnDemand('us-east-1', 'g4dn.xlarge');
    expect(quote).toMatchObject({ found: true, quote: { origin: 'bundled' } });
    expect(quote.found && quote.quote.note).toBeUndefined();
    expect(defaultPriceBook.ec2OnDemand('us-east-1', 'g4dn.xlarge')).toEqual({
      found: true,
      quote: expect.not.objectContaining({ origin: expect.anything() }),
    });
    expect(defaultPriceBook.withLivePrices(livePricesFrom(new Map())).ec2OnDemand('us-east-1', 'g4dn.xlarge')).toMatchObject({
      found: true,
      quote: { origin: 'bundled', note: 'Live price unavailable (not resolved live in this run); bundled price used.' },
    });
  });
});
