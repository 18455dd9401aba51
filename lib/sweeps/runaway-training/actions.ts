/**
 * Stop, flag, final record and restore of SageMaker training jobs.
 *
 * A stopped training job cannot be resumed in place. SageMaker keeps what it wrote
 * (model artifacts under `OutputDataConfig.S3OutputPath`, checkpoints under
 * `CheckpointConfig.S3Uri`), so "restore" creates a new job from the stopped one's
 * recorded spec, named `<name>-r<yyyymmddHHMM>` after the stop's action; it resumes
 * from the checkpoints only if the job has a `CheckpointConfig` and its training
 * script loads them.
 *
 * Environment variable values are not copied into the ledger (they may hold
 * secrets): restore reads them from the stopped job, which SageMaker keeps.
 */
import {
  AddTagsCommand,
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type DescribeTrainingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import { hoursBetween } from '../../core/clock.js';
import { errorMessage, NotRestorableError, RestoreError } from '../../core/errors.js';
import { roundUsd, type JsonValue } from '../../core/finding.js';
import type { ActOutcome, Assessment, Candidate, FinalRecord, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import type { ResourceState } from '../../ledger/records.js';
import type { TrainingJobCandidateFacts } from './inventory.js';
import { fmtHours } from './rule.js';
import { REQUIRED_SPEC_FIELDS, type TrainingJobSpec } from './spec.js';
import { formatUsd } from '../../format/index.js';

/** Tag set on a job when it is first flagged runaway: the ISO instant. */
export const RUNAWAY_TAG = 'finops:runaway';
/** Tag on a job created by a restore: the job it replaces. */
export const RESTORED_FROM_TAG = 'finops:restored-from';
/** Tag on a job created by a restore: the action it undoes (makes a retried restore idempotent). */
export const RESTORE_OF_TAG = 'finops:restore-of';

/** SageMaker's limit on training job names. */
const MAX_NAME = 63;

/** What the ledger keeps to stop and re-create a training job. */
export interface TrainingJobRestoreData {
  readonly [key: string]: JsonValue;
  readonly trainingJobName: string;
  readonly trainingJobArn: string;
  readonly spec: TrainingJobSpec;
  readonly environmentKeys: readonly string[];
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  /** e.g. `8 x ml.p3.2xlarge`. */
  readonly instances: string;
  readonly checkpointS3Uri: string | null;
  readonly outputS3Path: string | null;
}

/** The restore data of a candidate (pure). */
export function trainingJobRestoreData({ ref, facts }: Candidate<TrainingJobCandidateFacts>, instances: string): TrainingJobRestoreData {
  return {
    trainingJobName: facts.jobName,
    trainingJobArn: ref.arn,
    spec: facts.spec,
    environmentKeys: [...facts.environmentKeys],
    tags: facts.tagList.map((t) => ({ ...t })),
    instances,
    checkpointS3Uri: facts.checkpointS3Uri,
    outputS3Path: facts.outputS3Path,
  };
}

/** Which required fields a recorded spec lacks. */
function missingSpecFields(spec: TrainingJobSpec): string[] {
  return REQUIRED_SPEC_FIELDS.filter((f) => spec[f] === undefined || spec[f] === null);
}

/**
 * Stops the job. Refused ({@link NotRestorableError}) when the recorded spec could
 * not re-create it; a job that already ended (or is gone) counts as done.
 */
export async function stopTrainingJob(data: TrainingJobRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const missing = missingSpecFields(data.spec);
  if (missing.length) {
    throw new NotRestorableError(data.trainingJobName, `its recorded spec lacks ${missing.join(', ')}, so it could not be re-created; refusing to stop it`);
  }
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const kept = keptText(data);
  try {
    await sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: data.trainingJobName }));
  } catch (error) {
    if (isNotFound(error)) return { status: 'done', detail: `training job ${data.trainingJobName} no longer exists` };
    if (error instanceof Error && error.name === 'ValidationException') {
      const job = await describe(sagemaker, data.trainingJobName);
      if (job && job.TrainingJobStatus !== 'InProgress')
        return { status: 'done', detail: `training job ${data.trainingJobName} had already ended (${job.TrainingJobStatus}); ${kept}` };
    }
    throw error;
  }
  return { status: 'done', detail: `training job ${data.trainingJobName} (${data.instances}) stopped; ${kept}` };
}

