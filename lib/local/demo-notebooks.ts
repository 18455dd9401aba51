/**
 * The idle-notebook part of `finops-ai demo`, on the demo's emulator and deployment:
 * three notebook instances (one nobody opened for days, one opened an hour ago, one
 * exempt); apply mode warns on day 0, stops the idle one once the grace period is over,
 * and restore starts it again.
 */
import { DescribeNotebookInstanceCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport } from '../format/index.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import type { LocalEmulator } from './emulator.js';
import { seedNotebooks, type SeedNotebook } from './seed-notebooks.js';

const REGION = 'us-east-1';

/** Options of {@link runNotebookDemo}. */
export interface NotebookDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control'>;
  readonly print: (text: string) => void;
  /** The demo's deployment (ledger, topics), shared with its other parts. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clients: AwsClients;
  /** @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** First run's time. @default - the current hour */
  readonly start?: Date;
}

/** The demo's notebooks: their owner tags, and when each was last opened. */
export function demoNotebooks(): SeedNotebook[] {
  const tags = (owner: string, team: string) => ({ owner, team, env: 'dev' });
  return [
    { name: 'nb-forecast-scratch', tags: tags('ana@example.com', 'risk'), startedHoursAgo: 96, openedHoursAgo: [80] },
    // Opened an hour before day 0 and again on day 1 (20 h after day 0): busy at both runs.
    { name: 'nb-vision-eda', tags: tags('lee@example.com', 'vision'), startedHoursAgo: 30, openedHoursAgo: [1, -20] },
    { name: 'nb-shared-tutorial', tags: { ...tags('mia@example.com', 'research'), 'finops:exempt': 'true' }, startedHoursAgo: 200 },
  ];
}

/**
 * Runs the notebook demo and prints what happened.
 *
 * @example
 * await runNotebookDemo({ emulator, print: console.log, env, clients });
 */
export async function runNotebookDemo(options: NotebookDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print, env, clients } = options;
  const day0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const notebooks = demoNotebooks();
  await seedNotebooks({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), now: day0, notebooks });
  const config = parseConfig({ ...presentation, regions: [REGION], sweeps: { 'idle-notebooks': { mode: 'apply', gracePeriodHours: 24 } } });
  const sweep = (at: Date) => runConfiguredSweep({ sweep: sweepNamed('idle-notebooks'), config, mode: 'apply', clock: fixedClock(at), env, clients });
  const status = async (name: string) =>
    (await clients.get(SageMakerClient, REGION).send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }))).NotebookInstanceStatus;
  const idle = notebooks[0]!.name;

  print('\n\n######## Idle SageMaker notebook instances: opens read from CloudTrail, stopped after the grace period, restorable ########\n');
  print(`Seeded ${notebooks.length} notebooks: ${notebooks.map((n) => n.name).join(', ')} (last opened 80 h ago, 1 h ago and daily, exempt).`);
  print(`\n== Day 0: the idle notebook's owner is warned (idleHours 12, grace 24 h)`);
  print(formatSweepReport(await sweep(day0), presentation));
  const due = await sweep(addHours(day0, 25));
  print(`\n== Day 1: grace period over, ${idle} stopped (its ML storage volume is kept): status ${await status(idle)}`);
  print(formatSweepReport(due, presentation));
  const stopped = due.findings.find((f) => f.decision === 'acted' && f.resourceId === idle);
  if (stopped?.actionId) {
    const at = addHours(day0, 26);
    print(`\n== Restore, ${at.toISOString()}: $ finops-ai restore ${stopped.actionId}`);
    print(formatRestoreReport(await restoreFromEnv({ actionId: stopped.actionId, clock: fixedClock(at), config, env, clients, sweepNamed }), presentation));
    print(`${idle} is ${await status(idle)} again.`);
  }
}
