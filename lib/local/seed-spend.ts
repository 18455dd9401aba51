/**
 * Seeds daily costs into the emulator's Cost Explorer (`costexplorer/seed`), for the
 * demo, the integration tests and the benchmark: a quarter of AI spend of three teams
 * and some untagged cost, plus non-AI rows the digest's filter must leave out. Test
 * values, not AWS prices (the emulator's PROVENANCE.md says which shapes are real).
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory } from '../core/sweep.js';
import type { EmulatorControl } from './seed-endpoints.js';

/** One row of the emulator's daily cost table. */
export interface SpendSeedRow {
  readonly date: string;
  readonly service: string;
  /** The `team` tag; absent: untagged (the unallocated row). */
  readonly team?: string;
  readonly usageType: string;
  readonly instanceType?: string;
  /** UnblendedCost, USD. */
  readonly cost: number;
  /** AmortizedCost and NetAmortizedCost, USD. @default cost */
  readonly amortizedCost?: number;
}

const DAY_MS = 86_400_000;
const SAGEMAKER = 'Amazon SageMaker';
const BEDROCK = 'Amazon Bedrock';
const EC2 = 'Amazon Elastic Compute Cloud - Compute';

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * `days` days of spend ending the day before `end` (UTC):
 *
 * - nlp: a SageMaker ml.g5.xlarge endpoint all day (24 h x $1.408 = $33.79) and Bedrock
 *   tokens from $12.40 a day, 3% more each week;
 * - vision: two SageMaker ml.g4dn.xlarge (2 x 24 h x $0.7364 = $35.35) and an EC2
 *   g5.xlarge (24 h x $1.006 = $24.14);
 * - risk: EC2 p4d.24xlarge training 8 h each weekday (8 x $32.7726 = $262.18; amortized
 *   $188.77 under a Savings Plan), and an m5.large that is not AI ($2.30);
 * - untagged: a SageMaker notebook ($1.20) and Bedrock ($3.10);
 * - S3 for nlp ($1.00), not AI.
 *
 * @example
 * const rows = quarterOfSpend(new Date('2026-11-23T00:00:00Z'));
 */
export function quarterOfSpend(end: Date, days = 91): SpendSeedRow[] {
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  const rows: SpendSeedRow[] = [];
  for (let i = days; i >= 1; i--) {
    const at = new Date(last - i * DAY_MS);
    const date = at.toISOString().slice(0, 10);
    const week = Math.floor((days - i) / 7);
    const weekday = at.getUTCDay() >= 1 && at.getUTCDay() <= 5;
    rows.push(
      { date, service: SAGEMAKER, team: 'nlp', usageType: 'USE1-Host:ml.g5.xlarge', cost: 33.79 },
      { date, service: BEDROCK, team: 'nlp', usageType: 'USE1-Claude3Haiku-output-tokens', cost: cents(12.4 * 1.03 ** week) },
      { date, service: SAGEMAKER, team: 'vision', usageType: 'USE1-Host:ml.g4dn.xlarge', cost: 35.35 },
      { date, service: EC2, team: 'vision', usageType: 'BoxUsage:g5.xlarge', cost: 24.14 },
      { date, service: EC2, team: 'risk', usageType: 'BoxUsage:m5.large', cost: 2.3 },
      { date, service: SAGEMAKER, usageType: 'USE1-Notebk:ml.t3.medium', cost: 1.2 },
      { date, service: BEDROCK, usageType: 'USE1-TitanEmbeddings-input-tokens', cost: 3.1 },
      { date, service: 'Amazon Simple Storage Service', team: 'nlp', usageType: 'TimedStorage-ByteHrs', cost: 1 },
    );
    if (weekday) rows.push({ date, service: EC2, team: 'risk', usageType: 'BoxUsage:p4d.24xlarge', cost: 262.18, amortizedCost: 188.77 });
  }
  return rows;
}

/** Whether a seed row is AI spend under the digest's default filter (SageMaker, Bedrock, EC2 of accelerator families). */
export function isAiSpendRow(row: SpendSeedRow): boolean {
  if (row.service === SAGEMAKER || row.service === BEDROCK) return true;
  return row.service === EC2 && /^(p|g|inf|trn)\d/.test(row.usageType.split(':')[1] ?? '');
}

/**
 * Replaces the emulator's cost table with `rows`; `today` is the emulator's current date
 * (forecasts start there). `activatedTags: []` models a team tag that is not activated.
 */
export async function seedSpend(
  control: EmulatorControl,
  rows: readonly SpendSeedRow[],
  options: { readonly today: string; readonly activatedTags?: readonly string[] },
): Promise<void> {
  await control('costexplorer/seed', { rows, today: options.today, ...(options.activatedTags ? { activatedTags: options.activatedTags } : {}) });
}

/**
 * Puts `perHour` `Invocations` of an endpoint variant at each whole hour of `[from, to)`
 * (for a unit cost in the demo's week). Returns how many it put.
 */
export async function seedHourlyInvocations(
  clients: ClientFactory,
  region: string,
  target: { readonly endpointName: string; readonly variantName: string; readonly perHour: number },
  window: { readonly from: Date; readonly to: Date },
): Promise<number> {
  const data: MetricDatum[] = [];
  for (let t = Math.ceil(window.from.getTime() / 3_600_000) * 3_600_000; t < window.to.getTime(); t += 3_600_000) {
    data.push({
      MetricName: 'Invocations',
      Dimensions: [
        { Name: 'EndpointName', Value: target.endpointName },
        { Name: 'VariantName', Value: target.variantName },
      ],
      Timestamp: new Date(t),
      Value: target.perHour,
      Unit: 'None',
    });
  }
  const cloudwatch = clients.get(CloudWatchClient, region);
  for (let i = 0; i < data.length; i += 500)
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SageMaker', MetricData: data.slice(i, i + 500) }));
  return data.length * target.perHour;
}
