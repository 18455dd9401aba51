import { describe, expect, it } from 'vitest';
import { resolveLivePrices } from '../../../lib/prices/live-price-resolver.js';
import { MemoryPriceCache } from '../../../lib/prices/price-cache.js';
import { priceKeyId, priceKeys } from '../../../lib/prices/price-key.js';
import { planPriceQueries } from '../../../lib/prices/price-query-plan.js';
import { FakePriceListApi, fixtureDoc, throttling } from './price-list-fixtures.js';

const NOW = new Date('2026-11-29T06:00:00Z');
const daysLater = (days: number) => new Date(NOW.getTime() + days * 86_400_000);
const tokyo = priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge');

describe('grouping keys into few GetProducts queries', () => {
  it('asks per item when there are fewer items than the component query has pages, else component-wide', () => {
    const few = planPriceQueries([tokyo, priceKeys.sageMakerHosting('ap-northeast-1', 'ml.m5.large')]).queries;
    expect(few.map((q) => [q.strategy, q.filters.at(-1)])).toEqual([
      ['per-item', { field: 'instanceName', value: 'ml.g4dn.xlarge' }],
      ['per-item', { field: 'instanceName', value: 'ml.m5.large' }],
    ]);
    const many = planPriceQueries(['ml.g4dn.xlarge', 'ml.m5.large', 'ml.g5.xlarge'].map((t) => priceKeys.sageMakerHosting('ap-northeast-1', t))).queries;
    expect(many).toHaveLength(1);
    expect(many[0]).toMatchObject({ strategy: 'per-component', keys: expect.any(Array) });
    expect(many[0]!.filters).toEqual([
      { field: 'regionCode', value: 'ap-northeast-1' },
      { field: 'productFamily', value: 'ML Instance' },
      { field: 'component', value: 'Hosting' },
    ]);
  });

  it('groups per (service, region, component): EBS items of one family share a query; regions never mix', () => {
    const keys = [
      priceKeys.ebs('eu-central-1', 'gp3-storage'),
      priceKeys.ebs('eu-central-1', 'gp2-storage'),
      priceKeys.ebs('eu-central-1', 'gp3-iops'),
      priceKeys.ebs('us-east-1', 'gp3-storage'),
      priceKeys.ec2OnDemand('us-east-1', 'g5.xlarge'),
    ].filter((k) => k !== undefined);
    const { queries } = planPriceQueries(keys);
    expect(queries.map((q) => `${q.serviceCode} ${q.region} ${q.component} ${q.strategy} ${q.keys.length}`)).toEqual([
      'AmazonEC2 eu-central-1 storage per-component 2',
      'AmazonEC2 eu-central-1 iops per-component 1',
      'AmazonEC2 us-east-1 storage per-component 1',
      'AmazonEC2 us-east-1 on-demand per-item 1',
    ]);
    expect(priceKeys.ebs('us-east-1', 'fast-snapshot-restore')).toBeUndefined(); // bundled table only
  });
});