/** Marks a job first flagged runaway with tag `finops:runaway=<now>` (a recommendation is not tagged). */
export async function tagRunaway(
  candidate: Candidate<TrainingJobCandidateFacts>,
  ctx: RegionContext,
  assessment: Extract<Assessment, { waste: true }>,
): Promise<void> {
  if (assessment.evidence.kind !== 'runaway') return;
  await ctx.clients
    .get(SageMakerClient, ctx.region)
    .send(new AddTagsCommand({ ResourceArn: candidate.ref.arn, Tags: [{ Key: RUNAWAY_TAG, Value: ctx.now.toISOString() }] }));
}

/**
 * How a flagged job ended and what it cost, from DescribeTrainingJob: billable
 * seconds (`BillableTimeInSeconds`, already net of the spot discount, per
 * instance) x the cluster's on-demand price per hour recorded in the finding.
 * Without billable seconds, the wall-clock training time x the recorded price as
 * billed. `null` when the job no longer exists.
 */
export async function finalTrainingRecord(state: ResourceState, ctx: RegionContext): Promise<FinalRecord | null> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const job = await describe(sagemaker, state.ref.resourceId);
  if (!job) return null;
  const status = job.TrainingJobStatus ?? 'Unknown';
  if (status === 'InProgress') {
    throw new Error(`training job ${state.ref.resourceId} is still InProgress but was not listed as such; it is checked again next run`);
  }
  const ev = state.evidence;
  const details =
    ev.details !== null && typeof ev.details === 'object' && !Array.isArray(ev.details) ? (ev.details as { readonly [key: string]: JsonValue }) : {};
  const num = (v: JsonValue | undefined) => (typeof v === 'number' ? v : null);
  const start = job.TrainingStartTime ?? null;
  const end = job.TrainingEndTime ?? (status === 'Stopping' ? ctx.now : null);
  const wallHours = start && end ? Math.max(0, hoursBetween(start, end)) : null;
  let billableHours: number | null;
  let finalCostUsd: number | null;
  let basis: string;
  if (job.BillableTimeInSeconds !== undefined) {
    billableHours = job.BillableTimeInSeconds / 3600;
    const rate = num(details.onDemandUsdPerHour);
    finalCostUsd = rate === null ? null : roundUsd(rate * billableHours, 2);
    basis = 'BillableTimeInSeconds (per instance, net of any spot discount) x on-demand price of the cluster';
  } else {
    billableHours = wallHours;
    const rate = num(ev.usdPerHour);
    finalCostUsd = rate === null || wallHours === null ? null : roundUsd(rate * wallHours, 2);
    basis = 'no BillableTimeInSeconds: TrainingStartTime to TrainingEndTime x price of the cluster as billed';
  }
  const failure = job.FailureReason ? `; ${job.FailureReason}` : '';
  const cost = finalCostUsd === null ? 'final cost unknown (no price)' : `final cost ${formatUsd(finalCostUsd)}`;
  const ran = wallHours === null ? 'unknown time' : `${fmtHours(wallHours)} h`;
  return {
    status: 'ended',
    detail: `${status} after ${ran} of training${status === 'Stopping' ? ' (stop requested)' : ''}; ${cost}${failure}`,
    evidence: {
      ...ev,
      finalStatus: status,
      trainingEndTime: job.TrainingEndTime?.toISOString() ?? null,
      finalElapsedHours: wallHours === null ? null : roundUsd(wallHours, 2),
      billableHours: billableHours === null ? null : roundUsd(billableHours, 4),
      finalCostUsd,
      finalCostBasis: basis,
      ...(job.FailureReason ? { failureReason: job.FailureReason } : {}),
    },
  };
}

