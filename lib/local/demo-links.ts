/**
 * The owner-action part of `finops-ai demo`, on the endpoints' emulator and ledger
 * (its endpoints in their own region, so the other parts' estate is left alone):
 * the idle-endpoint sweep warns two owners with signed links; one opens "keep 7
 * days" over HTTP (through the local `serve-links` server), reads the confirmation
 * page and confirms with a reason; the other presses "act now". The next sweep
 * leaves the first endpoint alone and stops the second before its grace period ends.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import { ENV } from '../core/deployment-names.js';
import { isoWeekOf } from '../core/iso-week.js';
import { parseConfig, type FinOpsConfig } from '../config.js';
import { formatSweepReport } from '../format/index.js';
import { DynamoDbOwnerDecisions } from '../ledger/owner-decisions.js';
import { sweepLabelsOf } from '../links/sweep-labels.js';
import { runConfiguredSweep } from '../runtime.js';
import { SWEEPS, sweepNamed } from '../sweeps/registry.js';
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import type { LocalEmulator } from './emulator.js';
import { seedEndpoints } from './seed-endpoints.js';
import { serveLinks } from './serve-links.js';

/** The region of this part's endpoints (the ledger stays in the deployment's). */
const REGION = 'us-west-2';

/** Options of {@link runOwnerLinksDemo}. */
export interface OwnerLinksDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control' | 'publishedMessages'>;
  readonly print: (text: string) => void;
  /** Language and time zone of what the demo prints and sends. @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** The deployment variables of the endpoints demo (its ledger, topics and link key). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clients: AwsClients;
  /** The demo's config so far; owner actions are switched on in it. */
  readonly config: FinOpsConfig;
  readonly start: Date;
}

/** Runs the owner-action demo; returns the config with owner actions on (the digest then shows the decisions). */
export async function runOwnerLinksDemo(options: OwnerLinksDemoOptions): Promise<FinOpsConfig> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { print, clients, emulator, start } = options;
  const config = parseConfig({
    ...options.config,
    ...presentation,
    ownerActions: { enabled: true },
    sweeps: { ...options.config.sweeps, 'idle-endpoints': { ...options.config.sweeps['idle-endpoints'], mode: 'apply', gracePeriodHours: 24 } },
  });
  await seedEndpoints({
    endpoint: emulator.endpoint,
    region: REGION,
    control: (p, b) => emulator.control(p, b),
    now: start,
    endpoints: [
      {
        name: 'fraud-ranker-v2',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge' }],
        ageDays: 20,
        tags: { owner: 'mia@example.com', team: 'recsys' },
      },
      {
        name: 'search-rerank-poc',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge' }],
        ageDays: 40,
        tags: { owner: 'sam@example.com', team: 'search' },
      },
    ],
  });
  let now = addHours(start, 1);
  const server = await serveLinks({
    config,
    sweepLabels: sweepLabelsOf(SWEEPS),
    port: 0,
    env: options.env,
    clients,
    clock: { now: () => new Date(now.getTime()) },
  });
  try {
    const env: Readonly<Record<string, string | undefined>> = { ...options.env, [ENV.linksBaseUrl]: server.url };
    const sweep = (at: Date) =>
      runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'apply', clock: fixedClock(at), env, clients, regions: [REGION] });
    print(`Endpoint for the links: ${server.url} (finops-ai serve-links); idle endpoints in ${REGION}: fraud-ranker-v2 (mia), search-rerank-poc (sam).`);

    print(`\n== ${start.toISOString()}: the sweep warns both owners; each pending notice carries signed one-click links`);
    print(formatSweepReport(await sweep(start), presentation));
    const notices = await emulator.publishedMessages();
    const noticeOf = (owner: string, resource: string) =>
      notices.find((m) => m.messageAttributes.owner?.value === owner && m.message.includes(`resource=${resource}`))?.message ?? '';
    const mia = noticeOf('mia@example.com', 'fraud-ranker-v2');
    const sam = noticeOf('sam@example.com', 'search-rerank-poc');
    print(`\n-- mia's notice, the resource and its links (tokens shortened here) --`);
    for (const line of mia.split('\n').filter((l) => /fraud-ranker-v2|https?:\/\/|answer:|回答:/.test(l))) print(line.replace(/(token=.{12})\S+/, '$1…'));

    const linkOf = (message: string, choice: string) => (message.match(/https?:\/\/\S+/g) ?? []).find((u) => new URL(u).searchParams.get('choice') === choice)!;
    const keep = linkOf(mia, 'keep-7d');
    print(`\n== ${now.toISOString()}: mia opens "keep 7 days"`);
    const page = await fetch(keep);
    print(`GET  -> ${page.status}: ${/<h1>(.*?)<\/h1>/.exec(await page.text())?.[1] ?? ''} (nothing changes until she confirms)`);
    const reason = 'demo to the fraud team on Friday; idle until then';
    const done = await fetch(keep, { method: 'POST', body: new URLSearchParams({ reason }) });
    print(`POST reason="${reason}" -> ${done.status}: ${/<p class="effect">(.*?)<\/p>/.exec(await done.text())?.[1] ?? ''}`);
    const again = await fetch(keep, { method: 'POST', body: new URLSearchParams({ reason }) });
    print(`POST again -> ${again.status} (each link works once)`);
    const sagemaker = clients.get(SageMakerClient, REGION);
    const arn = `arn:aws:sagemaker:${REGION}:123456789012:endpoint/fraud-ranker-v2`;
    const tags = (await sagemaker.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? [];
    print(`Tag on fraud-ranker-v2: ${tags.filter((t) => t.Key === config.tagKeys.snoozeUntil).map((t) => `${t.Key}=${t.Value}`)[0] ?? '(none)'}`);

    now = addHours(start, 1.5);
    print(`\n== ${now.toISOString()}: sam presses "act now" on search-rerank-poc`);
    const act = await fetch(linkOf(sam, 'act-now'), { method: 'POST', body: new URLSearchParams({ reason: 'the POC is over' }) });
    print(`POST -> ${act.status}: ${/<p class="effect">(.*?)<\/p>/.exec(await act.text())?.[1] ?? ''}`);

    const decisions = await new DynamoDbOwnerDecisions(env[ENV.ledgerTable]!, clients.get(DynamoDBClient, env.AWS_REGION ?? 'us-east-1')).decisionsInWeek(
      isoWeekOf(now),
    );
    print(`\nLedger: ${decisions.length} owner decision(s) this week:`);
    for (const d of decisions) {
      print(
        `  ${d.decidedAt} ${d.owner} chose ${d.choice} for ${d.ref.resourceId}${d.until ? ` until ${d.until}` : ''}, from the notice of ${d.noticeAt}: "${d.reason}"`,
      );
    }

    const next = addHours(start, 2);
    print(`\n== ${next.toISOString()}: the next sweep leaves fraud-ranker-v2 alone (snoozed) and stops search-rerank-poc, 22 h before its grace period ends`);
    print(formatSweepReport(await sweep(next), presentation));
  } finally {
    await server.close();
  }
  return config;
}
