import { FinOpsError } from '../../core/errors.js';
import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import type { PriceBookPort } from '../../core/price-port.js';
import type { Assessment, Candidate, Inventory, InventoryContext, ResourceMemory } from '../../core/sweep.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { DEFAULT_SCHEDULE, RightsizingConfigSchema, type RightsizingConfig } from './config.js';
import { assessEndpointVariant } from './endpoint-variant-rule.js';
import { inventoryEndpointVariants } from './endpoint-variant-inventory.js';
import { RESOURCE_TYPES, type RightsizingFacts } from './facts.js';
import { inventoryGpuInstances } from './gpu-instance-inventory.js';
import { rightsizingPriceKeys } from './price-keys.js';
import { assessGpuInstance } from './gpu-instance-rule.js';
import { worthRecommending } from './recommendation.js';
import { inventoryRightsizingVolumes } from './volume-inventory.js';
import { assessVolume } from './volume-rule.js';

const ENDPOINT = 'arn:{partition}:sagemaker:*:{account}:endpoint/*';
const ENDPOINT_CONFIG = 'arn:{partition}:sagemaker:*:{account}:endpoint-config/*';

function narrow<K extends RightsizingFacts['kind']>(candidate: Candidate<RightsizingFacts>, kind: K): Candidate<Extract<RightsizingFacts, { kind: K }>> {
  if (candidate.facts.kind !== kind) throw new FinOpsError(`expected ${kind} facts, got ${candidate.facts.kind}`);
  return candidate as Candidate<Extract<RightsizingFacts, { kind: K }>>;
}

function assessByKind(candidate: Candidate<RightsizingFacts>, config: RightsizingConfig, now: Date, memory: ResourceMemory, prices: PriceBookPort): Assessment {
  switch (candidate.facts.kind) {
    case 'endpoint-variant':
      return assessEndpointVariant(narrow(candidate, 'endpoint-variant'), config, now, memory, prices);
    case 'gpu-instance':
      return assessGpuInstance(narrow(candidate, 'gpu-instance'), config, now, memory, prices);
    case 'volume':
      return assessVolume(narrow(candidate, 'volume'), config, now, memory, prices);
  }
}

/** The three adapters, one after the other; any failure fails the region (the ledger is then left as is). */
async function inventoryAll(ctx: InventoryContext, config: RightsizingConfig): Promise<Inventory<RightsizingFacts>> {
  const parts: Inventory<RightsizingFacts>[] = [
    await inventoryEndpointVariants(ctx, config),
    await inventoryGpuInstances(ctx, config),
    await inventoryRightsizingVolumes(ctx, config),
  ];
  return {
    candidates: parts.flatMap((p) => p.candidates),
    seen: new Set(parts.flatMap((p) => [...p.seen])),
    failures: parts.flatMap((p) => p.failures ?? []),
  };
}

/**
 * Recommends cheaper configurations, never applies them: SageMaker endpoint
 * variants (fewer instances, a smaller size, serverless), GPU EC2 instances (stop
 * when idle, a smaller size) and EBS volumes (gp2 and io1/io2 to gp3), each with
 * its evidence, its dollars and a confidence, and closes a recommendation as
 * `adopted` once the resource matches it (or something cheaper).
 *
 * Findings carry their own `resourceType` (`sagemaker:endpoint-variant`,
 * `ec2:instance`, `ec2:volume`); the sweep's `resourceType` lists the three.
 */
export const RightsizingSweep = {
  name: 'rightsizing',
  title: 'Rightsizing recommendations',
  description: 'recommends cheaper endpoint variants, GPU instances and EBS volumes, with dollars, and tracks adoption',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: RightsizingConfigSchema,
  docs: 'docs/rightsizing.md',
  resourceType: Object.values(RESOURCE_TYPES).join(','),
  wording: {
    verb: 'recommend',
    description: 'recommend a cheaper configuration with its evidence, for you to apply (this sweep never changes a resource)',
    done: 'recommended',
  },
  advisory: { decision: 'recommend', event: 'recommendation' },
  permissions: {
    // Read-only. DescribeInstances, DescribeVolumes, ListEndpoints and the CloudWatch reads support no resource-level permissions.
    inventory: [
      {
        actions: ['sagemaker:ListEndpoints', 'ec2:DescribeInstances', 'ec2:DescribeVolumes', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'],
        resources: ['*'],
      },
      { actions: ['sagemaker:DescribeEndpoint', 'sagemaker:ListTags'], resources: [ENDPOINT] },
      { actions: ['sagemaker:DescribeEndpointConfig'], resources: [ENDPOINT_CONFIG] },
      // Live SageMaker, EC2 and EBS prices of the current and proposed configurations.
      PRICE_LIST_GRANT,
    ],
  },
  inventory: inventoryAll,
  priceKeys: rightsizingPriceKeys,
  assess: (candidate, config, now, memory, prices) => worthRecommending(assessByKind(candidate, config, now, memory, prices), config.minMonthlySavingsUsd),
  tagCommand: (ref, key, value) =>
    ref.resourceType === RESOURCE_TYPES['endpoint-variant']
      ? `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags Key=${key},Value=${value}`
      : `aws ec2 create-tags --region ${ref.region} --resources ${ref.resourceId} --tags Key=${key},Value=${value}`,
} as const satisfies SweepDeclaration<RightsizingFacts, RightsizingConfig, never>;