/** `<name>-r<yyyymmddHHMM>`, cut to SageMaker's 63 characters; the stamp is the action's. */
export function restoredJobName(name: string, actionId: string, now: Date): string {
  const stamp = /^act-(\d{8})T(\d{4})-/.exec(actionId);
  const suffix = `-r${stamp ? `${stamp[1]}${stamp[2]}` : now.toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
  return `${name.slice(0, MAX_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/**
 * Creates a new training job from the stopped one's recorded spec and tags (its
 * environment values read from the stopped job). A retried restore finds the job
 * it created by name and tag instead of creating another.
 */
export async function restoreTrainingJob(data: TrainingJobRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const missing = missingSpecFields(data.spec);
  if (missing.length) throw new RestoreError(actionId, `the recorded spec of ${data.trainingJobName} lacks ${missing.join(', ')}; re-create the job by hand`);
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const original = await describe(sagemaker, data.trainingJobName);
  if (original?.TrainingJobStatus === 'InProgress') {
    throw new RestoreError(actionId, `training job ${data.trainingJobName} is still InProgress: it was not stopped, so there is nothing to restore`);
  }
  let environment: Record<string, string> | undefined;
  if (data.environmentKeys.length > 0) {
    environment = original?.Environment;
    const absent = data.environmentKeys.filter((k) => environment?.[k] === undefined);
    if (absent.length) {
      throw new RestoreError(
        actionId,
        `the environment values of ${data.trainingJobName} (${absent.join(', ')}) are not in the ledger and cannot be read from the stopped job; re-create it by hand`,
      );
    }
  }
  const name = restoredJobName(data.trainingJobName, actionId, ctx.now);
  const tags = [
    ...data.tags.filter((t) => !t.Key.startsWith('aws:') && ![RUNAWAY_TAG, RESTORED_FROM_TAG, RESTORE_OF_TAG].includes(t.Key)),
    { Key: RESTORED_FROM_TAG, Value: data.trainingJobName },
    { Key: RESTORE_OF_TAG, Value: actionId },
  ];
  const resumes = data.checkpointS3Uri
    ? `it resumes from the checkpoints in ${data.checkpointS3Uri} if its training script loads them`
    : `it starts from the beginning: the job had no CheckpointConfig (the stopped job's model artifacts stay under ${data.outputS3Path ?? 'its output path'})`;
  const already = await createdBy(sagemaker, name, actionId);
  if (already) return { restoredResourceId: name, detail: `training job ${name} was already created by this restore (${already}); ${resumes}` };
  try {
    await sagemaker.send(
      new CreateTrainingJobCommand({
        ...(data.spec as unknown as Omit<CreateTrainingJobCommandInput, 'TrainingJobName'>),
        TrainingJobName: name,
        ...(environment ? { Environment: environment } : {}),
        Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })),
      }),
    );
  } catch (error) {
    if (error instanceof Error && /ResourceInUse|already exists/i.test(`${error.name} ${error.message}`)) {
      // Another restore of this action won the race to create it.
      const raced = await createdBy(sagemaker, name, actionId);
      if (raced) return { restoredResourceId: name, detail: `training job ${name} was already created by this restore (${raced}); ${resumes}` };
    }
    throw new RestoreError(actionId, `CreateTrainingJob ${name} failed: ${errorMessage(error)}`, { cause: error });
  }
  return {
    restoredResourceId: name,
    detail: `training job ${name} created from the spec of ${data.trainingJobName} (${data.instances}) with ${tags.length} tags; ${resumes}`,
  };
}

/**
 * The status of the job called `name` when this restore (`finops:restore-of=<actionId>`)
 * created it; `null` when there is none. Throws when another job has the name.
 */
async function createdBy(sagemaker: SageMakerClient, name: string, actionId: string): Promise<string | null> {
  const existing = await describe(sagemaker, name);
  if (!existing) return null;
  const tags = (await sagemaker.send(new ListTagsCommand({ ResourceArn: existing.TrainingJobArn! }))).Tags ?? [];
  if (tags.some((t) => t.Key === RESTORE_OF_TAG && t.Value === actionId)) return existing.TrainingJobStatus ?? 'Unknown';
  throw new RestoreError(actionId, `a training job named ${name} already exists and was not created by this restore`);
}

function keptText(data: TrainingJobRestoreData): string {
  const where = [
    data.outputS3Path ? `model artifacts under ${data.outputS3Path}` : 'its model artifacts',
    data.checkpointS3Uri ? `checkpoints in ${data.checkpointS3Uri}` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  return `SageMaker keeps ${where}`;
}

async function describe(sagemaker: SageMakerClient, name: string): Promise<DescribeTrainingJobCommandOutput | undefined> {
  try {
    return await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
