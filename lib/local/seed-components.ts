/**
 * Seeds SageMaker endpoints built on inference components, and the components'
 * traffic, on the local emulator (for the demo and the integration tests). The
 * components come from the launcher's emulated_inference_components.py; backdating
 * goes through the emulator's control surface.
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateInferenceComponentCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteInferenceComponentCommand,
  DeleteModelCommand,
  SageMakerClient,
  type ProductionVariantInstanceType,
} from '@aws-sdk/client-sagemaker';
import type { EmulatorControl } from './seed-endpoints.js';

const ROLE = 'arn:aws:iam::123456789012:role/sagemaker-demo';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:latest';

/** One inference component to seed on its endpoint's only variant (`AllTraffic`). */
export interface SeedComponent {
  readonly name: string;
  readonly copies: number;
  /** Per copy. */
  readonly accelerators?: number;
  readonly cpuCores?: number;
  readonly memoryMb: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** Days before `now` that the component was created (and last modified). */
  readonly ageDays: number;
  /** `Invocations` datapoints (dimension `InferenceComponentName`). */
  readonly traffic?: readonly { readonly daysAgo: number; readonly count: number }[];
}

/** One endpoint whose variant hosts inference components. */
export interface SeedComponentEndpoint {
  readonly name: string;
  /** moto rejects ml.g5, ml.p4d and ml.p5 types. */
  readonly instanceType: string;
  readonly instanceCount: number;
  /** `ManagedInstanceScaling` of the variant (`ENABLED`). @default - none */
  readonly managedInstanceScaling?: { readonly minInstanceCount: number; readonly maxInstanceCount: number };
  readonly tags?: Readonly<Record<string, string>>;
  readonly ageDays: number;
  readonly components: readonly SeedComponent[];
}

const tagList = (tags: Readonly<Record<string, string>> | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** Creates each endpoint (config without models, as inference components need), its components and their traffic. */
export async function seedComponentEndpoints(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly endpoints: readonly SeedComponentEndpoint[];
  readonly now: Date;
}): Promise<void> {
  const config = { region: options.region, endpoint: options.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const sagemaker = new SageMakerClient(config);
  const cloudwatch = new CloudWatchClient({ ...config, disableRequestCompression: true });
  const ago = (days: number) => new Date(options.now.getTime() - days * 86_400_000).toISOString();
  const data: MetricDatum[] = [];
  try {
    for (const e of options.endpoints) {
      const mis = e.managedInstanceScaling;
      await sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${e.name}-config`,
          ExecutionRoleArn: ROLE,
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              InstanceType: e.instanceType as ProductionVariantInstanceType,
              InitialInstanceCount: e.instanceCount,
              RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
              ...(mis ? { ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: mis.minInstanceCount, MaxInstanceCount: mis.maxInstanceCount } } : {}),
            },
          ],
        }),
      );
      await sagemaker.send(new CreateEndpointCommand({ EndpointName: e.name, EndpointConfigName: `${e.name}-config`, Tags: tagList(e.tags) }));
      await options.control('sagemaker/endpoint-times', { name: e.name, region: options.region, creationTime: ago(e.ageDays) });
      for (const c of e.components) {
        await sagemaker.send(new CreateModelCommand({ ModelName: `${c.name}-model`, ExecutionRoleArn: ROLE, PrimaryContainer: { Image: IMAGE } }));
        await sagemaker.send(
          new CreateInferenceComponentCommand({
            InferenceComponentName: c.name,
            EndpointName: e.name,
            VariantName: 'AllTraffic',
            Specification: {
              ModelName: `${c.name}-model`,
              ComputeResourceRequirements: {
                MinMemoryRequiredInMb: c.memoryMb,
                ...(c.accelerators !== undefined ? { NumberOfAcceleratorDevicesRequired: c.accelerators } : {}),
                ...(c.cpuCores !== undefined ? { NumberOfCpuCoresRequired: c.cpuCores } : {}),
              },
            },
            RuntimeConfig: { CopyCount: c.copies },
            Tags: tagList(c.tags),
          }),
        );
        await options.control('sagemaker/inference-component', { name: c.name, region: options.region, creationTime: ago(c.ageDays) });
        for (const t of c.traffic ?? []) {
          data.push({
            MetricName: 'Invocations',
            Dimensions: [{ Name: 'InferenceComponentName', Value: c.name }],
            Timestamp: new Date(options.now.getTime() - t.daysAgo * 86_400_000),
            Value: t.count,
            Unit: 'None',
          });
        }
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

/** Deletes what {@link seedComponentEndpoints} created: components, models, endpoints and their configs. */
export async function removeComponentEndpoints(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly endpoints: readonly SeedComponentEndpoint[];
}): Promise<void> {
  const sagemaker = new SageMakerClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  try {
    for (const e of options.endpoints) {
      for (const c of e.components) {
        await sagemaker.send(new DeleteInferenceComponentCommand({ InferenceComponentName: c.name }));
        await sagemaker.send(new DeleteModelCommand({ ModelName: `${c.name}-model` }));
      }
      await sagemaker.send(new DeleteEndpointCommand({ EndpointName: e.name }));
      await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: `${e.name}-config` }));
    }
  } finally {
    sagemaker.destroy();
  }
}

/**
 * A small estate of endpoints on inference components: one endpoint whose only
 * component has had no traffic for weeks (MinInstanceCount 0: scaling it to zero
 * releases the instance), one shared by a busy and an idle component (MinInstanceCount
 * 1: only recommended), and a young one.
 */
export function demoComponentEstate(): SeedComponentEndpoint[] {
  const gpu = { instanceType: 'ml.g4dn.12xlarge', managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 2 } };
  return [
    {
      name: 'genai-playground',
      ...gpu,
      managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 },
      instanceCount: 1,
      ageDays: 40,
      tags: { owner: 'ana@example.com', team: 'nlp', env: 'dev' },
      components: [{ name: 'llama-summarizer-ic', copies: 2, accelerators: 2, memoryMb: 32_768, ageDays: 30 }],
    },
    {
      name: 'shared-llm-host',
      ...gpu,
      instanceCount: 1,
      ageDays: 60,
      tags: { owner: 'raj@example.com', team: 'nlp' },
      components: [
        {
          name: 'chat-assistant-ic',
          copies: 2,
          accelerators: 1,
          memoryMb: 16_384,
          ageDays: 50,
          traffic: [1, 2, 3].map((d) => ({ daysAgo: d, count: 5_000 })),
        },
        { name: 'translate-beta-ic', copies: 1, accelerators: 1, memoryMb: 16_384, ageDays: 20, tags: { owner: 'mia@example.com' } },
      ],
    },
    {
      name: 'fresh-rag-host',
      ...gpu,
      instanceCount: 1,
      ageDays: 3,
      tags: { owner: 'lee@example.com', team: 'search' },
      components: [{ name: 'rag-embedder-ic', copies: 1, accelerators: 1, memoryMb: 8_192, ageDays: 2 }],
    },
  ];
}
