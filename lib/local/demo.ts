/**
 * `finops-ai demo`: the idle-endpoint sweep end to end on the local emulator.
 * Starts moto, seeds an estate, sweeps in apply mode on day 0 (warnings), again
 * after the grace period (stops), restores one endpoint, and prints what happened.
 */
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import type { SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatRestoreReport, formatSweepReport, formatUsdPerMonth, table } from '../format/index.js';
import { restoreFromEnv, runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import { startLocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal } from './init-local.js';
import { runDigestDemo } from './demo-digest.js';
import { runBudgetDemo } from './demo-budgets.js';
import { runOrphanVolumeDemo } from './demo-volumes.js';
import { runRunawayTrainingDemo } from './demo-training.js';
import { runRightsizingDemo } from './demo-rightsizing.js';
import { runPricingDemo } from './demo-pricing.js';
import { runInferenceComponentDemo } from './demo-components.js';
import { runTagCoverageDemo } from './demo-tag-coverage.js';
import { runBedrockThroughputDemo } from './demo-bedrock-throughput.js';
import { runNotebookDemo } from './demo-notebooks.js';
import { runStudioDemo } from './demo-studio.js';
import { runTokenDemo } from './demo-tokens.js';
import { runOwnerLinksDemo } from './demo-links.js';
import { demoEstate, seedEndpoints } from './seed-endpoints.js';

const REGION = 'us-east-1';
/** Regions the demo's parts sweep (training and rightsizing run in eu-west-1, where SageMaker prices are sourced). */
const DEMO_REGIONS = [REGION, 'eu-west-1'];
/**
 * The parts that span days (orphan volumes: 9 days, rightsizing: a week) start that
 * long before day 0, so that every part ends by the closing digest, in one ledger.
 */
const VOLUME_DEMO_DAYS = 8;

/** Runs the demo, printing through `print`. */
export async function runDemo(options: { print: (text: string) => void; presentation?: DemoPresentation }): Promise<void> {
  const print = options.print;
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const started = Date.now();
  // The emulator accepts any credentials; set dummy ones so nothing reaches for real ones.
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  print('Starting the local AWS emulator (moto)...');
  const emulator = await startLocalEmulator();
  try {
    const day0 = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const deployment = await initLocal({ endpoint: emulator.endpoint, region: REGION, prefix: 'finops-demo' });
    const env = {
      ...process.env,
      ...deploymentEnv(deployment),
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL: emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
    };
    const components = await runInferenceComponentDemo({ emulator, print, presentation, deployment, start: addHours(day0, -48), cleanUp: true });
    const estate = demoEstate();
    await seedEndpoints({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), endpoints: estate, now: day0 });
    print(`Emulator at ${emulator.endpoint}; ledger table ${deployment.ledgerTable}.`);
    print(`Seeded ${estate.length} endpoints: ${estate.map((e) => e.name).join(', ')}.\n`);

    const config = parseConfig({ ...presentation, regions: [REGION], sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } } });
    const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } } });
    const sweep = (at: Date): Promise<SweepReport> =>
      runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'apply', clock: fixedClock(at), env, clients });

    print(`== Run 1, ${day0.toISOString()}: first sighting, owners warned, nothing touched`);
    const first = await sweep(day0);
    print(formatSweepReport(first, presentation));

    const day1 = addHours(day0, 25);
    print(`\n== Run 2, ${day1.toISOString()}: grace period over, idle endpoints stopped`);
    const second = await sweep(day1);
    print(formatSweepReport(second, presentation));

    const stopped = second.findings.find((f) => f.decision === 'acted' && f.resourceId === 'churn-model-v1');
    if (stopped?.actionId) {
      const restoreAt = addHours(day1, 6);
      print(`\n== Restore, ${restoreAt.toISOString()}: the owner of churn-model-v1 needs it back`);
      print(`$ finops-ai restore ${stopped.actionId}`);
      const restored = await restoreFromEnv({ actionId: stopped.actionId, clock: fixedClock(restoreAt), config, env, clients, sweepNamed });
      print(formatRestoreReport(restored, presentation));
    }

    const messages = (await emulator.publishedMessages()).slice(components.noticesPublished);
    print(`\n== Owner notices published to SNS (${messages.length}, one per owner per run)`);
    print(
      table([
        ['OWNER', 'EVENTS', 'SUBJECT'],
        ...messages.map((m) => [m.messageAttributes.owner?.value ?? '-', m.messageAttributes.event?.value ?? '-', m.subject ?? '']),
      ]),
    );
    const sample = messages.find((m) => m.subject?.includes('stopped'));
    if (sample) print(`\n-- Example notice --\nSubject: ${sample.subject}\n\n${sample.message}\n-- end --`);

    const acted = second.findings.filter((f) => f.decision === 'acted');
    const monthly = acted.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
    print(`\n== Savings`);
    print(`Stopped ${acted.length} endpoint(s): ${formatUsdPerMonth(monthly)} projected (hourly list price x instances x 730 h).`);
    const unknown = [...first.findings, ...second.findings].filter((f) => f.estimatedMonthlySavingsUsd === null);
    if (unknown.length) print(`Unknown price (not counted, never guessed): ${[...new Set(unknown.map((f) => f.resourceId))].join(', ')}.`);
    print('\n\n######## Live prices: any region, from the AWS Price List API (emulated), cached, with effective rates ########\n');
    await runPricingDemo({ emulator, print, start: day0 });
    print('\n\n######## Orphan EBS volumes: snapshot first, delete later, restorable ########\n');
    await runOrphanVolumeDemo({ emulator, print, presentation, deployment, start: addHours(day0, -VOLUME_DEMO_DAYS * 24) });
    print('\n\n######## Runaway SageMaker training jobs: flagged fast, stopped where enabled ########\n');
    await runRunawayTrainingDemo({ emulator, print, presentation, deployment, start: day0 });
    print('\n\n######## Rightsizing: recommendations with dollars, never applied; adoption tracked ########');
    await runRightsizingDemo({ emulator, print, presentation, deployment, start: addHours(day0, -7 * 24) });
    print('\n\n######## Idle Bedrock Provisioned Throughput: deleted and restored (new ARN), committed ones flagged ########\n');
    await runBedrockThroughputDemo({ emulator, print, presentation, deployment, start: day0 });
    print('\n\n######## Team AI budgets: AWS Budgets from config, guarded, stricter limits for a team over budget ########\n');
    const withBudgets = await runBudgetDemo({ emulator, print, env, clients, config, start: addHours(day1, 1), presentation });
    print('\n\n######## Tag coverage: AI resources missing owner, team or env tags, in dollars; one auto-attribution ########\n');
    await runTagCoverageDemo({ emulator, print, env, presentation, start: day0 });
    await runNotebookDemo({ emulator, print, env, clients, presentation, start: day0 });
    await runStudioDemo({ emulator, print, env, clients, presentation, start: day0 });
    print('\n\n######## Bedrock tokens: showback by team and model, a token spike flagged URGENT ########\n');
    const withTokens = await runTokenDemo({ emulator, print, env, clients, config: withBudgets, now: addHours(day1, 6), presentation });
    print('\n\n######## Owner actions: keep or act now with one click from the notice, a reason recorded ########\n');
    const withLinks = await runOwnerLinksDemo({ emulator, print, env, clients, config: withTokens, start: addHours(day1, 2), presentation });
    print('\n\n######## Weekly digest for finance: every part above, one ledger ########');
    const digestConfig = parseConfig({ ...withLinks, regions: DEMO_REGIONS });
    await runDigestDemo({ emulator, print, env, config: digestConfig, clients, now: addHours(day1, 7) });
    print(`\nDemo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await emulator.stop();
  }
}
