import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import type { IamGrant, SweepDefinition } from '../../core/sweep.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { attributionRestoreData, copyTags, removeCopiedTags, type AttributionRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, requiredTagsOf, TagCoverageConfigSchema, type TagCoverageConfig } from './config.js';
import { RESOURCE_TYPES, type TagCoverageFacts } from './facts.js';
import { inventoryTagCoverage } from './inventory.js';
import { runRateKeys } from './run-rate.js';
import { assessTagCoverage } from './rule.js';
import { tagCommand } from './tag-command.js';

const arn = (service: string, resource: string) => `arn:{partition}:${service}:*:{account}:${resource}/*`;
const ENDPOINT = arn('sagemaker', 'endpoint');
const TRAINING_JOB = arn('sagemaker', 'training-job');
const PROCESSING_JOB = arn('sagemaker', 'processing-job');
const SAGEMAKER_TAGGED = [ENDPOINT, TRAINING_JOB, PROCESSING_JOB];
const VOLUME = arn('ec2', 'volume');
const PROVISIONED_MODEL = arn('bedrock', 'provisioned-model');
const JOBS: ReadonlySet<string> = new Set([RESOURCE_TYPES['training-job'], RESOURCE_TYPES['processing-job']]);

type Permissions = SweepDefinition<TagCoverageFacts, TagCoverageConfig, AttributionRestoreData>['permissions'];

/**
 * Read-only inventory; the tagging calls of auto-attribution (act) and its restore
 * may write only the required tag keys (`aws:TagKeys`), on the types it copies to.
 */
function permissionsFor(config: Pick<TagCoverageConfig, 'requiredTags' | 'tagKeys'>): Permissions {
  const onlyRequired = { 'ForAllValues:StringEquals': { 'aws:TagKeys': [...requiredTagsOf(config)] } };
  const tagging = (actions: string[], resources: string[]): IamGrant => ({ actions, resources, conditions: onlyRequired });
  return {
    inventory: [
      // The list calls, GetResources, DescribeInstances/Volumes and LookupEvents support no resource-level permissions.
      {
        actions: [
          'sagemaker:ListEndpoints',
          'sagemaker:ListNotebookInstances',
          'sagemaker:ListTrainingJobs',
          'sagemaker:ListProcessingJobs',
          'sagemaker:ListDomains',
          'tag:GetResources',
          'ec2:DescribeInstances',
          'ec2:DescribeVolumes',
          'bedrock:ListCustomModels',
          'bedrock:ListProvisionedModelThroughputs',
          'bedrock:ListInferenceProfiles',
          'cloudtrail:LookupEvents',
        ],
        resources: ['*'],
      },
      { actions: ['sagemaker:DescribeEndpoint'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeEndpointConfig'], resources: [arn('sagemaker', 'endpoint-config')] },
      { actions: ['sagemaker:DescribeTrainingJob'], resources: [TRAINING_JOB] },
      { actions: ['sagemaker:DescribeProcessingJob'], resources: [PROCESSING_JOB] },
      {
        actions: ['bedrock:ListTagsForResource'],
        resources: [arn('bedrock', 'custom-model'), PROVISIONED_MODEL, arn('bedrock', 'application-inference-profile')],
      },
      // A job's execution role is one of its parents (auto-attribution).
      { actions: ['iam:ListRoleTags'], resources: ['arn:{partition}:iam::{account}:role/*'] },
      // Live prices of the run-rates.
      PRICE_LIST_GRANT,
    ],
    act: [
      { actions: ['sagemaker:ListTags'], resources: SAGEMAKER_TAGGED },
      tagging(['sagemaker:AddTags'], SAGEMAKER_TAGGED),
      tagging(['ec2:CreateTags'], [VOLUME]),
      tagging(['bedrock:TagResource'], [PROVISIONED_MODEL]),
    ],
    restore: [
      { actions: ['sagemaker:ListTags'], resources: SAGEMAKER_TAGGED },
      tagging(['sagemaker:DeleteTags'], SAGEMAKER_TAGGED),
      { actions: ['ec2:DescribeVolumes'], resources: ['*'] },
      tagging(['ec2:DeleteTags'], [VOLUME]),
      { actions: ['bedrock:ListTagsForResource'], resources: [PROVISIONED_MODEL] },
      tagging(['bedrock:UntagResource'], [PROVISIONED_MODEL]),
    ],
  };
}

/**
 * Flags AI resources missing any required tag (owner, team and environment by
 * default): SageMaker endpoints, notebook instances, recent training and processing
 * jobs, Studio domains, accelerated EC2 instances and their EBS volumes, Bedrock
 * custom models, provisioned throughputs and application inference profiles, each with
 * its run-rate in dollars. With `autoAttribute`, copies missing tags from a parent
 * that has them after the grace period; restore removes exactly the tags it copied.
 *
 * Findings carry their own `resourceType` (see {@link RESOURCE_TYPES}); the sweep's
 * `resourceType` lists them all.
 */
export const TagCoverageSweep = {
  name: 'tag-coverage',
  title: 'AI resources missing required tags',
  description: 'flags AI resources missing the required owner, team or environment tags, with what each costs per month',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: TagCoverageConfigSchema,
  docs: 'docs/tag-coverage.md',
  resourceType: Object.values(RESOURCE_TYPES).join(','),
  wording: {
    verb: 'tag',
    description:
      'copy the missing tags from a parent that has them (endpoint config or model, instance, pipeline or execution role, custom model) where autoAttribute is on, never overwriting a tag (restore removes exactly the tags copied); otherwise it is only flagged',
    done: 'tagged',
  },
  advisory: { decision: 'flagged', event: 'untagged' },
  permissions: permissionsFor({}),
  permissionsFor,
  inventory: (ctx, config) => inventoryTagCoverage(ctx, config),
  priceKeys: ({ ref, facts }) => runRateKeys(facts.usage, ref.region),
  assess: assessTagCoverage,
  action: {
    name: 'copy-tags',
    restoreData: attributionRestoreData,
    act: copyTags,
    restore: removeCopiedTags,
  },
  // A job that left the lookback window ended; any other resource gone was deleted.
  finalRecord: (state) =>
    Promise.resolve(
      JOBS.has(state.ref.resourceType)
        ? {
            status: 'ended' as const,
            detail: `the job ended more than the lookback ago with tags still missing (${typeof state.evidence.missing === 'string' ? state.evidence.missing : 'unknown'})`,
          }
        : null,
    ),
  tagCommand: (ref, key, value) => tagCommand(ref, [[key, value]]),
} as const satisfies SweepDeclaration<TagCoverageFacts, TagCoverageConfig, AttributionRestoreData>;
