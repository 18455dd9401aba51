import { describe, expect, it } from 'vitest';
import type { Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { parseConfig } from '../../../lib/config.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import type { RightsizingConfig } from '../../../lib/sweeps/rightsizing/config.js';
import type { VolumeFacts } from '../../../lib/sweeps/rightsizing/facts.js';
import { worthRecommending } from '../../../lib/sweeps/rightsizing/recommendation.js';
import { assessVolume, gp2BaselineIops, gp2MaxThroughputMiBps, gp3MatchingGp2 } from '../../../lib/sweeps/rightsizing/volume-rule.js';

const NOW = new Date('2026-11-23T06:00:00Z');
const HOUR = 3_600_000;
const config = parseConfig({}).sweeps.rightsizing as RightsizingConfig;
const fresh: ResourceMemory = { watchingSince: null };

function volume(volumeType: string, sizeGiB: number, iops: number | null = null, peakMiBps?: number, days = 14): Candidate<VolumeFacts> {
  const hours = days * 24;
  const timestamps = Array.from({ length: hours }, (_, i) => NOW.getTime() - (hours - i) * HOUR);
  return {
    ref: { resourceType: 'ec2:volume', resourceId: 'vol-1', arn: 'arn:aws:ec2:us-east-1::volume/vol-1', region: 'us-east-1' },
    tags: {},
    facts: {
      kind: 'volume',
      volumeId: 'vol-1',
      state: 'in-use',
      volumeType,
      sizeGiB,
      iops,
      throughputMiBps: null,
      createTime: new Date(NOW.getTime() - 90 * 24 * HOUR).toISOString(),
      ...(peakMiBps === undefined ? {} : { throughput: { timestamps, values: timestamps.map((_, i) => (i === 3 ? peakMiBps : 1)) } }),
    },
  };
}
const assess = (c: Candidate<VolumeFacts>, memory = fresh) => assessVolume(c, config, NOW, memory, defaultPriceBook);

describe('gp2 baseline', () => {
  it('3 IOPS per GiB between 100 and 16,000; 128 MiB/s up to 170 GiB, 250 above', () => {
    expect([10, 100, 1000, 6000].map(gp2BaselineIops)).toEqual([100, 300, 3000, 16000]);
    expect([170, 171].map(gp2MaxThroughputMiBps)).toEqual([128, 250]);
    expect(gp3MatchingGp2(2000)).toEqual({ iops: 6000, throughputMiBps: 250 });
  });
});

describe('gp2 -> gp3 (us-east-1: gp2 $0.10, gp3 $0.08/GiB, $0.005/IOPS above 3,000, $0.04/MiB/s above 125)', () => {
  it('1,000 GiB: $100.00 -> 80.00 + 125 MiB/s x 0.04 = $85.00, saves $15.00', () => {
    expect(assess(volume('gp2', 1000))).toMatchObject({
      waste: true,
      act: false,
      fields: {
        current: { config: 'gp2 1000 GiB', monthlyUsd: 100 },
        proposed: { config: 'gp3 1000 GiB, 3000 IOPS, 250 MiB/s', volumeType: 'gp3', iops: 3000, throughputMiBps: 250, monthlyUsd: 85 },
        confidence: 'high',
      },
      savings: { monthlyUsd: 15 },
    });
  });

  it('2,000 GiB: $200.00 -> 160.00 + 3,000 IOPS x 0.005 + 125 x 0.04 = $180.00, saves $20.00', () => {
    expect(assess(volume('gp2', 2000))).toMatchObject({ fields: { proposed: { iops: 6000, monthlyUsd: 180 } }, savings: { monthlyUsd: 20 } });
  });

  it('100 GiB: $10.00 -> 8.00 + 3 MiB/s x 0.04 = $8.12, saves $1.88', () => {
    expect(assess(volume('gp2', 100))).toMatchObject({ fields: { proposed: { throughputMiBps: 128, monthlyUsd: 8.12 } }, savings: { monthlyUsd: 1.88 } });
  });

  it('5 GiB: gp3 ($0.52) would not be cheaper than gp2 ($0.50)', () => {
    expect(assess(volume('gp2', 5))).toEqual({
      waste: false,
      reason: 'gp2 5 GiB: gp3 5 GiB, 3000 IOPS, 128 MiB/s would not be cheaper ($0.52 vs $0.50/month)',
    });
  });
});

describe('io1/io2 -> gp3', () => {
  it('io1 500 GiB at 10,000 IOPS, 90 MiB/s peak: $712.50 -> gp3 10,000 IOPS, 150 MiB/s = $76.00', () => {
    // io1: 500 x 0.125 + 10,000 x 0.065 = 712.50; gp3: 500 x 0.08 + 7,000 x 0.005 + 25 x 0.04 = 76.00.
    expect(assess(volume('io1', 500, 10_000, 90))).toMatchObject({
      waste: true,
      fields: { current: { monthlyUsd: 712.5 }, proposed: { config: 'gp3 500 GiB, 10000 IOPS, 150 MiB/s', monthlyUsd: 76 }, confidence: 'medium' },
      savings: { monthlyUsd: 636.5 },
      evidence: { peakThroughputMiBps: 90, headroomPercent: 60 },
    });
  });

  it('above 16,000 IOPS stays io', () => {
    expect(assess(volume('io2', 500, 20_000, 10))).toMatchObject({ waste: false, reason: "20000 provisioned IOPS: above gp3's 16000" });
  });

  it('throughput that gp3 cannot carry under the headroom stays io', () => {
    expect(assess(volume('io1', 500, 10_000, 700))).toMatchObject({ waste: false, reason: expect.stringContaining('gp3 cannot hold') });
  });

  it('needs 7 days of throughput data', () => {
    expect(assess(volume('io1', 500, 10_000, 90, 3))).toMatchObject({
      inconclusive: true,
      reason: expect.stringMatching(/^insufficient data: 3 of the 7 days/),
    });
  });
});

describe('adoption', () => {
  it('a gp2 volume now gp3 closes the recommendation as adopted', () => {
    const open = assess(volume('gp2', 1000));
    if (!open.waste) throw new Error('expected a recommendation');
    const memory: ResourceMemory = {
      watchingSince: null,
      previous: { status: 'flagged', reason: open.reason, evidence: open.evidence, firstSeenAt: NOW.toISOString() },
    };
    const now = volume('gp3', 1000);
    expect(assess({ ...now, facts: { ...now.facts, iops: 3000, throughputMiBps: 250 } }, memory)).toEqual({
      waste: false,
      closeAs: 'adopted',
      reason: 'volume is now gp3 1000 GiB, 3000 IOPS, 250 MiB/s (recommended: gp3 1000 GiB, 3000 IOPS, 250 MiB/s)',
    });
  });
});

describe('minMonthlySavingsUsd', () => {
  it('an 8 GiB gp2 root volume saves $0.04 (0.80 -> 0.64 + 3 x 0.04): under the $1.00 default, not recommended', () => {
    const small = assess(volume('gp2', 8));
    expect(small).toMatchObject({ waste: true, savings: { monthlyUsd: 0.04 } });
    expect(worthRecommending(small, config.minMonthlySavingsUsd)).toEqual({
      waste: false,
      reason: expect.stringMatching(/saves \$0\.04\/month, under the \$1\.00 minimum \(minMonthlySavingsUsd\)$/),
    });
    expect(worthRecommending(assess(volume('gp2', 1000)), config.minMonthlySavingsUsd)).toMatchObject({ waste: true });
  });
});
