import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../lib/core/sweep.js';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { OrphanVolumesConfigSchema } from '../../../lib/sweeps/orphan-volumes/config.js';
import { assessOrphanVolume, priceVolume, snapshotDecision, type VolumeFacts } from '../../../lib/sweeps/orphan-volumes/rule.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();
const config = OrphanVolumesConfigSchema.parse({});

function candidate(facts: Partial<VolumeFacts>, tags: Record<string, string> = {}, region = 'us-east-1'): Candidate<VolumeFacts> {
  return {
    ref: { resourceType: 'ec2:volume', resourceId: 'vol-1', arn: `arn:aws:ec2:${region}::volume/vol-1`, region },
    tags,
    facts: {
      volumeId: 'vol-1',
      state: 'available',
      volumeType: 'gp2',
      sizeGiB: 100,
      iops: null,
      throughputMiBps: null,
      availabilityZone: `${region}a`,
      encrypted: false,
      kmsKeyId: null,
      createTime: daysAgo(60),
      ...facts,
    },
  };
}

describe('assessOrphanVolume: watch, then waste', () => {
  const cases: { name: string; since: string | null; min?: number; waste: boolean; watch?: boolean; reason: RegExp }[] = [
    { name: 'first sight: watch, never waste', since: null, waste: false, watch: true, reason: /first seen now, waste after 7 days/ },
    { name: 'just under the boundary: still watching', since: daysAgo(6.99), waste: false, watch: true, reason: /unattached for 6.9 of 7 days/ },
    { name: 'exactly at the boundary: waste', since: daysAgo(7), waste: true, reason: /unattached for 7 days/ },
    { name: 'well past the boundary: waste', since: daysAgo(30), waste: true, reason: /100 GiB gp2 volume unattached for 30 days/ },
    { name: 'minUnattachedDays 0: waste at first sight', since: null, min: 0, waste: true, reason: /unattached; a snapshot is kept/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = assessOrphanVolume(candidate({}), { ...config, minUnattachedDays: c.min ?? 7 }, NOW, { watchingSince: c.since }, defaultPriceBook);
      expect(a.waste).toBe(c.waste);
      if (!a.waste) expect(a.watch ?? false).toBe(c.watch ?? false);
      expect(a.reason).toMatch(c.reason);
    });
  }

  it('a volume that is not available is no candidate for waste', () => {
    const a = assessOrphanVolume(candidate({ state: 'in-use' }), config, NOW, { watchingSince: daysAgo(30) }, defaultPriceBook);
    expect(a).toEqual({ waste: false, reason: 'volume is in-use, not unattached' });
  });
});

