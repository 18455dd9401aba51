/**
 * Live prices through the real sweep runner (`runConfiguredSweep`, real SDK clients
 * over HTTP to the emulator): an idle endpoint in Tokyo, a capped training job in
 * us-east-1 and an orphan volume in Frankfurt priced from the emulated Price List
 * API; then the API down: the cache, the bundled table, unknown, each with its reason.
 * Prices: lib/local/emulator/fixtures/pricing (PROVENANCE.md there).
 */
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { Finding, SweepMode, SweepReport } from '../../lib/core/finding.js';
import { parseConfig, type FinOpsConfigInput } from '../../lib/config.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { seedEndpoints, type SeedEndpoint } from '../../lib/local/seed-endpoints.js';
import { seedTrainingJobs } from '../../lib/local/seed-training.js';
import { seedVolumes } from '../../lib/local/seed-volumes.js';
import { runConfiguredSweep } from '../../lib/runtime.js';
import { emulator, emulatorClients, ledgerItems, REGION as HOME } from '../support/integration.js';

const TOKYO = 'ap-northeast-1';
const IRELAND = 'eu-west-1';
const T0 = new Date('2026-11-29T06:00:00Z');
const PUBLISHED = '2026-11-01T00:00:00Z'; // the fixture documents' publicationDate
const owner = { owner: 'kenji@example.com', team: 'search', env: 'dev' };
const idle = (name: string, count = 1): SeedEndpoint => ({
  name,
  variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: count }],
  ageDays: 30,
  tags: owner,
});

let env: Record<string, string>;
let ledgerTable: string;

beforeEach(async () => {
  await emulator().reset();
  const deployment = await initLocal({ endpoint: inject('emulatorEndpoint'), region: HOME, prefix: 'prices' });
  ledgerTable = deployment.ledgerTable;
  env = { ...deploymentEnv(deployment), AWS_REGION: HOME };
});

function run(sweep: string, input: FinOpsConfigInput, at: Date, mode: SweepMode = 'report'): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed(sweep), config: parseConfig(input), mode, clock: fixedClock(at), env, clients: emulatorClients() });
}
const seedIdle = (region: string, endpoints: SeedEndpoint[]) =>
  seedEndpoints({ endpoint: inject('emulatorEndpoint'), region, control: (p, b) => emulator().control(p, b), endpoints, now: T0 });
const finding = (report: SweepReport, id: string): Finding => report.findings.find((f) => f.resourceId === id)!;
const pricingCalls = async () => (await emulator().control<{ calls: number }>('pricing/calls')).calls;
const priceItems = async () =>
  (await ledgerItems(ledgerTable))
    .filter((i) => String(i.pk).startsWith('PRICE#'))
    .map((i) => `${String(i.pk)} ${String(i.sk)}`)
    .sort();
const API_SOURCE = /^AWS Price List API \(AmazonSageMaker, SKU \w+, rate code [\w.]+\)$/;

