import { describe, expect, it } from 'vitest';
import { type CostAndUsageInput, costExplorerEffectiveRates, lastFullMonth } from '../../../lib/prices/cost-explorer-rate.js';
import { applyDiscount, discountFor, effectiveFigure } from '../../../lib/prices/effective-rate.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { DEFAULT_PRICING_CONFIG, PricingConfigSchema } from '../../../lib/prices/pricing-config.js';

describe('the pricing config section', () => {
  it('defaults: us-east-1 endpoint, 7-day cache, live on, no discounts, Cost Explorer off', () => {
    expect(DEFAULT_PRICING_CONFIG).toEqual({ endpointRegion: 'us-east-1', cacheTtlDays: 7, live: true, discounts: {}, effectiveRateFromCostExplorer: false });
  });

  it('accepts discounts per service and rejects bad ones and unknown keys', () => {
    const ok = PricingConfigSchema.parse({ discounts: { sagemaker: { percent: 18, note: 'ML Savings Plan' } } });
    expect(ok.discounts.sagemaker).toEqual({ percent: 18, note: 'ML Savings Plan' });
    expect(PricingConfigSchema.safeParse({ discounts: { sagemaker: { percent: 100, note: 'free' } } }).success).toBe(false);
    expect(PricingConfigSchema.safeParse({ discounts: { sagemaker: { percent: 10 } } }).success).toBe(false);
    expect(PricingConfigSchema.safeParse({ discounts: { lambda: { percent: 10, note: 'x' } } }).success).toBe(false);
    expect(PricingConfigSchema.safeParse({ endpointRegion: 'eu-west-1' }).success).toBe(false);
    expect(PricingConfigSchema.safeParse({ cacheTtlDays: 0 }).success).toBe(false);
  });
});

describe('effective rates', () => {
  const quote = (() => {
    const hit = defaultPriceBook.sageMakerHosting('eu-west-1', 'ml.g4dn.xlarge');
    if (!hit.found) throw new Error(hit.reason);
    return hit.quote;
  })();

  it('shows list and effective side by side, saying which discount applied', () => {
    const pricing = PricingConfigSchema.parse({ discounts: { sagemaker: { percent: 20, note: 'EDP 2026' } } });
    const applied = applyDiscount(quote, discountFor('sagemaker', pricing));
    expect(applied).toMatchObject({ listUsd: 0.821, effectiveUsd: 0.6568, discount: { service: 'sagemaker', percent: 20, note: 'EDP 2026', basis: 'config' } });
    expect(applied.text).toBe('list 0.821 USD per hour, effective 0.6568 USD per hour (20% off: EDP 2026; from config)');
    expect(applyDiscount(quote, discountFor('ec2', pricing))).toMatchObject({
      listUsd: 0.821,
      effectiveUsd: 0.821,
      discount: null,
      text: expect.stringContaining('effective = list'),
    });
  });

  it('configured discount > Cost Explorer rate (when on) > none; unknown stays unknown', () => {
    const measured = [
      { service: 'sagemaker' as const, factor: 0.75, note: 'Cost Explorer, 2026-10' },
      { service: 'ec2' as const, factor: 0.9, note: 'Cost Explorer, 2026-10' },
    ];
    const on = PricingConfigSchema.parse({ effectiveRateFromCostExplorer: true, discounts: { ec2: { percent: 5, note: 'EDP' } } });
    expect(discountFor('sagemaker', on, measured)).toEqual({ service: 'sagemaker', percent: 25, note: 'Cost Explorer, 2026-10', basis: 'cost-explorer' });
    expect(discountFor('ec2', on, measured)).toMatchObject({ percent: 5, basis: 'config' });
    expect(discountFor('sagemaker', DEFAULT_PRICING_CONFIG, measured)).toBeNull();
    expect(effectiveFigure(null, discountFor('sagemaker', on, measured))).toEqual({
      listUsd: null,
      effectiveUsd: null,
      discount: expect.objectContaining({ percent: 25 }),
    });
    expect(effectiveFigure(1000, discountFor('sagemaker', on, measured), 2).effectiveUsd).toBe(750);
  });
});

describe('Cost Explorer effective-rate factor (fake client)', () => {
  const group = (service: string, recordType: string, netAmortized: number, unblended: number) => ({
    Keys: [service, recordType],
    Metrics: { NetAmortizedCost: { Amount: String(netAmortized) }, UnblendedCost: { Amount: String(unblended) } },
  });

  it('one call (paged) over the last full month: net amortized / on-demand equivalent per service', async () => {
    const inputs: CostAndUsageInput[] = [];
    const pages = [
      {
        ResultsByTime: [
          {
            Groups: [
              group('Amazon SageMaker', 'Usage', 200, 200),
              group('Amazon SageMaker', 'SavingsPlanCoveredUsage', 560, 800),
              group('Amazon SageMaker', 'SavingsPlanNegation', 0, -800),
            ],
          },
        ],
        NextPageToken: 'p2',
      },
      {
        ResultsByTime: [
          {
            Groups: [
              group('Amazon SageMaker', 'Credit', -100, -100),
              group('Amazon SageMaker', 'Tax', 50, 50),
              group('Amazon Elastic Compute Cloud - Compute', 'DiscountedUsage', 30, 0),
              group('Amazon Elastic Compute Cloud - Compute', 'Usage', 70, 70),
            ],
          },
        ],
      },
    ];
    const rates = await costExplorerEffectiveRates(async (input) => (inputs.push(input), pages[inputs.length - 1]!), { now: new Date('2026-11-29T06:00:00Z') });
    expect(inputs.map((i) => [i.TimePeriod, i.NextPageToken])).toEqual([
      [{ Start: '2026-10-01', End: '2026-11-01' }, undefined],
      [{ Start: '2026-10-01', End: '2026-11-01' }, 'p2'],
    ]);
    expect(inputs[0]!.Filter.Dimensions.Values).toEqual(['Amazon SageMaker', 'Amazon Elastic Compute Cloud - Compute']);
    expect(rates).toEqual([
      {
        ok: true,
        service: 'sagemaker',
        factor: 0.76,
        note: 'Cost Explorer, 2026-10: net amortized 760.00 USD / on-demand equivalent 1000.00 USD (credits, refunds and tax excluded)',
      },
      { ok: false, service: 'ec2', reason: expect.stringContaining('Reserved Instance usage in 2026-10') },
    ]);
  });

  it('no usage: no factor, with the reason; the month boundary is UTC', async () => {
    const rates = await costExplorerEffectiveRates(async () => ({ ResultsByTime: [{ Groups: [] }] }), {
      now: new Date('2026-01-01T00:30:00Z'),
      services: ['sagemaker'],
    });
    expect(rates).toEqual([{ ok: false, service: 'sagemaker', reason: 'no Amazon SageMaker on-demand usage in 2025-12 to measure an effective rate on' }]);
    expect(lastFullMonth(new Date('2026-03-31T23:59:59Z'))).toEqual({ Start: '2026-02-01', End: '2026-03-01' });
  });
});
