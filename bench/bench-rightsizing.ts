/**
 * Benchmark: one report run of the rightsizing sweep over N endpoint variants with
 * 4 utilization metrics each (GPU variants: CPU, memory, GPU, GPU memory) on the
 * local emulator. Prints wall time and AWS calls per operation (moto's recorder)
 * against the target: ListEndpoints pages, one DescribeEndpoint and one ListTags
 * per endpoint, one DescribeEndpointConfig per distinct config, and
 * ceil(4 N / 500) GetMetricData calls; nothing per variant or per metric.
 *
 *   npx tsx bench/bench-rightsizing.ts [--variants 1000] [--per-endpoint 4] [--configs 10] [--hours 169]
 */
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { MAX_QUERIES_PER_CALL } from '../lib/aws/metric-data.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { formatUsd as usd, table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { putHourlyMetrics, variantMetrics, type SeedVariantUtilization } from '../lib/local/seed-rightsizing.js';
import { seedEndpoints, type SeedEndpoint } from '../lib/local/seed-endpoints.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { sweepNamed } from '../lib/sweeps/registry.js';

const { values } = parseArgs({
  options: {
    variants: { type: 'string', default: '1000' },
    'per-endpoint': { type: 'string', default: '4' },
    configs: { type: 'string', default: '10' },
    hours: { type: 'string', default: String(7 * 24 + 1) },
  },
});
const variants = Number(values.variants);
const perEndpoint = Number(values['per-endpoint']);
const configs = Number(values.configs);
const hours = Number(values.hours);
const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;

const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const endpoints = Math.ceil(variants / perEndpoint);
const variantNames = Array.from({ length: perEndpoint }, (_, v) => `variant-${v}`);
// Endpoints share `configs` endpoint configs; a third of the variants are over-provisioned.
const estate: SeedEndpoint[] = Array.from({ length: endpoints }, (_, e) => ({
  name: `bench-ep-${String(e).padStart(4, '0')}`,
  configName: `bench-config-${e % configs}`,
  variants: variantNames.map((name) => ({ name, instanceType: 'ml.g4dn.4xlarge', instanceCount: 2 })),
  ageDays: 30,
  tags: { owner: `owner-${e % 40}@example.com`, team: `team-${e % 7}` },
}));
const utilization: SeedVariantUtilization[] = estate.flatMap((e, i) =>
  e.variants.map((v, j) => ({
    endpoint: e.name,
    variant: v.name,
    hours,
    peaks:
      (i + j) % 3 === 0
        ? { CPUUtilization: 80, MemoryUtilization: 10, GPUUtilization: 30, GPUMemoryUtilization: 40 }
        : { CPUUtilization: 600, MemoryUtilization: 50, GPUUtilization: 80, GPUMemoryUtilization: 70 },
  })),
);

const emulator = await startLocalEmulator();
try {
  const seedStart = performance.now();
  await seedEndpoints({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), endpoints: estate, now });
  const datapoints = await putHourlyMetrics({ endpoint: emulator.endpoint, region: REGION, now, metrics: variantMetrics(utilization), concurrency: 8 });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const config = parseConfig({ regions: [REGION] });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  await emulator.startRecording();
  const start = performance.now();
  const report = await runConfiguredSweep({
    sweep: sweepNamed('rightsizing'),
    config,
    mode: 'report',
    clock: fixedClock(now),
    env: { AWS_REGION: REGION },
    clients,
  });
  const seconds = (performance.now() - start) / 1000;
  await emulator.stopRecording();
  const calls = await emulator.recordedCalls();

  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const queries = variants * 4;
  const target: Record<string, number> = {
    'SageMaker.ListEndpoints': Math.ceil(endpoints / 100),
    'SageMaker.DescribeEndpoint': endpoints,
    'SageMaker.ListTags': endpoints,
    'SageMaker.DescribeEndpointConfig': configs,
    'CloudWatch.GetMetricData': Math.ceil(queries / MAX_QUERIES_PER_CALL),
    'EC2.DescribeInstances': 1,
    'EC2.DescribeVolumes': 1,
  };
  const monthly = report.findings.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  console.log(
    `Rightsizing sweep, report mode: ${variants} variants (${endpoints} endpoints x ${perEndpoint}, ${configs} shared configs), 4 metrics each, ${hours} hourly datapoints per metric`,
  );
  console.log(
    `seeded ${datapoints} datapoints in ${seedSeconds.toFixed(1)} s; sweep wall time ${seconds.toFixed(2)} s; ${report.findings.length} recommendations (${usd(monthly)}/month), ${report.inconclusive?.length ?? 0} not assessed, ${report.errors.length} errors`,
  );
  console.log(
    table([
      ['OPERATION', 'CALLS', 'TARGET'],
      ...Object.entries(calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => [op, String(n), target[op] === undefined ? '-' : String(target[op])]),
      ['total', String(total), String(Object.values(target).reduce((a, b) => a + b, 0))],
    ]),
  );
  const over = Object.entries(target).filter(([op, n]) => (calls[op] ?? 0) > n);
  console.log(
    `calls per variant: ${(total / variants).toFixed(2)}; ${queries} metric queries in ${calls['CloudWatch.GetMetricData'] ?? 0} GetMetricData calls -> ${over.length === 0 ? 'within target' : `OVER TARGET: ${over.map(([op]) => op).join(', ')}`}`,
  );
} finally {
  await emulator.stop();
}
