/**
 * The runaway-training part of `finops-ai demo`, on an emulator that is already
 * running: seeds a runaway on 8 GPUs (its team has enabled stops), a stalled job,
 * a long job its tag allows, an exempt one, one without a stopping condition and
 * a finished one (eu-west-1, where SageMaker training prices are sourced), then
 * shows the urgent flag, the stop after the grace period, the final record of a
 * flagged job that ended, and a restore as a new job.
 */
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import type { SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport, formatUsd, formatUsdPerHour } from '../format/index.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import type { LocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal, type LocalDeployment } from './init-local.js';
import { demoTrainingJobs, seedTrainingJobs } from './seed-training.js';

/** Training jobs run here; the ledger and topics are in the home region. */
const REGION = 'eu-west-1';
const HOME = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Options of {@link runRunawayTrainingDemo}. */
export interface RunawayTrainingDemoOptions {
  /** A running emulator (e.g. from `startLocalEmulator()`); the demo does not stop it. */
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control' | 'publishedMessages'>;
  readonly print: (text: string) => void;
  /** Language and time zone of what the demo prints and sends. @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** First run's time. @default - the current hour */
  readonly start?: Date;
  /** The demo's shared deployment (ledger, topics), so the closing digest covers this part. @default - a deployment of its own */
  readonly deployment?: LocalDeployment;
}

/**
 * Runs the runaway-training demo and prints what happened.
 *
 * @example
 * const emulator = await startLocalEmulator();
 * try { await runRunawayTrainingDemo({ emulator, print: console.log }); } finally { await emulator.stop(); }
 */
export async function runRunawayTrainingDemo(options: RunawayTrainingDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print } = options;
  process.env.AWS_ACCESS_KEY_ID ??= CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= CREDENTIALS.secretAccessKey;
  const t0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

  const deployment = options.deployment ?? (await initLocal({ endpoint: emulator.endpoint, region: HOME, prefix: 'finops-demo-training' }));
  const env = { ...deploymentEnv(deployment), AWS_REGION: HOME };
  const jobs = demoTrainingJobs();
  await seedTrainingJobs({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), jobs, now: t0 });
  const config = parseConfig({ ...presentation, regions: [REGION], sweeps: { 'runaway-training': { mode: 'apply', stop: { teams: ['nlp'] } } } });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: CREDENTIALS } });
  const sweep = (at: Date): Promise<SweepReport> =>
    runConfiguredSweep({ sweep: sweepNamed('runaway-training'), config, mode: 'apply', clock: fixedClock(at), env, clients });
  const noticesBefore = (await emulator.publishedMessages()).length;

  print(`\n== Runaway training jobs: seeded ${jobs.length} jobs in ${REGION} (ledger table ${deployment.ledgerTable})`);
  for (const j of jobs) {
    const state = j.trainingHours === undefined ? 'Completed' : `training ${j.trainingHours} h`;
    const tags = Object.entries(j.tags ?? {})
      .filter(([k]) => k.startsWith('finops:') || k === 'team')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    print(`  ${j.name.padEnd(20)} ${`${j.instanceCount ?? 1} x ${j.instanceType}`.padEnd(18)} ${state.padEnd(15)} ${j.managedSpot ? 'spot ' : ''}${tags}`);
  }
  print('Config: default 24 h limit, stall = every host below 5% for 2 h, stops enabled for team nlp only, grace 4 h, reminders every 24 h.');

  print(`\n== Run 1, ${t0.toISOString()}: runaways flagged (tagged, URGENT notice) or scheduled for a stop; advice reported`);
  const first = await sweep(t0);
  print(formatSweepReport(first, presentation));
  for (const f of first.findings.filter((x) => x.decision === 'flagged' || x.decision === 'pending')) {
    print(
      `  ${f.resourceId}: ${formatUsd(f.costSoFarUsd as number | null)} so far after ${String(f.elapsedHours)} h; ${formatUsd(f.projectedCostToMaxRuntimeUsd as number | null)} if it runs to its MaxRuntimeInSeconds`,
    );
  }

  const ended = addHours(t0, 3);
  await emulator.control('sagemaker/training-job-end', {
    name: 'vision-pretrain',
    region: REGION,
    status: 'Failed',
    trainingEndTime: ended.toISOString(),
    failureReason: 'AlgorithmError: data loader hung',
  });
  print(`\n(${ended.toISOString()}: vision-pretrain ends on its own: Failed.)`);

  const t4 = addHours(t0, 4);
  print(`\n== Run 2, ${t4.toISOString()}: grace period over; the nlp runaway is stopped, the job that ended gets its final record`);
  const second = await sweep(t4);
  print(formatSweepReport(second, presentation));
  const ledger = new DynamoDbLedger(deployment.ledgerTable, clients.get(DynamoDBClient, HOME));
  const flagged = first.findings.find((f) => f.resourceId === 'vision-pretrain');
  const final = flagged && (await ledger.history(flagged)).find((e) => e.type === 'ended');
  if (final)
    print(`Ledger, vision-pretrain: ${final.fromStatus} -> ${final.toStatus}: ${final.detail} (training time x the price recorded when it was flagged)`);

  const messages = (await emulator.publishedMessages()).slice(noticesBefore);
  const urgent = messages.find((m) => m.subject?.includes('URGENT'));
  print(`\n== Owner notices (${messages.length}): ${messages.map((m) => m.subject).join(' | ')}`);
  if (urgent)
    print(`\n-- Example urgent notice (excerpt) --\nSubject: ${urgent.subject}\n\n${urgent.message.split('\n').slice(0, 26).join('\n')}\n  ...\n-- end --`);

  const stopped = second.findings.find((f) => f.decision === 'acted');
  if (stopped?.actionId) {
    const at = addHours(t4, 2);
    print(`\n== Restore, ${at.toISOString()}: the owner of ${stopped.resourceId} wants it back (a new job from the same spec)`);
    print(`$ finops-ai restore ${stopped.actionId}`);
    print(formatRestoreReport(await restoreFromEnv({ actionId: stopped.actionId, clock: fixedClock(at), config, env, clients, sweepNamed }), presentation));
  }
  const hourly = second.findings.filter((f) => f.decision === 'acted').reduce((s, f) => s + (f.savings.hourlyUsd ?? 0), 0);
  print(`\nStopped ${formatUsdPerHour(hourly)} of training instances (list price x instances). The flagged jobs keep running until their owners act.`);
}
