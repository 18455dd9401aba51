/**
 * Benchmark: AWS Price List calls per run of the idle-endpoint sweep over N seeded
 * endpoints in three regions (the 1,000-endpoint estate of bench.ts, spread over
 * us-east-1, ap-northeast-1 and eu-west-1 with several instance types), through the
 * real runner and the price cache in the ledger table. Cold cache, then warm (the
 * next day, within the cache's 7-day TTL). Fails (exit 1) over the target:
 * cold <= the distinct (service, region, component) groups the idle endpoints need,
 * warm = 0.
 *
 *   npm run bench:pricing -- [--endpoints 1000] [--idle-ratio 0.2]
 */
import { sweepNamed } from '../lib/sweeps/registry.js';
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { table } from '../lib/format/index.js';
import { addHours, fixedClock } from '../lib/core/clock.js';
import type { SweepReport } from '../lib/core/finding.js';
import { parseConfig } from '../lib/config.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { deploymentEnv, initLocal } from '../lib/local/init-local.js';
import { seedEndpoints, type SeedEndpoint } from '../lib/local/seed-endpoints.js';
import { runConfiguredSweep } from '../lib/runtime.js';

const { values } = parseArgs({
  options: {
    endpoints: { type: 'string', default: '1000' },
    'idle-ratio': { type: 'string', default: '0.2' },
  },
});
const count = Number(values.endpoints);
const idleEvery = Math.round(1 / Number(values['idle-ratio']));
const HOME = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;

/** Regions and the instance types their endpoints run (moto's endpoint configs accept these). */
const REGIONS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['ml.g4dn.xlarge', 'ml.c5.xlarge', 'ml.m5.large', 'ml.g4dn.12xlarge'],
  'ap-northeast-1': ['ml.g4dn.xlarge', 'ml.m5.large', 'ml.c5.xlarge'],
  'eu-west-1': ['ml.g4dn.xlarge'],
};
const regions = Object.keys(REGIONS);
const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

const estate = new Map<string, SeedEndpoint[]>(regions.map((r) => [r, []]));
for (let i = 0; i < count; i++) {
  const region = regions[i % regions.length]!;
  const types = REGIONS[region]!;
  const type = types[Math.floor(i / regions.length) % types.length]!;
  const idle = i % idleEvery === 0;
  estate.get(region)!.push({
    name: `bench-ep-${String(i).padStart(5, '0')}`,
    configName: `bench-config-${region}-${i % 25}-${type}`,
    variants: [{ name: 'AllTraffic', instanceType: type, instanceCount: 1 }],
    ageDays: 30,
    tags: { owner: `owner-${i % 40}@example.com`, team: `team-${i % 7}` },
    ...(idle ? {} : { traffic: [{ variant: 'AllTraffic', daysAgo: 1 + (i % 5), count: 100 + i }] }),
  });
}
/** The groups the idle endpoints need: SageMaker hosting per region with an idle endpoint. */
const groups = new Set([...estate].flatMap(([region, endpoints]) => (endpoints.some((e) => !e.traffic) ? [`sagemaker/${region}/hosting`] : [])));
const idleTypes = [...estate].map(
  ([region, endpoints]) => `${region}: ${[...new Set(endpoints.filter((e) => !e.traffic).map((e) => e.variants[0]!.instanceType))].join(', ')}`,
);

const emulator = await startLocalEmulator();
try {
  const seedStart = performance.now();
  for (const [region, endpoints] of estate)
    await seedEndpoints({ endpoint: emulator.endpoint, region, control: (p, b) => emulator.control(p, b), endpoints, now });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const deployment = await initLocal({ endpoint: emulator.endpoint, region: HOME, prefix: 'bench' });
  const env = { ...deploymentEnv(deployment), AWS_REGION: HOME };
  const config = parseConfig({ regions });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });

  const pricingCalls = async () => (await emulator.control<{ calls: number }>('pricing/calls')).calls;
  const run = async (label: string, at: Date): Promise<string[]> => {
    const before = await pricingCalls();
    const start = performance.now();
    const report: SweepReport = await runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'report', clock: fixedClock(at), env, clients });
    const seconds = (performance.now() - start) / 1000;
    const calls = (await pricingCalls()) - before;
    const priced = report.findings.filter((f) => f.estimatedMonthlySavingsUsd !== null);
    const live = priced.filter((f) => f.savings.components.every((c) => c.source.startsWith('AWS Price List API'))).length;
    return [
      label,
      String(calls),
      String(report.findings.length),
      `${live} live, ${priced.length - live} bundled, ${report.findings.length - priced.length} unknown`,
      String(report.errors.length),
      `${seconds.toFixed(2)} s`,
    ];
  };

  const cold = await run('cold cache', now);
  const warm = await run('warm cache (next day)', addHours(now, 24));
  console.log(
    `Pricing calls per run: idle-endpoint sweep, report mode, ${count} endpoints in ${regions.length} regions (every ${idleEvery}th idle); seeded in ${seedSeconds.toFixed(1)} s`,
  );
  console.log(`idle endpoints' types: ${idleTypes.join('; ')}`);
  console.log(table([['RUN', 'GETPRODUCTS CALLS', 'FINDINGS', 'PRICES', 'ERRORS', 'WALL TIME'], cold, warm]));
  const [coldCalls, warmCalls] = [Number(cold[1]), Number(warm[1])];
  const ok = coldCalls <= groups.size && warmCalls === 0;
  console.log(
    `target: cold <= ${groups.size} (service, region, component) groups (${[...groups].join(', ')}), warm = 0; actual ${coldCalls} and ${warmCalls} -> ${ok ? 'within target' : 'OVER TARGET'}`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await emulator.stop();
}
