/**
 * Which price key a Price List product answers, with its typed quote. Attribute
 * names and values are the Price List's own (see `PROVENANCE.md`):
 *
 * - SageMaker (`AmazonSageMaker`): productFamily `ML Instance`, `regionCode`,
 *   `component` (`Hosting`, `Training`, `Notebook`, `Processing`), `instanceName`
 *   (or `instanceType`), unit `Hrs`, usagetype like `APN1-Host:ml.g4dn.xlarge`; Studio
 *   apps by their usagetype `<prefix>-Studio:<JupyterLab|CodeEditor|KernelGateway>-<ml.*>`;
 *   productFamily `ML Serverless`, usagetype `<prefix>-ServerlessInf:Mem-<n>GB`, per second.
 * - EC2 (`AmazonEC2`): productFamily `Compute Instance`, `operatingSystem` Linux,
 *   `tenancy` Shared, `preInstalledSw` NA, `capacitystatus` Used, `instanceType`, unit `Hrs`.
 * - EBS (`AmazonEC2`): productFamily `Storage`, `System Operation`, `Provisioned Throughput`,
 *   `Storage Snapshot`; the item from the usagetype (`EBS:VolumeUsage.gp3`,
 *   `EBS:VolumeP-IOPS.io2.tier2`, `EBS:VolumeP-Throughput.gp3`, `EBS:SnapshotUsage`, ...).
 * - Bedrock (`AmazonBedrock`): `feature` On-demand Inference, `model`, `inferenceType`
 *   (input or output tokens), unit `1K tokens`. Provisioned Throughput: usagetype
 *   `<prefix>-<model>-ProvisionedThroughput-<NoCommit|1Month|6Months>-ModelUnits`, per hour.
 */
import { PRICE_LIST_SOURCE, type LiveQuote } from './live-quote.js';
import { type PriceKey, normalizeKey } from './price-key.js';
import { type PriceDimension, type PriceListProduct, singleDimension } from './price-list-document.js';

/** A product matched to a key, or why it answers none. */
export type ProductMatch = { readonly ok: true; readonly quotes: readonly LiveQuote[] } | { readonly ok: false; readonly reason: string };

const SAGEMAKER_COMPONENTS: Readonly<Record<string, string>> = { Hosting: 'hosting', Training: 'training', Notebook: 'notebook', Processing: 'processing' };

