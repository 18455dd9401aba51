/**
 * The runner's pricing step: after a region's inventory, the candidates' declared
 * price keys are resolved once (fake Price List API over the emulator's fixtures,
 * in-memory cache), the rule reads the run's book, and discounts add effective
 * figures beside the list ones. A price never fails the sweep.
 */
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom, type PricedComponent } from '../../../lib/core/finding.js';
import type { PriceBookPort, PriceKey } from '../../../lib/core/price-port.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import { withDiscount } from '../../../lib/engine/run-prices.js';
import { runSweep, type RunSweepOptions } from '../../../lib/engine/run-sweep.js';
import type { CostExplorerRate } from '../../../lib/prices/cost-explorer-rate.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { MemoryPriceCache } from '../../../lib/prices/price-cache.js';
import { priceKeys } from '../../../lib/prices/price-key.js';
import { DEFAULT_PRICING_CONFIG, PricingConfigSchema } from '../../../lib/prices/pricing-config.js';
import { TEST_POLICY as policy } from '../../support/engine-harness.js';
import { FakePriceListApi, throttling } from '../prices/price-list-fixtures.js';

const NOW = '2026-11-29T06:00:00Z';
const settings = { enabled: true, mode: 'report', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false } as const satisfies SweepSettings;
interface Box {
  readonly type: string;
  readonly volume?: string;
}
type Config = SweepSettings & { readonly extraType?: string };

/** A sweep of SageMaker endpoints of one instance each, priced as hosting (and an EBS volume when it has one). */
function boxSweep(
  options: { keys?: (box: Box, region: string, config: Config) => (PriceKey | undefined)[]; seen?: PriceBookPort[] } = {},
): SweepDefinition<Box, Config, never> {
  return {
    name: 'boxes',
    title: 'Boxes',
    resourceType: 'test:box',
    wording: { verb: 'recommend', description: 'recommend', done: 'recommended' },
    advisory: { decision: 'recommend', event: 'recommendation' },
    permissions: { inventory: [] },
    async inventory(ctx) {
      const boxes: Box[] =
        ctx.region === 'ap-northeast-1' ? [{ type: 'ml.g4dn.xlarge' }, { type: 'ml.m5.large', volume: 'gp3-storage' }] : [{ type: 'ml.g4dn.xlarge' }];
      return {
        seen: new Set(boxes.map((b) => b.type)),
        candidates: boxes.map((facts) => ({
          ref: { resourceType: 'test:box', resourceId: facts.type, arn: `arn:test:${facts.type}`, region: ctx.region },
          tags: { owner: 'ana' },
          facts,
        })),
      };
    },
    priceKeys: ({ ref, facts }, config) => {
      const keys =
        options.keys ?? ((box, region) => [priceKeys.sageMakerHosting(region, box.type), box.volume ? priceKeys.ebs(region, box.volume) : undefined]);
      return keys(facts, ref.region, config).filter((k): k is PriceKey => k !== undefined);
    },
    assess: ({ ref, facts }, _config, _now, _memory, prices) => {
      options.seen?.push(prices);
      const components: PricedComponent[] = [];
      const unknown: string[] = [];
      for (const lookup of [prices.sageMakerHosting(ref.region, facts.type), ...(facts.volume ? [prices.ebs(ref.region, facts.volume)] : [])]) {
        if (!lookup.found) unknown.push(lookup.reason);
        else
          components.push({
            item: lookup.quote.item,
            quantity: 1,
            usdPerHour: lookup.quote.usdPerUnit,
            source: lookup.quote.source,
            sourceDate: lookup.quote.sourceDate,
            regionBasis: lookup.quote.regionBasis,
            ...(lookup.quote.note ? { note: lookup.quote.note } : {}),
          });
      }
      return { waste: true, act: false, reason: 'idle', evidence: {}, savings: savingsFrom(components, unknown) };
    },
    tagCommand: () => 'tag',
  };
}

