import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { assessIdleComponent, COLD_START_TRADE_OFF, idleComponentPriceKeys, type ComponentFacts } from '../../../lib/sweeps/idle-endpoints/component-rule.js';
import type { IdleEndpointsFacts } from '../../../lib/sweeps/idle-endpoints/facts.js';
import { IdleEndpointSweep } from '../../../lib/sweeps/idle-endpoints/index.js';
import { tagSource } from '../../../lib/sweeps/idle-endpoints/tags.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const config = { lookbackDays: 7, maxInvocations: 0 };
const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:inference-component/ic';

function candidate(facts: Partial<ComponentFacts> = {}, region = 'us-east-1'): Candidate<ComponentFacts> {
  return {
    ref: { resourceType: 'sagemaker:inference-component', resourceId: 'ic', arn: ARN, region },
    tags: {},
    facts: {
      kind: 'inference-component',
      componentName: 'ic',
      endpointName: 'host',
      variantName: 'AllTraffic',
      status: 'InService',
      creationTime: daysAgo(30),
      lastModifiedTime: daysAgo(30),
      desiredCopyCount: 2,
      currentCopyCount: 2,
      compute: { acceleratorDevices: 1, cpuCores: null, minMemoryMb: 8192 },
      host: { instanceType: 'ml.g4dn.12xlarge', instanceCount: 2, managedScaling: { status: 'ENABLED', minInstanceCount: 0, maxInstanceCount: 2 } },
      componentsOnVariant: 1,
      invocations: 0,
      ...facts,
    },
  };
}
const assess = (facts: Partial<ComponentFacts> = {}, cfg: Partial<typeof config> = {}, region?: string) =>
  assessIdleComponent(candidate(facts, region), { ...config, ...cfg }, NOW, defaultPriceBook);

