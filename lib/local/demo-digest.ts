/**
 * The weekly-digest part of `finops-ai demo`: after the idle-endpoint sweeps and
 * the restore, delivers the digest of the demo's week the way the scheduled Lambda
 * does (reports to the local bucket, text to the digest topic) and prints the text.
 */
import type { AwsClients } from '../aws/clients.js';
import { isoWeekOf } from '../core/iso-week.js';
import type { FinOpsConfig } from '../config.js';
import { publishDigestFromEnv } from '../digest/run-digest.js';
import type { LocalEmulator } from './emulator.js';

/** Options of {@link runDigestDemo}. */
export interface DigestDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'publishedMessages'>;
  readonly print: (text: string) => void;
  /** The demo deployment's variables (ledger table, digest topic and bucket, region). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: FinOpsConfig;
  readonly clients: AwsClients;
  /** The demo's clock after its last step; the digest covers this week so far. */
  readonly now: Date;
}

/** Delivers and prints the digest of the week of `now`. */
export async function runDigestDemo(options: DigestDemoOptions): Promise<void> {
  const { print, now } = options;
  const week = isoWeekOf(now);
  print(`\n== Weekly digest of ${week} (so far, as of ${now.toISOString()}), delivered as the Monday Lambda does`);
  const { delivery } = await publishDigestFromEnv({ config: options.config, now, week, env: options.env, clients: options.clients });
  print(`Reports written:\n  ${delivery.html}\n  ${delivery.csv}\n  ${delivery.json}`);
  const message = (await options.emulator.publishedMessages()).find((m) => m.messageId === delivery.messageId);
  print(`Published to the digest topic (${delivery.messageBytes} bytes). Subject: ${delivery.subject}\n`);
  print(message?.message.trimEnd() ?? '(message not found on the emulator)');
}
