import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { deleteThroughput, restoreThroughput, type ThroughputRestoreData } from './actions.js';
import {
  DEFAULT_SCHEDULE,
  IdleProvisionedThroughputConfigSchema,
  IdleProvisionedThroughputTightenedSchema,
  type IdleProvisionedThroughputConfig,
} from './config.js';
import type { ThroughputFacts } from './facts.js';
import { inventoryThroughputs, PROVISIONED_MODEL } from './inventory.js';
import { assessIdleThroughput, idleThroughputPriceKeys } from './rule.js';

const THROUGHPUT = 'arn:{partition}:bedrock:*:{account}:provisioned-model/*';
// CreateProvisionedModelThroughput is also authorized on the model it provisions.
const FOUNDATION_MODEL = 'arn:{partition}:bedrock:*::foundation-model/*';
const CUSTOM_MODEL = 'arn:{partition}:bedrock:*:{account}:custom-model/*';

/**
 * Deletes idle Bedrock Provisioned Throughputs without a commitment (no invocations, or at
 * most `maxInvocations`, over `lookbackDays`), and flags idle committed ones, which AWS lets
 * no one delete before the term ends, with the money still to be billed until then.
 */
export const IdleProvisionedThroughputSweep = {
  name: 'idle-provisioned-throughput',
  title: 'Idle Bedrock Provisioned Throughput',
  description: 'finds Bedrock Provisioned Throughputs with no invocations; deletes those without a commitment, flags committed ones',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: IdleProvisionedThroughputConfigSchema,
  tightenedSchema: IdleProvisionedThroughputTightenedSchema,
  resourceType: PROVISIONED_MODEL,
  wording: {
    verb: 'delete',
    description:
      'delete the Provisioned Throughput (no-commitment ones only; its name, model, model units, commitment and tags are kept, and restore creates it again with a NEW ARN); a committed one is only flagged until its term ends',
    done: 'deleted',
  },
  advisory: { decision: 'flagged', event: 'recommendation' },
  permissions: {
    inventory: [
      // ListProvisionedModelThroughputs and GetMetricData support no resource-level permissions.
      { actions: ['bedrock:ListProvisionedModelThroughputs', 'cloudwatch:GetMetricData'], resources: ['*'] },
      { actions: ['bedrock:GetProvisionedModelThroughput', 'bedrock:ListTagsForResource'], resources: [THROUGHPUT] },
      PRICE_LIST_GRANT,
    ],
    // Before deleting, the action reads the throughput's status and commitment again.
    act: [{ actions: ['bedrock:GetProvisionedModelThroughput', 'bedrock:DeleteProvisionedModelThroughput'], resources: [THROUGHPUT] }],
    restore: [
      { actions: ['bedrock:GetProvisionedModelThroughput', 'bedrock:CreateProvisionedModelThroughput', 'bedrock:TagResource'], resources: [THROUGHPUT] },
      { actions: ['bedrock:CreateProvisionedModelThroughput'], resources: [FOUNDATION_MODEL, CUSTOM_MODEL] },
    ],
  },
  inventory: inventoryThroughputs,
  priceKeys: idleThroughputPriceKeys,
  assess: assessIdleThroughput,
  action: {
    name: 'delete-provisioned-throughput',
    restoreData: ({ ref, facts }) => ({
      provisionedModelName: facts.provisionedModelName,
      provisionedModelArn: ref.arn,
      modelArn: facts.modelArn,
      foundationModelArn: facts.foundationModelArn,
      modelUnits: facts.modelUnits,
      commitmentDuration: facts.commitmentDuration,
      tags: facts.tagList.map((t) => ({ key: t.key, value: t.value })),
    }),
    act: deleteThroughput,
    restore: restoreThroughput,
  },
  tagCommand: (ref, key, value) => `aws bedrock tag-resource --region ${ref.region} --resource-arn ${ref.arn} --tags key=${key},value=${value}`,
  docs: 'docs/idle-provisioned-throughput.md',
} as const satisfies SweepDeclaration<ThroughputFacts, IdleProvisionedThroughputConfig, ThroughputRestoreData>;
