/**
 * The idle Bedrock Provisioned Throughput part of `finops-ai demo`, on an emulator that is
 * already running: an idle no-commitment throughput (2 model units of Amazon Nova 2 Lite,
 * 60.50 USD per model unit-hour in the emulated Price List) warned, deleted after the grace
 * period and restored with a NEW ARN; an idle throughput committed for a month flagged with
 * the money still to be billed until its term ends, never deleted; a busy one left alone.
 */
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import type { SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport, formatUsd, formatUsdPerMonth } from '../format/index.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import type { LocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal, type LocalDeployment } from './init-local.js';
import { seedThroughputs, type SeedThroughput } from './seed-throughputs.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const NAME = 'idle-provisioned-throughput';

/** The throughputs the demo seeds. */
export function demoThroughputs(): SeedThroughput[] {
  return [
    { name: 'support-bot-pt', modelUnits: 2, tags: { owner: 'ana@example.com', team: 'support', env: 'dev' } },
    { name: 'summarizer-pt', commitment: 'OneMonth', commitmentEndsInDays: 10, tags: { owner: 'mia@example.com', team: 'research', env: 'dev' } },
    { name: 'search-pt', invocationsPerHour: 120, tags: { owner: 'lee@example.com', team: 'search', env: 'dev' } },
  ];
}

/** Options of {@link runBedrockThroughputDemo}. */
export interface BedrockThroughputDemoOptions {
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
 * Runs the Provisioned Throughput demo and prints what happened.
 *
 * @example
 * const emulator = await startLocalEmulator();
 * try { await runBedrockThroughputDemo({ emulator, print: console.log }); } finally { await emulator.stop(); }
 */
export async function runBedrockThroughputDemo(options: BedrockThroughputDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print } = options;
  process.env.AWS_ACCESS_KEY_ID ??= CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= CREDENTIALS.secretAccessKey;
  const t0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const deployment = options.deployment ?? (await initLocal({ endpoint: emulator.endpoint, region: REGION, prefix: 'finops-demo-bedrock' }));
  const env = { ...deploymentEnv(deployment), AWS_REGION: deployment.region };

  const throughputs = demoThroughputs();
  const arns = await seedThroughputs({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), throughputs, now: t0 });
  print(`== Bedrock Provisioned Throughputs in ${REGION}, created 30 days ago (Amazon Nova 2 Lite):`);
  for (const t of throughputs) {
    const term = t.commitment ? `${t.commitment}, term ends in ${t.commitmentEndsInDays} days` : 'no commitment';
    const traffic = t.invocationsPerHour ? `${t.invocationsPerHour} invocations an hour` : 'no invocations';
    print(`  ${t.name.padEnd(15)} ${t.modelUnits ?? 1} MU, ${term.padEnd(33)} ${traffic.padEnd(24)} ${arns.get(t.name)}`);
  }
  const config = parseConfig({ ...presentation, regions: [REGION], sweeps: { [NAME]: { mode: 'apply', gracePeriodHours: 24 } } });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: CREDENTIALS } });
  const sweep = (at: Date): Promise<SweepReport> => runConfiguredSweep({ sweep: sweepNamed(NAME), config, mode: 'apply', clock: fixedClock(at), env, clients });

  print(`\n== Run 1, ${t0.toISOString()}: idle for 7 days. The no-commitment one is scheduled; the committed one can only be flagged`);
  const first = await sweep(t0);
  print(formatSweepReport(first, presentation));
  const committed = first.findings.find((f) => f.resourceId === 'summarizer-pt');
  if (typeof committed?.committedCostRemainingUsd === 'number') {
    print(
      `summarizer-pt: committed until ${String(committed.commitmentExpiresAt)}; ${formatUsd(committed.committedCostRemainingUsd)} still to be billed ` +
        `(1 MU x $55.00/h x 240 h), whatever is done; deleting it when the term ends saves ${formatUsdPerMonth(committed.estimatedMonthlySavingsUsd)}.`,
    );
  }

  const t1 = addHours(t0, 25);
  print(`\n== Run 2, ${t1.toISOString()}: grace period over: support-bot-pt deleted (2 MU x $60.50/h x 730 h a month); summarizer-pt still flagged`);
  const second = await sweep(t1);
  print(formatSweepReport(second, presentation));

  const deleted = second.findings.find((f) => f.decision === 'acted' && f.resourceId === 'support-bot-pt');
  if (deleted?.actionId) {
    const at = addHours(t1, 6);
    print(`\n== Restore, ${at.toISOString()}: the support team needs support-bot-pt back`);
    print(`$ finops-ai restore ${deleted.actionId}`);
    const restored = await restoreFromEnv({ actionId: deleted.actionId, clock: fixedClock(at), config, env, clients, sweepNamed });
    print(formatRestoreReport(restored, presentation));
    print(`Old ARN ${arns.get('support-bot-pt')}\nNEW ARN ${restored.restoredResourceId} (recorded in the ledger's restore record; callers must switch to it)`);
  }
}
