/**
 * The prices the rightsizing rules look up, per candidate, so that the engine can
 * resolve them live before assessing: the current configuration and every one the
 * rule may propose instead. Pure.
 */
import type { InstanceSpecs, PriceKey } from '../../core/price-port.js';
import type { Candidate } from '../../core/sweep.js';
import { priceKeys } from '../../prices/price-key.js';
import type { RightsizingConfig } from './config.js';
import { SERVERLESS_MEMORY_SIZES_MB } from './endpoint-variant-rule.js';
import type { EndpointVariantFacts, GpuInstanceFacts, RightsizingFacts, VolumeFacts } from './facts.js';
import { isProposable, isSmaller } from './sizing.js';

/** EBS items of a volume of `volumeType` as `priceVolume` prices it (all of them, quantity 0 included). */
const VOLUME_ITEMS: Readonly<Record<string, readonly string[]>> = {
  gp2: ['gp2-storage'],
  gp3: ['gp3-storage', 'gp3-iops', 'gp3-throughput-per-MiBps'],
  io1: ['io1-storage', 'io1-iops'],
  io2: ['io2-storage', 'io2-iops-tier1', 'io2-iops-tier2', 'io2-iops-tier3'],
};

/** EC2 states in which the GPU rule prices nothing. */
const UNPRICED_STATES = new Set(['pending', 'stopping', 'shutting-down', 'stopped']);

/**
 * The keys of one rightsizing candidate:
 * - an endpoint variant: SageMaker hosting of its type and of every smaller size of
 *   its family, and serverless inference at every memory size for a CPU variant
 *   when serverless proposals are enabled;
 * - a GPU instance: EC2 on-demand of its type and of every smaller size of its family;
 * - a volume: its type's EBS items, and gp3's for gp2, io1 and io2 (gp3 is proposed instead).
 *
 * @example
 * rightsizingPriceKeys(variant('ml.c5.4xlarge'), config, defaultPriceBook).map((k) => k.item)
 * // ['ml.c5.4xlarge', 'ml.c5.xlarge', 'ml.c5.2xlarge', '1024', '2048', ...]
 */
export function rightsizingPriceKeys(candidate: Candidate<RightsizingFacts>, config: Pick<RightsizingConfig, 'endpoints'>, specs: InstanceSpecs): PriceKey[] {
  const region = candidate.ref.region;
  const f = candidate.facts;
  switch (f.kind) {
    case 'endpoint-variant':
      return endpointVariantKeys(f, region, config, specs);
    case 'gpu-instance':
      return gpuInstanceKeys(f, region, specs);
    case 'volume':
      return volumeKeys(f, region);
  }
}

function endpointVariantKeys(f: EndpointVariantFacts, region: string, config: Pick<RightsizingConfig, 'endpoints'>, specs: InstanceSpecs): PriceKey[] {
  if (f.endpointStatus !== 'InService' || f.configProblem || f.instanceType === null) return [];
  const type = f.instanceType;
  const keys = [priceKeys.sageMakerHosting(region, type)];
  const spec = specs.instanceSpec(type);
  if (!spec) return keys;
  for (const s of specs.instanceFamily(type)) if (isProposable(s) && isSmaller(s, spec)) keys.push(priceKeys.sageMakerHosting(region, s.instanceType));
  if (spec.gpuCount === 0 && config.endpoints.serverless.enabled) {
    for (const mb of SERVERLESS_MEMORY_SIZES_MB) keys.push(priceKeys.sageMakerServerless(region, mb));
  }
  return keys;
}

function gpuInstanceKeys(f: GpuInstanceFacts, region: string, specs: InstanceSpecs): PriceKey[] {
  if (UNPRICED_STATES.has(f.state)) return [];
  const keys = [priceKeys.ec2OnDemand(region, f.instanceType)];
  const spec = specs.instanceSpec(f.instanceType);
  if (!spec) return keys;
  for (const s of specs.instanceFamily(f.instanceType)) if (isProposable(s) && isSmaller(s, spec)) keys.push(priceKeys.ec2OnDemand(region, s.instanceType));
  return keys;
}

function volumeKeys(f: VolumeFacts, region: string): PriceKey[] {
  const proposesGp3 = ['gp2', 'io1', 'io2'].includes(f.volumeType);
  const items = [...(VOLUME_ITEMS[f.volumeType] ?? [`${f.volumeType}-storage`]), ...(proposesGp3 ? VOLUME_ITEMS.gp3! : [])];
  return items.flatMap((item) => priceKeys.ebs(region, item) ?? []);
}
