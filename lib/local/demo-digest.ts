/**
 * The weekly-digest part of `finops-ai demo`: after the idle-endpoint sweeps and
 * the restore, delivers the digest of the demo's week the way the scheduled Lambda
 * does (reports to the local bucket, text to the digest topic) and prints the text.
 * Its spend section reads a quarter of AI spend seeded in the emulated Cost Explorer
 * (three teams and untagged cost, `seed-spend.ts`), and prints the Cost Explorer
 * requests the digest made.
 */
import type { AwsClients } from '../aws/clients.js';
import { isoWeekOf, isoWeekRange } from '../core/iso-week.js';
import type { FinOpsConfig } from '../config.js';
import { publishDigestFromEnv } from '../digest/run-digest.js';
import type { WeeklyDigest } from '../digest/weekly-digest.js';
import type { LocalEmulator } from './emulator.js';
import { quarterOfSpend, seedHourlyInvocations, seedSpend } from './seed-spend.js';

/** Options of {@link runDigestDemo}. */
export interface DigestDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'publishedMessages' | 'control'>;
  readonly print: (text: string) => void;
  /** The demo deployment's variables (ledger table, digest topic and bucket, region). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: FinOpsConfig;
  readonly clients: AwsClients;
  /** The demo's clock after its last step; the digest covers this week so far. */
  readonly now: Date;
}

/**
 * Delivers and prints the digest of the week of `now`, then checks that it covers
 * every sweep that ran this week (the demo fails otherwise).
 */
export async function runDigestDemo(options: DigestDemoOptions): Promise<WeeklyDigest> {
  const { print, now } = options;
  const week = isoWeekOf(now);
  print(`\n== Weekly digest of ${week} (so far, as of ${now.toISOString()}), delivered as the Monday Lambda does`);
  const today = now.toISOString().slice(0, 10);
  const rows = quarterOfSpend(new Date(`${today}T00:00:00Z`));
  await seedSpend((path, body) => options.emulator.control(path, body), rows, { today });
  print(`Seeded ${rows.length} daily cost rows in the emulated Cost Explorer: 91 days to ${today}, teams nlp, vision, risk and untagged.`);
  const target = { endpointName: 'fraud-detector', variantName: 'AllTraffic', perHour: 500 };
  const invocations = await seedHourlyInvocations(options.clients, options.env.AWS_REGION ?? 'us-east-1', target, { from: isoWeekRange(week).start, to: now });
  print(
    `Seeded this week's traffic of ${target.endpointName}: ${invocations.toLocaleString('en-US')} invocations (500 an hour), for its cost per 1,000 inferences.`,
  );
  const config = { ...options.config, spend: { ...options.config.spend, enabled: true } };
  const { digest, delivery } = await publishDigestFromEnv({ config, now, week, env: options.env, clients: options.clients });
  print(`Reports written:\n  ${delivery.html}\n  ${delivery.csv}\n  ${delivery.json}`);
  const message = (await options.emulator.publishedMessages()).find((m) => m.messageId === delivery.messageId);
  print(`Published to the digest topic (${delivery.messageBytes} bytes). Subject: ${delivery.subject}\n`);
  print(message?.message.trimEnd() ?? '(message not found on the emulator)');
  const requests = await options.emulator.control<{ total: number }>('costexplorer/requests');
  print(`\nCost Explorer requests made by this digest: ${requests.total} (USD 0.01 each on AWS).`);
  const ran = [...new Set(digest.trust.runs.map((r) => r.sweep))].sort();
  const covered = sweepsIn(digest);
  const missing = ran.filter((sweep) => !covered.has(sweep));
  if (missing.length > 0) throw new Error(`the demo's digest leaves out sweeps that ran this week: ${missing.join(', ')}`);
  print(`\nThe digest covers every sweep that ran this week: ${ran.join(', ')}.`);
  return digest;
}

/** Sweeps with at least one line in the digest's sections. */
function sweepsIn(digest: WeeklyDigest): Set<string> {
  const lines = [
    ...digest.actions,
    ...digest.pending,
    ...digest.protected,
    ...digest.flags,
    ...digest.runaway.jobs,
    ...digest.recommendations.open,
    ...digest.recommendations.adopted,
    ...digest.newFindings,
  ];
  return new Set(lines.map((line) => line.sweep));
}
