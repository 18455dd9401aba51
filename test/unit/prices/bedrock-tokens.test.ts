/**
 * Bedrock token prices: the bundled table (built from /work/shared/prices/bedrock.csv,
 * model-id rows only), its region policy, profile ids never priced as their base
 * model, the table's validation, and the live path for ids the table maps to a Price
 * List model name.
 */
import { describe, expect, it } from 'vitest';
import { bedrockTokenPriceKeys } from '../../../lib/prices/bedrock-price-keys.js';
import { bundledBedrockIndex, indexBedrockTable } from '../../../lib/prices/bundled-bedrock.js';
import { resolveLivePrices } from '../../../lib/prices/live-price-resolver.js';
import { bundledPriceTables, defaultPriceBook, PriceBook, PriceTableError } from '../../../lib/prices/price-book.js';
import type { BedrockTokenTable } from '../../../lib/prices/price-types.js';
import { FakePriceListApi } from './price-list-fixtures.js';

const FMBENCH = 'github:aws-samples/foundation-model-benchmarking-tool/fmbench/configs/pricing_fallback.yml@d8814208fb3a9b6f0aa7e986e868ea3759d801ce';

describe('bundled Bedrock token prices', () => {
  it('holds the 37 model-id rows of the shared table, region unspecified, used for us-east-1 only and flagged', () => {
    const idx = bundledBedrockIndex();
    expect(idx.rows.get('unspecified')?.size).toBe(37);
    expect([...idx.rows.keys()]).toEqual(['unspecified']);
    const hit = defaultPriceBook.bedrockTokens('us-east-1', 'amazon.nova-micro-v1:0', 'output');
    expect(hit).toMatchObject({
      found: true,
      quote: {
        usdPerUnit: 0.00014,
        unit: 'USD per 1K tokens',
        item: 'amazon.nova-micro-v1:0 output tokens',
        region: 'us-east-1',
        regionBasis: 'unstated',
        source: FMBENCH,
        sourceDate: '2025-01-26',
        note: expect.stringContaining('Region not stated by the source'),
      },
    });
    expect(defaultPriceBook.bedrockTokens('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0', 'input')).toMatchObject({ quote: { usdPerUnit: 0.00025 } });
  });

  it('never uses another region: the same id in eu-west-1 is unknown, with where it is priced', () => {
    const miss = defaultPriceBook.bedrockTokens('eu-west-1', 'amazon.nova-micro-v1:0', 'input');
    expect(miss).toMatchObject({ found: false, reason: expect.stringContaining('exist only for: us-east-1 (region not stated by the source)') });
  });

  it('a cross-region profile id is priced by its own row only, never as its base model', () => {
    // The source lists us.amazon.nova-pro-v1:0 itself: priced.
    expect(defaultPriceBook.bedrockTokens('us-east-1', 'us.amazon.nova-pro-v1:0', 'output')).toMatchObject({ found: true, quote: { usdPerUnit: 0.0032 } });
    // anthropic.claude-3-haiku has a row, its us. profile has none: unknown, not 0.00025.
    const profile = defaultPriceBook.bedrockTokens('us-east-1', 'us.anthropic.claude-3-haiku-20240307-v1:0', 'input');
    expect(profile).toMatchObject({ found: false, reason: expect.stringContaining('a cross-region profile id is not its base model') });
  });

  it('an unknown model is unknown, never a similar model', () => {
    expect(defaultPriceBook.bedrockTokens('us-east-1', 'amazon.nova-micro-v2:0', 'input').found).toBe(false);
    expect(defaultPriceBook.bedrockTokens('us-east-1', '', 'input')).toEqual({ found: false, reason: 'no model id given for the Bedrock input token price' });
    expect(defaultPriceBook.bedrockTokens('unspecified', 'amazon.nova-micro-v1:0', 'input').found).toBe(false);
  });

  it('keeps the later-source caveat of the Claude 3.5 Sonnet rows', () => {
    const hit = defaultPriceBook.bedrockTokens('us-east-1', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'input');
    expect(hit).toMatchObject({ found: true, quote: { usdPerUnit: 0.003, note: expect.stringContaining('may be out of date') } });
  });

  it('lists its source once among the book sources (the same fmbench id as the hosting table)', () => {
    expect(defaultPriceBook.sources().filter((s) => s.id === 'fmbench-pricing-fallback')).toHaveLength(1);
  });
});

