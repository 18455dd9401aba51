/** The `pricing` section of the config file (lib/prices/pricing-config.ts, wired into the config schema). */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/core/errors.js';
import { parseConfig } from '../../lib/config.js';
import { DEFAULT_PRICING_CONFIG } from '../../lib/prices/pricing-config.js';

describe('config: pricing', () => {
  it('defaults: live prices from us-east-1, cached 7 days, list prices', () => {
    expect(parseConfig({}).pricing).toEqual(DEFAULT_PRICING_CONFIG);
    expect(DEFAULT_PRICING_CONFIG).toEqual({ endpointRegion: 'us-east-1', cacheTtlDays: 7, live: true, discounts: {}, effectiveRateFromCostExplorer: false });
  });

  it('takes discounts per service, with a note', () => {
    const pricing = parseConfig({ pricing: { live: false, discounts: { sagemaker: { percent: 18, note: 'ML Savings Plan' } } } }).pricing;
    expect(pricing).toMatchObject({ live: false, discounts: { sagemaker: { percent: 18, note: 'ML Savings Plan' } } });
  });

  it('rejects a discount of 100% or more, and an unknown service, naming the field', () => {
    expect(() => parseConfig({ pricing: { discounts: { sagemaker: { percent: 100, note: 'free' } } } })).toThrow(ConfigError);
    expect(() => parseConfig({ pricing: { discounts: { sagemaker: { percent: 100, note: 'free' } } } })).toThrow(/pricing\.discounts\.sagemaker\.percent/);
    expect(() => parseConfig({ pricing: { discounts: { lambda: { percent: 5, note: 'x' } } } })).toThrow(/pricing\.discounts/);
  });
});
