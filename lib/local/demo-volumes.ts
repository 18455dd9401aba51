/**
 * The orphan-volume part of `finops-ai demo`, on an emulator that is already
 * running: seeds unattached, attached, exempt, protected and (later) re-attached
 * volumes, then shows first sight (watching), waste after `minUnattachedDays`,
 * the snapshot phase, the delete in a later run, and one restore.
 */
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import { EC2Client } from '@aws-sdk/client-ec2';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import type { SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport, formatUsdPerMonth } from '../format/index.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import type { LocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal, type LocalDeployment } from './init-local.js';
import { attachVolume, demoVolumes, seedVolumes, startInstance } from './seed-volumes.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Options of {@link runOrphanVolumeDemo}. */
export interface OrphanVolumeDemoOptions {
  /** A running emulator (e.g. from `startLocalEmulator()`); the demo does not stop it. */
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control'>;
  readonly print: (text: string) => void;
  /** Language and time zone of what the demo prints and sends. @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** First run's time. @default - the current hour */
  readonly start?: Date;
  /** The demo's shared deployment (ledger, topics), so the closing digest covers this part. @default - a deployment of its own */
  readonly deployment?: LocalDeployment;
}

/**
 * Runs the orphan-volume demo and prints what happened.
 *
 * @example
 * const emulator = await startLocalEmulator();
 * try { await runOrphanVolumeDemo({ emulator, print: console.log }); } finally { await emulator.stop(); }
 */
export async function runOrphanVolumeDemo(options: OrphanVolumeDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print } = options;
  process.env.AWS_ACCESS_KEY_ID ??= CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= CREDENTIALS.secretAccessKey;
  const day0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const day = (n: number, hours = 0) => addHours(day0, n * 24 + hours);

  const deployment = options.deployment ?? (await initLocal({ endpoint: emulator.endpoint, region: REGION, prefix: 'finops-demo-volumes' }));
  const env = { ...deploymentEnv(deployment), AWS_REGION: REGION };
  const volumes = demoVolumes();
  const ids = await seedVolumes({ endpoint: emulator.endpoint, region: REGION, volumes });
  const names = new Map([...ids].map(([name, id]) => [id, name]));
  const config = parseConfig({
    ...presentation,
    regions: [REGION],
    sweeps: { 'orphan-volumes': { mode: 'apply', gracePeriodHours: 24, minUnattachedDays: 7, snapshots: { disabledForTeams: ['sandbox'] } } },
  });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: CREDENTIALS } });
  const sweep = (at: Date): Promise<SweepReport> =>
    runConfiguredSweep({ sweep: sweepNamed('orphan-volumes'), config, mode: 'apply', clock: fixedClock(at), env, clients });
  const show = (report: SweepReport) => print(formatSweepReport(report, presentation));

  print(`\n== Orphan EBS volumes: seeded ${volumes.length} volumes (ledger table ${deployment.ledgerTable})`);
  for (const v of volumes)
    print(
      `  ${ids.get(v.name)}  ${v.name.padEnd(18)} ${`${v.sizeGiB} GiB ${v.volumeType ?? 'gp3'}`.padEnd(14)} ${v.attached ? 'attached' : 'unattached'}  ${Object.entries(
        v.tags ?? {},
      )
        .map(([k, x]) => `${k}=${x}`)
        .join(' ')}`,
    );
  print('Config: minUnattachedDays 7, grace 24 h, no snapshots for team sandbox.');

  print(`\n== Day 0: first sight. EBS records no detach time, so the ledger starts watching the unattached volumes (no finding, no notice)`);
  show(await sweep(day0));

  const ec2 = clients.get(EC2Client, REGION);
  const instance = await startInstance(ec2, `${REGION}a`);
  await attachVolume(ec2, ids.get('eval-results')!, instance, 3);
  print(`\n(Day 3: eval-results is attached again to ${instance}.)`);
  print(`\n== Day 3: the re-attached volume is no longer watched`);
  show(await sweep(day(3)));

  print(`\n== Day 7: unattached for 7 days: waste; owners warned, action after the 24 h grace period`);
  show(await sweep(day(7)));

  print(`\n== Day 8: grace period over. Snapshots start (the Lambda never waits for them); the no-snapshot volume is deleted`);
  const phase1 = await sweep(day(8));
  show(phase1);

  print(`\n== Day 8 + 1 h: snapshots completed, so the volumes are deleted`);
  const phase2 = await sweep(day(8, 1));
  show(phase2);

  const acted = phase2.findings.find((f) => f.decision === 'acted' && names.get(f.resourceId) === 'training-scratch');
  if (acted?.actionId) {
    print(`\n== Day 9: the owner of training-scratch needs it back`);
    print(`$ finops-ai restore ${acted.actionId}`);
    print(formatRestoreReport(await restoreFromEnv({ actionId: acted.actionId, clock: fixedClock(day(9)), config, env, clients, sweepNamed }), presentation));
  }
  const done = [...phase1.findings, ...phase2.findings].filter((f) => f.decision === 'acted');
  const net = done.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  const gross = done.reduce((s, f) => s + (typeof f.evidence.grossMonthlyUsd === 'number' ? f.evidence.grossMonthlyUsd : 0), 0);
  print(
    `\nDeleted ${done.length} orphan volume(s): ${formatUsdPerMonth(gross)} of volumes, ${formatUsdPerMonth(net)} net of the snapshots kept (upper bound: full-size snapshots).`,
  );
}