describe('table validation', () => {
  const table = (rows: BedrockTokenTable['rows'], extra: Partial<BedrockTokenTable> = {}): BedrockTokenTable => ({
    description: 't',
    currency: 'USD',
    unit: 'USD per 1K tokens',
    sources: [{ id: 's', source: 'x', sourceDate: '2026-01-01' }],
    rows,
    ...extra,
  });
  const row = { region: 'us-east-1', modelId: 'm.a-v1:0', usdPer1kInputTokens: 0.1, usdPer1kOutputTokens: 0.2, sourceId: 's' };

  it('rejects bad regions, prices, duplicates and unknown sources, naming the row', () => {
    expect(() => indexBedrockTable(table([{ ...row, region: 'global' }]))).toThrow(/row region "global" is not an AWS region code/);
    expect(() => indexBedrockTable(table([{ ...row, usdPer1kOutputTokens: -1 }]))).toThrow(/m.a-v1:0 in us-east-1 has a price that is not/);
    expect(() => indexBedrockTable(table([row, row]))).toThrow(/m.a-v1:0 in us-east-1 is listed twice/);
    expect(() => indexBedrockTable(table([{ ...row, sourceId: 'z' }]))).toThrow(PriceTableError);
  });

  it('a region-stated row wins over an unspecified one', () => {
    const book = new PriceBook({
      ...bundledPriceTables,
      bedrockTokens: table([row, { ...row, region: 'unspecified', usdPer1kInputTokens: 9 }], { unstatedRegionFallback: ['us-east-1'] }),
    });
    expect(book.bedrockTokens('us-east-1', 'm.a-v1:0', 'input')).toMatchObject({ found: true, quote: { usdPerUnit: 0.1, regionBasis: 'stated' } });
  });
});

describe('live Bedrock token prices (AmazonBedrock, On-demand Inference)', () => {
  it('declares keys only for ids with a Price List model name', () => {
    expect(bedrockTokenPriceKeys('us-west-2', 'amazon.nova-micro-v1:0').map((k) => `${k.component} ${k.item}`)).toEqual([
      'input-tokens Nova Micro',
      'output-tokens Nova Micro',
    ]);
    expect(bedrockTokenPriceKeys('us-west-2', 'anthropic.claude-3-haiku-20240307-v1:0')).toEqual([]);
  });

  it('a live price fills a region the bundle lacks, keyed by the model id', async () => {
    expect(defaultPriceBook.bedrockTokens('us-west-2', 'amazon.nova-micro-v1:0', 'input').found).toBe(false);
    const api = new FakePriceListApi();
    const keys = [...bedrockTokenPriceKeys('us-west-2', 'amazon.nova-micro-v1:0'), ...bedrockTokenPriceKeys('us-west-2', 'amazon.nova-lite-v1:0')];
    const resolution = await resolveLivePrices(keys, { api, now: new Date('2026-11-29T06:00:00Z') });
    const book = defaultPriceBook.withLivePrices(resolution.live);
    expect(book.bedrockTokens('us-west-2', 'amazon.nova-micro-v1:0', 'output')).toMatchObject({
      found: true,
      quote: {
        usdPerUnit: 0.00016,
        unit: 'USD per 1K tokens',
        region: 'us-west-2',
        origin: 'price-list-api',
        source: expect.stringContaining('AmazonBedrock'),
      },
    });
    expect(book.bedrockTokens('us-west-2', 'amazon.nova-lite-v1:0', 'input')).toMatchObject({ found: true, quote: { usdPerUnit: 0.00007 } });
    // An id the Price List path does not price keeps its bundled answer, and says why no live one.
    expect(book.bedrockTokens('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0', 'input')).toMatchObject({
      found: true,
      quote: { origin: 'bundled', note: expect.stringContaining('the live path does not price this item') },
    });
  });
});
