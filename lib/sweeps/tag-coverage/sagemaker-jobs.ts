/**
 * SageMaker training and processing jobs running, or ended within `lookbackDays`.
 *
 * Calls per region and kind: two list page sets (`StatusEquals=InProgress`, and
 * `LastModifiedTimeAfter` the lookback: a long-running job may not have changed
 * within it) and one paged `GetResources` for their tags; then, for jobs missing a
 * tag only, a Describe each (instances, role, times; four at a time); with
 * `autoAttribute`, the tags of their pipelines (one paged `GetResources`) and of
 * their execution roles (`iam:ListRoleTags`, once per role).
 */
import {
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  paginateListProcessingJobs,
  paginateListTrainingJobs,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mapWithConcurrency } from '../../aws/concurrency.js';
import { isNotFound } from '../../aws/sagemaker.js';
import type { Tags } from '../../core/finding.js';
import { createdByName } from './creator.js';
import { RESOURCE_TYPES, type InstanceGroup, type ParentTags, type Usage } from './facts.js';
import type { RoleTags } from './role-tags.js';
import { iso, lacksRequired, type Found, type SourceContext, type SourceFailure, type SourceResult } from './source.js';

/** The tag SageMaker Pipelines puts on the jobs a pipeline step launches. */
export const PIPELINE_EXECUTION_TAG = 'sagemaker:pipeline-execution-arn';
/** Jobs described at once; the SDK's adaptive retry absorbs throttling. */
export const DESCRIBE_CONCURRENCY = 4;
const RUNNING = new Set(['InProgress', 'Stopping']);

/** One job as listed. */
interface Listed {
  readonly name: string;
  readonly arn: string;
  readonly status: string;
  readonly endedAt: Date | undefined;
}

/** One job as described. */
interface Described {
  readonly status: string;
  readonly createdAt: Date | undefined;
  readonly groups: readonly InstanceGroup[];
  readonly roleArn: string | undefined;
  readonly startedAt: Date | undefined;
  readonly endedAt: Date | undefined;
  readonly billableSeconds: number | undefined;
}

/** Training jobs missing a required tag, with their instances and billed hours. */
export async function trainingJobSource(s: SourceContext, roles: RoleTags): Promise<SourceResult> {
  const sagemaker = s.ctx.clients.get(SageMakerClient, s.ctx.region);
  const listed = await recentJobs(s, async function* (filter) {
    for await (const page of paginateListTrainingJobs({ client: sagemaker, pageSize: 100 }, filter)) {
      for (const j of page.TrainingJobSummaries ?? [])
        yield { name: j.TrainingJobName!, arn: j.TrainingJobArn!, status: j.TrainingJobStatus ?? 'Unknown', endedAt: j.TrainingEndTime ?? j.LastModifiedTime };
    }
  });
  return jobsMissingTags(s, roles, 'training-job', listed, async (name) => {
    const j = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    const rc = j.ResourceConfig;
    const groups = rc?.InstanceGroups?.length
      ? rc.InstanceGroups.map((g) => ({ instanceType: g.InstanceType!, count: g.InstanceCount ?? 1 }))
      : rc?.InstanceType
        ? [{ instanceType: rc.InstanceType, count: rc.InstanceCount ?? 1 }]
        : [];
    return {
      status: j.TrainingJobStatus ?? 'Unknown',
      createdAt: j.CreationTime,
      groups,
      roleArn: j.RoleArn,
      startedAt: j.TrainingStartTime,
      endedAt: j.TrainingEndTime,
      billableSeconds: j.BillableTimeInSeconds,
    };
  });
}

/** Processing jobs missing a required tag. */
export async function processingJobSource(s: SourceContext, roles: RoleTags): Promise<SourceResult> {
  const sagemaker = s.ctx.clients.get(SageMakerClient, s.ctx.region);
  const listed = await recentJobs(s, async function* (filter) {
    for await (const page of paginateListProcessingJobs({ client: sagemaker, pageSize: 100 }, filter)) {
      for (const j of page.ProcessingJobSummaries ?? [])
        yield {
          name: j.ProcessingJobName!,
          arn: j.ProcessingJobArn!,
          status: j.ProcessingJobStatus ?? 'Unknown',
          endedAt: j.ProcessingEndTime ?? j.LastModifiedTime,
        };
    }
  });
  return jobsMissingTags(s, roles, 'processing-job', listed, async (name) => {
    const j = await sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
    const cluster = j.ProcessingResources?.ClusterConfig;
    return {
      status: j.ProcessingJobStatus ?? 'Unknown',
      createdAt: j.CreationTime,
      groups: cluster?.InstanceType ? [{ instanceType: cluster.InstanceType, count: cluster.InstanceCount ?? 1 }] : [],
      roleArn: j.RoleArn,
      startedAt: j.ProcessingStartTime,
      endedAt: j.ProcessingEndTime,
      billableSeconds: undefined,
    };
  });
}

