/**
 * Seeds SageMaker training jobs and their hosts' utilization on the local emulator,
 * for the demo, the integration tests and the benchmark. moto creates every job
 * Completed; running ones are put InProgress with a backdated start through the
 * emulator's control surface (`sagemaker/training-job`).
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateTrainingJobCommand, SageMakerClient, type TrainingInstanceType } from '@aws-sdk/client-sagemaker';
import type { EmulatorControl } from './seed-endpoints.js';

/** One training job to seed. */
export interface SeedTrainingJob {
  readonly name: string;
  readonly instanceType: string;
  /** @default 1 */
  readonly instanceCount?: number;
  /** `StoppingCondition.MaxRuntimeInSeconds` in hours; `null`: none. @default 24 */
  readonly maxRuntimeHours?: number | null;
  /** @default false */
  readonly managedSpot?: boolean;
  /** Give it a `CheckpointConfig`. @default false */
  readonly checkpoints?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** InProgress, training since this many hours before `now`. Absent: left Completed, as moto creates it. */
  readonly trainingHours?: number;
  /**
   * Utilization datapoints, one per 5 minutes over the last `hours` (default 3) before
   * `now`, per host: `percent` is summed over the host's GPUs (cores) as SageMaker
   * reports it; an array gives each host (algo-1, algo-2, ...) its own value.
   */
  readonly utilization?: { readonly metric?: 'GPUUtilization' | 'CPUUtilization'; readonly percent: number | readonly number[]; readonly hours?: number };
}

/** Options of {@link seedTrainingJobs}. */
export interface SeedTrainingJobsOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly jobs: readonly SeedTrainingJob[];
  readonly now: Date;
  /** Jobs created at once. @default 8 */
  readonly concurrency?: number;
}

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** PutMetricData takes at most 1,000 datums a call. */
const DATUMS_PER_CALL = 1000;

/**
 * Creates the jobs, puts the running ones InProgress and writes their utilization.
 *
 * @example
 * await seedTrainingJobs({ endpoint, region: 'eu-west-1', control: emu.control, jobs: demoTrainingJobs(), now });
 */
export async function seedTrainingJobs(options: SeedTrainingJobsOptions): Promise<void> {
  const config = { region: options.region, endpoint: options.endpoint, credentials: CREDENTIALS };
  const sagemaker = new SageMakerClient(config);
  try {
    const queue = [...options.jobs];
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        await sagemaker.send(new CreateTrainingJobCommand(createInput(job)));
        if (job.trainingHours === undefined) continue;
        const start = new Date(options.now.getTime() - job.trainingHours * 3_600_000);
        await options.control('sagemaker/training-job', {
          name: job.name,
          region: options.region,
          status: 'InProgress',
          trainingStartTime: start.toISOString(),
          creationTime: new Date(start.getTime() - 10 * 60_000).toISOString(),
        });
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  } finally {
    sagemaker.destroy();
  }
  await putUtilization(options);
}

/**
 * Writes the jobs' `utilization` datapoints for the hours before `now` (again, e.g.
 * for a later run whose window starts after the first seeding's datapoints).
 */
export async function putUtilization(options: Pick<SeedTrainingJobsOptions, 'endpoint' | 'region' | 'jobs' | 'now'>): Promise<void> {
  const cloudwatch = new CloudWatchClient({ region: options.region, endpoint: options.endpoint, credentials: CREDENTIALS, disableRequestCompression: true });
  const data = options.jobs.flatMap((job) => utilizationData(job, options.now));
  try {
    for (let i = 0; i < data.length; i += DATUMS_PER_CALL) {
      await cloudwatch.send(new PutMetricDataCommand({ Namespace: '/aws/sagemaker/TrainingJobs', MetricData: data.slice(i, i + DATUMS_PER_CALL) }));
    }
  } finally {
    cloudwatch.destroy();
  }
}

