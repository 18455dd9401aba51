/**
 * Seeds Bedrock token usage on the local emulator, for the demo, the integration tests and
 * the benchmark: application inference profiles with their tags (the emulator's
 * `CreateInferenceProfile`), and `AWS/Bedrock` metrics (`InputTokenCount`,
 * `OutputTokenCount`, `Invocations` by `ModelId`, one datapoint per metric and hour) as
 * Bedrock publishes them.
 */
import { BedrockClient, CreateInferenceProfileCommand } from '@aws-sdk/client-bedrock';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** PutMetricData takes at most 1,000 datums a call. */
const DATUMS_PER_CALL = 1000;
const HOUR = 3_600_000;

/** One application inference profile to create. */
export interface SeedProfile {
  readonly name: string;
  /** A foundation model of the region (`amazon.nova-micro-v1:0`), or `copyFrom` (an ARN). */
  readonly modelId?: string;
  readonly copyFrom?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Where to seed. */
export interface SeedTarget {
  readonly endpoint: string;
  readonly region: string;
}

/**
 * Creates the profiles; returns each one's id and ARN by name.
 *
 * @example
 * const ids = await seedInferenceProfiles({ endpoint, region }, [{ name: 'nlp-chat', modelId: 'amazon.nova-micro-v1:0', tags: { team: 'nlp' } }]);
 */
export async function seedInferenceProfiles(target: SeedTarget, profiles: readonly SeedProfile[]): Promise<Map<string, { id: string; arn: string }>> {
  const bedrock = new BedrockClient({ region: target.region, endpoint: target.endpoint, credentials: CREDENTIALS });
  const created = new Map<string, { id: string; arn: string }>();
  try {
    for (const p of profiles) {
      const copyFrom = p.copyFrom ?? `arn:aws:bedrock:${target.region}::foundation-model/${p.modelId ?? ''}`;
      const out = await bedrock.send(
        new CreateInferenceProfileCommand({
          inferenceProfileName: p.name,
          modelSource: { copyFrom },
          tags: Object.entries(p.tags ?? {}).map(([key, value]) => ({ key, value })),
        }),
      );
      const arn = out.inferenceProfileArn!;
      created.set(p.name, { id: arn.slice(arn.lastIndexOf('/') + 1), arn });
    }
  } finally {
    bedrock.destroy();
  }
  return created;
}

/** The token usage of one `ModelId` in one hour. */
export interface HourOfTokens {
  /** Start of the hour. */
  readonly at: Date;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** @default 0 (no datapoint) */
  readonly invocations?: number;
}

/** Usage of one `ModelId` (a model id, or an application profile's id). */
export interface SeedTokenUsage {
  readonly modelId: string;
  readonly hours: readonly HourOfTokens[];
}

/**
 * The same usage every hour of `hours` hours ending at `end` (exclusive), scaled per hour
 * by `factor(hourStart)` (e.g. to put a spike in the last hours).
 *
 * @example
 * steadyUsage('amazon.nova-micro-v1:0', { end: now, hours: 24 * 15, inputTokens: 10_000, outputTokens: 2_000 })
 */
export function steadyUsage(
  modelId: string,
  options: {
    readonly end: Date;
    readonly hours: number;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly invocations?: number;
    readonly factor?: (at: Date) => number;
  },
): SeedTokenUsage {
  const start = Math.floor(options.end.getTime() / HOUR) * HOUR - options.hours * HOUR;
  const hours = Array.from({ length: options.hours }, (_, i) => {
    const at = new Date(start + i * HOUR);
    const f = options.factor?.(at) ?? 1;
    return {
      at,
      inputTokens: Math.round(options.inputTokens * f),
      outputTokens: Math.round(options.outputTokens * f),
      invocations: Math.round((options.invocations ?? 0) * f),
    };
  });
  return { modelId, hours };
}

/** Writes the usage as `AWS/Bedrock` metrics (hours with zero tokens get no datapoint, as Bedrock publishes none). */
export async function seedBedrockMetrics(target: SeedTarget, usage: readonly SeedTokenUsage[]): Promise<number> {
  const data: MetricDatum[] = [];
  for (const u of usage) {
    const dimensions = [{ Name: 'ModelId', Value: u.modelId }];
    for (const h of u.hours) {
      if (h.inputTokens === 0 && h.outputTokens === 0) continue;
      const datum = (name: string, value: number): MetricDatum => ({ MetricName: name, Dimensions: dimensions, Timestamp: h.at, Value: value, Unit: 'Count' });
      data.push(datum('InputTokenCount', h.inputTokens), datum('OutputTokenCount', h.outputTokens));
      if (h.invocations) data.push(datum('Invocations', h.invocations));
    }
  }
  // moto's server cannot read the gzip bodies the SDK sends for large PutMetricData requests (the launcher un-gzips them; this is belt and braces).
  const cloudwatch = new CloudWatchClient({ region: target.region, endpoint: target.endpoint, credentials: CREDENTIALS, disableRequestCompression: true });
  try {
    for (let i = 0; i < data.length; i += DATUMS_PER_CALL) {
      await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/Bedrock', MetricData: data.slice(i, i + DATUMS_PER_CALL) }));
    }
  } finally {
    cloudwatch.destroy();
  }
  return data.length;
}