describe('sweeps priced from the emulated Price List API', () => {
  it('an idle ml.g4dn.xlarge endpoint in ap-northeast-1: priced, with the API and its publication date as source', async () => {
    await seedIdle(TOKYO, [idle('tokyo-idle', 2)]);
    const report = await run('idle-endpoints', { regions: [TOKYO] }, T0);

    expect(report.errors).toEqual([]);
    const tokyo = finding(report, 'tokyo-idle');
    // 2 x ml.g4dn.xlarge at 0.994 USD/h (fixture) x 730 h = 1,451.24 USD/month.
    expect(0.994 * 2 * 730).toBeCloseTo(1451.24, 6);
    expect(tokyo).toMatchObject({ decision: 'pending', region: TOKYO, estimatedMonthlySavingsUsd: 1451.24 });
    expect(tokyo.savings).toMatchObject({ hourlyUsd: 1.988, monthlyUsd: 1451.24, unknown: [] });
    expect(tokyo.savings.components).toEqual([
      {
        item: 'ml.g4dn.xlarge (variant AllTraffic)',
        quantity: 2,
        usdPerHour: 0.994,
        source: expect.stringMatching(API_SOURCE),
        sourceDate: PUBLISHED,
        regionBasis: 'stated',
        note: 'Effective 2026-11-01.',
      },
    ]);
    expect(tokyo.savings).not.toHaveProperty('discount');
    // One GetProducts call (one type: a per-item query); the answer cached in the ledger table,
    // the only item a report-mode run writes.
    expect(await pricingCalls()).toBe(1);
    expect(await ledgerItems(ledgerTable)).toHaveLength(1);
    expect(await priceItems()).toEqual(['PRICE#sagemaker#ap-northeast-1#hosting ITEM#ml.g4dn.xlarge']);
  });

  it('a discount gives the effective figure beside the list one, kept in the ledger', async () => {
    await seedIdle(TOKYO, [idle('tokyo-idle', 2)]);
    const pricing = { discounts: { sagemaker: { percent: 18, note: 'Machine Learning Savings Plan, 1 year' } } };
    const report = await run('idle-endpoints', { regions: [TOKYO], pricing, sweeps: { 'idle-endpoints': { mode: 'apply' } } }, T0, 'apply');

    const tokyo = finding(report, 'tokyo-idle');
    const discount = { service: 'sagemaker', percent: 18, note: 'Machine Learning Savings Plan, 1 year', source: 'config' };
    // 1,451.24 x 0.82 = 1,190.0168; 1.988 x 0.82 = 1.63016.
    expect(tokyo).toMatchObject({
      estimatedMonthlySavingsUsd: 1451.24,
      savings: { monthlyUsd: 1451.24, effectiveMonthlyUsd: 1190.02, effectiveHourlyUsd: 1.63016, discount },
    });
    const state = (await ledgerItems(ledgerTable)).find((i) => String(i.pk).endsWith('#tokyo-idle') && i.sk === 'STATE#idle-endpoints')!;
    expect(state.savings).toMatchObject({ monthlyUsd: 1451.24, effectiveMonthlyUsd: 1190.02, discount });
  });

  it('a training job in us-east-1 with a finops:max-cost-usd cap: priced from the API, the cap fires', async () => {
    await seedTrainingJobs({
      endpoint: inject('emulatorEndpoint'),
      region: HOME,
      control: (p, b) => emulator().control(p, b),
      now: T0,
      jobs: [{ name: 'p4d-capped', instanceType: 'ml.p4d.24xlarge', trainingHours: 2, tags: { ...owner, 'finops:max-cost-usd': '50' } }],
    });
    const report = await run('runaway-training', { regions: [HOME] }, T0);

    expect(report.errors).toEqual([]);
    const job = finding(report, 'p4d-capped');
    // 1 x ml.p4d.24xlarge training at 37.5 USD/h (fixture) x 2 h = 75.00 USD, over the 50 USD cap.
    expect(job).toMatchObject({
      decision: 'flagged',
      costSoFarUsd: 75,
      reason: expect.stringContaining('cost so far $75.00, over its $50.00 cap (tag finops:max-cost-usd)'),
    });
    expect(job.savings.components[0]).toMatchObject({ usdPerHour: 37.5, source: expect.stringMatching(API_SOURCE), sourceDate: PUBLISHED });
    expect(await priceItems()).toEqual(['PRICE#sagemaker#us-east-1#training ITEM#ml.p4d.24xlarge']);
  });

  it('an orphan gp3 volume in eu-central-1: priced from the API', async () => {
    const ids = await seedVolumes({
      endpoint: inject('emulatorEndpoint'),
      region: 'eu-central-1',
      volumes: [{ name: 'frankfurt-scratch', volumeType: 'gp3', sizeGiB: 100, tags: owner }],
    });
    const sweeps = { 'orphan-volumes': { minUnattachedDays: 0, snapshots: { enabled: false } } };
    const report = await run('orphan-volumes', { regions: ['eu-central-1'], sweeps }, T0);

    expect(report.errors).toEqual([]);
    const volume = finding(report, ids.get('frankfurt-scratch')!);
    // 100 GiB of gp3 at 0.0952 USD per GB-month (fixture); 3,000 IOPS and 125 MiB/s are free.
    expect(volume).toMatchObject({ decision: 'pending', estimatedMonthlySavingsUsd: 9.52 });
    expect(volume.savings.components).toEqual([
      expect.objectContaining({ quantity: 100, source: expect.stringMatching(/^AWS Price List API \(AmazonEC2, SKU /), sourceDate: PUBLISHED }),
    ]);
    expect(await priceItems()).toEqual(['PRICE#ebs#eu-central-1#storage ITEM#gp3-storage']);
  });
});

describe('the Price List API down: the cache, then the bundled table, then unknown', () => {
  const regions = [TOKYO, IRELAND];

  it('never fails the sweep; each figure says where it came from, or why it is unknown', async () => {
    await seedIdle(TOKYO, [idle('tokyo-idle')]);
    await seedIdle(IRELAND, [idle('dublin-idle')]);
    await emulator().control('pricing/fail', { mode: 'throttle' });

    // 1. Nothing cached: Ireland falls back to its bundled row, Tokyo (bundled nowhere) is unknown.
    const down = await run('idle-endpoints', { regions }, T0);
    expect(down.errors).toEqual([]);
    expect(finding(down, 'dublin-idle')).toMatchObject({ estimatedMonthlySavingsUsd: 599.33 }); // 0.821 USD/h (AWS bill, 2023-12) x 730
    expect(finding(down, 'dublin-idle').savings.components[0]).toMatchObject({
      usdPerHour: 0.821,
      sourceDate: '2023-12',
      note: expect.stringMatching(/^Live price unavailable \(Price List API unavailable \(ThrottlingException: Rate exceeded.*\)\); bundled price used\.$/),
    });
    const unknown = finding(down, 'tokyo-idle');
    expect(unknown).toMatchObject({ decision: 'pending', estimatedMonthlySavingsUsd: null, savings: { monthlyUsd: null, components: [] } });
    expect(unknown.savings.unknown).toEqual([
      expect.stringMatching(
        /^live price unavailable \(Price List API unavailable \(ThrottlingException: Rate exceeded.*\)\); no SageMaker hosting price for ml\.g4dn\.xlarge in ap-northeast-1 in the bundled table/,
      ),
    ]);
    expect(await priceItems()).toEqual([]);

    // 2. The API back: both live, and cached.
    await emulator().control('pricing/fail', { mode: 'off' });
    const up = await run('idle-endpoints', { regions }, addHours(T0, 1));
    expect(finding(up, 'tokyo-idle')).toMatchObject({ estimatedMonthlySavingsUsd: 725.62 }); // 0.994 x 730
    expect(finding(up, 'dublin-idle').savings.components[0]).toMatchObject({ usdPerHour: 0.821, source: expect.stringMatching(API_SOURCE) });
    expect(await priceItems()).toHaveLength(2);

    // 3. Down again the next day: the fresh cache answers, no call is made.
    await emulator().control('pricing/fail', { mode: 'throttle' });
    const callsBefore = await pricingCalls();
    const cached = await run('idle-endpoints', { regions }, addHours(T0, 24));
    expect(await pricingCalls()).toBe(callsBefore);
    expect(finding(cached, 'tokyo-idle')).toMatchObject({ estimatedMonthlySavingsUsd: 725.62 });
    expect(finding(cached, 'tokyo-idle').savings.components[0]).toMatchObject({
      source: expect.stringMatching(API_SOURCE),
      sourceDate: PUBLISHED,
      note: expect.stringContaining('Cached from the API at 2026-11-29T07:00:00.000Z'),
    });

    // 4. Still down past the cache's TTL (7 days): the stale entry serves, saying why.
    const stale = await run('idle-endpoints', { regions }, addHours(T0, 9 * 24));
    expect(stale.errors).toEqual([]);
    expect(finding(stale, 'tokyo-idle')).toMatchObject({ estimatedMonthlySavingsUsd: 725.62 });
    expect(finding(stale, 'tokyo-idle').savings.components[0]!.note).toMatch(/past its TTL: Price List API unavailable \(ThrottlingException/);
  });
});
