/**
 * Benchmark: one report run of the orphan-volume sweep over N seeded EBS volumes on
 * the local emulator. Prints wall time and AWS calls per operation (moto's
 * recorder), against the target: `ceil(N / 500)` DescribeVolumes pages and no
 * per-volume call (moto never pages DescribeVolumes, so it answers in one call).
 *
 * Report mode has no ledger memory, so the run uses `minUnattachedDays: 0` to assess
 * and price every unattached volume as waste (the calls are the same either way).
 *
 *   npx tsx bench/bench-volumes.ts [--volumes 10000] [--unattached-ratio 0.1]
 */
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { seedAttachedVolumes, seedVolumes, type SeedVolume } from '../lib/local/seed-volumes.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { DESCRIBE_VOLUMES_PAGE } from '../lib/aws/ebs.js';
import { sweepNamed } from '../lib/sweeps/registry.js';

const { values } = parseArgs({
  options: {
    volumes: { type: 'string', default: '10000' },
    'unattached-ratio': { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '16' },
  },
});
const count = Number(values.volumes);
const ratio = Number(values['unattached-ratio']);
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;

const TYPES = ['gp3', 'gp2', 'io2', 'st1'] as const;
const unattached = Math.round(count * ratio);
// Unattached volumes: one CreateVolume each, of mixed types, sizes and owners.
const estate: SeedVolume[] = Array.from({ length: unattached }, (_, i) => ({
  name: `bench-vol-${String(i).padStart(5, '0')}`,
  volumeType: TYPES[i % TYPES.length]!,
  sizeGiB: 50 + (i % 20) * 50,
  ...(TYPES[i % TYPES.length] === 'io2' ? { iops: 4000 } : {}),
  tags: { owner: `owner-${i % 40}@example.com`, team: `team-${i % 7}` },
}));

const emulator = await startLocalEmulator();
try {
  const seedStart = performance.now();
  await seedVolumes({ endpoint: emulator.endpoint, region: REGION, volumes: estate, concurrency: Number(values.concurrency) });
  // Attached volumes in bulk (instances with block device mappings): only `seen` needs them.
  await seedAttachedVolumes({
    endpoint: emulator.endpoint,
    region: REGION,
    count: count - unattached,
    tags: { owner: 'platform@example.com', team: 'platform' },
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const config = parseConfig({ regions: [REGION], sweeps: { 'orphan-volumes': { minUnattachedDays: 0 } } });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  await emulator.startRecording();
  const start = performance.now();
  const report = await runConfiguredSweep({
    sweep: sweepNamed('orphan-volumes'),
    config,
    mode: 'report',
    clock: fixedClock(new Date()),
    env: { AWS_REGION: REGION },
    clients,
  });
  const seconds = (performance.now() - start) / 1000;
  await emulator.stopRecording();
  const calls = await emulator.recordedCalls();

  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const budget = Math.ceil(count / DESCRIBE_VOLUMES_PAGE);
  const monthly = report.findings.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  console.log(`Orphan-volume sweep, report mode: ${count} volumes (${unattached} unattached)`);
  console.log(
    `seeded in ${seedSeconds.toFixed(1)} s; sweep wall time ${seconds.toFixed(2)} s; ${report.findings.length} findings ($${monthly.toFixed(2)}/month net), ${report.errors.length} errors`,
  );
  console.log(
    table([
      ['OPERATION', 'CALLS'],
      ...Object.entries(calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => [op, String(n)]),
      ['total', String(total)],
    ]),
  );
  console.log(
    `target: at most ceil(${count} / ${DESCRIBE_VOLUMES_PAGE}) = ${budget} DescribeVolumes pages, no per-volume call; actual ${total} -> ${total <= budget ? 'within target' : 'OVER TARGET'} (moto does not page DescribeVolumes)`,
  );
  if (report.findings.length !== unattached) console.log(`WARNING: expected ${unattached} findings`);
} finally {
  await emulator.stop();
}
