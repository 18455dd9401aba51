/**
 * Seeds SageMaker endpoints and their traffic on the local emulator, for the demo,
 * the integration tests and the benchmark. Backdating goes through the emulator's
 * control surface (the AWS API cannot set creation times).
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient, type ProductionVariant } from '@aws-sdk/client-sagemaker';

/** One production variant to seed. Without `instanceType` it is serverless. */
export interface SeedVariant {
  readonly name: string;
  readonly instanceType?: string;
  readonly instanceCount?: number;
}

/** One endpoint to seed. */
export interface SeedEndpoint {
  readonly name: string;
  /** Endpoint config name; endpoints may share one. @default `${name}-config` */
  readonly configName?: string;
  readonly variants: readonly SeedVariant[];
  readonly tags?: Readonly<Record<string, string>>;
  /** Days before `now` that the endpoint was created (and last modified). */
  readonly ageDays: number;
  /** Invocation datapoints: `count` calls on `variant`, `daysAgo` days before `now`. */
  readonly traffic?: readonly { readonly variant: string; readonly daysAgo: number; readonly count: number }[];
}

/** Posts to the emulator's control surface (`LocalEmulator.control`). */
export type EmulatorControl = (path: string, body?: unknown) => Promise<unknown>;

/**
 * Creates models, configs (once each), endpoints, backdates them and puts their
 * `Invocations` datapoints. Returns the number of AWS calls it made.
 */
export async function seedEndpoints(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly endpoints: readonly SeedEndpoint[];
  readonly now: Date;
}): Promise<void> {
  const config = { region: options.region, endpoint: options.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const sagemaker = new SageMakerClient(config);
  // moto's server cannot read the gzip bodies the SDK sends for large PutMetricData requests.
  const cloudwatch = new CloudWatchClient({ ...config, disableRequestCompression: true });
  const configs = new Set<string>();
  const data: MetricDatum[] = [];
  try {
    for (const e of options.endpoints) {
      const configName = e.configName ?? `${e.name}-config`;
      if (!configs.has(configName)) {
        configs.add(configName);
        const modelName = `${configName}-model`;
        await sagemaker.send(
          new CreateModelCommand({
            ModelName: modelName,
            ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker-demo',
            PrimaryContainer: { Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:latest' },
          }),
        );
        await sagemaker.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: configName,
            ProductionVariants: e.variants.map((v): ProductionVariant =>
              v.instanceType
                ? {
                    VariantName: v.name,
                    ModelName: modelName,
                    InstanceType: v.instanceType as ProductionVariant['InstanceType'],
                    InitialInstanceCount: v.instanceCount ?? 1,
                    InitialVariantWeight: 1,
                  }
                : { VariantName: v.name, ModelName: modelName, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } },
            ),
          }),
        );
      }
      await sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: e.name,
          EndpointConfigName: configName,
          Tags: Object.entries(e.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      const created = new Date(options.now.getTime() - e.ageDays * 86_400_000).toISOString();
      await options.control('sagemaker/endpoint-times', { name: e.name, region: options.region, creationTime: created, lastModifiedTime: created });
      for (const t of e.traffic ?? []) {
        data.push({
          MetricName: 'Invocations',
          Dimensions: [
            { Name: 'EndpointName', Value: e.name },
            { Name: 'VariantName', Value: t.variant },
          ],
          Timestamp: new Date(options.now.getTime() - t.daysAgo * 86_400_000),
          Value: t.count,
          Unit: 'None',
        });
      }
    }
    for (let i = 0; i < data.length; i += 500) {
      await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SageMaker', MetricData: data.slice(i, i + 500) }));
    }
  } finally {
    sagemaker.destroy();
    cloudwatch.destroy();
  }
}

/**
 * A small realistic estate: idle, busy, bursty, young, multi-variant, serverless,
 * exempt, protected and unpriced endpoints.
 */
export function demoEstate(): SeedEndpoint[] {
  const gpu = (name: string, count = 1) => [{ name, instanceType: 'ml.g4dn.xlarge', instanceCount: count }];
  return [
    { name: 'churn-model-v1', variants: gpu('AllTraffic'), ageDays: 30, tags: { owner: 'ana@example.com', team: 'risk', env: 'staging' } },
    {
      name: 'llm-summarizer-poc',
      variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.12xlarge', instanceCount: 1 }],
      ageDays: 21,
      tags: { owner: 'raj@example.com', team: 'nlp', env: 'dev' },
    },
    {
      name: 'vision-ab-test',
      variants: [
        { name: 'VariantA', instanceType: 'ml.c5.xlarge', instanceCount: 2 },
        { name: 'VariantB', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 },
      ],
      ageDays: 45,
      tags: { owner: 'ana@example.com', team: 'vision' },
    },
    {
      name: 'fraud-detector',
      variants: gpu('AllTraffic', 2),
      ageDays: 90,
      tags: { owner: 'lee@example.com', team: 'risk', env: 'prod' },
      traffic: [0, 1, 2, 3, 4, 5, 6].map((d) => ({ variant: 'AllTraffic', daysAgo: d + 0.5, count: 12_000 })),
    },
    {
      name: 'batch-scorer',
      variants: gpu('AllTraffic'),
      ageDays: 60,
      tags: { owner: 'raj@example.com', team: 'nlp' },
      traffic: [{ variant: 'AllTraffic', daysAgo: 5, count: 40 }],
    },
    {
      name: 'recsys-canary',
      variants: [
        { name: 'Stable', instanceType: 'ml.c5.2xlarge', instanceCount: 1 },
        { name: 'Canary', instanceType: 'ml.c5.xlarge', instanceCount: 1 },
      ],
      ageDays: 40,
      tags: { owner: 'mia@example.com', team: 'recsys' },
      traffic: [{ variant: 'Canary', daysAgo: 2, count: 15 }],
    },
    { name: 'new-model-rc', variants: gpu('AllTraffic'), ageDays: 2, tags: { owner: 'mia@example.com', team: 'recsys' } },
    { name: 'faq-bot-serverless', variants: [{ name: 'AllTraffic' }], ageDays: 100, tags: { owner: 'lee@example.com', team: 'support' } },
    { name: 'research-sandbox', variants: gpu('AllTraffic'), ageDays: 50, tags: { owner: 'zoe@example.com', team: 'research', 'finops:exempt': 'true' } },
    { name: 'payments-scoring', variants: gpu('AllTraffic', 2), ageDays: 120, tags: { owner: 'lee@example.com', team: 'risk', env: 'production' } },
    { name: 'legacy-tabular', variants: [{ name: 'AllTraffic', instanceType: 'ml.m5.large', instanceCount: 1 }], ageDays: 200, tags: { team: 'risk' } },
  ];
}

/**
 * One idle endpoint in Tokyo (ap-northeast-1), a region the bundled price tables do
 * not cover: the demo prices it from the emulated AWS Price List API.
 */
export function demoTokyoEstate(): SeedEndpoint[] {
  return [
    {
      name: 'tokyo-recsys-staging',
      variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }],
      ageDays: 20,
      tags: { owner: 'kenji@example.com', team: 'recsys', env: 'staging' },
    },
  ];
}
