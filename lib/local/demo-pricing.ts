/**
 * The live-price part of `finops-ai demo`, on an emulator that is already running:
 * an idle endpoint in Tokyo, a region the bundled tables do not cover, priced from
 * the emulated AWS Price List API (`GetProducts` over the fixtures of
 * `lib/local/emulator/fixtures/pricing`), cached in the ledger table, with a
 * configured discount shown beside the list figure. Report mode: nothing recorded
 * but the price cache, so the rest of the demo's figures are untouched.
 */
import { sweepNamed } from '../sweeps/registry.js';
import { AwsClients } from '../aws/clients.js';
import { addHours, fixedClock } from '../core/clock.js';
import type { Finding, SweepReport } from '../core/finding.js';
import { parseConfig } from '../config.js';
import { formatUsd as usd } from '../format/index.js';
import { runConfiguredSweep } from '../runtime.js';
import type { LocalEmulator } from './emulator.js';
import { deploymentEnv, initLocal } from './init-local.js';
import { demoTokyoEstate, seedEndpoints } from './seed-endpoints.js';

const HOME = 'us-east-1';
const TOKYO = 'ap-northeast-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Options of {@link runPricingDemo}. */
export interface PricingDemoOptions {
  readonly emulator: Pick<LocalEmulator, 'endpoint' | 'control'>;
  readonly print: (text: string) => void;
  /** First run's time. @default - the current hour */
  readonly start?: Date;
}

/**
 * Runs the live-price demo and prints the Tokyo finding with its source.
 *
 * @example
 * await runPricingDemo({ emulator, print: console.log });
 * // tokyo-recsys-staging: 1 x ml.g4dn.xlarge idle: $725.62/month at list price (0.994 USD/h x 730 h) ...
 */
export async function runPricingDemo(options: PricingDemoOptions): Promise<void> {
  const { emulator, print } = options;
  const day0 = options.start ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const estate = demoTokyoEstate();
  await seedEndpoints({ endpoint: emulator.endpoint, region: TOKYO, control: (p, b) => emulator.control(p, b), endpoints: estate, now: day0 });
  const deployment = await initLocal({ endpoint: emulator.endpoint, region: HOME, prefix: 'finops-demo-prices' });
  const env = { ...deploymentEnv(deployment), AWS_REGION: HOME };
  const config = parseConfig({
    regions: [TOKYO],
    pricing: { discounts: { sagemaker: { percent: 18, note: 'Machine Learning Savings Plan (demo figure)' } } },
  });
  const clients = new AwsClients({ endpoint: emulator.endpoint, extra: { credentials: CREDENTIALS } });
  const calls = async () => (await emulator.control<{ calls: number }>('pricing/calls')).calls;
  const sweep = async (at: Date): Promise<{ report: SweepReport; calls: number }> => {
    const before = await calls();
    const report = await runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'report', clock: fixedClock(at), env, clients });
    return { report, calls: (await calls()) - before };
  };

  print(`== An idle endpoint in ${TOKYO}, a region the bundled price tables do not cover (report mode)`);
  const cold = await sweep(day0);
  for (const finding of cold.report.findings) print(describePriced(finding));
  const warm = await sweep(addHours(day0, 24));
  print(`Price List API calls: ${cold.calls} on the first run, ${warm.calls} the next day (answer cached in the ledger table for 7 days).`);
  print('The Tokyo price is an emulator fixture value, not an AWS price (lib/local/emulator/fixtures/pricing/PROVENANCE.md).');
}

/** One finding as list and effective figures, with the source of each price. */
function describePriced(f: Finding): string {
  const lines = [`${f.resourceId} (${f.region}): ${f.reason}`];
  const s = f.savings;
  if (s.monthlyUsd === null) {
    lines.push(`  price unknown: ${s.unknown.join('; ')}`);
    return lines.join('\n');
  }
  const parts = s.components.map((c) => `${c.quantity} x ${c.usdPerHour} USD/h`).join(' + ');
  lines.push(`  ${usd(s.monthlyUsd)}/month at list price (${parts} x 730 h)`);
  if (s.discount)
    lines.push(`  ${usd(s.effectiveMonthlyUsd ?? null)}/month effective: ${s.discount.percent}% off (${s.discount.note}; from ${s.discount.source})`);
  for (const c of s.components) lines.push(`  source: ${c.source}, published ${c.sourceDate}${c.note ? `. ${c.note}` : ''}`);
  return lines.join('\n');
}
