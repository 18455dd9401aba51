import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { restoreEndpoint, stopEndpoint, type EndpointRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, IdleEndpointsConfigSchema, IdleEndpointsTightenedSchema, type IdleEndpointsConfig } from './config.js';
import { inventoryEndpoints, type EndpointCandidateFacts } from './inventory.js';
import { assessIdleEndpoint, idleEndpointPriceKeys } from './rule.js';

const ENDPOINT = 'arn:{partition}:sagemaker:*:{account}:endpoint/*';
const ENDPOINT_CONFIG = 'arn:{partition}:sagemaker:*:{account}:endpoint-config/*';
const MODEL = 'arn:{partition}:sagemaker:*:{account}:model/*';

/**
 * Stops idle SageMaker real-time endpoints: no invocations (or at most
 * `maxInvocations`) over `lookbackDays`, on any production variant.
 */
export const IdleEndpointSweep = {
  name: 'idle-endpoints',
  title: 'Idle SageMaker endpoints',
  description: 'finds SageMaker real-time endpoints with no traffic',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: IdleEndpointsConfigSchema,
  tightenedSchema: IdleEndpointsTightenedSchema,
  resourceType: 'sagemaker:endpoint',
  wording: {
    verb: 'stop',
    description: 'stop the endpoint (delete it, keeping its endpoint config and model, so it can be restored)',
    done: 'stopped',
  },
  permissions: {
    inventory: [
      { actions: ['sagemaker:ListEndpoints', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'], resources: ['*'] },
      { actions: ['sagemaker:DescribeEndpoint', 'sagemaker:ListTags'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeEndpointConfig'], resources: [ENDPOINT_CONFIG] },
      // Live hosting prices of the idle endpoints' instance types (both modes price).
      PRICE_LIST_GRANT,
    ],
    // Before deleting, the action checks that the config and models it keeps still exist.
    act: [
      { actions: ['sagemaker:DeleteEndpoint'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeModel'], resources: [MODEL] },
    ],
    restore: [
      { actions: ['sagemaker:DescribeEndpoint', 'sagemaker:CreateEndpoint', 'sagemaker:AddTags'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeEndpointConfig', 'sagemaker:CreateEndpoint'], resources: [ENDPOINT_CONFIG] },
      { actions: ['sagemaker:DescribeModel'], resources: [MODEL] },
    ],
  },
  inventory: inventoryEndpoints,
  priceKeys: idleEndpointPriceKeys,
  assess: (candidate, config, now, _memory, prices) => assessIdleEndpoint(candidate, config, now, prices),
  action: {
    name: 'stop-endpoint',
    restoreData: ({ ref, facts }) => ({
      endpointName: facts.endpointName,
      endpointArn: ref.arn,
      endpointConfigName: facts.endpointConfigName,
      variants: facts.variants.map((v) => ({ ...v })),
      tags: facts.tagList.map((t) => ({ ...t })),
    }),
    act: stopEndpoint,
    restore: restoreEndpoint,
  },
  tagCommand: (ref, key, value) => `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${key},Value=${value}`,
} as const satisfies SweepDeclaration<EndpointCandidateFacts, IdleEndpointsConfig, EndpointRestoreData>;