describe('savings per volume type (us-east-1 bundled prices, monthly)', () => {
  // Hand-computed from lib/prices/data/ebs.json, us-east-1:
  // gp2 0.10, gp3 0.08 + 0.005/IOPS above 3000 + 0.04/MiBps above 125, io1 0.125 + 0.065/IOPS,
  // io2 0.125 + 0.065 / 0.0455 / 0.03185 per IOPS (tiers to 32k, 64k, above), st1 0.045, sc1 0.015,
  // standard 0.05 per GB-month; snapshot-standard 0.05 per GB-month on the full size.
  const cases: { type: string; facts: Partial<VolumeFacts>; gross: number; snapshot: number; net: number }[] = [
    { type: 'gp2 200 GiB', facts: { volumeType: 'gp2', sizeGiB: 200 }, gross: 20, snapshot: 10, net: 10 },
    { type: 'gp3 at the free baseline', facts: { volumeType: 'gp3', sizeGiB: 50, iops: 3000, throughputMiBps: 125 }, gross: 4, snapshot: 2.5, net: 1.5 },
    // 500 x 0.08 + (6000-3000) x 0.005 + (250-125) x 0.04 = 40 + 15 + 5
    {
      type: 'gp3 with extra IOPS and throughput',
      facts: { volumeType: 'gp3', sizeGiB: 500, iops: 6000, throughputMiBps: 250 },
      gross: 60,
      snapshot: 25,
      net: 35,
    },
    // 50 x 0.125 + 2500 x 0.065 = 6.25 + 162.5
    { type: 'io1', facts: { volumeType: 'io1', sizeGiB: 50, iops: 2500 }, gross: 168.75, snapshot: 2.5, net: 166.25 },
    // 100 x 0.125 + 10000 x 0.065 = 12.5 + 650
    { type: 'io2 in tier 1', facts: { volumeType: 'io2', sizeGiB: 100, iops: 10_000 }, gross: 662.5, snapshot: 5, net: 657.5 },
    // 12.5 + 32000 x 0.065 + 32000 x 0.0455 + 16000 x 0.03185 = 12.5 + 2080 + 1456 + 509.6
    { type: 'io2 across three tiers', facts: { volumeType: 'io2', sizeGiB: 100, iops: 80_000 }, gross: 4058.1, snapshot: 5, net: 4053.1 },
    // Cheap HDD storage costs less than a full-size snapshot: the net (a lower bound) is negative.
    { type: 'st1', facts: { volumeType: 'st1', sizeGiB: 1000 }, gross: 45, snapshot: 50, net: -5 },
    { type: 'sc1', facts: { volumeType: 'sc1', sizeGiB: 2000 }, gross: 30, snapshot: 100, net: -70 },
    { type: 'standard', facts: { volumeType: 'standard', sizeGiB: 100 }, gross: 5, snapshot: 5, net: 0 },
  ];
  for (const c of cases) {
    it(c.type, () => {
      const a = assessOrphanVolume(candidate(c.facts), config, NOW, { watchingSince: daysAgo(10) }, defaultPriceBook);
      if (!a.waste) throw new Error('expected waste');
      expect(a.evidence).toMatchObject({ grossMonthlyUsd: c.gross, snapshotMonthlyUsd: c.snapshot, netMonthlyUsd: c.net, snapshotKept: true });
      expect(a.savings.monthlyUsd).toBe(c.net);
      expect(a.savings.hourlyUsd).toBeCloseTo(c.net / 730, 6);
      expect(a.savings.unknown).toEqual([]);
      // The components reproduce the net: sum of quantity x hourly price x 730.
      const sum = a.savings.components.reduce((s, p) => s + p.quantity * p.usdPerHour * 730, 0);
      expect(sum).toBeCloseTo(c.net, 6);
      expect(a.savings.components.every((p) => p.item.includes('per hour = monthly / 730'))).toBe(true);
    });
  }

  it('gp3 components name the baseline and the derived throughput price', () => {
    const p = priceVolume(candidate({ volumeType: 'gp3', sizeGiB: 500, iops: 6000, throughputMiBps: 250 }).facts, 'us-east-1', defaultPriceBook, true);
    expect(p.savings.components.map((c) => [c.quantity, c.item.split(' (')[0]])).toEqual([
      [500, 'GiB of gp3 storage'],
      [3000, 'gp3 IOPS above the free 3000'],
      [125, 'gp3 MiB/s above the free 125'],
      [-500, 'GiB of snapshot storage kept'],
    ]);
    expect(p.savings.components[2]!.note).toMatch(/derived/i);
  });

  it('eu-west-1 uses its own prices', () => {
    const p = priceVolume(candidate({ volumeType: 'gp2', sizeGiB: 100 }, {}, 'eu-west-1').facts, 'eu-west-1', defaultPriceBook, true);
    expect(p).toMatchObject({ grossMonthlyUsd: 11, snapshotMonthlyUsd: 5, netMonthlyUsd: 6 });
  });

  it('snapshots off: net equals gross and the reason says why', () => {
    const cfg = { ...config, snapshots: { ...config.snapshots, disabledForTeams: ['Sandbox'] } };
    const a = assessOrphanVolume(
      candidate({ volumeType: 'st1', sizeGiB: 1000 }, { team: 'sandbox' }),
      cfg,
      NOW,
      { watchingSince: daysAgo(8) },
      defaultPriceBook,
    );
    if (!a.waste) throw new Error('expected waste');
    expect(a.reason).toBe(
      '1000 GiB st1 volume unattached for 8 days (first seen unattached 2026-11-18T12:00:00.000Z); no snapshot will be kept: snapshots disabled for team sandbox (tag team=sandbox)',
    );
    expect(a.evidence).toMatchObject({
      grossMonthlyUsd: 45,
      snapshotMonthlyUsd: 0,
      netMonthlyUsd: 45,
      snapshotKept: false,
      snapshotAssumption: 'no snapshot kept',
    });
    expect(a.savings.monthlyUsd).toBe(45);
  });

  it('unknown price: null savings with the reason, never a guess', () => {
    const region = candidate({ volumeType: 'gp3', sizeGiB: 100 }, {}, 'ap-south-1');
    const a = assessOrphanVolume(region, config, NOW, { watchingSince: daysAgo(8) }, defaultPriceBook);
    if (!a.waste) throw new Error('expected waste');
    expect(a.savings).toMatchObject({ hourlyUsd: null, monthlyUsd: null });
    expect(a.savings.unknown[0]).toMatch(/no EBS gp3-storage price for ap-south-1/);
    expect(a.evidence).toMatchObject({ grossMonthlyUsd: null, netMonthlyUsd: null });

    const type = assessOrphanVolume(candidate({ volumeType: 'gp9' }), config, NOW, { watchingSince: daysAgo(8) }, defaultPriceBook);
    if (!type.waste) throw new Error('expected waste');
    expect(type.savings.monthlyUsd).toBeNull();
    expect(type.savings.unknown).toEqual([expect.stringMatching(/no EBS price for volume type "gp9"/)]);
  });
});

