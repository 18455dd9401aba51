import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { assessIdleEndpoint, isOldEnough, type EndpointFacts } from '../../../lib/sweeps/idle-endpoints/rule.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const config = { lookbackDays: 7, maxInvocations: 0 };

function candidate(facts: Partial<EndpointFacts>, region = 'us-east-1'): Candidate<EndpointFacts> {
  return {
    ref: { resourceType: 'sagemaker:endpoint', resourceId: 'ep', arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep', region },
    tags: {},
    facts: {
      endpointName: 'ep',
      endpointConfigName: 'ep-config',
      status: 'InService',
      creationTime: daysAgo(30),
      lastModifiedTime: daysAgo(30),
      variants: [{ variantName: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1, serverless: false }],
      invocationsByVariant: { AllTraffic: 0 },
      ...facts,
    },
  };
}

describe('assessIdleEndpoint', () => {
  const cases: { name: string; facts: Partial<EndpointFacts>; cfg?: Partial<typeof config>; waste: boolean; reason: RegExp }[] = [
    { name: 'idle: no datapoints on its only variant', facts: { invocationsByVariant: {} }, waste: true, reason: /no invocations in the last 7 days/ },
    { name: 'idle: zero on every variant', facts: {}, waste: true, reason: /no invocations/ },
    { name: 'busy', facts: { invocationsByVariant: { AllTraffic: 84_000 } }, waste: false, reason: /84000 invocations/ },
    { name: 'bursty: one burst in the window is traffic', facts: { invocationsByVariant: { AllTraffic: 40 } }, waste: false, reason: /40 invocations/ },
    {
      name: 'at the threshold is idle',
      facts: { invocationsByVariant: { AllTraffic: 5 } },
      cfg: { maxInvocations: 5 },
      waste: true,
      reason: /5 invocations .* at most 5 allowed/,
    },
    {
      name: 'above the threshold is not idle',
      facts: { invocationsByVariant: { AllTraffic: 6 } },
      cfg: { maxInvocations: 5 },
      waste: false,
      reason: /6 invocations/,
    },
    {
      name: 'young: created inside the window',
      facts: { creationTime: daysAgo(6.9), lastModifiedTime: daysAgo(6.9) },
      waste: false,
      reason: /created or modified within the last 7 days/,
    },
    { name: 'recently modified counts as young', facts: { creationTime: daysAgo(90), lastModifiedTime: daysAgo(3) }, waste: false, reason: /modified within/ },
    { name: 'exactly the window old is idle', facts: { creationTime: daysAgo(7), lastModifiedTime: daysAgo(7) }, waste: true, reason: /no invocations/ },
    { name: 'not InService', facts: { status: 'Updating' }, waste: false, reason: /Updating, not InService/ },
    {
      name: 'serverless only: never a finding',
      facts: { variants: [{ variantName: 'AllTraffic', instanceType: null, instanceCount: 0, serverless: true }] },
      waste: false,
      reason: /serverless/,
    },
    {
      name: 'multi-variant: traffic on any variant keeps it',
      facts: {
        variants: [
          { variantName: 'A', instanceType: 'ml.c5.xlarge', instanceCount: 1, serverless: false },
          { variantName: 'B', instanceType: 'ml.c5.xlarge', instanceCount: 1, serverless: false },
        ],
        invocationsByVariant: { A: 0, B: 3 },
      },
      waste: false,
      reason: /3 invocations/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = assessIdleEndpoint(candidate(c.facts), { ...config, ...c.cfg }, NOW, defaultPriceBook);
      expect(verdict.waste).toBe(c.waste);
      expect(verdict.reason).toMatch(c.reason);
    });
  }

  it('prices every billed variant: hourly x count, monthly x 730, with the source', () => {
    const verdict = assessIdleEndpoint(
      candidate({
        variants: [
          { variantName: 'A', instanceType: 'ml.c5.xlarge', instanceCount: 2, serverless: false },
          { variantName: 'B', instanceType: 'ml.g4dn.xlarge', instanceCount: 1, serverless: false },
          { variantName: 'S', instanceType: null, instanceCount: 0, serverless: true },
        ],
        invocationsByVariant: {},
      }),
      config,
      NOW,
      defaultPriceBook,
    );
    if (!verdict.waste) throw new Error('expected waste');
    const c5 = defaultPriceBook.sageMakerHosting('us-east-1', 'ml.c5.xlarge');
    const g4 = defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g4dn.xlarge');
    if (!c5.found || !g4.found) throw new Error('bundled prices missing');
    const hourly = 2 * c5.quote.usdPerUnit + g4.quote.usdPerUnit;
    expect(verdict.savings.hourlyUsd).toBeCloseTo(hourly, 6);
    expect(verdict.savings.monthlyUsd).toBeCloseTo(hourly * 730, 2);
    expect(verdict.savings.components.map((c) => [c.item, c.quantity])).toEqual([
      ['ml.c5.xlarge (variant A)', 2],
      ['ml.g4dn.xlarge (variant B)', 1],
    ]);
    expect(verdict.savings.components[0]!.source).toBe(c5.quote.source);
    expect(verdict.reason).toContain('3 variants');
  });

  it('an unknown price gives null savings and says why, never a guess', () => {
    const verdict = assessIdleEndpoint(candidate({}, 'ap-south-2'), config, NOW, defaultPriceBook);
    if (!verdict.waste) throw new Error('expected waste');
    expect(verdict.savings.monthlyUsd).toBeNull();
    expect(verdict.savings.hourlyUsd).toBeNull();
    expect(verdict.savings.unknown.join()).toMatch(/ml\.g4dn\.xlarge.*ap-south-2|ap-south-2.*ml\.g4dn\.xlarge/);
  });

  it('records its evidence: metric, window, totals per variant', () => {
    const verdict = assessIdleEndpoint(candidate({ invocationsByVariant: { AllTraffic: 0 } }), config, NOW, defaultPriceBook);
    if (!verdict.waste) throw new Error('expected waste');
    expect(verdict.evidence).toMatchObject({ lookbackDays: 7, invocations: 0, invocationsByVariant: { AllTraffic: 0 }, windowEnd: NOW.toISOString() });
  });
});

describe('isOldEnough', () => {
  it('uses the later of creation and last modification', () => {
    expect(isOldEnough(new Date(daysAgo(10)), new Date(daysAgo(8)), NOW, 7)).toBe(true);
    expect(isOldEnough(new Date(daysAgo(10)), new Date(daysAgo(6)), NOW, 7)).toBe(false);
  });
});