/** EBS usagetype (after `EBS:`) -> item of the book, with the book's unit text and the API unit expected. */
const EBS_ITEMS: Readonly<Record<string, { item: string; unit: string; apiUnit: RegExp }>> = {
  'VolumeUsage.gp2': { item: 'gp2-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  'VolumeUsage.gp3': { item: 'gp3-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  'VolumeUsage.piops': { item: 'io1-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  'VolumeUsage.io2': { item: 'io2-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  'VolumeUsage.st1': { item: 'st1-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  'VolumeUsage.sc1': { item: 'sc1-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  VolumeUsage: { item: 'standard-storage', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  'VolumeP-IOPS.gp3': { item: 'gp3-iops', unit: 'USD per provisioned IOPS-month (above the free 3000 baseline)', apiUnit: /^IOPS-Mo$/i },
  'VolumeP-IOPS.piops': { item: 'io1-iops', unit: 'USD per provisioned IOPS-month', apiUnit: /^IOPS-Mo$/i },
  'VolumeP-IOPS.io2': { item: 'io2-iops-tier1', unit: 'USD per provisioned IOPS-month (tier 1)', apiUnit: /^IOPS-Mo$/i },
  'VolumeP-IOPS.io2.tier2': { item: 'io2-iops-tier2', unit: 'USD per provisioned IOPS-month (tier 2)', apiUnit: /^IOPS-Mo$/i },
  'VolumeP-IOPS.io2.tier3': { item: 'io2-iops-tier3', unit: 'USD per provisioned IOPS-month (tier 3)', apiUnit: /^IOPS-Mo$/i },
  'VolumeP-Throughput.gp3': { item: 'gp3-throughput', unit: 'USD per provisioned GiBps-month (above the free 125 MB/s baseline)', apiUnit: /^GiBps-mo$/i },
  SnapshotUsage: { item: 'snapshot-standard', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
  SnapshotArchiveStorage: { item: 'snapshot-archive', unit: 'USD per GB-month', apiUnit: /^GB-Mo$/i },
};
const EBS_FAMILIES: Readonly<Record<string, string>> = {
  Storage: 'storage',
  'System Operation': 'iops',
  'Provisioned Throughput': 'throughput',
  'Storage Snapshot': 'snapshot',
};

function quote(product: PriceListProduct, dim: PriceDimension, key: PriceKey, unit: string, extra: { usdPerUnit?: number; note?: string } = {}): LiveQuote {
  const usageType = product.attributes.usagetype;
  return {
    ...normalizeKey(key),
    usdPerUnit: extra.usdPerUnit ?? dim.usd,
    unit,
    apiUnit: dim.unit,
    description: dim.description,
    effectiveDate: product.effectiveDate,
    publicationDate: product.publicationDate,
    serviceCode: product.serviceCode,
    sku: product.sku,
    rateCode: dim.rateCode,
    ...(usageType ? { usageType } : {}),
    source: PRICE_LIST_SOURCE,
    ...(extra.note ? { note: extra.note } : {}),
  };
}

function regionOf(product: PriceListProduct): string | undefined {
  const a = product.attributes;
  if (a.locationType && a.locationType !== 'AWS Region') return undefined;
  const region = a.regionCode?.trim().toLowerCase();
  return region === '' ? undefined : region;
}

function sageMaker(product: PriceListProduct, region: string, dim: PriceDimension): ProductMatch {
  const a = product.attributes;
  if (product.productFamily === 'ML Serverless') {
    const mem = /ServerlessInf:Mem-(\d+)GB$/.exec(a.usagetype ?? '');
    if (!mem) return { ok: false, reason: `ML Serverless usagetype ${a.usagetype ?? '(none)'} is not on-demand serverless inference` };
    if (!/sec/i.test(dim.unit)) return { ok: false, reason: `serverless unit ${dim.unit} is not per second` };
    return {
      ok: true,
      quotes: [quote(product, dim, { service: 'sagemaker', region, component: 'serverless', item: String(Number(mem[1]) * 1024) }, 'USD per second')],
    };
  }
  if (product.productFamily !== 'ML Instance') return { ok: false, reason: `productFamily ${product.productFamily} is not priced` };
  // Studio apps by usagetype first: it names the app type, whatever `component` says.
  const studio = /(?:^|-)Studio:(JupyterLab|CodeEditor|KernelGateway)-(ml\.[a-z0-9]+\.[a-z0-9]+)$/.exec(a.usagetype ?? '');
  if (studio) {
    if (!/^hrs?$/i.test(dim.unit)) return { ok: false, reason: `instance price unit ${dim.unit} is not hours` };
    const key = { service: 'sagemaker' as const, region, component: `studio-${studio[1]!.toLowerCase()}`, item: studio[2]! };
    return { ok: true, quotes: [quote(product, dim, key, 'USD per hour')] };
  }
  const component = SAGEMAKER_COMPONENTS[a.component ?? ''];
  if (!component) return { ok: false, reason: `SageMaker component ${a.component ?? '(none)'} is not priced` };
  const fromUsage = (a.usagetype ?? '').split(':')[1];
  const type = [a.instanceName, a.instanceType?.split('-')[0], fromUsage].find((t) => t?.startsWith('ml.'));
  if (!type) return { ok: false, reason: 'no ml.* instance type in instanceName, instanceType or usagetype' };
  if (!/^hrs?$/i.test(dim.unit)) return { ok: false, reason: `instance price unit ${dim.unit} is not hours` };
  return { ok: true, quotes: [quote(product, dim, { service: 'sagemaker', region, component, item: type }, 'USD per hour')] };
}

function ec2(product: PriceListProduct, region: string, dim: PriceDimension): ProductMatch {
  const a = product.attributes;
  const want: Readonly<Record<string, string>> = { operatingSystem: 'Linux', tenancy: 'Shared', preInstalledSw: 'NA', capacitystatus: 'Used' };
  for (const [name, value] of Object.entries(want)) {
    if (a[name] !== value) return { ok: false, reason: `${name} ${a[name] ?? '(none)'} is not ${value}` };
  }
  if (a.licenseModel && a.licenseModel !== 'No License required') return { ok: false, reason: `licenseModel ${a.licenseModel}` };
  if (a.marketoption && a.marketoption !== 'OnDemand') return { ok: false, reason: `marketoption ${a.marketoption} is not OnDemand` };
  if (!a.instanceType) return { ok: false, reason: 'no instanceType' };
  if (!/^hrs?$/i.test(dim.unit)) return { ok: false, reason: `instance price unit ${dim.unit} is not hours` };
  return { ok: true, quotes: [quote(product, dim, { service: 'ec2', region, component: 'on-demand', item: a.instanceType }, 'USD per hour')] };
}

function ebs(product: PriceListProduct, region: string, dim: PriceDimension): ProductMatch {
  const component = EBS_FAMILIES[product.productFamily];
  const suffix = /^(?:[A-Z0-9]+-)?EBS:(.+)$/.exec(product.attributes.usagetype ?? '')?.[1];
  const known = suffix ? EBS_ITEMS[suffix] : undefined;
  if (!component || !known) return { ok: false, reason: `EBS usagetype ${product.attributes.usagetype ?? '(none)'} (${product.productFamily}) is not priced` };
  if (!known.apiUnit.test(dim.unit)) return { ok: false, reason: `EBS ${known.item} unit ${dim.unit} is not the expected one` };
  const key = { service: 'ebs' as const, region, component, item: known.item };
  const quotes = [quote(product, dim, key, known.unit)];
  if (known.item === 'gp3-throughput') {
    quotes.push(
      quote(product, dim, { ...key, item: 'gp3-throughput-per-MiBps' }, `USD per provisioned MiB/s-month (DERIVED: ${dim.usd} / 1024)`, {
        usdPerUnit: dim.usd / 1024,
        note: `derived: the API's gp3 throughput price (${dim.usd} USD per GiBps-month) divided by 1024; not a number printed by the source.`,
      }),
    );
  }
  return { ok: true, quotes };
}

function bedrock(product: PriceListProduct, region: string, dim: PriceDimension): ProductMatch {
  const a = product.attributes;
  if (a.feature !== 'On-demand Inference') return { ok: false, reason: `Bedrock feature ${a.feature ?? '(none)'} is not priced` };
  const model = a.model ?? a.titanModel;
  const kind = (a.inferenceType ?? '').toLowerCase();
  if (!model) return { ok: false, reason: 'no Bedrock model attribute' };
  if (/cache|batch/.test(kind)) return { ok: false, reason: `Bedrock inferenceType ${a.inferenceType} is not priced` };
  const direction = kind.includes('input') ? 'input' : kind.includes('output') ? 'output' : undefined;
  if (!direction) return { ok: false, reason: `Bedrock inferenceType ${a.inferenceType ?? '(none)'} is neither input nor output tokens` };
  if (!/^1K tokens$/i.test(dim.unit)) return { ok: false, reason: `Bedrock unit ${dim.unit} is not 1K tokens` };
  return { ok: true, quotes: [quote(product, dim, { service: 'bedrock', region, component: `${direction}-tokens`, item: model }, 'USD per 1K tokens')] };
}

/** A Provisioned Throughput usage type: `USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits`. */
const THROUGHPUT_USAGE = /^(?:[A-Z0-9]+-)?(.+)-ProvisionedThroughput-(NoCommit|1Month|6Months?)(?:-ModelUnits?)?$/i;
const THROUGHPUT_TERM: Readonly<Record<string, string>> = { nocommit: 'NoCommit', '1month': '1Month', '6month': '6Months', '6months': '6Months' };

/** Bedrock Provisioned Throughput per model unit-hour, or `undefined` for a product that is not one. */
function bedrockThroughput(product: PriceListProduct, region: string, dim: PriceDimension): ProductMatch | undefined {
  const usage = THROUGHPUT_USAGE.exec(product.attributes.usagetype ?? '');
  if (!usage) return undefined;
  if (!/^(hrs?|hours?)$/i.test(dim.unit)) return { ok: false, reason: `Provisioned Throughput unit ${dim.unit} is not hours` };
  const item = `${usage[1]}:${THROUGHPUT_TERM[usage[2]!.toLowerCase()]}`;
  return { ok: true, quotes: [quote(product, dim, { service: 'bedrock', region, component: 'provisioned-throughput', item }, 'USD per model unit-hour')] };
}

/**
 * The quotes a product gives (one, or two for gp3 throughput: the API's per
 * GiBps-month and the derived per MiB/s-month), or why it gives none.
 */
export function matchProduct(product: PriceListProduct): ProductMatch {
  const region = regionOf(product);
  if (!region)
    return {
      ok: false,
      reason: `no AWS Region (regionCode ${product.attributes.regionCode ?? '(none)'}, locationType ${product.attributes.locationType ?? '(none)'})`,
    };
  const dim = singleDimension(product);
  if (typeof dim === 'string') return { ok: false, reason: dim };
  switch (product.serviceCode) {
    case 'AmazonSageMaker':
      return sageMaker(product, region, dim);
    case 'AmazonEC2':
      return product.productFamily === 'Compute Instance' ? ec2(product, region, dim) : ebs(product, region, dim);
    case 'AmazonBedrock':
      return bedrockThroughput(product, region, dim) ?? bedrock(product, region, dim);
    default:
      return { ok: false, reason: `service ${product.serviceCode} is not priced` };
  }
}
