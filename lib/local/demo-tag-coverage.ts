/**
 * The tag-coverage part of `finops-ai demo`, on the endpoints' emulator and ledger
 * (so the closing digest covers it): seeds AI resources with tag gaps, reports every
 * AI resource missing its owner, team or environment tag with what it costs per month
 * (untagged spend in dollars) and who created it, then shows one auto-attribution: the
 * `ranker` endpoint gets its team and environment from its endpoint config and model
 * after the grace period.
 */
import { ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import { tagsFromList } from '../core/policy.js';
import { parseConfig } from '../config.js';
import { formatSweepReport, formatUsdPerMonth } from '../format/index.js';
import { runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import type { LocalEmulator } from './emulator.js';
import { seedTagCoverageEstate } from './seed-tag-coverage.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Options of {@link runTagCoverageDemo}. */
export interface TagCoverageDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control'>;
  readonly print: (text: string) => void;
  /** Language and time zone of what the demo prints and sends. @default - English, UTC */
  readonly presentation?: DemoPresentation;
  /** The deployment variables of the endpoints demo (its ledger and topics). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** First run's time; the auto-attribution happens 25 h later. */
  readonly start: Date;
}

/** Runs the tag-coverage demo and prints what happened. */
export async function runTagCoverageDemo(options: TagCoverageDemoOptions): Promise<void> {
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const { emulator, print, env, start } = options;
  await seedTagCoverageEstate({ endpoint: emulator.endpoint, region: REGION, control: (p, b) => emulator.control(p, b), now: start });
  // Few attempts: the emulator answers Bedrock inference profiles with errors.
  const clients = new AwsClients({ endpoint: emulator.endpoint, maxAttempts: 2, extra: { credentials: CREDENTIALS } });
  const run = (at: Date, mode: 'report' | 'apply', section: Record<string, unknown> = {}) =>
    runConfiguredSweep({
      sweep: sweepNamed('tag-coverage'),
      config: parseConfig({ ...presentation, regions: [REGION], sweeps: { 'tag-coverage': { mode, ...section } } }),
      mode,
      clock: fixedClock(at),
      env,
      clients,
    });

  print(`== Report, ${start.toISOString()}: AI resources missing owner, team or env, with their run-rate (price x 730 h, or GB-month)`);
  const report = await run(start, 'report');
  print(formatSweepReport(report, presentation));
  const costs = report.findings.map((f) => f.estimatedMonthlyCostUsd as number | null);
  const priced = costs.filter((c): c is number => c !== null);
  print(
    `\nUntagged AI spend: ${formatUsdPerMonth(priced.reduce((a, b) => a + b, 0))} across ${priced.length} priced resource(s); ` +
      `${costs.length - priced.length} more unpriced (never guessed).`,
  );
  const unlisted = report.errors.filter((e) => e.error === 'ResourceTypeUnlistedError').map((e) => e.resourceId);
  if (unlisted.length) print(`Types the emulator cannot list, in the run's errors (never dropped): ${unlisted.join(', ')}.`);
  const creators = report.findings.filter((f) => f.creator).map((f) => `${f.resourceId} <- ${String(f.creator)}`);
  print(`Creators from CloudTrail (also notified when there is no owner tag): ${creators.join(', ')}.`);

  const auto = { autoAttribute: true, gracePeriodHours: 24, resourceTypes: ['sagemaker:endpoint'] };
  print(`\n== Auto-attribution (apply, autoAttribute: true, endpoints only), ${start.toISOString()}: warned, nothing tagged yet`);
  const warned = await run(start, 'apply', auto);
  const ranker = warned.findings.find((f) => f.resourceId === 'ranker');
  if (ranker) print(`${ranker.resourceId}: ${ranker.decision}, ${ranker.reason}`);
  const later = addHours(start, 25);
  print(`\n== ${later.toISOString()}: grace period over, the missing tags are copied; never overwriting one`);
  const acted = (await run(later, 'apply', auto)).findings.find((f) => f.resourceId === 'ranker' && f.decision === 'acted');
  const sagemaker = clients.get(SageMakerClient, REGION);
  const tags = tagsFromList((await sagemaker.send(new ListTagsCommand({ ResourceArn: ranker?.arn ?? '' }))).Tags);
  print(
    `ranker now has ${Object.entries(tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}; restore removes exactly those: finops-ai restore ${acted?.actionId ?? '-'}`,
  );
}