describe('assessIdleComponent', () => {
  const cases: { name: string; facts: Partial<ComponentFacts>; cfg?: Partial<typeof config>; waste: boolean; reason: RegExp }[] = [
    {
      name: 'idle: no invocations',
      facts: {},
      waste: true,
      reason: /^no invocations in the last 7 days on inference component ic \(2 copies on endpoint host\)/,
    },
    { name: 'busy', facts: { invocations: 120 }, waste: false, reason: /^120 invocations in the last 7 days$/ },
    { name: 'at the threshold is idle', facts: { invocations: 5 }, cfg: { maxInvocations: 5 }, waste: true, reason: /^5 invocations .* at most 5 allowed/ },
    { name: 'above the threshold is not idle', facts: { invocations: 6 }, cfg: { maxInvocations: 5 }, waste: false, reason: /^6 invocations/ },
    { name: 'young', facts: { creationTime: daysAgo(3), lastModifiedTime: daysAgo(3) }, waste: false, reason: /created or modified within the last 7 days/ },
    { name: 'recently modified (e.g. restored)', facts: { lastModifiedTime: daysAgo(1) }, waste: false, reason: /modified within/ },
    { name: 'not InService', facts: { status: 'Updating' }, waste: false, reason: /^inference component is Updating, not InService$/ },
    { name: 'already at zero copies', facts: { desiredCopyCount: 0, currentCopyCount: 0 }, waste: false, reason: /already scaled to zero/ },
    { name: 'scaling down to zero still has copies: idle', facts: { desiredCopyCount: 0, currentCopyCount: 1 }, waste: true, reason: /1 copy on endpoint/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = assess(c.facts, c.cfg);
      expect(verdict.waste).toBe(c.waste);
      expect(verdict.reason).toMatch(c.reason);
    });
  }

  it('states the recommendation and the cold-start trade-off in the reason and the evidence', () => {
    const verdict = assess();
    if (!verdict.waste) throw new Error('expected waste');
    expect(verdict.reason).toContain('recommended: scale to zero (copy count 0, with a scale-out policy on NoCapacityInvocationFailures to wake it)');
    expect(verdict.reason).toContain("the endpoint's managed instance scaling can then release instances down to MinInstanceCount 0");
    expect(verdict.act).toBeUndefined(); // acted on after the grace period
    expect(verdict.reason).toContain(`trade-off: ${COLD_START_TRADE_OFF}`);
    expect(verdict.evidence).toMatchObject({
      metric: 'AWS/SageMaker Invocations (Sum), dimension InferenceComponentName',
      invocations: 0,
      copyCount: 2,
      host: '2 x ml.g4dn.12xlarge',
      recommendation: {
        copyCount: 0,
        endpointMinInstanceCount: 0,
        currentEndpointMinInstanceCount: 0,
        scaleOutPolicy: expect.stringContaining('NoCapacityInvocationFailures (InferenceComponentName=ic) > 0'),
        coldStart: COLD_START_TRADE_OFF,
      },
    });
  });

  it("only recommends when copies at zero would release no instance (the endpoint's MinInstanceCount holds them)", () => {
    const host = (min: number | null, count = 1, status = 'ENABLED') => ({
      host: { instanceType: 'ml.g4dn.12xlarge', instanceCount: count, managedScaling: { status, minInstanceCount: min, maxInstanceCount: 2 } },
    });
    const held = assess(host(1));
    if (!held.waste) throw new Error('expected waste');
    expect(held).toMatchObject({
      act: false,
      advisory: { decision: 'recommend', event: 'recommendation' },
      evidence: { releasableInstances: 0, instanceShare: 1 },
    });
    expect(held.reason).toContain(
      "set the endpoint's ManagedInstanceScaling MinInstanceCount to 0 as well (now MinInstanceCount 1): copies at zero alone release no instance, so this is only recommended",
    );
    // A recommendation's dollars are what applying all of it saves.
    expect(held.savings).toMatchObject({
      monthlyUsd: 3569.7,
      components: [{ quantity: 1, note: expect.stringContaining("saved once the endpoint's MinInstanceCount is 0 as well") }],
    });
    for (const patch of [host(null), host(0, 1, 'DISABLED'), { host: { instanceType: 'ml.g4dn.12xlarge', instanceCount: 1, managedScaling: null } }]) {
      expect(assess(patch)).toMatchObject({ waste: true, act: false });
    }
    expect(assess({ host: { instanceType: 'ml.g4dn.12xlarge', instanceCount: 1, managedScaling: null } }).reason).toContain(
      '(now no managed instance scaling)',
    );

    // 2 instances, MinInstanceCount 1: the action releases one of the two it holds, and saves that much.
    const partial = assess(host(1, 2));
    if (!partial.waste) throw new Error('expected waste');
    expect(partial.act).toBeUndefined();
    expect(partial.savings).toMatchObject({ hourlyUsd: 4.89, components: [{ quantity: 1, note: expect.stringContaining('1 of the 2 instance(s) it holds') }] });
  });
});

describe('what scaling a component to zero saves', () => {
  const savings = (facts: Partial<ComponentFacts>, region?: string) => {
    const verdict = assess(facts, {}, region);
    if (!verdict.waste) throw new Error('expected waste');
    return verdict.savings;
  };

  it("the endpoint's only component: every instance of the variant ($4.89/h x 2 x 730 h)", () => {
    expect(savings({})).toMatchObject({ hourlyUsd: 9.78, monthlyUsd: 7139.4, unknown: [] });
    expect(savings({}).components).toMatchObject([{ quantity: 2, usdPerHour: 4.89, item: expect.stringContaining('its only inference component') }]);
  });

  it('one of several: its copies x the larger of its accelerator, CPU and memory shares of an instance', () => {
    // 2 copies x 1 of 4 GPUs = 0.5 instance; memory 8 GB of 192 GB is less.
    expect(savings({ componentsOnVariant: 3 })).toMatchObject({ hourlyUsd: 2.445, monthlyUsd: 1784.85 });
    // Memory-bound: 2 copies x 98,304 of 196,608 MB = 1 instance.
    expect(savings({ componentsOnVariant: 2, compute: { acceleratorDevices: 1, cpuCores: null, minMemoryMb: 98_304 } }).components[0]).toMatchObject({
      quantity: 1,
      item: expect.stringContaining('2 x 98304 of 196608 MB'),
    });
    // CPU-bound: 2 copies x 24 of 48 vCPUs = 1 instance.
    expect(savings({ componentsOnVariant: 2, compute: { acceleratorDevices: null, cpuCores: 24, minMemoryMb: null } }).components[0]!.quantity).toBe(1);
    // Never more than the variant's instances.
    expect(savings({ componentsOnVariant: 2, currentCopyCount: 12 }).components[0]!.quantity).toBe(2);
  });

  it('stays unknown, never guessed: no compute requirements, no specs, no instance type, no price', () => {
    expect(savings({ componentsOnVariant: 2, compute: { acceleratorDevices: null, cpuCores: null, minMemoryMb: null } })).toMatchObject({
      monthlyUsd: null,
      unknown: [expect.stringContaining('states no compute requirements')],
    });
    expect(savings({ componentsOnVariant: 2, host: { instanceType: 'ml.unknown.xlarge', instanceCount: 1, managedScaling: null } }).monthlyUsd).toBeNull();
    expect(savings({ host: { instanceType: null, instanceCount: 1, managedScaling: null } })).toMatchObject({
      monthlyUsd: null,
      unknown: ['the instance type of endpoint host (variant AllTraffic) is unknown'],
    });
    expect(savings({}, 'ap-northeast-1').monthlyUsd).toBeNull(); // no bundled Tokyo price: never another region's
  });

  it('declares the hosting price it looks up, and none for a busy component', () => {
    expect(idleComponentPriceKeys(candidate(), config)).toEqual([
      { service: 'sagemaker', region: 'us-east-1', component: 'hosting', item: 'ml.g4dn.12xlarge' },
    ]);
    expect(idleComponentPriceKeys(candidate({ invocations: 3 }), config)).toEqual([]);
  });
});

