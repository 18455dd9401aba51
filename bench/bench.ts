/**
 * Benchmark: one report run of the idle-endpoint sweep over N seeded endpoints on the
 * local emulator. Prints wall time, AWS calls per operation (moto's recorder) and AWS
 * calls per endpoint, and exits 1 when that is above the target (0.30 at 1,000
 * endpoints with 20% idle: issue 16) or the findings are not the idle endpoints.
 *
 *   npm run bench:endpoints -- [--endpoints 1000] [--idle-ratio 0.2] [--configs 25] [--max-calls-per-endpoint 0.30]
 */
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { MAX_QUERIES_PER_CALL } from '../lib/aws/metric-data.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { seedEndpoints, type SeedEndpoint } from '../lib/local/seed-endpoints.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { sweepNamed } from '../lib/sweeps/registry.js';

const { values } = parseArgs({
  options: {
    endpoints: { type: 'string', default: '1000' },
    'idle-ratio': { type: 'string', default: '0.2' },
    configs: { type: 'string', default: '25' },
    'max-calls-per-endpoint': { type: 'string', default: '0.30' },
  },
});
const count = Number(values.endpoints);
const idleRatio = Number(values['idle-ratio']);
const configCount = Number(values.configs);
const maxPerEndpoint = Number(values['max-calls-per-endpoint']);
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;

const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const idleEvery = Math.round(1 / idleRatio);
const estate: SeedEndpoint[] = Array.from({ length: count }, (_, i) => {
  const idle = i % idleEvery === 0;
  return {
    name: `bench-ep-${String(i).padStart(5, '0')}`,
    configName: `bench-config-${i % configCount}`,
    variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }],
    ageDays: 30,
    tags: { owner: `owner-${i % 40}@example.com`, team: `team-${i % 7}` },
    ...(idle ? {} : { traffic: [{ variant: 'AllTraffic', daysAgo: 1 + (i % 5), count: 100 + i }] }),
  };
});
const idleCount = estate.filter((e) => !e.traffic).length;

const emulator = await startLocalEmulator();
try {
  const seedStart = performance.now();
  await seedEndpoints({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), endpoints: estate, now });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const config = parseConfig({ regions: [REGION] });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  await emulator.startRecording();
  const start = performance.now();
  const report = await runConfiguredSweep({
    sweep: sweepNamed('idle-endpoints'),
    config,
    mode: 'report',
    clock: fixedClock(now),
    env: { AWS_REGION: REGION },
    clients,
  });
  const seconds = (performance.now() - start) / 1000;
  await emulator.stopRecording();
  const calls = await emulator.recordedCalls();

  // The sweep's own AWS calls: the live price lookup (Pricing) is counted too; there is no ledger here.
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const perEndpoint = total / count;
  const pages =
    (calls['SageMaker.ListEndpoints'] ?? 0) +
    (calls['SageMaker.ListInferenceComponents'] ?? 0) +
    (calls['CloudWatch.ListMetrics'] ?? 0) +
    (calls['ResourceGroupsTaggingAPI.GetResources'] ?? 0);
  const batches = Math.ceil((count - idleCount) / MAX_QUERIES_PER_CALL);
  const budget = pages + batches + 2 * idleCount + 5;
  console.log(`Idle-endpoint sweep, report mode: ${count} endpoints (${idleCount} idle, ${configCount} shared configs)`);
  console.log(
    `seeded in ${seedSeconds.toFixed(1)} s; sweep wall time ${seconds.toFixed(2)} s; ${report.findings.length} findings, ${report.errors.length} errors`,
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
    `bound: pages (${pages}, tags included) + metric batches (${batches}) + 2 x idle candidates (${idleCount}) + 5 = ${budget}; actual ${total} -> ${total <= budget ? 'within' : 'OVER'}`,
  );
  const onTarget = perEndpoint <= maxPerEndpoint;
  console.log(`calls per endpoint: ${perEndpoint.toFixed(3)} (${total} / ${count}); target <= ${maxPerEndpoint.toFixed(2)} -> ${onTarget ? 'PASS' : 'FAIL'}`);
  if (!onTarget) process.exitCode = 1;
  if (report.findings.length !== idleCount) {
    console.log(`FAIL: expected ${idleCount} findings, got ${report.findings.length}`);
    process.exitCode = 1;
  }
} finally {
  await emulator.stop();
}