describe('snapshotDecision', () => {
  const on = config.snapshots;
  it('keeps a snapshot by default', () => {
    expect(snapshotDecision({ team: 'risk' }, { snapshots: on })).toMatchObject({ keep: true });
  });
  it('is off for every volume when disabled', () => {
    expect(snapshotDecision({}, { snapshots: { ...on, enabled: false } })).toEqual({ keep: false, reason: expect.stringMatching(/disabled for every volume/) });
  });
  it('is off per environment, case-insensitively, with the configured tag keys', () => {
    const d = snapshotDecision(
      { stage: 'Scratch' },
      { snapshots: { ...on, disabledForEnvironments: ['scratch'] }, tagKeys: { team: 'squad', environment: 'stage' } },
    );
    expect(d).toEqual({ keep: false, reason: 'snapshots disabled for environment Scratch (tag stage=Scratch)' });
  });
  it('ignores a team listed under another tag key', () => {
    expect(
      snapshotDecision({ team: 'sandbox' }, { snapshots: { ...on, disabledForTeams: ['sandbox'] }, tagKeys: { team: 'squad', environment: 'env' } }).keep,
    ).toBe(true);
  });
});

describe('orphan-volumes config', () => {
  it('has documented defaults, a daily schedule, and gets the shared tag keys', () => {
    const resolved = parseConfig({ tagKeys: { team: 'squad' } });
    expect(resolved.sweeps['orphan-volumes']).toEqual({
      enabled: true,
      mode: 'report',
      schedule: 'rate(1 day)',
      gracePeriodHours: 24,
      actOnProtected: false,
      minUnattachedDays: 7,
      snapshots: { enabled: true, disabledForTeams: [], disabledForEnvironments: [] },
    });
    expect(sweepConfig(resolved, 'orphan-volumes')).toMatchObject({ minUnattachedDays: 7, tagKeys: { team: 'squad', environment: 'env' } });
  });

  it('rejects unknown snapshot fields and fractional days, naming the field', () => {
    expect(() => parseConfig({ sweeps: { 'orphan-volumes': { snapshots: { disabledForTeam: ['x'] } } } })).toThrow(
      /sweeps\.orphan-volumes\.snapshots: unknown field\(s\) "disabledForTeam"/,
    );
    expect(() => parseConfig({ sweeps: { 'orphan-volumes': { minUnattachedDays: 1.5 } } })).toThrow(/sweeps\.orphan-volumes\.minUnattachedDays/);
  });
});
