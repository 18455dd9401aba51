/**
 * The Bedrock token part of `finops-ai demo`, on the demo's running emulator and
 * deployment: three teams' application inference profiles (tagged `team`) and direct
 * model calls, 15 days of hourly `AWS/Bedrock` metrics with a spike in the nlp team's last
 * 3 hours. Prints the week's token showback (tokens and dollars by team and model), then
 * runs the token-spend sweep in apply mode: the spike is flagged with an URGENT notice.
 * Returns the config with token showback on, for the closing digest.
 */
import type { AwsClients } from '../aws/clients.js';
import { fixedClock } from '../core/clock.js';
import { isoWeekOf } from '../core/iso-week.js';
import type { FinOpsConfig } from '../config.js';
import { tokensText } from '../digest/render-tokens.js';
import { readTokenShowback } from '../digest/token-source.js';
import { formatSweepReport } from '../format/index.js';
import { runConfiguredSweep } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import { DEFAULT_DEMO_PRESENTATION, type DemoPresentation } from './demo-presentation.js';
import type { LocalEmulator } from './emulator.js';
import { seedBedrockMetrics, seedInferenceProfiles, steadyUsage } from './seed-bedrock-tokens.js';

const REGION = 'us-east-1';
const HOUR = 3_600_000;

/** Options of {@link runTokenDemo}. */
export interface TokenDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'publishedMessages'>;
  readonly print: (text: string) => void;
  /** The demo deployment's variables (ledger table, notices topic, region). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clients: AwsClients;
  readonly config: FinOpsConfig;
  /** The run's time. */
  readonly now: Date;
  /** @default - English, UTC */
  readonly presentation?: DemoPresentation;
}

/**
 * Seeds, prints the token showback and the flagged spike; returns `config` with
 * `digest.tokenShowback` on.
 *
 * @example
 * const config = await runTokenDemo({ emulator, print: console.log, env, clients, config: base, now });
 */
export async function runTokenDemo(options: TokenDemoOptions): Promise<FinOpsConfig> {
  const { print, now, clients } = options;
  const presentation = options.presentation ?? DEFAULT_DEMO_PRESENTATION;
  const target = { endpoint: options.emulator.endpoint, region: REGION };
  const profiles = await seedInferenceProfiles(target, [
    { name: 'nlp-assistant', modelId: 'anthropic.claude-3-haiku-20240307-v1:0', tags: { team: 'nlp', owner: 'raj@example.com' } },
    { name: 'vision-captions', modelId: 'amazon.nova-micro-v1:0', tags: { team: 'vision', owner: 'mei@example.com' } },
    { name: 'risk-scoring', modelId: 'amazon.nova-lite-v1:0', tags: { team: 'risk', owner: 'kim@example.com' } },
  ]);
  const end = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
  const spikeFrom = end.getTime() - 4 * HOUR;
  const usage = (id: string, input: number, output: number, spike = false) =>
    steadyUsage(id, {
      end,
      hours: 15 * 24,
      inputTokens: input,
      outputTokens: output,
      invocations: 20,
      ...(spike ? { factor: (at: Date) => (at.getTime() >= spikeFrom && at.getTime() < end.getTime() - HOUR ? 40 : 1) } : {}),
    });
  await seedBedrockMetrics(target, [
    usage(profiles.get('nlp-assistant')!.id, 100_000, 20_000, true),
    usage(profiles.get('vision-captions')!.id, 2_000_000, 200_000),
    usage(profiles.get('risk-scoring')!.id, 1_000_000, 100_000),
    usage('amazon.nova-pro-v1:0', 50_000, 10_000),
  ]);
  print(`Seeded 3 application inference profiles (teams nlp, vision, risk) and direct calls to Nova Pro: 15 days of hourly tokens.`);
  print(`The nlp team's assistant loops for the last 3 hours at 40x its usual tokens.`);

  const config: FinOpsConfig = { ...options.config, digest: { ...options.config.digest, tokenShowback: true } };
  const showback = await readTokenShowback({
    clients,
    regions: [REGION],
    week: isoWeekOf(now),
    asOf: now,
    teamTagKey: config.tagKeys.team,
    pricing: config.pricing,
  });
  print(`\n== Token showback of ${isoWeekOf(now)} so far (as the weekly digest shows it)`);
  print(tokensText(showback, presentation.locale).join('\n').trimStart());

  const sweepConfig = { ...config, sweeps: { ...config.sweeps, 'token-spend': { ...config.sweeps['token-spend'], mode: 'apply' as const } } };
  print(`\n== token-spend sweep, ${now.toISOString()}: the spike, flagged URGENT (report-only: nothing is stopped)`);
  const report = await runConfiguredSweep({
    sweep: sweepNamed('token-spend'),
    config: sweepConfig,
    mode: 'apply',
    clock: fixedClock(now),
    env: options.env,
    clients,
  });
  print(formatSweepReport(report, presentation));
  const urgent = (await options.emulator.publishedMessages()).find((m) => m.subject?.includes('URGENT Bedrock token spend'));
  if (urgent)
    print(`\n-- The owner's notice (excerpt) --\nSubject: ${urgent.subject}\n\n${urgent.message.split('\n').slice(0, 12).join('\n')}\n  ...\n-- end --`);
  return config;
}
