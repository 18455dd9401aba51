/** The `spend` section of the config file (lib/config/spend-config.ts, wired into the config schema). */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/core/errors.js';
import { parseConfig } from '../../lib/config.js';
import { DEFAULT_AI_INSTANCE_FAMILIES, DEFAULT_SPEND_CONFIG } from '../../lib/config/spend-config.js';

describe('config: spend', () => {
  it('defaults: off, UnblendedCost, SageMaker and Bedrock, GPU and accelerator families, unit costs', () => {
    expect(parseConfig({}).spend).toEqual(DEFAULT_SPEND_CONFIG);
    expect(DEFAULT_SPEND_CONFIG).toEqual({
      enabled: false,
      metric: 'UnblendedCost',
      services: ['Amazon SageMaker', 'Amazon Bedrock'],
      aiInstanceFamilies: DEFAULT_AI_INSTANCE_FAMILIES,
      unitCosts: true,
    });
    expect(DEFAULT_AI_INSTANCE_FAMILIES).toEqual(expect.arrayContaining(['p4d', 'p5', 'g5', 'g6', 'inf2', 'trn1']));
    expect(DEFAULT_AI_INSTANCE_FAMILIES.every((f) => /^(p|g|gr|inf|trn|dl)\d/.test(f))).toBe(true);
  });

  it('takes the amortized metrics, a cost allocation tag and more services', () => {
    const spend = parseConfig({
      spend: {
        enabled: true,
        metric: 'NetAmortizedCost',
        costAllocationTag: 'cost-center',
        services: ['Amazon SageMaker', 'Claude 3.5 Sonnet (Amazon Bedrock Edition)'],
      },
    }).spend;
    expect(spend).toMatchObject({ enabled: true, metric: 'NetAmortizedCost', costAllocationTag: 'cost-center' });
    expect(parseConfig({ spend: { aiInstanceFamilies: [] } }).spend.aiInstanceFamilies).toEqual([]);
  });

  it('rejects an unknown metric, no service and unknown keys, naming the field', () => {
    expect(() => parseConfig({ spend: { metric: 'BlendedCost' } })).toThrow(ConfigError);
    expect(() => parseConfig({ spend: { metric: 'BlendedCost' } })).toThrow(/spend\.metric/);
    expect(() => parseConfig({ spend: { services: [] } })).toThrow(/spend\.services/);
    expect(() => parseConfig({ spend: { teamTag: 'team' } })).toThrow(/spend/);
  });
});
