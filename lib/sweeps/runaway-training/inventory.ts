/**
 * AWS side of the runaway-training sweep: what it reads, in as few calls as the APIs allow.
 *
 * Calls per region: ListTrainingJobs pages (`StatusEquals=InProgress`, 100 a page,
 * followed to the last token: a short or empty page with a token is not the end)
 * + for each InProgress job: DescribeTrainingJob (start time, instances, stopping
 * condition; the list has none of them) and ListTags (owner, limits, exemption)
 * + GetMetricData batches (500 host series a call) for the jobs that have trained
 * at least the stall window. Finished jobs are never described here.
 */
import { mapWithConcurrency } from '../../aws/concurrency.js';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeTrainingJobCommand,
  paginateListTags,
  paginateListTrainingJobs,
  SageMakerClient,
  type DescribeTrainingJobCommandOutput,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { getMetricSeries, type MetricQuery } from '../../aws/metric-data.js';
import { isNotFound } from '../../aws/sagemaker.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, InventoryContext } from '../../core/sweep.js';
import type { RunawayTrainingConfig } from './config.js';
import type { InstanceGroup } from './cost.js';
import type { TrainingJobFacts } from './rule.js';
import { specOf, type TrainingJobSpec } from './spec.js';
import {
  hostNames,
  metricsToRead,
  STALL_PERIOD_SECONDS,
  trainedLongEnough,
  TRAINING_JOBS_NAMESPACE,
  utilizationMetricFor,
  type HostSeries,
  type UtilizationMetric,
} from './stall.js';

/** ListTrainingJobs' largest page. */
export const LIST_TRAINING_JOBS_PAGE = 100;
/** Jobs described at once (DescribeTrainingJob + ListTags each); the SDK's adaptive retry absorbs throttling. */
export const DESCRIBE_CONCURRENCY = 4;

/** Facts plus what the stop, the flag and the restore need. */
export interface TrainingJobCandidateFacts extends TrainingJobFacts {
  readonly tagList: readonly { readonly Key: string; readonly Value: string }[];
  readonly spec: TrainingJobSpec;
  /** Names of the job's environment variables (their values are never copied into the ledger). */
  readonly environmentKeys: readonly string[];
}

/** Lists InProgress training jobs, describes each, and reads their hosts' utilization. */
export async function inventoryTrainingJobs(ctx: InventoryContext, config: RunawayTrainingConfig): Promise<Inventory<TrainingJobCandidateFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const listed: string[] = [];
  for await (const page of paginateListTrainingJobs({ client: sagemaker, pageSize: LIST_TRAINING_JOBS_PAGE }, { StatusEquals: 'InProgress' })) {
    for (const job of page.TrainingJobSummaries ?? []) {
      if (job.TrainingJobName && job.TrainingJobStatus === 'InProgress') listed.push(job.TrainingJobName);
    }
  }

  const seen = new Set<string>();
  const failures: { resourceId: string; error: unknown }[] = [];
  const described = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async (name) => {
    try {
      return await describeJob(sagemaker, name);
    } catch (error) {
      if (isNotFound(error)) return null;
      seen.add(name); // unknown this run: its ledger state stays as it is
      failures.push({ resourceId: name, error });
      return null;
    }
  });
  const jobs = described.filter((d): d is Described => d !== null && d.job.TrainingJobStatus === 'InProgress');
  // A job that ended since it was listed is not seen: an open finding of it gets its final record.
  for (const d of jobs) seen.add(d.job.TrainingJobName!);

  const utilization = await readUtilization(ctx, config, jobs);
  const candidates = jobs.map((d, i) => toCandidate(d, ctx.region, utilization[i] ?? null));
  return { candidates, seen, failures };
}

interface Described {
  readonly job: DescribeTrainingJobCommandOutput;
  readonly tagList: Tag[];
}

async function describeJob(sagemaker: SageMakerClient, name: string): Promise<Described> {
  const job = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
  const tagList: Tag[] = [];
  if (job.TrainingJobStatus === 'InProgress') {
    for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: job.TrainingJobArn! })) tagList.push(...(page.Tags ?? []));
  }
  return { job, tagList };
}

