import { describe, expect, it } from 'vitest';
import type { Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { parseConfig } from '../../../lib/config.js';
import type { RightsizingConfig } from '../../../lib/sweeps/rightsizing/config.js';
import { assessEndpointVariant } from '../../../lib/sweeps/rightsizing/endpoint-variant-rule.js';
import type { EndpointMetric, EndpointVariantFacts } from '../../../lib/sweeps/rightsizing/facts.js';
import type { MetricPoints } from '../../../lib/sweeps/rightsizing/series.js';
import { normalizePerUnit } from '../../../lib/sweeps/rightsizing/sizing.js';

const NOW = new Date('2026-11-23T06:00:00Z');
const HOUR = 3_600_000;
const config = (over: Record<string, unknown> = {}) => parseConfig({ sweeps: { rightsizing: over } }).sweeps.rightsizing as RightsizingConfig;
const fresh: ResourceMemory = { watchingSince: null };

/** `hours` hourly datapoints ending at NOW, all `value` except the peak put in the middle. */
function hourly(hours: number, value: number, peak = value): MetricPoints {
  const timestamps = Array.from({ length: hours }, (_, i) => NOW.getTime() - (hours - i) * HOUR);
  return { timestamps, values: timestamps.map((_, i) => (i === Math.floor(hours / 2) ? peak : value)) };
}

function variant(
  instanceType: string,
  instanceCount: number,
  peaks: Partial<Record<EndpointMetric, number>>,
  options: { days?: number; region?: string; modifiedDaysAgo?: number; invocations?: MetricPoints; latency?: MetricPoints } = {},
): Candidate<EndpointVariantFacts> {
  const hours = (options.days ?? 14) * 24;
  const modified = new Date(NOW.getTime() - (options.modifiedDaysAgo ?? 30) * 24 * HOUR).toISOString();
  return {
    ref: {
      resourceType: 'sagemaker:endpoint-variant',
      resourceId: 'ep/AllTraffic',
      arn: 'arn:aws:sagemaker:x:1:endpoint/ep',
      region: options.region ?? 'us-east-1',
    },
    tags: {},
    facts: {
      kind: 'endpoint-variant',
      endpointName: 'ep',
      variantName: 'AllTraffic',
      endpointConfigName: 'ep-config',
      endpointStatus: 'InService',
      instanceType,
      instanceCount,
      serverlessMemoryMb: null,
      creationTime: modified,
      lastModifiedTime: modified,
      metrics: Object.fromEntries(Object.entries(peaks).map(([m, p]) => [m, hourly(hours, p / 2, p)])),
      ...(options.invocations ? { invocations: options.invocations } : {}),
      ...(options.latency ? { modelLatencyMicros: options.latency } : {}),
    },
  };
}

const assess = (c: Candidate<EndpointVariantFacts>, cfg = config(), memory = fresh) => assessEndpointVariant(c, cfg, NOW, memory, defaultPriceBook);

describe('normalization', () => {
  it('a 4-vCPU instance at 200% CPU is 50% per vCPU', () => {
    expect(normalizePerUnit(200, 4)).toBe(50);
    const result = assess(variant('ml.c5.xlarge', 2, { CPUUtilization: 200, MemoryUtilization: 20 }));
    expect(result).toMatchObject({ waste: true, evidence: { peakCpuPerVcpuPercent: 50 } });
  });

  it('GPU utilization and GPU memory are divided by the GPU count (4 GPUs at 200% = 50% per GPU)', () => {
    const result = assess(variant('ml.g4dn.12xlarge', 1, { CPUUtilization: 480, MemoryUtilization: 20, GPUUtilization: 200, GPUMemoryUtilization: 100 }));
    // 2 GPUs' worth of load fits no one-GPU size, so it is right-sized; the reason shows the normalized peaks.
    expect(result).toEqual({
      waste: false,
      reason:
        'right-sized: peak hourly CPU 10%/vCPU, memory 20%, GPU 50%/GPU, GPU memory 25% over 14 days, no smaller configuration keeps them at or under 60%',
    });
  });
});

describe('recommendation paths', () => {
  it('fewer instances first: 4 x ml.c5.2xlarge at 20%/vCPU fit on 2 (40%), not 1 (80%); $1,191.36 -> $595.68', () => {
    const result = assess(variant('ml.c5.2xlarge', 4, { CPUUtilization: 160, MemoryUtilization: 30 }));
    expect(result).toMatchObject({
      waste: true,
      act: false,
      fields: {
        current: { config: '4 x ml.c5.2xlarge', monthlyUsd: 1191.36, instanceCount: 4 },
        proposed: { config: '2 x ml.c5.2xlarge', monthlyUsd: 595.68, instanceType: 'ml.c5.2xlarge', instanceCount: 2 },
        confidence: 'medium', // us-east-1 SageMaker prices come from a source that states no region
      },
      evidence: { projectedPeaks: { cpuPerVcpuPercent: 40, memoryPercent: 30 }, statistic: expect.stringContaining('peak of hourly Average') },
      savings: { monthlyUsd: 595.68 },
    });
    // A smaller size would fit memory (4.8 GiB on 8 GiB = 60%) but not CPU (6.4 vCPUs on 2 x 4 = 80%).
    expect(result.waste && result.reason).toMatch(
      /^4 x ml\.c5\.2xlarge -> 2 x ml\.c5\.2xlarge: peak hourly CPU 20%\/vCPU, memory 30% over 14 days; the load fits on fewer instances/,
    );
  });

  it('minInstanceCount keeps instances for availability', () => {
    const result = assess(variant('ml.c5.2xlarge', 2, { CPUUtilization: 80, MemoryUtilization: 30 }), config({ endpoints: { minInstanceCount: 2 } }));
    expect(result).toMatchObject({ waste: true, fields: { proposed: { config: '2 x ml.c5.xlarge' } } });
  });

  it('then a smaller size of the family: ml.g4dn.4xlarge -> ml.g4dn.xlarge in eu-west-1, $1,224.94 -> $599.33, high confidence', () => {
    // 16 vCPU at 80% = 0.8 vCPU busy -> 20% of 4; memory 10% of 64 GiB = 6.4 GiB -> 40% of 16; GPU 30%; GPU memory 40% of 16 GiB -> 40%.
    const result = assess(
      variant('ml.g4dn.4xlarge', 1, { CPUUtilization: 80, MemoryUtilization: 10, GPUUtilization: 30, GPUMemoryUtilization: 40 }, { region: 'eu-west-1' }),
    );
    expect(result).toMatchObject({
      waste: true,
      fields: {
        current: { config: '1 x ml.g4dn.4xlarge', monthlyUsd: 1224.94 },
        proposed: { config: '1 x ml.g4dn.xlarge', monthlyUsd: 599.33 },
        confidence: 'high',
      },
      evidence: { projectedPeaks: { cpuPerVcpuPercent: 20, memoryPercent: 40, gpuPerGpuPercent: 30, gpuMemoryPercent: 40 }, confidenceReasons: [] },
      savings: { monthlyUsd: 625.61 },
    });
  });

  it('a region without SageMaker prices (us-west-2) still gets the smaller size, with the saving unknown and why', () => {
    const result = assess(
      variant('ml.g4dn.4xlarge', 1, { CPUUtilization: 80, MemoryUtilization: 10, GPUUtilization: 30, GPUMemoryUtilization: 40 }, { region: 'us-west-2' }),
    );
    expect(result).toMatchObject({
      waste: true,
      fields: { current: { monthlyUsd: null }, proposed: { config: '1 x ml.g4dn.xlarge', monthlyUsd: null } },
      savings: { monthlyUsd: null, unknown: [expect.stringContaining('ml.g4dn.4xlarge in us-west-2'), expect.stringContaining('ml.g4dn.xlarge in us-west-2')] },
    });
  });

  it('serverless for very low, sporadic traffic on a CPU variant, priced at the observed volume', () => {
    // 1 x ml.c5.xlarge ($148.92/month), memory 12.5% of 8 GiB = 1 GiB -> 1,707 MB with 60% headroom -> 2048 MB.
    // 10 invocations in 24 of 336 hours at 200 ms: 48 s in 336 h -> 104.29 s/month x $0.00004 = $0.0042.
    const busy = hourly(336, 0);
    const invocations = { timestamps: busy.timestamps.filter((_, i) => i % 14 === 0), values: busy.timestamps.filter((_, i) => i % 14 === 0).map(() => 10) };
    const latency = { timestamps: invocations.timestamps, values: invocations.timestamps.map(() => 200_000) };
    const result = assess(variant('ml.c5.xlarge', 1, { CPUUtilization: 20, MemoryUtilization: 12.5 }, { invocations, latency }));
    expect(result).toMatchObject({
      waste: true,
      fields: {
        current: { monthlyUsd: 148.92 },
        proposed: { config: 'serverless 2048 MB', serverless: true, memorySizeMb: 2048, billedSecondsPerMonth: 104.3, monthlyUsd: 0 },
        confidence: 'low',
      },
      savings: { monthlyUsd: 148.92 },
      evidence: { assumptions: expect.arrayContaining([expect.stringContaining('cold-start')]) },
    });
    expect(result.waste && result.savings.components.at(-1)).toMatchObject({
      quantity: -1,
      usdPerHour: expect.closeTo(0.0041714 / 730, 9),
      regionBasis: 'unstated',
    });
  });

  it('no serverless option for busy traffic (50 invocations every hour)', () => {
    const busy = hourly(336, 50);
    const result = assess(variant('ml.c5.xlarge', 1, { CPUUtilization: 20, MemoryUtilization: 12.5 }, { invocations: busy, latency: busy }));
    expect(result).toMatchObject({ waste: false, reason: expect.stringMatching(/^right-sized: /) });
  });

  it('nothing when every size is above the headroom (a hot variant)', () => {
    expect(assess(variant('ml.c5.xlarge', 1, { CPUUtilization: 300, MemoryUtilization: 70 }))).toMatchObject({
      waste: false,
      reason: expect.stringContaining('above the 60% headroom already'),
    });
  });
});

describe('headroom', () => {
  const hotGpu = variant(
    'ml.g4dn.4xlarge',
    1,
    { CPUUtilization: 80, MemoryUtilization: 10, GPUUtilization: 70, GPUMemoryUtilization: 40 },
    { region: 'eu-west-1' },
  );

  it('a GPU peak of 70% fits no one-GPU size under the default 60%', () => {
    expect(assess(hotGpu)).toMatchObject({ waste: false, reason: expect.stringContaining('above the 60% headroom already') });
  });

  it('fits ml.g4dn.xlarge under a 75% headroom', () => {
    expect(assess(hotGpu, config({ headroomPercent: 75 }))).toMatchObject({ waste: true, fields: { proposed: { config: '1 x ml.g4dn.xlarge' } } });
  });
});

describe('insufficient data', () => {
  it('fewer than 7 days of metrics: inconclusive, never a guess', () => {
    expect(assess(variant('ml.c5.2xlarge', 4, { CPUUtilization: 10, MemoryUtilization: 10 }, { days: 5 }))).toEqual({
      waste: false,
      inconclusive: true,
      reason: expect.stringMatching(/^insufficient data: 5 of the 7 days needed of CPUUtilization, MemoryUtilization since /),
    });
  });

  it('data older than the last modification describes another configuration and is not used', () => {
    const result = assess(variant('ml.c5.2xlarge', 4, { CPUUtilization: 10, MemoryUtilization: 10 }, { modifiedDaysAgo: 3 }));
    expect(result).toMatchObject({
      inconclusive: true,
      reason: expect.stringMatching(/^insufficient data: the endpoint was created or last modified 3 days ago \(.*\); 7 days of metrics are needed$/),
    });
  });

  it('7 to 14 days: a recommendation with medium confidence that says why', () => {
    const result = assess(
      variant(
        'ml.g4dn.4xlarge',
        1,
        { CPUUtilization: 80, MemoryUtilization: 10, GPUUtilization: 30, GPUMemoryUtilization: 40 },
        { region: 'eu-west-1', days: 9 },
      ),
    );
    expect(result).toMatchObject({ fields: { confidence: 'medium' }, evidence: { dataDays: 9, confidenceReasons: [expect.stringContaining('9 of 14 days')] } });
  });

  it('an endpoint being updated is not assessed this run', () => {
    const c = variant('ml.c5.2xlarge', 4, {});
    expect(assess({ ...c, facts: { ...c.facts, endpointStatus: 'Updating' } })).toMatchObject({
      inconclusive: true,
      reason: 'endpoint is Updating, not InService: not assessed this run',
    });
  });
});

describe('adoption', () => {
  const recommended = assess(variant('ml.c5.2xlarge', 4, { CPUUtilization: 160, MemoryUtilization: 30 }));
  if (!recommended.waste) throw new Error('expected a recommendation');
  const memory: ResourceMemory = {
    watchingSince: NOW.toISOString(),
    previous: { status: 'flagged', reason: recommended.reason, evidence: recommended.evidence, firstSeenAt: NOW.toISOString() },
  };
  const later = (type: string, count: number) => variant(type, count, { CPUUtilization: 80, MemoryUtilization: 30 }, { modifiedDaysAgo: 1 });

  it('running what was proposed closes it as adopted', () => {
    expect(assess(later('ml.c5.2xlarge', 2), config(), memory)).toEqual({
      waste: false,
      closeAs: 'adopted',
      reason: 'variant now runs 2 x ml.c5.2xlarge, as recommended (2 x ml.c5.2xlarge)',
    });
  });

  it('something no dearer is adopted too: 1 x ml.c5.4xlarge costs the same $595.68', () => {
    expect(assess(later('ml.c5.4xlarge', 1), config(), memory)).toMatchObject({
      closeAs: 'adopted',
      reason: expect.stringContaining('no more than the recommended 2 x ml.c5.2xlarge at $595.68/month'),
    });
  });

  it('another change closes it (not adopted), to be re-evaluated from fresh data', () => {
    expect(assess(later('ml.c5.2xlarge', 3), config(), memory)).toEqual({
      waste: false,
      reason:
        'configuration changed since the recommendation (was 4 x ml.c5.2xlarge, recommended 2 x ml.c5.2xlarge, now 3 x ml.c5.2xlarge); re-evaluated from fresh data',
    });
  });

  it('unchanged: the same recommendation, not marked changed; a different proposal is', () => {
    const same = assess(variant('ml.c5.2xlarge', 4, { CPUUtilization: 160, MemoryUtilization: 30 }), config(), memory);
    expect(same).toMatchObject({ waste: true, changed: false });
    const other = assess(variant('ml.c5.2xlarge', 4, { CPUUtilization: 60, MemoryUtilization: 30 }), config(), memory);
    // 2.4 vCPUs busy: on 1 x ml.c5.2xlarge 30%, then on 1 x ml.c5.xlarge 60%; memory 4.8 GiB of 8 = 60%.
    expect(other).toMatchObject({ waste: true, changed: true, fields: { proposed: { config: '1 x ml.c5.xlarge' } } });
  });
});
