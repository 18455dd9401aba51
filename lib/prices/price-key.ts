/**
 * Price keys: what a run needs priced, one key per (service, region, component,
 * item). A sweep lists the keys its candidates need; the live resolver asks the
 * Price List API for them in few calls; the price book looks them up.
 *
 * | service     | component                                              | item                       | PriceBook method |
 * |-------------|--------------------------------------------------------|----------------------------|------------------|
 * | `sagemaker` | `hosting`, `training`, `notebook`, `processing`         | `ml.*` instance type        | `sageMakerHosting`, `sageMakerTraining` |
 * | `sagemaker` | `studio-jupyterlab`, `studio-codeeditor`, `studio-kernelgateway` | `ml.*` instance type | `sageMakerStudio` |
 * | `sagemaker` | `serverless`                                           | memory size in MB, `'2048'` | `sageMakerServerless` |
 * | `ec2`       | `on-demand` (Linux, shared tenancy)                    | instance type               | `ec2OnDemand` |
 * | `ebs`       | `storage`, `iops`, `throughput`, `snapshot`            | EBS item, `'gp3-storage'`   | `ebs` |
 * | `bedrock`   | `input-tokens`, `output-tokens` (on-demand inference)  | the model as the Price List names it | - |
 * | `bedrock`   | `provisioned-throughput` (per model unit-hour)         | `<usage-type model>:<term>`, `'Nova2.0Lite:NoCommit'` | `bedrockProvisionedThroughput` |
 */

import type { PriceKey, PriceService, ThroughputCommitment } from '../core/price-port.js';
import { THROUGHPUT_TERMS, throughputUsageModel } from './bedrock-throughput-models.js';

// A sweep declares the keys it needs, so their shape is core's (`lib/core/price-port.ts`).
export type { PriceKey, PriceService } from '../core/price-port.js';

/** SageMaker Studio app types priced per instance-hour, and their price component (`studio-jupyterlab`, ...). */
export const STUDIO_APP_COMPONENTS = { JupyterLab: 'studio-jupyterlab', CodeEditor: 'studio-codeeditor', KernelGateway: 'studio-kernelgateway' } as const;

/** A Studio app type with an instance-hour price. */
export type PricedStudioAppType = keyof typeof STUDIO_APP_COMPONENTS;

/** SageMaker components priced per instance-hour. */
export const SAGEMAKER_INSTANCE_COMPONENTS = ['hosting', 'training', 'notebook', 'processing', ...Object.values(STUDIO_APP_COMPONENTS)] as const;

/** Components of each service. */
export const PRICE_COMPONENTS = {
  sagemaker: [...SAGEMAKER_INSTANCE_COMPONENTS, 'serverless'],
  ec2: ['on-demand'],
  ebs: ['storage', 'iops', 'throughput', 'snapshot'],
  bedrock: ['input-tokens', 'output-tokens', 'provisioned-throughput'],
} as const satisfies Record<PriceService, readonly string[]>;

/** Stable text id of a key: `service#region#component#item`, lower case. */
export function priceKeyId(key: PriceKey): string {
  return [key.service, key.region, key.component, key.item].map((part) => part.trim().toLowerCase()).join('#');
}

/** The key with its parts trimmed and lower-cased (Bedrock model names keep their case). */
export function normalizeKey(key: PriceKey): PriceKey {
  const item = key.service === 'bedrock' ? key.item.trim() : key.item.trim().toLowerCase();
  return { service: key.service, region: key.region.trim().toLowerCase(), component: key.component.trim().toLowerCase(), item };
}

/**
 * The live component of an EBS item of the bundled table, or `undefined` for an
 * item the live path does not price (`standard-io-requests`,
 * `snapshot-archive-retrieval`, `fast-snapshot-restore`: the bundled table answers).
 */
export function ebsComponentOf(item: string): 'storage' | 'iops' | 'throughput' | 'snapshot' | undefined {
  const i = item.trim().toLowerCase();
  if (/^(gp2|gp3|io1|io2|st1|sc1|standard)-storage$/.test(i)) return 'storage';
  if (/^(gp3|io1)-iops$|^io2-iops-tier[123]$/.test(i)) return 'iops';
  if (i === 'gp3-throughput' || i === 'gp3-throughput-per-mibps') return 'throughput';
  if (i === 'snapshot-standard' || i === 'snapshot-archive') return 'snapshot';
  return undefined;
}

/** Key builders named like the {@link PriceBook} lookups, so a sweep lists what it will look up. */
export const priceKeys = {
  sageMakerHosting: (region: string, instanceType: string): PriceKey =>
    normalizeKey({ service: 'sagemaker', region, component: 'hosting', item: instanceType }),
  sageMakerTraining: (region: string, instanceType: string): PriceKey =>
    normalizeKey({ service: 'sagemaker', region, component: 'training', item: instanceType }),
  sageMakerNotebook: (region: string, instanceType: string): PriceKey =>
    normalizeKey({ service: 'sagemaker', region, component: 'notebook', item: instanceType }),
  /** A Studio app's instance (`JupyterLab`, `CodeEditor`, `KernelGateway`). */
  sageMakerStudio: (region: string, appType: PricedStudioAppType, instanceType: string): PriceKey =>
    normalizeKey({ service: 'sagemaker', region, component: STUDIO_APP_COMPONENTS[appType], item: instanceType }),
  sageMakerServerless: (region: string, memorySizeMb: number): PriceKey =>
    normalizeKey({ service: 'sagemaker', region, component: 'serverless', item: String(memorySizeMb) }),
  ec2OnDemand: (region: string, instanceType: string): PriceKey => normalizeKey({ service: 'ec2', region, component: 'on-demand', item: instanceType }),
  /** `undefined` for an EBS item only the bundled table prices (see {@link ebsComponentOf}). */
  ebs: (region: string, item: string): PriceKey | undefined => {
    const component = ebsComponentOf(item);
    return component ? normalizeKey({ service: 'ebs', region, component, item }) : undefined;
  },
  bedrockTokens: (region: string, model: string, direction: 'input' | 'output'): PriceKey =>
    normalizeKey({ service: 'bedrock', region, component: `${direction}-tokens`, item: model }),
  /** `undefined` for a model whose Provisioned Throughput usage type is not known (see `bedrock-throughput-models.ts`). */
  bedrockProvisionedThroughput: (region: string, modelId: string, commitment: ThroughputCommitment): PriceKey | undefined => {
    const model = throughputUsageModel(modelId);
    return model
      ? normalizeKey({ service: 'bedrock', region, component: 'provisioned-throughput', item: `${model}:${THROUGHPUT_TERMS[commitment]}` })
      : undefined;
  },
};

/** The distinct keys of `keys` (by {@link priceKeyId}), normalized, undefined entries dropped. */
export function distinctKeys(keys: Iterable<PriceKey | undefined>): PriceKey[] {
  const seen = new Map<string, PriceKey>();
  for (const key of keys) {
    if (!key) continue;
    const k = normalizeKey(key);
    seen.set(priceKeyId(k), k);
  }
  return [...seen.values()];
}
