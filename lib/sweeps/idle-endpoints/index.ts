import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { restoreEndpoint, stopEndpoint, type EndpointRestoreData } from './actions.js';
import { restoreComponent, scaleComponentToZero, type ComponentRestoreData } from './component-actions.js';
import { assessIdleComponent, idleComponentPriceKeys } from './component-rule.js';
import { DEFAULT_SCHEDULE, IdleEndpointsConfigSchema, IdleEndpointsTightenedSchema, type IdleEndpointsConfig } from './config.js';
import { byKind, type IdleEndpointsFacts } from './facts.js';
import { inventoryEndpoints } from './inventory.js';
import { assessIdleEndpoint, idleEndpointPriceKeys } from './rule.js';

const ENDPOINT = 'arn:{partition}:sagemaker:*:{account}:endpoint/*';
const ENDPOINT_CONFIG = 'arn:{partition}:sagemaker:*:{account}:endpoint-config/*';
const MODEL = 'arn:{partition}:sagemaker:*:{account}:model/*';
const COMPONENT = 'arn:{partition}:sagemaker:*:{account}:inference-component/*';

/** What the ledger keeps to undo either action; `kind` tells which (absent: an endpoint). */
export type IdleEndpointsRestoreData = EndpointRestoreData | ComponentRestoreData;

const isComponentData = (data: IdleEndpointsRestoreData): data is ComponentRestoreData => data.kind === 'inference-component';

/**
 * Stops idle SageMaker real-time endpoints: no invocations (or at most
 * `maxInvocations`) over `lookbackDays`, on any production variant. On an endpoint
 * built on inference components, each idle component is a finding of its own and is
 * scaled to zero copies instead (action `scale-component-to-zero`).
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
    description:
      'stop the endpoint (delete it, keeping its endpoint config and model, so it can be restored); ' +
      'for an idle inference component, scale it to zero copies (restore sets its copy count back)',
    done: 'stopped',
  },
  permissions: {
    inventory: [
      { actions: ['sagemaker:ListEndpoints', 'sagemaker:ListInferenceComponents', 'cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'], resources: ['*'] },
      // Tags of quiet endpoints, 100 endpoints a call (GetResources authorizes on '*' only).
      { actions: ['tag:GetResources'], resources: ['*'] },
      { actions: ['sagemaker:DescribeEndpoint', 'sagemaker:ListTags'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeEndpointConfig'], resources: [ENDPOINT_CONFIG] },
      { actions: ['sagemaker:DescribeInferenceComponent', 'sagemaker:ListTags'], resources: [COMPONENT] },
      // Live hosting prices of the idle endpoints' instance types (both modes price).
      PRICE_LIST_GRANT,
    ],
    // Before deleting, the action checks that the config and models it keeps still exist.
    act: [
      { actions: ['sagemaker:DeleteEndpoint'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeModel'], resources: [MODEL] },
      { actions: ['sagemaker:DescribeInferenceComponent', 'sagemaker:UpdateInferenceComponentRuntimeConfig'], resources: [COMPONENT] },
    ],
    restore: [
      { actions: ['sagemaker:DescribeEndpoint', 'sagemaker:CreateEndpoint', 'sagemaker:AddTags'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeEndpointConfig', 'sagemaker:CreateEndpoint'], resources: [ENDPOINT_CONFIG] },
      { actions: ['sagemaker:DescribeModel'], resources: [MODEL] },
      { actions: ['sagemaker:DescribeInferenceComponent', 'sagemaker:UpdateInferenceComponentRuntimeConfig'], resources: [COMPONENT] },
    ],
  },
  inventory: inventoryEndpoints,
  priceKeys: (candidate, config) =>
    byKind(candidate, { endpoint: (c) => idleEndpointPriceKeys(c, config), component: (c) => idleComponentPriceKeys(c, config) }),
  assess: (candidate, config, now, _memory, prices) =>
    byKind(candidate, {
      endpoint: (c) => assessIdleEndpoint(c, config, now, prices),
      component: (c) => assessIdleComponent(c, config, now, prices),
    }),
  action: {
    name: 'stop-endpoint',
    nameFor: (candidate) => byKind(candidate, { endpoint: () => 'stop-endpoint', component: () => 'scale-component-to-zero' }),
    restoreData: (candidate) =>
      byKind<IdleEndpointsRestoreData>(candidate, {
        endpoint: ({ facts, ref }) => ({
          kind: 'endpoint',
          endpointName: facts.endpointName,
          endpointArn: ref.arn,
          endpointConfigName: facts.endpointConfigName,
          variants: facts.variants.map((v) => ({ ...v })),
          tags: facts.tagList.map((t) => ({ ...t })),
        }),
        component: ({ facts, ref }) => ({
          kind: 'inference-component',
          componentName: facts.componentName,
          componentArn: ref.arn,
          endpointName: facts.endpointName,
          variantName: facts.variantName,
          copyCount: facts.desiredCopyCount,
        }),
      }),
    act: (data, ctx) => (isComponentData(data) ? scaleComponentToZero(data, ctx) : stopEndpoint(data, ctx)),
    restore: (data, ctx, actionId) => (isComponentData(data) ? restoreComponent(data, ctx, actionId) : restoreEndpoint(data, ctx, actionId)),
  },
  tagCommand: (ref, key, value) => `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${key},Value=${value}`,
  docs: 'docs/idle-endpoints.md',
} as const satisfies SweepDeclaration<IdleEndpointsFacts, IdleEndpointsConfig, IdleEndpointsRestoreData>;