describe('the declaration dispatches on the candidate kind', () => {
  const component = candidate() as Candidate<IdleEndpointsFacts>;
  const endpoint: Candidate<IdleEndpointsFacts> = {
    ref: { resourceType: 'sagemaker:endpoint', resourceId: 'ep', arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep', region: 'us-east-1' },
    tags: {},
    facts: {
      endpointName: 'ep',
      endpointConfigName: 'ep-config',
      status: 'InService',
      creationTime: daysAgo(30),
      lastModifiedTime: daysAgo(30),
      variants: [{ variantName: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1, serverless: false }],
      invocationsByVariant: {},
      tagList: [{ Key: 'owner', Value: 'ana@example.com' }],
    },
  };
  const { action } = IdleEndpointSweep;

  it('names the action honestly in the ledger', () => {
    expect(action.nameFor(component)).toBe('scale-component-to-zero');
    expect(action.nameFor(endpoint)).toBe('stop-endpoint');
    expect(action.name).toBe('stop-endpoint');
  });

  it('records the kind and what restore needs', () => {
    expect(action.restoreData(component)).toEqual({
      kind: 'inference-component',
      componentName: 'ic',
      componentArn: ARN,
      endpointName: 'host',
      variantName: 'AllTraffic',
      copyCount: 2,
    });
    expect(action.restoreData(endpoint)).toMatchObject({ kind: 'endpoint', endpointName: 'ep', endpointConfigName: 'ep-config' });
  });

  it('assesses and prices each kind with its own rule', () => {
    expect(IdleEndpointSweep.assess(component, { ...config } as never, NOW, { watchingSince: null }, defaultPriceBook).reason).toMatch(
      /inference component ic/,
    );
    expect(IdleEndpointSweep.assess(endpoint, { ...config } as never, NOW, { watchingSince: null }, defaultPriceBook).reason).toMatch(
      /^no invocations in the last 7 days \(1 variant\)$/,
    );
    expect(IdleEndpointSweep.priceKeys(component, { ...config } as never)).toMatchObject([{ item: 'ml.g4dn.12xlarge' }]);
    expect(IdleEndpointSweep.priceKeys(endpoint, { ...config } as never)).toMatchObject([{ item: 'ml.g4dn.xlarge' }]);
  });
});

describe('tagSource: the fewer calls for the tags of the quiet endpoints', () => {
  it.each([
    [0, 1000, 'none'],
    [1, 1000, 'list-tags'], // 1 ListTags < 10 GetResources pages
    [10, 1000, 'list-tags'],
    [11, 1000, 'get-resources'],
    [200, 1000, 'get-resources'], // 10 pages instead of 200 calls
    [7, 11, 'get-resources'],
    [1, 11, 'list-tags'],
  ] as const)('%i quiet of %i endpoints: %s', (wanted, inRegion, expected) => {
    expect(tagSource(wanted, inRegion)).toBe(expected);
  });
});
