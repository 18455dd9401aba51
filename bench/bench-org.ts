/**
 * Benchmark: the idle-endpoint sweep over an organization on the local emulator, through
 * the same fan-out code the state machine runs (listSweepPairs, then the local Map runner
 * of runSweepPair, which is what each Map item's Lambda runs). Default: 50 member
 * accounts x 3 regions, 100 endpoints per pair (300 per account), 20% idle.
 *
 * Prints calls per pair, Lambda-seconds per pair, wall time at each concurrency, the
 * tool's own monthly AWS bill at that size (from the counts, prices sourced below) and
 * what bounds it. Fails (exit 1) when a pair's AWS calls exceed the target: ListEndpoints
 * pages + GetMetricData batches + 3 per idle endpoint + 2 (AssumeRole, DescribeRegions).
 *
 *   npm run bench:org -- [--accounts 50] [--regions us-east-1,us-west-2,eu-west-1] [--per-pair 100] [--idle-ratio 0.2] [--concurrency 10,40]
 */
import { parseArgs } from 'node:util';
import type { GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { AwsClients } from '../lib/aws/clients.js';
import { MAX_QUERIES_PER_CALL } from '../lib/aws/metric-data.js';
import { fixedClock } from '../lib/core/clock.js';
import { parseConfig } from '../lib/config.js';
import { table } from '../lib/format/index.js';
import { startLocalEmulator } from '../lib/local/emulator.js';
import { deploymentEnv, initLocal } from '../lib/local/init-local.js';
import { seedMemberRole, seedOrganization } from '../lib/local/seed-org.js';
import { sweepAccounts, type AccountsSweepReport } from '../lib/runtime.js';
import { sweepNamed } from '../lib/sweeps/registry.js';
import { monthlyBill, printBill, type RunCounts } from './org-bill.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50' },
    regions: { type: 'string', default: 'us-east-1,us-west-2,eu-west-1' },
    'per-pair': { type: 'string', default: '100' },
    'idle-ratio': { type: 'string', default: '0.2' },
    concurrency: { type: 'string', default: '10,40' },
  },
});
const accountCount = Number(values.accounts);
const regions = values.regions.split(',');
const perPair = Number(values['per-pair']);
const idleEvery = Math.round(1 / Number(values['idle-ratio']));
const concurrencies = values.concurrency.split(',').map(Number);
const HOME = regions[0]!;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

