/**
 * Benchmark: one report run of the idle-provisioned-throughput sweep over N Bedrock
 * Provisioned Throughputs in one region, on the local emulator. Prints the calls per API
 * operation (moto's recorder) and fails (exit code 1) above the target:
 *
 *   ceil(N / 1000) ListProvisionedModelThroughputs pages
 *   + ceil(InService throughputs unchanged for the lookback / 500) GetMetricData calls
 *   + 2 per quiet throughput (GetProvisionedModelThroughput, ListTagsForResource)
 *   + 1 Price List GetProducts page per region (the emulator's Bedrock fixtures fit one page;
 *     AWS lists every Bedrock product of the region, a few pages, cached for a week)
 *
 * and nothing per busy, young or changing throughput. (The token showback's 200 model and
 * profile ids are measured by its own bench.)
 *
 *   npx tsx bench/bench-bedrock.ts [--throughputs 50]
 */
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { MAX_QUERIES_PER_CALL } from '../lib/aws/metric-data.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { formatUsd, formatUsdPerMonth, table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { seedThroughputs, type SeedThroughput } from '../lib/local/seed-throughputs.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { LIST_PAGE_SIZE } from '../lib/sweeps/idle-provisioned-throughput/inventory.js';
import { sweepNamed } from '../lib/sweeps/registry.js';

const { values } = parseArgs({ options: { throughputs: { type: 'string', default: '50' } } });
const count = Number(values.throughputs);
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;

const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const STATUSES = ['Updating', 'Creating', 'Failed'] as const;
// Of every 10: 4 idle without commitment, 1 idle committed, 3 busy, 1 young, 1 changing or failed.
const estate: SeedThroughput[] = Array.from({ length: count }, (_, i) => {
  const kind = i % 10;
  const base = {
    name: `bench-pt-${String(i).padStart(4, '0')}`,
    modelUnits: 1 + (i % 3),
    tags: { owner: `owner-${i % 9}@example.com`, team: `team-${i % 5}` },
  };
  if (kind < 4) return { ...base, ...(i % 7 === 0 ? { modelId: 'anthropic.claude-3-haiku-20240307-v1:0:200k' } : {}) };
  if (kind === 4) return { ...base, commitment: i % 20 === 4 ? 'SixMonths' : 'OneMonth', commitmentEndsInDays: 2 + (i % 25) };
  if (kind < 8) return { ...base, invocationsPerHour: 10 + i };
  if (kind === 8) return { ...base, createdDaysAgo: 2 };
  return { ...base, status: STATUSES[i % STATUSES.length]! };
});
const oldInService = estate.filter((t) => (t.status ?? 'InService') === 'InService' && (t.createdDaysAgo ?? 30) >= 7).length;
const quiet = estate.filter((t) => (t.status ?? 'InService') === 'InService' && (t.createdDaysAgo ?? 30) >= 7 && !t.invocationsPerHour).length;

const emulator = await startLocalEmulator();
try {
  const seedStart = performance.now();
  await seedThroughputs({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), throughputs: estate, now });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  await emulator.startRecording();
  const start = performance.now();
  const report = await runConfiguredSweep({
    sweep: sweepNamed('idle-provisioned-throughput'),
    config: parseConfig({ regions: [REGION] }),
    mode: 'report',
    clock: fixedClock(now),
    env: { AWS_REGION: REGION },
    clients,
  });
  const seconds = (performance.now() - start) / 1000;
  await emulator.stopRecording();
  const calls = Object.fromEntries(Object.entries(await emulator.recordedCalls()).filter(([op]) => !op.startsWith('DynamoDB.')));

  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(count / LIST_PAGE_SIZE));
  const metricCalls = Math.ceil(oldInService / MAX_QUERIES_PER_CALL);
  const priceCalls = 1;
  const target = pages + metricCalls + 2 * quiet + priceCalls;
  const byDecision = Object.entries(report.findings.reduce<Record<string, number>>((m, f) => ({ ...m, [f.decision]: (m[f.decision] ?? 0) + 1 }), {}));
  const monthly = report.findings.filter((f) => f.decision === 'pending').reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  const remaining = report.findings.reduce((s, f) => s + (typeof f.committedCostRemainingUsd === 'number' ? f.committedCostRemainingUsd : 0), 0);
  console.log(`idle-provisioned-throughput, report mode: ${count} Provisioned Throughputs in ${REGION}, ${oldInService} InService for 7+ days, ${quiet} quiet`);
  console.log(
    `seeded in ${seedSeconds.toFixed(1)} s; sweep wall time ${seconds.toFixed(2)} s; ${report.findings.length} findings (${byDecision.map(([d, n]) => `${n} ${d}`).join(', ')}), ${report.errors.length} errors`,
  );
  console.log(`pending deletes save ${formatUsdPerMonth(monthly)} (priced ones); committed flags still to be billed: ${formatUsd(remaining)}`);
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
    `target: ${pages} ListProvisionedModelThroughputs page(s) + ceil(${oldInService} / ${MAX_QUERIES_PER_CALL}) = ${metricCalls} GetMetricData + 2 x ${quiet} quiet (Get, ListTags) + ${priceCalls} GetProducts = ${target}; actual ${total} -> ${total <= target ? 'within target' : 'OVER TARGET'}`,
  );
  if (report.errors.length) console.log(`WARNING: ${report.errors.length} errors, first: ${report.errors[0]!.message}`);
  if (total > target || report.errors.length > 0) process.exitCode = 1;
} finally {
  await emulator.stop();
}