function createInput(job: SeedTrainingJob) {
  const bucket = 's3://finops-demo-ml';
  const maxRuntime = job.maxRuntimeHours === undefined ? 24 : job.maxRuntimeHours;
  return {
    TrainingJobName: job.name,
    AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/train:latest', TrainingInputMode: 'File' as const },
    RoleArn: 'arn:aws:iam::123456789012:role/sagemaker-training',
    HyperParameters: { epochs: '10' },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: `${bucket}/data/${job.name}` } } }],
    OutputDataConfig: { S3OutputPath: `${bucket}/output` },
    ResourceConfig: { InstanceType: job.instanceType as TrainingInstanceType, InstanceCount: job.instanceCount ?? 1, VolumeSizeInGB: 50 },
    StoppingCondition:
      maxRuntime === null
        ? {}
        : { MaxRuntimeInSeconds: Math.round(maxRuntime * 3600), ...(job.managedSpot ? { MaxWaitTimeInSeconds: Math.round(maxRuntime * 3600 * 2) } : {}) },
    EnableManagedSpotTraining: job.managedSpot ?? false,
    ...(job.checkpoints ? { CheckpointConfig: { S3Uri: `${bucket}/checkpoints/${job.name}` } } : {}),
    Tags: Object.entries(job.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

function utilizationData(job: SeedTrainingJob, now: Date): MetricDatum[] {
  if (!job.utilization || job.trainingHours === undefined) return [];
  const { metric = 'GPUUtilization', percent, hours = 3 } = job.utilization;
  const data: MetricDatum[] = [];
  const periods = Math.round(Math.min(hours, job.trainingHours) * 12);
  for (let host = 1; host <= (job.instanceCount ?? 1); host++) {
    const value = typeof percent === 'number' ? percent : (percent[host - 1] ?? percent.at(-1)!);
    for (let p = 0; p < periods; p++) {
      data.push({
        MetricName: metric,
        Dimensions: [{ Name: 'Host', Value: `${job.name}/algo-${host}` }],
        // Mid-period, so each 5-minute period holds one datapoint.
        Timestamp: new Date(now.getTime() - (p * 5 + 2.5) * 60_000),
        Value: value,
        Unit: 'Percent',
      });
    }
  }
  return data;
}

/**
 * The demo estate (eu-west-1, where the price book has SageMaker training prices):
 * a runaway on 8 GPUs, a stalled job, a long job its tag allows, an exempt one, a
 * job with no stopping condition, and a finished one.
 */
export function demoTrainingJobs(): SeedTrainingJob[] {
  return [
    {
      name: 'llm-finetune-8gpu',
      instanceType: 'ml.p3.2xlarge',
      instanceCount: 8,
      maxRuntimeHours: 120,
      checkpoints: true,
      trainingHours: 30,
      tags: { owner: 'raj@example.com', team: 'nlp', env: 'dev' },
      utilization: { percent: 85 },
    },
    {
      name: 'vision-pretrain',
      instanceType: 'ml.g4dn.xlarge',
      instanceCount: 2,
      maxRuntimeHours: 48,
      trainingHours: 6,
      tags: { owner: 'mei@example.com', team: 'vision', env: 'dev' },
      utilization: { percent: [0.4, 0.9] },
    },
    {
      name: 'research-long-run',
      instanceType: 'ml.p3.2xlarge',
      maxRuntimeHours: 72,
      managedSpot: true,
      checkpoints: true,
      trainingHours: 40,
      tags: { owner: 'ana@example.com', team: 'research', env: 'dev', 'finops:max-hours': '72' },
      utilization: { percent: 92 },
    },
    {
      name: 'benchmark-sweep',
      instanceType: 'ml.g4dn.xlarge',
      instanceCount: 4,
      maxRuntimeHours: 72,
      trainingHours: 50,
      tags: { owner: 'ana@example.com', team: 'research', env: 'dev', 'finops:exempt': 'true' },
      utilization: { percent: 0 },
    },
    {
      name: 'tabular-xgb',
      instanceType: 'ml.m5.xlarge',
      maxRuntimeHours: null,
      trainingHours: 3,
      tags: { owner: 'kim@example.com', team: 'risk', env: 'staging' },
      utilization: { metric: 'CPUUtilization', percent: 310 },
    },
    { name: 'churn-xgb-finished', instanceType: 'ml.m5.xlarge', tags: { owner: 'kim@example.com', team: 'risk', env: 'staging' } },
  ];
}