const emulator = await startLocalEmulator();
let failed = false;
try {
  // Seeding in bulk: the organization through the API, roles and endpoints by control ops (one per pair).
  const seedStart = performance.now();
  const deployment = await initLocal({ endpoint: emulator.endpoint, region: HOME, prefix: 'bench-org' });
  const env = { ...deploymentEnv(deployment), AWS_REGION: HOME };
  const names = Array.from({ length: accountCount }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
  const { accounts } = await seedOrganization({ endpoint: emulator.endpoint, region: HOME }, names);
  let idlePerPair = 0;
  for (const [a, id] of [...accounts.values()].entries()) {
    await seedMemberRole((p, b) => emulator.control(p, b), id, { name: 'FinOpsAiMember', externalId: 'bench' });
    for (const region of regions) {
      const endpoints = Array.from({ length: perPair }, (_, i) => ({
        name: `ep-${String(i).padStart(4, '0')}`,
        instanceType: 'ml.g4dn.xlarge',
        ageDays: 30,
        tags: { owner: `owner-${i % 20}@example.com`, team: `team-${(a + i) % 9}` },
        ...(i % idleEvery === 0 ? {} : { invocations: [{ daysAgo: 1 + (i % 5), count: 100 + i }] }),
      }));
      idlePerPair = endpoints.filter((e) => !('invocations' in e)).length;
      await emulator.control('sagemaker/bulk-endpoints', { accountId: id, region, now: now.toISOString(), endpoints });
    }
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(
    `Organization bench: ${accountCount} member accounts (+ the hub) x ${regions.length} regions, ${perPair} endpoints per pair (${idlePerPair} idle); seeded in ${seedSeconds.toFixed(1)} s`,
  );

  const config = parseConfig({
    regions,
    pricing: { live: false },
    accounts: { source: 'organization', externalId: 'bench' },
    sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } },
  });
  let metricsRequested = 0;
  const clients = new AwsClients({
    endpoint: emulator.endpoint,
    extra: { credentials },
    // Counts CloudWatch's billing unit: metrics requested (queries of GetMetricData).
    configure: (client) => {
      const c = client as { middlewareStack?: { add: (mw: unknown, o: unknown) => void } };
      if (client?.constructor.name !== 'CloudWatchClient' || !c.middlewareStack) return;
      c.middlewareStack.add(
        (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: unknown }) => {
          if (context.commandName === 'GetMetricDataCommand') metricsRequested += (args.input as GetMetricDataCommandInput).MetricDataQueries?.length ?? 0;
          return next(args);
        },
        { step: 'initialize', name: 'countMetricsRequested' },
      );
    },
  });

  const run = async (mode: 'report' | 'apply', at: Date, concurrency: number) => {
    const pairMs: number[] = [];
    metricsRequested = 0;
    await emulator.startRecording();
    const start = performance.now();
    const report: AccountsSweepReport = await sweepAccounts({
      sweep: sweepNamed('idle-endpoints'),
      config,
      mode,
      clock: fixedClock(at),
      clients,
      env,
      concurrency,
      onPair: (_pair, _result, ms) => pairMs.push(ms),
    });
    const wall = (performance.now() - start) / 1000;
    await emulator.stopRecording();
    return { report, wall, pairMs, calls: await emulator.recordedCalls(), metrics: metricsRequested };
  };

  const rows: string[][] = [];
  let counts: RunCounts | undefined;
  let slowestReportPair = 0;
  for (const concurrency of concurrencies) {
    const r = await run('report', now, concurrency);
    const pairs = r.report.pairs.length;
    const aws = Object.entries(r.calls).filter(([op]) => !op.startsWith('DynamoDB.'));
    const awsCalls = aws.reduce((s, [, n]) => s + n, 0);
    const lambdaSeconds = r.pairMs.reduce((s, ms) => s + ms, 0) / 1000;
    // The 15-minute bound from the least contended run (the emulator queues the others).
    if (concurrency === concurrencies[0]) slowestReportPair = Math.max(...r.pairMs) / 1000;
    rows.push([
      String(concurrency),
      String(pairs),
      r.wall.toFixed(1),
      (awsCalls / pairs).toFixed(2),
      (lambdaSeconds / pairs).toFixed(2),
      (Math.max(...r.pairMs) / 1000).toFixed(2),
      String(r.report.findings.length),
      String(r.report.errors.length),
    ]);
    if (concurrency === concurrencies[0]) {
      console.log(
        table([
          ['OPERATION (report run, all pairs)', 'CALLS', 'PER PAIR'],
          ...Object.entries(r.calls)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([op, n]) => [op, String(n), (n / pairs).toFixed(2)]),
        ]),
      );
      const pages = Math.ceil(perPair / 100);
      const batches = Math.ceil(perPair / MAX_QUERIES_PER_CALL);
      const target = pages + batches + 3 * idlePerPair + 2;
      const perPairCalls = awsCalls / pairs;
      console.log(
        `target per pair: pages (${pages}) + metric batches (${batches}) + 3 x idle (${idlePerPair}) + 2 = ${target}; actual ${perPairCalls.toFixed(2)} -> ${perPairCalls <= target ? 'within target' : 'OVER TARGET'}`,
      );
      if (perPairCalls > target) failed = true;
      counts = {
        pairs,
        awsCallsPerPair: perPairCalls,
        lambdaSecondsPerPair: lambdaSeconds / pairs,
        metricsRequested: r.metrics,
        dynamoReads: 0,
        dynamoWrites: 0,
        publishes: 0,
      };
    }
  }
  console.log(
    'Wall time on the emulator: one moto server serves one request at a time, so more concurrency mostly queues there; on AWS each pair has its own quotas.',
  );
  console.log(
    table([['CONCURRENCY', 'PAIRS', 'WALL S', 'AWS CALLS/PAIR', 'LAMBDA-S/PAIR', 'SLOWEST PAIR S', 'FINDINGS', 'ERRORS'], ...rows], {
      right: [0, 1, 2, 3, 4, 5, 6, 7],
    }),
  );

  // Apply mode on two accounts (moto copies a whole table per DynamoDB transaction, so a first run of
  // thousands of findings would take hours on the emulator): the writes per finding and per pair, scaled.
  const subset = [...accounts.values()].slice(0, 2);
  const applyConfig = { ...config, accounts: { ...config.accounts!, source: 'list' as const, ids: subset } };
  const apply = async (at: Date) => {
    await emulator.startRecording();
    const start = performance.now();
    const report = await sweepAccounts({
      sweep: sweepNamed('idle-endpoints'),
      config: applyConfig,
      mode: 'apply',
      clock: fixedClock(at),
      clients,
      env,
      concurrency: 4,
    });
    const wall = (performance.now() - start) / 1000;
    await emulator.stopRecording();
    return { report, wall, calls: await emulator.recordedCalls() };
  };
  const first = await apply(now);
  const steady = await apply(new Date(now.getTime() + 3_600_000));
  const tx = (c: Record<string, number>) => c['DynamoDB.TransactWriteItems'] ?? 0;
  const reads = (c: Record<string, number>) => (c['DynamoDB.BatchGetItem'] ?? 0) + (c['DynamoDB.Query'] ?? 0) + (c['DynamoDB.GetItem'] ?? 0);
  const subsetPairs = first.report.pairs.length;
  const txPerFinding = tx(first.calls) / Math.max(1, first.report.findings.length);
  const findingsAtScale = counts!.pairs * idlePerPair;
  console.log(
    `apply on ${subset.length} accounts (${subsetPairs} pairs): first run ${first.report.findings.length} findings, ${tx(first.calls)} ledger transactions ` +
      `(${txPerFinding.toFixed(2)} per finding), ${first.calls['SNS.Publish'] ?? 0} notices; steady run ${steady.calls['DynamoDB.PutItem'] ?? 0} run records, ` +
      `${tx(steady.calls)} transactions, ${reads(steady.calls)} ledger reads`,
  );
  const bill = monthlyBill({
    ...counts!,
    dynamoReads: (reads(steady.calls) / subsetPairs) * counts!.pairs,
    dynamoWrites: ((steady.calls['DynamoDB.PutItem'] ?? 0) / subsetPairs) * counts!.pairs,
    firstRunWrites: txPerFinding * findingsAtScale,
    publishes: ((first.calls['SNS.Publish'] ?? 0) / subsetPairs) * counts!.pairs,
  });
  printBill(bill, { slowestPairSeconds: slowestReportPair, perPair, firstRunTransactions: txPerFinding * findingsAtScale, regions: regions.length });
} finally {
  await emulator.stop();
}
if (failed) process.exit(1);