function run(sweep: SweepDefinition<Box, Config, never>, extra: Partial<RunSweepOptions> = {}) {
  return runSweep({
    sweep,
    config: settings,
    policy,
    mode: 'report',
    regions: ['ap-northeast-1', 'us-east-1'],
    clock: fixedClock(NOW),
    clients: new AwsClients(),
    ...extra,
  });
}
const byId = (report: Awaited<ReturnType<typeof run>>) => Object.fromEntries(report.findings.map((f) => [`${f.region} ${f.resourceId}`, f]));

describe('the run resolves the declared keys once per region, and assess reads them', () => {
  it('cold: a few GetProducts calls per region; warm: none; the Tokyo price is the API answer', async () => {
    const api = new FakePriceListApi();
    const cache = new MemoryPriceCache();
    const pricing = { api, cache, config: DEFAULT_PRICING_CONFIG };
    const cold = await run(boxSweep(), { pricing });
    // Tokyo: hosting (2 types, per item: 2 calls) + EBS storage (1); us-east-1: hosting (1).
    expect(api.calls).toHaveLength(4);
    expect(cold.errors).toEqual([]);
    const f = byId(cold);
    expect(f['ap-northeast-1 ml.g4dn.xlarge']).toMatchObject({
      estimatedMonthlySavingsUsd: 725.62,
      savings: { components: [{ usdPerHour: 0.994, sourceDate: '2026-11-01T00:00:00Z' }] },
    });
    // us-east-1 ml.g4dn.xlarge: the API lists none, so the bundled row answers and says why.
    expect(f['us-east-1 ml.g4dn.xlarge']!.savings.components[0]).toMatchObject({
      usdPerHour: 0.7364,
      note: expect.stringContaining('Live price unavailable (the Price List API lists no on-demand sagemaker hosting ml.g4dn.xlarge in us-east-1)'),
    });

    const warm = await run(boxSweep(), { pricing });
    expect(api.calls).toHaveLength(4);
    expect(byId(warm)['ap-northeast-1 ml.g4dn.xlarge']!.savings.components[0]!.note).toContain('Cached from the API');
  });

  it('without pricing options, or for a sweep that declares no keys, assess gets the bundled book', async () => {
    const seen: PriceBookPort[] = [];
    const report = await run(boxSweep({ seen }));
    expect(seen.every((book) => book === defaultPriceBook)).toBe(true);
    expect(byId(report)['ap-northeast-1 ml.g4dn.xlarge']).toMatchObject({ estimatedMonthlySavingsUsd: null });

    const api = new FakePriceListApi();
    const undeclared: PriceBookPort[] = [];
    const { priceKeys: _none, ...sweep } = boxSweep({ seen: undeclared });
    await run(sweep, { pricing: { api, config: DEFAULT_PRICING_CONFIG } });
    expect(api.calls).toEqual([]);
    expect(undeclared.every((book) => book === defaultPriceBook)).toBe(true);
  });

  it('keys are the union over the configs of the run (teams over budget included)', async () => {
    const api = new FakePriceListApi();
    const keys = (box: Box, region: string, config: Config) => [priceKeys.sageMakerHosting(region, config.extraType ?? box.type)];
    const teamConfigs = new Map([['risk', { config: { ...settings, extraType: 'ml.g5.xlarge' }, because: 'over budget' }]]);
    await runSweep({
      sweep: boxSweep({ keys }),
      config: settings,
      policy,
      mode: 'report',
      regions: ['us-east-1'],
      clock: fixedClock(NOW),
      clients: new AwsClients(),
      teamConfigs,
      pricing: { api, config: DEFAULT_PRICING_CONFIG },
    });
    expect(api.calls.map((c) => c.filters.at(-1)!.value).sort()).toEqual(['ml.g4dn.xlarge', 'ml.g5.xlarge']);
  });

  it('the API down or a faulty priceKeys: the sweep goes on, each figure with why', async () => {
    const api = new FakePriceListApi();
    api.failWith = throttling();
    const down = await run(boxSweep(), { pricing: { api, config: DEFAULT_PRICING_CONFIG } });
    expect(down.errors).toEqual([]);
    expect(byId(down)['ap-northeast-1 ml.g4dn.xlarge']!.savings.unknown).toEqual([
      expect.stringMatching(
        /^live price unavailable \(Price List API unavailable \(ThrottlingException: Rate exceeded \(HTTP 400\)\)\); no SageMaker hosting price for ml\.g4dn\.xlarge in ap-northeast-1/,
      ),
    ]);

    const faulty = await run(
      boxSweep({
        keys: () => {
          throw new Error('bug');
        },
      }),
      { pricing: { api: new FakePriceListApi(), config: DEFAULT_PRICING_CONFIG } },
    );
    expect(faulty.errors).toEqual([]);
    expect(byId(faulty)['us-east-1 ml.g4dn.xlarge']!.savings.components[0]!.note).toContain('not resolved live in this run');
  });

  it('live off: no call, no cache read; the bundled tables answer as before', async () => {
    const api = new FakePriceListApi();
    const report = await run(boxSweep(), { pricing: { api, cache: new MemoryPriceCache(), config: PricingConfigSchema.parse({ live: false }) } });
    expect(api.calls).toEqual([]);
    expect(byId(report)['us-east-1 ml.g4dn.xlarge']!.savings.components[0]).toMatchObject({ usdPerHour: 0.7364 });
    expect(byId(report)['us-east-1 ml.g4dn.xlarge']!.savings.components[0]!.note).not.toContain('Live price');
  });
});

