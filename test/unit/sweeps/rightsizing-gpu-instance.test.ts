import { describe, expect, it } from 'vitest';
import type { Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { parseConfig } from '../../../lib/config.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import type { RightsizingConfig } from '../../../lib/sweeps/rightsizing/config.js';
import type { GpuInstanceFacts } from '../../../lib/sweeps/rightsizing/facts.js';
import { assessGpuInstance } from '../../../lib/sweeps/rightsizing/gpu-instance-rule.js';
import { sumByTimestamp, zipByTimestamp, type MetricPoints } from '../../../lib/sweeps/rightsizing/series.js';

const NOW = new Date('2026-11-23T06:00:00Z');
const HOUR = 3_600_000;
const config = parseConfig({}).sweeps.rightsizing as RightsizingConfig;
const fresh: ResourceMemory = { watchingSince: null };

function hourly(hours: number, peak: number): MetricPoints {
  const timestamps = Array.from({ length: hours }, (_, i) => NOW.getTime() - (hours - i) * HOUR);
  return { timestamps, values: timestamps.map((_, i) => (i === 7 ? peak : peak / 4)) };
}

function instance(
  type: string,
  m: { cpu: number; gpuSum?: number; gpuMemSum?: number; hostMem?: number; days?: number; state?: string },
): Candidate<GpuInstanceFacts> {
  const hours = (m.days ?? 14) * 24;
  return {
    ref: { resourceType: 'ec2:instance', resourceId: 'i-1', arn: 'arn:aws:ec2:us-east-1:1:instance/i-1', region: 'us-east-1' },
    tags: {},
    facts: {
      kind: 'gpu-instance',
      instanceId: 'i-1',
      instanceType: type,
      state: m.state ?? 'running',
      launchTime: new Date(NOW.getTime() - 60 * 24 * HOUR).toISOString(),
      cpu: hourly(hours, m.cpu),
      gpuUtilization: m.gpuSum === undefined ? null : hourly(hours, m.gpuSum),
      gpuMemoryUsedFraction: m.gpuMemSum === undefined ? null : hourly(hours, m.gpuMemSum),
      gpusReporting: 4,
      hostMemoryPercent: m.hostMem === undefined ? null : hourly(hours, m.hostMem),
    },
  };
}
const assess = (c: Candidate<GpuInstanceFacts>, memory = fresh) => assessGpuInstance(c, config, NOW, memory, defaultPriceBook);

describe('GPU instances', () => {
  it('idle (CPU 2%, GPU 8% over 4 GPUs = 2%/GPU): stop g5.12xlarge, $4,140.56/month', () => {
    expect(assess(instance('g5.12xlarge', { cpu: 2, gpuSum: 8 }))).toMatchObject({
      waste: true,
      act: false,
      fields: { current: { config: 'g5.12xlarge', monthlyUsd: 4140.56 }, proposed: { config: 'stopped', monthlyUsd: 0 }, confidence: 'high' },
      savings: { monthlyUsd: 4140.56 },
      evidence: { peakCpuPercent: 2, peakGpuPerGpuPercent: 2, gpuMemoryMetrics: expect.stringContaining('absent') },
    });
  });

  it('without the CloudWatch agent GPU metrics: not assessed, saying so (CPU alone cannot tell an idle GPU)', () => {
    expect(assess(instance('g5.12xlarge', { cpu: 1 }))).toMatchObject({
      waste: false,
      inconclusive: true,
      reason: expect.stringContaining('nvidia_smi_utilization_gpu absent'),
    });
  });

  it('under-used: g4dn.12xlarge -> g4dn.2xlarge (every peak at or under 60%), $2,855.76 -> $548.96', () => {
    // 48 vCPU at 10% = 4.8 busy -> 60% of 8; host 10% of 192 GiB = 19.2 -> 60% of 32; GPU 40% summed = 0.4 GPU -> 40% of 1;
    // GPU memory 0.4 of 4 GPUs x 16 GiB = 6.4 GiB -> 40% of 16.
    expect(assess(instance('g4dn.12xlarge', { cpu: 10, gpuSum: 40, gpuMemSum: 0.4, hostMem: 10 }))).toMatchObject({
      waste: true,
      fields: { current: { monthlyUsd: 2855.76 }, proposed: { config: 'g4dn.2xlarge', monthlyUsd: 548.96 }, confidence: 'high' },
      savings: { monthlyUsd: 2306.8 },
      evidence: { projectedPeaks: { cpuPerVcpuPercent: 60, memoryPercent: 60, gpuPerGpuPercent: 40, gpuMemoryPercent: 40 } },
    });
  });

  it('without host memory the smaller size is still proposed, with low confidence and why', () => {
    expect(assess(instance('g4dn.12xlarge', { cpu: 10, gpuSum: 40, gpuMemSum: 0.4 }))).toMatchObject({
      fields: { confidence: 'low' },
      evidence: { confidenceReasons: [expect.stringContaining('mem_used_percent absent')] },
    });
  });

  it('busy: no recommendation', () => {
    expect(assess(instance('g4dn.xlarge', { cpu: 50, gpuSum: 90, gpuMemSum: 0.9, hostMem: 50 }))).toMatchObject({
      waste: false,
      reason: expect.stringMatching(/^right-sized/),
    });
  });

  it('insufficient data after a start', () => {
    expect(assess(instance('g5.12xlarge', { cpu: 2, gpuSum: 8, days: 4 }))).toMatchObject({
      inconclusive: true,
      reason: expect.stringMatching(/^insufficient data: 4 of the 7 days/),
    });
  });

  it('a stopped instance with an open recommendation: adopted', () => {
    const open = assess(instance('g5.12xlarge', { cpu: 2, gpuSum: 8 }));
    if (!open.waste) throw new Error('expected a recommendation');
    const memory: ResourceMemory = {
      watchingSince: null,
      previous: { status: 'flagged', reason: open.reason, evidence: open.evidence, firstSeenAt: NOW.toISOString() },
    };
    expect(assess(instance('g5.12xlarge', { cpu: 0, state: 'stopped' }), memory)).toEqual({
      waste: false,
      closeAs: 'adopted',
      reason: 'instance is stopped (recommended: stopped)',
    });
    expect(assess(instance('g5.12xlarge', { cpu: 0, state: 'stopping' }), memory)).toMatchObject({ inconclusive: true });
  });
});

describe('series helpers', () => {
  it('sum GPUs hour by hour and divide used by total memory per GPU', () => {
    const a = { timestamps: [1, 2], values: [10, 20] };
    const b = { timestamps: [2, 3], values: [5, 7] };
    expect(sumByTimestamp([a, b])).toEqual({ timestamps: [1, 2, 3], values: [10, 25, 7] });
    expect(zipByTimestamp(a, b, (u, t) => u / t)).toEqual({ timestamps: [2], values: [4] });
  });
});
