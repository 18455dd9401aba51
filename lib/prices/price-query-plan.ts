/**
 * Few calls: groups the price keys a run needs into `GetProducts` queries.
 *
 * Keys are grouped per (service, region, component). A group of n distinct
 * items is asked either as **one component-wide query** (every product of the
 * component in the region, paged at 100 per call) or as **n per-item queries**
 * (one call each, one product or a few), whichever is expected to take fewer
 * calls: per-item when n < the component query's estimated pages, otherwise
 * component-wide. EBS and serverless are always component-wide (a handful of
 * products per region and family).
 */
import type { PriceListFilter } from './price-list-client.js';
import type { PriceKey, PriceService } from './price-key.js';

/** One planned query and the keys it answers. */
export interface PriceQuery {
  readonly service: PriceService;
  readonly region: string;
  readonly component: string;
  readonly serviceCode: string;
  readonly filters: readonly PriceListFilter[];
  readonly keys: readonly PriceKey[];
  readonly strategy: 'per-component' | 'per-item';
  /** Why this strategy, e.g. `'3 items >= about 3 pages for the whole component'`. */
  readonly why: string;
}

/**
 * Estimated pages (at 100 products per page) of a component-wide query, by
 * `service/component`. Rough public sizes: SageMaker lists a few hundred
 * products per component and region, EC2 Linux shared on-demand about 800
 * instance types per region.
 */
export const ESTIMATED_COMPONENT_PAGES: Readonly<Record<string, number>> = {
  'sagemaker/hosting': 3,
  'sagemaker/training': 3,
  'sagemaker/notebook': 2,
  'sagemaker/processing': 2,
  'sagemaker/studio-jupyterlab': 2,
  'sagemaker/studio-codeeditor': 2,
  'sagemaker/studio-kernelgateway': 2,
  'sagemaker/serverless': 1,
  'ec2/on-demand': 9,
  'ebs/storage': 1,
  'ebs/iops': 1,
  'ebs/throughput': 1,
  'ebs/snapshot': 1,
  'bedrock/input-tokens': 3,
  'bedrock/output-tokens': 3,
  // Every Bedrock product of the region: no confirmed attribute selects Provisioned Throughput.
  'bedrock/provisioned-throughput': 10,
};

const SAGEMAKER_COMPONENT_VALUE: Readonly<Record<string, string>> = {
  hosting: 'Hosting',
  training: 'Training',
  notebook: 'Notebook',
  processing: 'Processing',
};
/**
 * `platoinstancetype` of Studio app products (their `component` value is not confirmed;
 * see PROVENANCE.md): JupyterLab measured, the other two from a public parser's map.
 */
const STUDIO_PLATO_TYPE: Readonly<Record<string, string>> = {
  'studio-jupyterlab': 'Studio-JupyterLab',
  'studio-codeeditor': 'studio-codeeditor',
  'studio-kernelgateway': 'Studio-Notebook',
};
const EBS_FAMILY: Readonly<Record<string, string>> = {
  storage: 'Storage',
  iops: 'System Operation',
  throughput: 'Provisioned Throughput',
  snapshot: 'Storage Snapshot',
};

/**
 * Service code, component-wide filters, and the per-item filter field (if the
 * component can be asked per item); `undefined` for a component no query prices.
 */
export function queryShape(
  service: PriceService,
  region: string,
  component: string,
): { serviceCode: string; filters: PriceListFilter[]; itemField?: string } | undefined {
  const at = { field: 'regionCode', value: region };
  switch (service) {
    case 'sagemaker':
      if (component === 'serverless') return { serviceCode: 'AmazonSageMaker', filters: [at, { field: 'productFamily', value: 'ML Serverless' }] };
      if (STUDIO_PLATO_TYPE[component]) {
        return {
          serviceCode: 'AmazonSageMaker',
          filters: [at, { field: 'productFamily', value: 'ML Instance' }, { field: 'platoinstancetype', value: STUDIO_PLATO_TYPE[component] }],
          itemField: 'instanceType',
        };
      }
      if (!SAGEMAKER_COMPONENT_VALUE[component]) return undefined;
      return {
        serviceCode: 'AmazonSageMaker',
        filters: [at, { field: 'productFamily', value: 'ML Instance' }, { field: 'component', value: SAGEMAKER_COMPONENT_VALUE[component] }],
        itemField: 'instanceName',
      };
    case 'ec2':
      return {
        serviceCode: 'AmazonEC2',
        filters: [
          at,
          { field: 'productFamily', value: 'Compute Instance' },
          { field: 'operatingSystem', value: 'Linux' },
          { field: 'tenancy', value: 'Shared' },
          { field: 'preInstalledSw', value: 'NA' },
          { field: 'capacitystatus', value: 'Used' },
        ],
        itemField: 'instanceType',
      };
    case 'ebs':
      return EBS_FAMILY[component] ? { serviceCode: 'AmazonEC2', filters: [at, { field: 'productFamily', value: EBS_FAMILY[component] }] } : undefined;
    case 'bedrock':
      // Provisioned Throughput is told apart by its usage type only (see bedrock-throughput-models.ts).
      if (component === 'provisioned-throughput') return { serviceCode: 'AmazonBedrock', filters: [at] };
      return { serviceCode: 'AmazonBedrock', filters: [at, { field: 'feature', value: 'On-demand Inference' }], itemField: 'model' };
  }
}

/** Keys no query can answer (unknown component), with the reason. */
export interface UnplannedKey {
  readonly key: PriceKey;
  readonly reason: string;
}

/**
 * Plans the queries for `keys` (already distinct and normalized).
 *
 * @example
 * ```ts
 * planPriceQueries([priceKeys.sageMakerHosting('ap-northeast-1', 'ml.g4dn.xlarge')]).queries;
 * // [{ serviceCode: 'AmazonSageMaker', strategy: 'per-item', filters: [regionCode, productFamily, component, instanceName], ... }]
 * ```
 */
export function planPriceQueries(
  keys: readonly PriceKey[],
  options: { estimatedPages?: Readonly<Record<string, number>> } = {},
): { queries: PriceQuery[]; unplanned: UnplannedKey[] } {
  const estimates = { ...ESTIMATED_COMPONENT_PAGES, ...options.estimatedPages };
  const groups = new Map<string, PriceKey[]>();
  for (const key of keys) {
    const id = `${key.service}#${key.region}#${key.component}`;
    groups.set(id, [...(groups.get(id) ?? []), key]);
  }
  const queries: PriceQuery[] = [];
  const unplanned: UnplannedKey[] = [];
  for (const group of groups.values()) {
    const { service, region, component } = group[0]!;
    const shape = queryShape(service, region, component);
    if (!shape) {
      for (const key of group) unplanned.push({ key, reason: `no Price List query for ${service} component ${component}` });
      continue;
    }
    const items = [...new Set(group.map((k) => k.item))];
    const pages = estimates[`${service}/${component}`] ?? 1;
    const base = { service, region, component, serviceCode: shape.serviceCode };
    if (shape.itemField && items.length < pages) {
      for (const item of items) {
        queries.push({
          ...base,
          filters: [...shape.filters, { field: shape.itemField, value: item }],
          keys: group.filter((k) => k.item === item),
          strategy: 'per-item',
          why: `${items.length} item(s) < about ${pages} page(s) for the whole component`,
        });
      }
    } else {
      queries.push({
        ...base,
        filters: shape.filters,
        keys: group,
        strategy: 'per-component',
        why: shape.itemField ? `${items.length} items >= about ${pages} page(s) for the whole component` : 'a few products per region: always component-wide',
      });
    }
  }
  return { queries, unplanned };
}