describe('effective figures beside list ones', () => {
  it('a configured discount of the one service of a finding applies; a finding of mixed services stays at list', async () => {
    const config = PricingConfigSchema.parse({ discounts: { sagemaker: { percent: 18, note: 'ML Savings Plan' } } });
    const report = await run(boxSweep(), { pricing: { api: new FakePriceListApi(), config } });
    const f = byId(report);
    // 0.994 x 730 = 725.62; x 0.82 = 595.0084.
    expect(f['ap-northeast-1 ml.g4dn.xlarge']).toMatchObject({
      estimatedMonthlySavingsUsd: 725.62,
      savings: {
        monthlyUsd: 725.62,
        effectiveMonthlyUsd: 595.01,
        effectiveHourlyUsd: 0.81508,
        discount: { service: 'sagemaker', percent: 18, note: 'ML Savings Plan', source: 'config' },
      },
    });
    expect(f['ap-northeast-1 ml.m5.large']!.savings).not.toHaveProperty('discount'); // SageMaker hosting and EBS
  });

  it('Cost Explorer rates are measured once per run, only when the option is on; a failure leaves list prices', async () => {
    let measured = 0;
    const measureRates = async (): Promise<CostExplorerRate[]> => {
      measured++;
      return [{ ok: true, service: 'sagemaker', factor: 0.75, note: 'Cost Explorer, 2026-10' }];
    };
    const on = PricingConfigSchema.parse({ effectiveRateFromCostExplorer: true });
    const report = await run(boxSweep(), { pricing: { api: new FakePriceListApi(), config: on, measureRates } });
    expect(measured).toBe(1);
    expect(byId(report)['ap-northeast-1 ml.g4dn.xlarge']!.savings).toMatchObject({
      effectiveMonthlyUsd: 544.22,
      discount: { percent: 25, source: 'cost-explorer', note: 'Cost Explorer, 2026-10' },
    });

    await run(boxSweep(), { pricing: { api: new FakePriceListApi(), config: DEFAULT_PRICING_CONFIG, measureRates } });
    expect(measured).toBe(1); // option off

    const failing = await run(boxSweep(), {
      pricing: { api: new FakePriceListApi(), config: on, measureRates: () => Promise.reject(new Error('AccessDenied')) },
    });
    expect(failing.errors).toEqual([]);
    expect(byId(failing)['ap-northeast-1 ml.g4dn.xlarge']!.savings).not.toHaveProperty('discount');
  });

  it('withDiscount: unknown stays unknown', () => {
    const savings = savingsFrom([], ['no price']);
    expect(withDiscount(savings, { service: 'ebs', percent: 10, note: 'EDP', basis: 'config' })).toEqual({
      ...savings,
      effectiveHourlyUsd: null,
      effectiveMonthlyUsd: null,
      discount: { service: 'ebs', percent: 10, note: 'EDP', source: 'config' },
    });
  });
});
