/**
 * Seeds Bedrock Provisioned Throughputs on the local emulator, for the demo, the integration
 * tests and the benchmark: created through the real API (`CreateProvisionedModelThroughput`),
 * then backdated and put in a state through the emulator's control surface (the API sets
 * neither), and their traffic published as `AWS/Bedrock` `Invocations` with `ModelId` = the
 * throughput's ARN (plain `PutMetricData`).
 */
import { BedrockClient, CreateProvisionedModelThroughputCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { mapWithConcurrency } from '../aws/concurrency.js';
import type { EmulatorControl } from './seed-endpoints.js';

/** The base model the seeds use unless they say otherwise (its Provisioned Throughput price is in the emulator's fixtures). */
export const DEMO_THROUGHPUT_MODEL = 'amazon.nova-2-lite-v1:0:256k';

/** One throughput to seed. */
export interface SeedThroughput {
  readonly name: string;
  /** @default DEMO_THROUGHPUT_MODEL */
  readonly modelId?: string;
  /** @default 1 */
  readonly modelUnits?: number;
  /** @default - no commitment */
  readonly commitment?: 'OneMonth' | 'SixMonths';
  /** Days from `now` to the end of the commitment term (negative: it has ended). @default - a term after its creation */
  readonly commitmentEndsInDays?: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** @default 30 */
  readonly createdDaysAgo?: number;
  /** @default 'InService' */
  readonly status?: 'Creating' | 'InService' | 'Updating' | 'Failed';
  /** Invocations in each of the last 24 hours. @default 0: no datapoints, as for a throughput nobody calls */
  readonly invocationsPerHour?: number;
}

/** Options of {@link seedThroughputs}. */
export interface SeedThroughputsOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly throughputs: readonly SeedThroughput[];
  readonly now: Date;
  /** Throughputs created at once. @default 8 */
  readonly concurrency?: number;
}

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * Creates the throughputs and returns their ARNs by name.
 *
 * @example
 * const arns = await seedThroughputs({ endpoint, region: 'us-east-1', control, now, throughputs: [{ name: 'pt-idle', modelUnits: 2 }] });
 */
export async function seedThroughputs(options: SeedThroughputsOptions): Promise<Map<string, string>> {
  const { endpoint, region, now } = options;
  const bedrock = new BedrockClient({ region, endpoint, credentials: CREDENTIALS });
  const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
  const arns = await mapWithConcurrency(options.throughputs, options.concurrency ?? 8, async (t) => {
    const out = await bedrock.send(
      new CreateProvisionedModelThroughputCommand({
        provisionedModelName: t.name,
        modelId: t.modelId ?? DEMO_THROUGHPUT_MODEL,
        modelUnits: t.modelUnits ?? 1,
        ...(t.commitment ? { commitmentDuration: t.commitment } : {}),
        tags: Object.entries(t.tags ?? {}).map(([key, value]) => ({ key, value })),
      }),
    );
    const created = -(t.createdDaysAgo ?? 30);
    const months = t.commitment === 'SixMonths' ? 6 : 1;
    await options.control('bedrock/provisioned-model-throughput', {
      region,
      provisionedModelId: out.provisionedModelArn,
      creationTime: day(created),
      status: t.status ?? 'InService',
      ...(t.commitment ? { commitmentExpirationTime: day(t.commitmentEndsInDays ?? created + months * 30) } : {}),
    });
    return [t.name, out.provisionedModelArn!] as const;
  });

  const metrics: MetricDatum[] = [];
  for (const [name, arn] of arns) {
    const perHour = options.throughputs.find((t) => t.name === name)?.invocationsPerHour ?? 0;
    if (perHour <= 0) continue;
    for (let h = 24; h >= 1; h--) {
      metrics.push({
        MetricName: 'Invocations',
        Dimensions: [{ Name: 'ModelId', Value: arn }],
        Timestamp: new Date(now.getTime() - h * 3_600_000 + 60_000),
        Value: perHour,
      });
    }
  }
  const cloudwatch = new CloudWatchClient({ region, endpoint, credentials: CREDENTIALS });
  for (let i = 0; i < metrics.length; i += 500) {
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Bedrock', MetricData: metrics.slice(i, i + 500) }));
  }
  return new Map(arns);
}
