/**
 * Benchmark: one report run of the runaway-training sweep over N seeded training
 * jobs, a share of them InProgress (some on 8 hosts), on the local emulator. Prints
 * wall time and AWS calls per operation (moto's recorder), against the target:
 * ListTrainingJobs pages + 2 calls (DescribeTrainingJob, ListTags) per InProgress
 * job + `ceil(host series / 500)` GetMetricData calls, and nothing per finished job.
 *
 * moto pages ListTrainingJobs before it applies `StatusEquals`, so it answers
 * `ceil(N / 100)` pages where AWS answers `ceil(InProgress / 100)`.
 *
 *   npx tsx bench/bench-training.ts [--jobs 2000] [--in-progress 200] [--eight-host-every 10]
 */
import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AwsClients } from '../lib/aws/clients.js';
import { MAX_QUERIES_PER_CALL } from '../lib/aws/metric-data.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { seedTrainingJobs, type SeedTrainingJob } from '../lib/local/seed-training.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { sweepNamed } from '../lib/sweeps/registry.js';
import { LIST_TRAINING_JOBS_PAGE } from '../lib/sweeps/runaway-training/inventory.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    'in-progress': { type: 'string', default: '200' },
    'eight-host-every': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
  },
});
const count = Number(values.jobs);
const running = Number(values['in-progress']);
const eightEvery = Number(values['eight-host-every']);
const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;

const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const TYPES = ['ml.p3.2xlarge', 'ml.g4dn.xlarge', 'ml.m5.xlarge'] as const;
const spread = Math.max(1, Math.floor(count / running));
let k = 0;
// Running jobs are spread over the listing (every `spread`-th job), so that they fall on many pages.
const estate: SeedTrainingJob[] = Array.from({ length: count }, (_, i) => {
  const name = `bench-job-${String(i).padStart(5, '0')}`;
  if (i % spread !== 0 || k >= running) return { name, instanceType: 'ml.m5.xlarge', tags: { owner: `owner-${i % 40}@example.com`, team: `team-${i % 7}` } };
  const n = k++;
  const tags = { owner: `owner-${n % 40}@example.com`, team: `team-${n % 7}`, env: n % 10 === 0 ? 'prod' : 'dev' };
  const instanceType = TYPES[n % TYPES.length]!;
  return {
    name,
    instanceType,
    instanceCount: n % eightEvery === 0 ? 8 : 1 + (n % 3),
    trainingHours: 1 + (n % 48),
    tags,
    utilization: { metric: instanceType === 'ml.m5.xlarge' ? 'CPUUtilization' : 'GPUUtilization', percent: n % 7 === 0 ? 0.5 : 60, hours: 2 },
  };
});
const inProgress = estate.filter((j) => j.trainingHours !== undefined);
const hosts = inProgress.filter((j) => j.trainingHours! >= 2).reduce((s, j) => s + (j.instanceCount ?? 1), 0);

const emulator = await startLocalEmulator();
try {
  const seedStart = performance.now();
  await seedTrainingJobs({
    endpoint: emulator.endpoint,
    region: REGION,
    control: (p, b) => emulator.control(p, b),
    jobs: estate,
    now,
    concurrency: Number(values.concurrency),
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const config = parseConfig({ regions: [REGION] });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  // Time spent in each operation (summed over concurrent calls): moto's GetMetricData scans every datapoint per query.
  const spent = new Map<string, number>();
  for (const client of [clients.get(SageMakerClient, REGION), clients.get(CloudWatchClient, REGION)]) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const t = performance.now();
        try {
          return await next(args);
        } finally {
          spent.set(context.commandName!, (spent.get(context.commandName!) ?? 0) + performance.now() - t);
        }
      },
      { step: 'initialize', name: 'benchTiming' },
    );
  }
  await emulator.startRecording();
  const start = performance.now();
  const report = await runConfiguredSweep({
    sweep: sweepNamed('runaway-training'),
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
  const pagesMoto = Math.ceil(count / LIST_TRAINING_JOBS_PAGE);
  const pagesAws = Math.max(1, Math.ceil(inProgress.length / LIST_TRAINING_JOBS_PAGE));
  const metricCalls = Math.ceil(hosts / MAX_QUERIES_PER_CALL);
  const target = pagesMoto + 2 * inProgress.length + metricCalls;
  const byDecision = Object.entries(report.findings.reduce<Record<string, number>>((m, f) => ({ ...m, [f.decision]: (m[f.decision] ?? 0) + 1 }), {}));
  const rules = report.findings.flatMap((f) => (Array.isArray(f.rules) ? (f.rules as string[]) : []));
  const burning = report.findings.filter((f) => f.decision !== 'recommend').reduce((s, f) => s + (f.savings.hourlyUsd ?? 0), 0);
  console.log(
    `Runaway-training sweep, report mode: ${count} training jobs, ${inProgress.length} InProgress (${inProgress.filter((j) => j.instanceCount === 8).length} on 8 hosts), ${hosts} host series to read`,
  );
  console.log(
    `seeded in ${seedSeconds.toFixed(1)} s; sweep wall time ${seconds.toFixed(2)} s; ${report.findings.length} findings (${byDecision.map(([d, n]) => `${n} ${d}`).join(', ')}), ${report.errors.length} errors`,
  );
  console.log(
    `rules fired: ${['max-hours', 'max-cost', 'stalled'].map((r) => `${r} ${rules.filter((x) => x === r).length}`).join(', ')}; runaway jobs burn $${burning.toFixed(2)}/h at list price`,
  );
  const seconds_ = (op: string) => `${((spent.get(`${op.split('.')[1]}Command`) ?? 0) / 1000).toFixed(2)} s`;
  console.log(
    table([
      ['OPERATION', 'CALLS', 'TIME IN CALLS'],
      ...Object.entries(calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => [op, String(n), seconds_(op)]),
      ['total', String(total), ''],
    ]),
  );
  console.log(
    `target: ${pagesMoto} ListTrainingJobs pages on moto (${pagesAws} on AWS, which filters before paging) + 2 x ${inProgress.length} InProgress + ceil(${hosts} / ${MAX_QUERIES_PER_CALL}) = ${metricCalls} GetMetricData = ${target}; actual ${total} -> ${total <= target ? 'within target' : 'OVER TARGET'}`,
  );
  if (report.errors.length) console.log(`WARNING: ${report.errors.length} errors, first: ${report.errors[0]!.message}`);
} finally {
  await emulator.stop();
}