/** The cluster of a job: its `ResourceConfig` type and count, or its heterogeneous `InstanceGroups`. */
export function instanceGroupsOf(job: Pick<DescribeTrainingJobCommandOutput, 'ResourceConfig'>): InstanceGroup[] {
  const rc = job.ResourceConfig;
  if (rc?.InstanceGroups?.length) {
    return rc.InstanceGroups.filter((g) => g.InstanceType).map((g) => ({
      instanceType: g.InstanceType!,
      count: g.InstanceCount ?? 1,
      name: g.InstanceGroupName ?? null,
    }));
  }
  return rc?.InstanceType ? [{ instanceType: rc.InstanceType, count: rc.InstanceCount ?? 1, name: null }] : [];
}

type Utilization = NonNullable<TrainingJobFacts['utilization']>;

/** One batched pass over every host of every job old enough for the stall window. */
async function readUtilization(ctx: InventoryContext, config: RunawayTrainingConfig, jobs: readonly Described[]): Promise<(Utilization | null)[]> {
  if (!config.stall.enabled) return jobs.map(() => null);
  const start = new Date(ctx.now.getTime() - config.stall.hours * 3_600_000);
  const window = { windowStart: start.toISOString(), windowEnd: ctx.now.toISOString(), periodSeconds: STALL_PERIOD_SECONDS };
  const queries: MetricQuery[] = [];
  const slots: { job: number; metric: UtilizationMetric; host: string }[] = [];
  jobs.forEach(({ job }, index) => {
    if (!trainedLongEnough(job.TrainingStartTime?.toISOString() ?? null, ctx.now, config.stall.hours)) return;
    const groups = instanceGroupsOf(job);
    for (const metric of metricsToRead(utilizationMetricFor(groups, ctx.specs))) {
      for (const host of hostNames(job.TrainingJobName!, groups)) {
        queries.push({ namespace: TRAINING_JOBS_NAMESPACE, metricName: metric, dimensions: [{ Name: 'Host', Value: host }], stat: 'Maximum' });
        slots.push({ job: index, metric, host });
      }
    }
  });
  const result: (Utilization | null)[] = jobs.map(() => null);
  if (queries.length === 0) return result;
  const series = await getMetricSeries(ctx.clients.get(CloudWatchClient, ctx.region), queries, { start, end: ctx.now, periodSeconds: STALL_PERIOD_SECONDS });
  const byJob = new Map<number, Partial<Record<UtilizationMetric, Record<string, HostSeries>>>>();
  slots.forEach((slot, i) => {
    const values = series[i]?.values ?? [];
    const metrics = byJob.get(slot.job) ?? {};
    (metrics[slot.metric] ??= {})[slot.host] = { datapoints: values.length, max: values.length ? Math.max(...values) : null };
    byJob.set(slot.job, metrics);
  });
  for (const [index, metrics] of byJob) result[index] = { ...window, series: metrics };
  return result;
}

function toCandidate({ job, tagList }: Described, region: string, utilization: Utilization | null): Candidate<TrainingJobCandidateFacts> {
  const name = job.TrainingJobName!;
  const tags = tagsFromList(tagList);
  return {
    ref: { resourceType: 'sagemaker:training-job', resourceId: name, arn: job.TrainingJobArn!, region },
    tags,
    facts: {
      jobName: name,
      status: job.TrainingJobStatus ?? 'Unknown',
      secondaryStatus: job.SecondaryStatus ?? null,
      creationTime: (job.CreationTime ?? new Date(0)).toISOString(),
      trainingStartTime: job.TrainingStartTime?.toISOString() ?? null,
      instanceGroups: instanceGroupsOf(job),
      maxRuntimeSeconds: job.StoppingCondition?.MaxRuntimeInSeconds ?? null,
      managedSpot: job.EnableManagedSpotTraining ?? false,
      checkpointS3Uri: job.CheckpointConfig?.S3Uri ?? null,
      outputS3Path: job.OutputDataConfig?.S3OutputPath ?? null,
      utilization,
      tagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      spec: specOf(job),
      environmentKeys: Object.keys(job.Environment ?? {}).sort(),
    },
  };
}