type Lister = (filter: { StatusEquals?: 'InProgress'; LastModifiedTimeAfter?: Date }) => AsyncIterable<Listed>;

/** Jobs running now, or that ended within the lookback, once each. */
async function recentJobs(s: SourceContext, list: Lister): Promise<Listed[]> {
  const since = new Date(s.ctx.now.getTime() - s.config.lookbackDays * 86_400_000);
  const jobs = new Map<string, Listed>();
  for (const filter of [{ StatusEquals: 'InProgress' as const }, { LastModifiedTimeAfter: since }]) {
    for await (const job of list(filter)) {
      const recent = RUNNING.has(job.status) || (job.endedAt !== undefined && job.endedAt.getTime() >= since.getTime());
      if (recent) jobs.set(job.name, job);
    }
  }
  return [...jobs.values()];
}

async function jobsMissingTags(
  s: SourceContext,
  roles: RoleTags,
  kind: 'training-job' | 'processing-job',
  listed: readonly Listed[],
  describe: (name: string) => Promise<Described>,
): Promise<SourceResult> {
  const type = RESOURCE_TYPES[kind];
  const tagged = await s.tags.tagsOf(type);
  const lacking = listed.flatMap((job) => {
    const tags = tagged.get(job.arn.toLowerCase()) ?? {};
    return lacksRequired(s, tags) ? [{ job, tags }] : [];
  });
  const failures: SourceFailure[] = [];
  const found = await mapWithConcurrency(lacking, DESCRIBE_CONCURRENCY, async ({ job, tags }): Promise<Found | null> => {
    try {
      const d = await describe(job.name);
      const running = RUNNING.has(d.status);
      const usage: Usage =
        kind === 'training-job' ? { kind, groups: d.groups, running, billedHours: billedHours(d, running, s.ctx.now) } : { kind, groups: d.groups, running };
      return {
        ref: { resourceType: type, resourceId: job.name, arn: job.arn, region: s.ctx.region },
        tags,
        facts: { name: job.name, status: d.status, createdAt: iso(d.createdAt), parents: await jobParents(s, roles, tags, d.roleArn, failures), usage },
        creation: createdByName(
          kind === 'training-job' ? 'CreateTrainingJob' : 'CreateProcessingJob',
          `${kind === 'training-job' ? 'training' : 'processing'}JobName`,
          job.name,
          iso(d.createdAt),
        ),
      };
    } catch (error) {
      if (!isNotFound(error)) failures.push({ resourceId: job.name, error });
      return null;
    }
  });
  return { found: found.filter((f): f is Found => f !== null), seen: listed.map((j) => j.name), failures };
}

/** Hours billed per instance: `BillableTimeInSeconds` once it ended, else the time since it started training. */
function billedHours(d: Described, running: boolean, now: Date): number | null {
  if (!running && d.billableSeconds !== undefined) return d.billableSeconds / 3600;
  const end = running ? now : d.endedAt;
  if (!d.startedAt || !end) return running ? 0 : null;
  return Math.max(0, end.getTime() - d.startedAt.getTime()) / 3_600_000;
}

/** The job's pipeline (when a pipeline step launched it), then its execution role. */
async function jobParents(s: SourceContext, roles: RoleTags, tags: Tags, roleArn: string | undefined, failures: SourceFailure[]): Promise<ParentTags[]> {
  if (!s.config.autoAttribute) return [];
  const parents: ParentTags[] = [];
  const execution = tags[PIPELINE_EXECUTION_TAG];
  const pipelineArn = execution?.replace(/\/execution\/[^/]+$/, '');
  if (pipelineArn && pipelineArn !== execution) {
    parents.push({ what: `pipeline ${pipelineArn.split('/').pop()}`, tags: await s.tags.tagsOfArn('sagemaker:pipeline', pipelineArn) });
  }
  if (roleArn) {
    const role = await roles.tagsOf(roleArn);
    if (role.ok) parents.push({ what: `role ${role.name}`, tags: role.tags });
    else if (role.first) failures.push({ resourceId: roleArn, error: role.error });
  }
  return parents;
}
