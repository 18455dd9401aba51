/**
 * Bedrock Provisioned Throughput prices: the usage type that tells its products apart,
 * the model names it is known under, the one Price List query per region, and the book's
 * answers (live only; unknown with the reason otherwise, never another model's price).
 */
import { describe, expect, it } from 'vitest';
import { baseModelId, throughputUsageModel } from '../../../lib/prices/bedrock-throughput-models.js';
import { resolveLivePrices } from '../../../lib/prices/live-price-resolver.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { priceKeyId, priceKeys } from '../../../lib/prices/price-key.js';
import { parsePriceListDocument } from '../../../lib/prices/price-list-document.js';
import { matchProduct } from '../../../lib/prices/price-list-match.js';
import { planPriceQueries } from '../../../lib/prices/price-query-plan.js';
import { FakePriceListApi, fixtureDoc, type Doc } from './price-list-fixtures.js';

const NOW = new Date('2026-11-29T06:00:00Z');
const NOVA = 'amazon.nova-2-lite-v1:0:256k';
const NOVA_ARN = `arn:aws:bedrock:us-east-1::foundation-model/${NOVA}`;
const usage = (term: string) => `USE1-Nova2.0Lite-ProvisionedThroughput-${term}-ModelUnits`;

function match(doc: Doc) {
  const parsed = parsePriceListDocument(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.reason);
  return matchProduct(parsed.product);
}

describe('Bedrock Provisioned Throughput in the Price List', () => {
  it('reads a model unit-hour price from the usage type, for each term', () => {
    expect(match(fixtureDoc('AmazonBedrock', { usagetype: usage('NoCommit') }))).toEqual({
      ok: true,
      quotes: [
        expect.objectContaining({
          service: 'bedrock',
          region: 'us-east-1',
          component: 'provisioned-throughput',
          item: 'Nova2.0Lite:NoCommit',
          usdPerUnit: 60.5,
          unit: 'USD per model unit-hour',
          apiUnit: 'Hrs',
          usageType: usage('NoCommit'),
        }),
      ],
    });
    const items = ['1Month', '6Months'].map((t) => match(fixtureDoc('AmazonBedrock', { usagetype: usage(t) })));
    expect(items.map((m) => (m.ok ? [m.quotes[0]!.item, m.quotes[0]!.usdPerUnit] : m.reason))).toEqual([
      ['Nova2.0Lite:1Month', 55],
      ['Nova2.0Lite:6Months', 30.25],
    ]);
  });

  it('skips a Provisioned Throughput price not per hour, and leaves token products to the token matcher', () => {
    const doc = fixtureDoc('AmazonBedrock', { usagetype: usage('NoCommit') });
    Object.values<Doc>(Object.values<Doc>(doc.terms.OnDemand)[0].priceDimensions)[0].unit = 'Units';
    expect(match(doc)).toEqual({ ok: false, reason: 'Provisioned Throughput unit Units is not hours' });
    expect(match(fixtureDoc('AmazonBedrock', { inferenceType: 'Input tokens' }))).toMatchObject({ ok: true, quotes: [{ component: 'input-tokens' }] });
  });

  it('knows a model by id, context-window id or foundation-model ARN; nothing else', () => {
    expect(baseModelId(NOVA_ARN)).toBe('amazon.nova-2-lite-v1:0');
    expect([NOVA, NOVA_ARN, 'amazon.nova-2-lite-v1:0'].map(throughputUsageModel)).toEqual(['Nova2.0Lite', 'Nova2.0Lite', 'Nova2.0Lite']);
    expect(throughputUsageModel('amazon.nova-micro-v1:0:128k')).toBeUndefined();
    expect(priceKeys.bedrockProvisionedThroughput('US-EAST-1', NOVA, 'OneMonth')).toEqual({
      service: 'bedrock',
      region: 'us-east-1',
      component: 'provisioned-throughput',
      item: 'Nova2.0Lite:1Month',
    });
    expect(priceKeys.bedrockProvisionedThroughput('us-east-1', 'amazon.nova-micro-v1:0:128k', 'none')).toBeUndefined();
  });

  it('asks once per region for every Bedrock product (no attribute selects Provisioned Throughput), whatever the terms', () => {
    const keys = (['none', 'OneMonth', 'SixMonths'] as const).map((c) => priceKeys.bedrockProvisionedThroughput('us-east-1', NOVA, c)!);
    const { queries } = planPriceQueries([...keys, priceKeys.bedrockProvisionedThroughput('eu-west-1', NOVA, 'none')!]);
    expect(queries.map((q) => [q.serviceCode, q.filters, q.strategy, q.keys.length])).toEqual([
      ['AmazonBedrock', [{ field: 'regionCode', value: 'us-east-1' }], 'per-component', 3],
      ['AmazonBedrock', [{ field: 'regionCode', value: 'eu-west-1' }], 'per-component', 1],
    ]);
  });

  it('the book answers live, and says why when it cannot (unknown model, not resolved, absent)', async () => {
    const keys = [priceKeys.bedrockProvisionedThroughput('us-east-1', NOVA, 'none'), priceKeys.bedrockProvisionedThroughput('eu-west-1', NOVA, 'none')];
    const resolution = await resolveLivePrices(keys, { api: new FakePriceListApi(), now: NOW });
    expect(resolution.calls).toBe(2);
    const book = defaultPriceBook.withLivePrices(resolution.live);
    const hit = book.bedrockProvisionedThroughput('us-east-1', NOVA_ARN, 'none');
    expect(hit).toMatchObject({ found: true, quote: { usdPerUnit: 60.5, unit: 'USD per model unit-hour', region: 'us-east-1', origin: 'price-list-api' } });
    expect(book.bedrockProvisionedThroughput('eu-west-1', NOVA, 'none')).toEqual({
      found: false,
      reason: expect.stringMatching(
        /^live price unavailable \(the Price List API lists no on-demand bedrock provisioned-throughput Nova2.0Lite:NoCommit in eu-west-1\); no Bedrock Provisioned Throughput price \(no commitment\)/,
      ),
    });
    expect(book.bedrockProvisionedThroughput('us-east-1', NOVA, 'SixMonths')).toMatchObject({
      found: false,
      reason: expect.stringMatching(/not resolved live in this run/),
    });
    expect(book.bedrockProvisionedThroughput('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0:200k', 'none')).toEqual({
      found: false,
      reason:
        'no Bedrock Provisioned Throughput price (no commitment) for anthropic.claude-3-haiku-20240307-v1:0:200k in us-east-1: the Price List usage type of this model is not known',
    });
    expect(defaultPriceBook.bedrockProvisionedThroughput('us-east-1', NOVA, 'OneMonth')).toEqual({
      found: false,
      reason: `no Bedrock Provisioned Throughput price (OneMonth) for ${NOVA} in us-east-1: the bundled tables have no Provisioned Throughput prices`,
    });
    expect(priceKeyId(keys[0]!)).toBe('bedrock#us-east-1#provisioned-throughput#nova2.0lite:nocommit');
  });
});
