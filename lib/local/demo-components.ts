/**
 * The inference-component part of `finops-ai demo`, on an emulator that is already
 * running: seeds endpoints built on inference components (one idle component alone
 * on its endpoint, an idle one beside a busy one on an endpoint that keeps its
 * instance, a young one), sweeps in apply mode (owners warned, the scale-to-zero
 * recommendation and its cold start stated), again after the grace period (the idle
 * component scaled to zero copies, the other only recommended), and restores it to
 * its recorded copy count.
 *
 * It runs before the other parts seed anything in its region: every `idle-endpoints`
 * run inventories the whole region, so with other endpoints there it would warn about
 * (and, in apply mode, stop) them too. With `cleanUp` it deletes what it seeded, so
 * later parts never see it. Only the components' findings are printed. Returns how
 * many messages the emulator had published by its end.
 */
import { DescribeInferenceComponentCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import type { SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport, formatUsdPerMonth } from '../format/index.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import type { LocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal, type LocalDeployment } from './init-local.js';
import { demoComponentEstate, removeComponentEndpoints, seedComponentEndpoints } from './seed-components.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const COMPONENT = 'sagemaker:inference-component';

/** Options of {@link runInferenceComponentDemo}. */
export interface InferenceComponentDemoOptions {
  /** A running emulator (e.g. from `startLocalEmulator()`); the demo does not stop it. */
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control' | 'publishedMessages'>;
  readonly print: (text: string) => void;
  /** Language and time zone of what the demo prints and sends. @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** First run's time. @default - the current hour */
  readonly start?: Date;
  /** Delete the seeded endpoints and components at the end. @default false */
  readonly cleanUp?: boolean;
  /** The demo's shared deployment (ledger, topics), so the closing digest covers this part. @default - a deployment of its own */
  readonly deployment?: LocalDeployment;
}

/**
 * Runs the inference-component demo and prints what happened.
 *
 * @example
 * const emulator = await startLocalEmulator();
 * try { await runInferenceComponentDemo({ emulator, print: console.log }); } finally { await emulator.stop(); }
 */
export async function runInferenceComponentDemo(options: InferenceComponentDemoOptions): Promise<{ readonly noticesPublished: number }> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print } = options;
  process.env.AWS_ACCESS_KEY_ID ??= CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= CREDENTIALS.secretAccessKey;
  const day0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

  print('######## Inference components: idle ones scaled to zero copies, restorable ########\n');
  const deployment = options.deployment ?? (await initLocal({ endpoint: emulator.endpoint, region: REGION, prefix: 'finops-demo-components' }));
  const env = { ...deploymentEnv(deployment), AWS_REGION: REGION };
  const estate = demoComponentEstate();
  await seedComponentEndpoints({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), endpoints: estate, now: day0 });
  print(`== Inference components: seeded ${estate.length} endpoints built on them (ledger table ${deployment.ledgerTable})`);
  for (const e of estate) {
    const min = e.managedInstanceScaling ? `, MinInstanceCount ${e.managedInstanceScaling.minInstanceCount}` : '';
    print(`  ${e.name} (${e.instanceCount} x ${e.instanceType}${min}, ${e.ageDays} days old)`);
    for (const c of e.components) {
      const traffic = c.traffic ? `${c.traffic.reduce((s, t) => s + t.count, 0)} invocations this week` : 'no invocations';
      print(`    - ${c.name}: ${c.copies} cop${c.copies === 1 ? 'y' : 'ies'} x ${c.accelerators ?? 0} GPU, ${c.ageDays} days old, ${traffic}`);
    }
  }

  const config = parseConfig({ ...presentation, regions: [REGION], sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } } });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: CREDENTIALS } });
  const sweep = async (at: Date): Promise<SweepReport> => {
    const report = await runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'apply', clock: fixedClock(at), env, clients });
    return { ...report, findings: report.findings.filter((f) => f.resourceType === COMPONENT) };
  };
  const copies = async (name: string) => {
    const out = await clients.get(SageMakerClient, REGION).send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }));
    return `${name}: ${out.RuntimeConfig?.CurrentCopyCount} of ${out.RuntimeConfig?.DesiredCopyCount} desired copies`;
  };

  print(`\n== Run 1, ${day0.toISOString()}: idle components found, owners warned (scale-to-zero recommended, its cold start stated)`);
  print(formatSweepReport(await sweep(day0), presentation));

  const day1 = addHours(day0, 25);
  print(`\n== Run 2, ${day1.toISOString()}: grace period over, the idle component scaled to zero copies (its endpoint kept)`);
  const due = await sweep(day1);
  print(formatSweepReport(due, presentation));
  const acted = due.findings.filter((f) => f.decision === 'acted');
  for (const f of acted) print(`  ${await copies(f.resourceId)}`);
  const monthly = acted.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  print(`Scaled ${acted.length} component(s) to zero: ${formatUsdPerMonth(monthly)} projected (the instances their endpoints can release x 730 h).`);
  for (const f of due.findings.filter((x) => x.decision === 'recommend')) {
    print(
      `Only recommended: ${f.resourceId} (its endpoint keeps its instances at MinInstanceCount > 0): ${formatUsdPerMonth(f.estimatedMonthlySavingsUsd)} once applied.`,
    );
  }

  const target = acted.find((f) => f.resourceId === 'llama-summarizer-ic');
  if (target?.actionId) {
    const restoreAt = addHours(day1, 2);
    print(`\n== Restore, ${restoreAt.toISOString()}: the owner of llama-summarizer-ic needs it back`);
    print(`$ finops-ai restore ${target.actionId}`);
    const restored = await restoreFromEnv({ actionId: target.actionId, clock: fixedClock(restoreAt), config, env, clients, sweepNamed });
    print(formatRestoreReport(restored, presentation));
    print(`  ${await copies('llama-summarizer-ic')}`);
  }
  const messages = await emulator.publishedMessages();
  const sample = messages.find((m) => m.subject?.includes('stopped') && m.message.includes('inference component'));
  if (sample) print(`\n-- Example notice --\nSubject: ${sample.subject}\n\n${sample.message}\n-- end --`);
  if (options.cleanUp) {
    await removeComponentEndpoints({ endpoint: emulator.endpoint, region: REGION, endpoints: estate });
    print('\n(These endpoints are deleted again, so the parts below sweep the region without them.)\n');
  }
  return { noticesPublished: messages.length };
}