describe('resolving live prices', () => {
  it('one call for one key; the quote states the asked region; duplicates are one key', async () => {
    const api = new FakePriceListApi();
    const resolution = await resolveLivePrices([tokyo, tokyo, undefined], { api, now: NOW });
    expect(resolution.calls).toBe(1);
    expect(resolution.outcomes.get(priceKeyId(tokyo))).toMatchObject({ kind: 'live', quote: { region: 'ap-northeast-1', usdPerUnit: 0.994 } });
    expect(resolution.queries).toEqual([expect.objectContaining({ strategy: 'per-item', calls: 1, documents: 1 })]);
  });

  it('counts pages: a component-wide query of 4 SageMaker products at 2 per page is 2 calls', async () => {
    const api = new FakePriceListApi();
    const keys = ['ml.g4dn.xlarge', 'ml.m5.large', 'ml.g5.xlarge', 'ml.p5.48xlarge'].map((t) => priceKeys.sageMakerHosting('ap-northeast-1', t));
    const resolution = await resolveLivePrices(keys, { api, now: NOW, maxResults: 2 });
    expect(resolution.calls).toBe(2);
    expect(api.calls).toHaveLength(2);
    expect(resolution.outcomes.get(priceKeyId(keys[3]!))).toEqual({
      kind: 'absent',
      reason: 'the Price List API lists no on-demand sagemaker hosting ml.p5.48xlarge in ap-northeast-1',
    });
  });

  it('caches answers (prices and "no price") for the TTL: zero calls while fresh, one again after', async () => {
    const api = new FakePriceListApi();
    const cache = new MemoryPriceCache();
    const missing = priceKeys.sageMakerHosting('ap-northeast-1', 'ml.p5.48xlarge');
    const cold = await resolveLivePrices([tokyo, missing], { api, cache, now: NOW });
    expect(cold.calls).toBe(2);
    expect(cache.entries().map((e) => [e.answer.found, e.expiresAt])).toEqual([
      [true, '2026-12-06T06:00:00.000Z'],
      [false, '2026-12-06T06:00:00.000Z'],
    ]);
    const warm = await resolveLivePrices([tokyo, missing], { api, cache, now: daysLater(6) });
    expect([warm.calls, warm.cacheHits]).toEqual([0, 2]);
    expect(warm.outcomes.get(priceKeyId(tokyo))).toMatchObject({
      kind: 'cached',
      fetchedAt: NOW.toISOString(),
      quote: { publicationDate: '2026-11-01T00:00:00Z' },
    });
    expect(warm.outcomes.get(priceKeyId(missing))).toMatchObject({ kind: 'absent', reason: expect.stringContaining('cached answer of 2026-11-29') });
    const expired = await resolveLivePrices([tokyo], { api, cache, now: daysLater(7), ttlDays: 7 });
    expect(expired.calls).toBe(1);
  });

  it('API down: a stale cache entry is used with the reason; without one the key fails with the reason', async () => {
    const api = new FakePriceListApi();
    const cache = new MemoryPriceCache();
    await resolveLivePrices([tokyo], { api, cache, now: NOW });
    api.failWith = throttling();
    const other = priceKeys.sageMakerHosting('us-west-2', 'ml.g4dn.xlarge');
    const down = await resolveLivePrices([tokyo, other], { api, cache, now: daysLater(30) });
    expect(down.outcomes.get(priceKeyId(tokyo))).toMatchObject({
      kind: 'stale-cache',
      quote: { usdPerUnit: 0.994 },
      reason: 'Price List API unavailable (ThrottlingException: Rate exceeded (HTTP 400))',
    });
    expect(down.outcomes.get(priceKeyId(other))).toEqual({
      kind: 'failed',
      reason: 'Price List API unavailable (ThrottlingException: Rate exceeded (HTTP 400))',
    });
    expect(down.queries.every((q) => q.error)).toBe(true);
  });

  it('never takes another region: a product of another region, even if the API returned it, matches no key', async () => {
    const api = new FakePriceListApi();
    const usWest = fixtureDoc('AmazonSageMaker', { regionCode: 'us-west-2', component: 'Hosting' });
    usWest.product.attributes.instanceName = 'ml.c5.xlarge';
    api.extraDocs.push({ serviceCode: 'AmazonSageMaker', doc: usWest, unfiltered: true });
    const key = priceKeys.sageMakerHosting('eu-central-1', 'ml.c5.xlarge');
    const resolution = await resolveLivePrices([key], { api, now: NOW });
    expect(resolution.queries[0]!.documents).toBe(1);
    expect(resolution.outcomes.get(priceKeyId(key))).toEqual({
      kind: 'absent',
      reason: 'the Price List API lists no on-demand sagemaker hosting ml.c5.xlarge in eu-central-1',
    });
  });

  it('skips malformed documents with a logged reason; ambiguous prices are not used', async () => {
    const api = new FakePriceListApi();
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (...args: unknown[]) => warnings.push(args) };
    const twin = fixtureDoc('AmazonSageMaker', { regionCode: 'ap-northeast-1', component: 'Hosting', instanceName: 'ml.g4dn.xlarge' });
    twin.product.sku = 'TWINSKU';
    Object.values<{ priceDimensions: Record<string, { pricePerUnit: { USD: string } }> }>(twin.terms.OnDemand)[0]!.priceDimensions = {
      x: {
        ...Object.values<object>(Object.values<{ priceDimensions: Record<string, object> }>(twin.terms.OnDemand)[0]!.priceDimensions)[0],
        pricePerUnit: { USD: '1.5' },
      },
    };
    api.extraDocs.push({ serviceCode: 'AmazonSageMaker', doc: twin }, { serviceCode: 'AmazonEC2', doc: '{"product": ' });
    const g5 = priceKeys.ec2OnDemand('us-east-1', 'g5.xlarge');
    const resolution = await resolveLivePrices([tokyo, g5], { api, now: NOW, logger });
    expect(resolution.outcomes.get(priceKeyId(tokyo))).toMatchObject({
      kind: 'absent',
      reason: expect.stringMatching(/lists 2 different prices .*0\.994, 1\.5 USD.*ambiguous/),
    });
    expect(resolution.outcomes.get(priceKeyId(g5))).toMatchObject({ kind: 'live', quote: { usdPerUnit: 1.006 } });
    expect(resolution.skipped).toEqual([{ reason: expect.stringMatching(/^not JSON/) }]);
    expect(warnings).toHaveLength(1);
  });

  it('live pricing off: no call, every key disabled; a failing cache is not fatal', async () => {
    const api = new FakePriceListApi();
    const off = await resolveLivePrices([tokyo], { api, now: NOW, live: false });
    expect([off.calls, off.outcomes.get(priceKeyId(tokyo))?.kind]).toEqual([0, 'disabled']);
    const broken = { get: async () => Promise.reject(new Error('table gone')), put: async () => Promise.reject(new Error('table gone')) };
    const resolution = await resolveLivePrices([tokyo], { api, cache: broken, now: NOW });
    expect(resolution.outcomes.get(priceKeyId(tokyo))?.kind).toBe('live');
  });

  it('the 1,000-endpoint bench estate (all ml.g4dn.xlarge, one region): 1 call on a cold cache, 0 on a warm one', async () => {
    const api = new FakePriceListApi();
    const cache = new MemoryPriceCache();
    const estate = Array.from({ length: 1000 }, () => priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge'));
    expect((await resolveLivePrices(estate, { api, cache, now: NOW })).calls).toBe(1);
    expect((await resolveLivePrices(estate, { api, cache, now: daysLater(1) })).calls).toBe(0);
    // A mixed estate: 3 regions x 5 types -> one component-wide query per region (pages: 1 each here, about 3 on AWS).
    const types = ['ml.g4dn.xlarge', 'ml.m5.large', 'ml.g5.xlarge', 'ml.c5.xlarge', 'ml.g4dn.12xlarge'];
    const mixed = ['ap-northeast-1', 'us-west-2', 'us-east-1'].flatMap((r) => types.map((t) => priceKeys.sageMakerHosting(r, t)));
    const resolution = await resolveLivePrices(mixed, { api: new FakePriceListApi(), now: NOW });
    expect(resolution.queries.map((q) => [q.strategy, q.calls])).toEqual([
      ['per-component', 1],
      ['per-component', 1],
      ['per-component', 1],
    ]);
  });
});
