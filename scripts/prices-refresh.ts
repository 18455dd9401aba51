/**
 * `npm run prices:refresh`: rebuilds the bundled price tables (lib/prices/data/*.json)
 * from the AWS Price List, for maintainers (it needs the internet; GetProducts also
 * needs AWS credentials with pricing:GetProducts).
 *
 * - SageMaker (hosting, training, serverless): the public bulk files
 *   (`offers/v1.0/aws/AmazonSageMaker/current/region_index.json`, then each region's offer file).
 * - EC2 on-demand (Linux, shared) and EBS: `GetProducts`, one component-wide query per
 *   region and product family (the EC2 bulk file is several hundred MB per region).
 *   `--ec2-source bulk` reads the bulk files instead.
 *
 * Every row keeps its provenance: the source entry names the offer-file URL (or the
 * GetProducts query) and its publication date. instance-specs.json is not touched.
 * Instance types are limited to those of instance-specs.json unless `--all-types`.
 * The tables are validated (`new PriceBook(...)`) before anything is written.
 *
 *   npm run prices:refresh -- [--regions us-east-1,eu-west-1] [--out lib/prices/data] [--all-types] [--dry-run]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledPriceTables } from '../lib/prices/bundled-tables.js';
import type { LiveQuote } from '../lib/prices/live-quote.js';
import { parseRegionIndex, quotesFromOfferFile, type QuoteOrigin, regionIndexUrl, tablesFromQuotes } from '../lib/prices/offer-file.js';
import { PriceBook } from '../lib/prices/price-book.js';
import { createPricingClient, describeFilters, getAllProducts, priceListApiFromSdk } from '../lib/prices/price-list-client.js';
import { parsePriceListDocument } from '../lib/prices/price-list-document.js';
import { matchProduct } from '../lib/prices/price-list-match.js';
import { queryShape } from '../lib/prices/price-query-plan.js';

const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-southeast-1', 'ap-south-1'];

const { values } = parseArgs({
  options: {
    regions: { type: 'string', default: DEFAULT_REGIONS.join(',') },
    out: { type: 'string', default: 'lib/prices/data' },
    'all-types': { type: 'boolean', default: false },
    'ec2-source': { type: 'string', default: 'api' },
    'endpoint-region': { type: 'string', default: 'us-east-1' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const regions = values.regions
  .split(',')
  .map((r) => r.trim())
  .filter(Boolean);

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/** Quotes of every region's bulk offer file of `serviceCode`. */
async function fromBulk(serviceCode: string): Promise<{ origin: QuoteOrigin; quotes: LiveQuote[] }[]> {
  const index = parseRegionIndex(await getJson(regionIndexUrl(serviceCode)));
  const out: { origin: QuoteOrigin; quotes: LiveQuote[] }[] = [];
  for (const region of regions) {
    const url = index.get(region);
    if (!url) {
      console.error(`${serviceCode}: no offer file for ${region}`);
      continue;
    }
    const file = quotesFromOfferFile(await getJson(url));
    console.error(`${serviceCode} ${region}: ${file.quotes.length} quotes, ${file.skipped.length} products skipped (${url})`);
    out.push({ origin: { serviceCode, region, source: url, publicationDate: file.publicationDate }, quotes: file.quotes.filter((q) => q.region === region) });
  }
  return out;
}

/** Quotes of one component-wide GetProducts query per region and component. */
async function fromApi(service: 'ec2' | 'ebs', components: readonly string[]): Promise<{ origin: QuoteOrigin; quotes: LiveQuote[] }[]> {
  const api = priceListApiFromSdk(createPricingClient({ endpointRegion: values['endpoint-region'] }));
  const out: { origin: QuoteOrigin; quotes: LiveQuote[] }[] = [];
  for (const region of regions) {
    for (const component of components) {
      const shape = queryShape(service, region, component)!;
      const { documents, calls } = await getAllProducts(api, shape.serviceCode, shape.filters, { maxPages: 200 });
      const quotes: LiveQuote[] = [];
      let publicationDate = '';
      for (const raw of documents) {
        const parsed = parsePriceListDocument(raw);
        if (!parsed.ok) continue;
        publicationDate = [publicationDate, parsed.product.publicationDate].sort().at(-1)!;
        const match = matchProduct(parsed.product);
        if (match.ok) quotes.push(...match.quotes.filter((q) => q.region === region));
      }
      const source = `AWS Price List Query API GetProducts (${shape.serviceCode}; ${describeFilters(shape.filters)}), endpoint ${values['endpoint-region']}`;
      console.error(`${service} ${component} ${region}: ${quotes.length} quotes from ${documents.length} products in ${calls} calls`);
      if (quotes.length > 0) out.push({ origin: { serviceCode: shape.serviceCode, region, source, publicationDate }, quotes });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const fetched = [
    ...(await fromBulk('AmazonSageMaker')),
    ...(values['ec2-source'] === 'bulk' ? await fromBulk('AmazonEC2') : await fromApi('ec2', ['on-demand'])),
    ...(values['ec2-source'] === 'bulk' ? [] : await fromApi('ebs', ['storage', 'iops', 'throughput', 'snapshot'])),
  ];
  const instanceTypes = values['all-types'] ? undefined : new Set(bundledPriceTables.instanceSpecs.rows.map((r) => r.instanceType));
  const tables = tablesFromQuotes(fetched, instanceTypes ? { instanceTypes } : {});
  new PriceBook({ ...tables, instanceSpecs: bundledPriceTables.instanceSpecs }); // throws PriceTableError on a bad table
  const files: [string, unknown][] = [
    ['sagemaker-hosting.json', tables.sageMakerHosting],
    ['sagemaker-training.json', tables.sageMakerTraining],
    ['sagemaker-serverless.json', tables.sageMakerServerless],
    ['ec2.json', tables.ec2],
    ['ebs.json', tables.ebs],
  ];
  for (const [name, table] of files) {
    const rows = (table as { rows: unknown[] }).rows.length;
    if (values['dry-run']) console.log(`${name}: ${rows} rows (dry run, not written)`);
    else {
      writeFileSync(join(values.out, name), JSON.stringify(table, null, 1) + '\n');
      console.log(`${name}: ${rows} rows written`);
    }
  }
  console.log('Now update the row counts and gaps in lib/prices/README.md and the row-count test.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
