import { beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import { seedTagCoverageEstate, type TagCoverageEstate } from '../../lib/local/seed-tag-coverage.js';
import { runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { emulator, emulatorClients, freshEstate, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T06:00:00Z');
let env: Record<string, string>;
let estate: TagCoverageEstate;

function sweep(at: Date, mode: 'report' | 'apply', section: Record<string, unknown> = {}): Promise<SweepReport> {
  const config = parseConfig({ regions: [REGION], sweeps: { 'tag-coverage': { mode, ...section } } });
  return runConfiguredSweep({ sweep: sweepNamed('tag-coverage'), config, mode, clock: fixedClock(at), env, clients: emulatorClients() });
}

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  const emu = emulator();
  estate = await seedTagCoverageEstate({ endpoint: emu.endpoint, region: REGION, control: (p, b) => emu.control(p, b), now: T0 });
});

describe('tag-coverage against the emulator', () => {
  it("report", async () => {
    const report = await sweep(T0, 'report');
    console.log(JSON.stringify(report.findings.map(f=>[f.resourceType,f.resourceId,f.decision,f.estimatedMonthlyCostUsd,f.creator,f.reason]), null, 1), JSON.stringify(report.errors,null,1));
    expect(report.findings.length).toBeGreaterThan(0);
  });
});
