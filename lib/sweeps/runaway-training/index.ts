import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import {
  finalTrainingRecord,
  restoreTrainingJob,
  RUNAWAY_TAG,
  stopTrainingJob,
  tagRunaway,
  trainingJobRestoreData,
  type TrainingJobRestoreData,
} from './actions.js';
import { DEFAULT_SCHEDULE, RunawayTrainingConfigSchema, RunawayTrainingTightenedSchema, type RunawayTrainingConfig } from './config.js';
import { describeInstances, trainingPriceKeys } from './cost.js';
import { RunawayTrainingEvidenceSchema, runawayFigures } from './evidence.js';
import { inventoryTrainingJobs, type TrainingJobCandidateFacts } from './inventory.js';
import { assessRunawayJob } from './rule.js';

const TRAINING_JOB = 'arn:{partition}:sagemaker:*:{account}:training-job/*';
const ROLE = 'arn:{partition}:iam::{account}:role/*';

/**
 * Flags runaway SageMaker training jobs (over their time limit or cost cap, or
 * stalled) with their cost so far, and stops them after the grace period where
 * `stop` enables it. Also reports jobs without a sound `MaxRuntimeInSeconds` and
 * long on-demand jobs that could use managed spot training.
 */
export const RunawayTrainingSweep = {
  name: 'runaway-training',
  title: 'Runaway SageMaker training jobs',
  description: 'flags SageMaker training jobs past their time limit or cost cap, or stalled, with the money burnt so far',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: RunawayTrainingConfigSchema,
  tightenedSchema: RunawayTrainingTightenedSchema,
  evidenceSchema: RunawayTrainingEvidenceSchema,
  digest: { section: 'runaway', figures: runawayFigures },
  docs: 'docs/runaway-training.md',
  resourceType: 'sagemaker:training-job',
  wording: {
    verb: 'stop',
    description:
      'stop the training job where your team has enabled it (SageMaker keeps the model artifacts and checkpoints of a stopped job; restore starts a new job from the same spec, resuming from its checkpoints if it has a CheckpointConfig); otherwise it is only flagged',
    done: 'stopped',
  },
  advisory: { decision: 'flagged', event: 'runaway', urgent: true },
  permissions: {
    inventory: [
      // ListTrainingJobs and GetMetricData support no resource-level permissions.
      { actions: ['sagemaker:ListTrainingJobs', 'cloudwatch:GetMetricData'], resources: ['*'] },
      { actions: ['sagemaker:DescribeTrainingJob', 'sagemaker:ListTags'], resources: [TRAINING_JOB] },
      // Live training prices of the running jobs' instance types (both modes price).
      PRICE_LIST_GRANT,
    ],
    // Apply mode: the runaway tag on first flag, and the stop where enabled.
    act: [
      { actions: ['sagemaker:AddTags'], resources: [TRAINING_JOB], conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [RUNAWAY_TAG] } } },
      { actions: ['sagemaker:StopTrainingJob'], resources: [TRAINING_JOB] },
    ],
    restore: [
      { actions: ['sagemaker:DescribeTrainingJob', 'sagemaker:ListTags', 'sagemaker:CreateTrainingJob', 'sagemaker:AddTags'], resources: [TRAINING_JOB] },
      // CreateTrainingJob passes the job's execution role to SageMaker.
      { actions: ['iam:PassRole'], resources: [ROLE] },
    ],
  },
  tighten: (config, stricter) => {
    const { gracePeriodHours, ...cap } = stricter as { gracePeriodHours?: number; maxHours?: number; maxCostUsd?: number; stop?: boolean };
    return { ...config, ...(gracePeriodHours === undefined ? {} : { gracePeriodHours }), budgetCap: cap };
  },
  inventory: inventoryTrainingJobs,
  priceKeys: ({ ref, facts }) => trainingPriceKeys(facts.instanceGroups, ref.region),
  assess: assessRunawayJob,
  action: {
    name: 'stop-training-job',
    restoreData: (candidate) => trainingJobRestoreData(candidate, describeInstances(candidate.facts.instanceGroups)),
    act: stopTrainingJob,
    restore: restoreTrainingJob,
  },
  flag: tagRunaway,
  finalRecord: finalTrainingRecord,
  tagCommand: (ref, key, value) => `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${key},Value=${value}`,
} as const satisfies SweepDeclaration<TrainingJobCandidateFacts, RunawayTrainingConfig, TrainingJobRestoreData>;
