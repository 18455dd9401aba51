/**
 * The rightsizing part of `finops-ai demo`, on an emulator that is already running:
 * seeds over-provisioned, right-sized, hot, young and unmonitored resources in
 * eu-west-1, recommends (never applies), lets the owners apply some, and shows the
 * next run marking them adopted: the adoption rate KPI.
 */
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client, ModifyVolumeCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SageMakerClient, UpdateEndpointWeightsAndCapacitiesCommand } from '@aws-sdk/client-sagemaker';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import { isoWeekOf } from '../core/iso-week.js';
import type { Finding, SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatUsd, formatUsdPerMonth, table } from '../format/index.js';
import { runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import type { LocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal, type LocalDeployment } from './init-local.js';
import { demoRightsizingEstate, estateMetrics, putHourlyMetrics, seedRightsizingEstate } from './seed-rightsizing.js';

/** eu-west-1: the bundled SageMaker prices there state their region. */
const REGION = 'eu-west-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Options of {@link runRightsizingDemo}. */
export interface RightsizingDemoOptions {
  /** A running emulator; the demo does not stop it. */
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
 * Runs the rightsizing demo and prints what happened.
 *
 * @example
 * const emulator = await startLocalEmulator();
 * try { await runRightsizingDemo({ emulator, print: console.log }); } finally { await emulator.stop(); }
 */
export async function runRightsizingDemo(options: RightsizingDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print } = options;
  process.env.AWS_ACCESS_KEY_ID ??= CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= CREDENTIALS.secretAccessKey;
  const day0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);

  const deployment = options.deployment ?? (await initLocal({ endpoint: emulator.endpoint, region: REGION, prefix: 'finops-demo-rightsizing' }));
  const env = { ...deploymentEnv(deployment), AWS_REGION: deployment.region };
  const estate = demoRightsizingEstate();
  const ids = await seedRightsizingEstate({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), now: day0, estate });
  const names = new Map([...ids.instances, ...ids.volumes].map(([name, id]) => [id, name]));
  const nameOf = (resourceId: string) => names.get(resourceId) ?? resourceId;
  const config = parseConfig({ ...presentation, regions: [REGION], sweeps: { rightsizing: { mode: 'apply' } } });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: CREDENTIALS } });
  const sweep = (at: Date): Promise<SweepReport> =>
    runConfiguredSweep({ sweep: sweepNamed('rightsizing'), config, mode: 'apply', clock: fixedClock(at), env, clients });

  print(
    `\n== Rightsizing (${REGION}): seeded ${estate.endpoints.length} endpoints, ${estate.instances.length} GPU instances, ${estate.volumes.length} attached volumes, 14 days of hourly metrics`,
  );
  print('Config: lookback 14 days, at least 7 days of data, every peak under 60% after the change; weekly; never applied.');

  print(`\n== Week 0: recommendations, one notice per owner`);
  const first = await sweep(day0);
  printRecommendations(print, first.findings, nameOf);
  for (const r of first.inconclusive ?? []) print(`  not assessed: ${nameOf(r.resourceId)}: ${r.reason}`);
  const seeded = [
    ...estate.endpoints.flatMap((e) => e.variants.map((v) => `${e.name}/${v.name}`)),
    ...estate.instances.map((i) => i.name),
    ...estate.volumes.map((v) => v.name),
  ];
  const decided = new Set([...first.findings, ...(first.inconclusive ?? [])].map((f) => nameOf(f.resourceId)));
  print(`  right-sized or running hot (no recommendation): ${seeded.filter((n) => !decided.has(n)).join(', ')}`);
  print(`  ${first.notices.length} owner notice(s): ${first.notices.map((n) => `${n.owner} (${n.resources})`).join(', ')}; ${first.errors.length} error(s)`);
  const sample = (await emulator.publishedMessages()).find(
    (m) => m.messageAttributes.sweep?.value === 'rightsizing' && m.messageAttributes.owner?.value === 'raj@example.com',
  );
  if (sample) print(`\n-- Example notice --\nSubject: ${sample.subject}\n\n${sample.message}\n-- end --`);

  print(`\n(The owners apply three: fraud-scorer down to 1 instance, train-box stopped, feature-store changed to gp3.)`);
  const sagemaker = clients.get(SageMakerClient, REGION);
  const ec2 = clients.get(EC2Client, REGION);
  const id = (name: string) => [...names].find(([, n]) => n === name)![0];
  await sagemaker.send(
    new UpdateEndpointWeightsAndCapacitiesCommand({
      EndpointName: 'fraud-scorer',
      DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 1 }],
    }),
  );
  await ec2.send(new StopInstancesCommand({ InstanceIds: [id('train-box')] }));
  await ec2.send(new ModifyVolumeCommand({ VolumeId: id('feature-store'), VolumeType: 'gp3', Iops: 3000, Throughput: 250 }));

  const week1 = addHours(day0, 24 * 7);
  // A week of traffic like the one before, for the resources still running.
  await putHourlyMetrics({ endpoint: emulator.endpoint, region: REGION, now: week1, metrics: estateMetrics(estate, ids, 24 * 7) });
  print(`\n== Week 1: applied recommendations are adopted (with the date); the others stay open and are not re-notified (every 4 weeks)`);
  const second = await sweep(week1);
  printRecommendations(print, second.findings, nameOf);
  print(`  ${second.notices.length} owner notice(s); ${second.errors.length} error(s)`);

  const doc = DynamoDBDocumentClient.from(clients.get(DynamoDBClient, deployment.region));
  const items =
    (
      await doc.send(
        new QueryCommand({
          TableName: deployment.ledgerTable,
          IndexName: 'byWeek',
          KeyConditionExpression: 'gsi1pk = :week',
          ExpressionAttributeValues: { ':week': `WEEK#${isoWeekOf(week1)}` },
        }),
      )
    ).Items ?? [];
  const adopted = items.filter((i) => i.type === 'adopted');
  print(
    table([
      ['ADOPTED', 'RESOURCE', 'TYPE', '$/MONTH SAVED', 'DETAIL'],
      ...adopted.map((e) => [
        String(e.at).slice(0, 10),
        nameOf(String((e.ref as { resourceId: unknown }).resourceId)),
        String((e.ref as { resourceType: unknown }).resourceType),
        formatUsd(e.monthlySavingsUsd as number | null),
        String(e.detail),
      ]),
    ]),
  );
  const recommended = first.findings.length;
  const savedMonthly = adopted.reduce((s, e) => s + ((e.monthlySavingsUsd as number | null) ?? 0), 0);
  const offered = first.findings.reduce((s, f) => s + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  print(
    `\nAdoption rate: ${adopted.length} of ${recommended} recommendations (${Math.round((adopted.length / recommended) * 100)}%), ${formatUsd(savedMonthly)} of ${formatUsdPerMonth(offered)} recommended.`,
  );
}

function printRecommendations(print: (t: string) => void, findings: readonly Finding[], nameOf: (id: string) => string): void {
  if (findings.length === 0) {
    print('  (no open recommendation)');
    return;
  }
  const cfg = (v: unknown) => (v ?? { config: '?', monthlyUsd: null }) as { config: string; monthlyUsd: number | null };
  print(
    table([
      ['RESOURCE', 'TYPE', 'CURRENT', '$/MONTH', 'PROPOSED', '$/MONTH', 'SAVES', 'CONFIDENCE'],
      ...findings.map((f) => [
        nameOf(f.resourceId),
        f.resourceType,
        cfg(f.current).config,
        formatUsd(cfg(f.current).monthlyUsd),
        cfg(f.proposed).config,
        formatUsd(cfg(f.proposed).monthlyUsd),
        formatUsd(f.estimatedMonthlySavingsUsd),
        String(f.confidence),
      ]),
    ]).replace(/^/gm, '  '),
  );
}
