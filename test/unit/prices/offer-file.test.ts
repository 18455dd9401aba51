import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledPriceTables } from '../../../lib/prices/bundled-tables.js';
import { parseRegionIndex, quotesFromOfferFile, sourceOf, tablesFromQuotes } from '../../../lib/prices/offer-file.js';
import { PriceBook } from '../../../lib/prices/price-book.js';
import { parsePriceListDocument } from '../../../lib/prices/price-list-document.js';
import { matchProduct } from '../../../lib/prices/price-list-match.js';
import { fixtureDocs } from './price-list-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const excerpt = (name: string) => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8')) as unknown;

describe("prices:refresh parsing (offline, on excerpts in the bulk files' shape)", () => {
  it("reads each region's offer-file URL from region_index.json", () => {
    expect(parseRegionIndex(excerpt('sagemaker-region-index.excerpt.json')).get('ap-northeast-1')).toBe(
      'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/20261101000000/ap-northeast-1/index.json',
    );
    expect(() => parseRegionIndex({ offers: {} })).toThrow(/no "regions" object/);
  });

  it('reads the on-demand quotes of an offer file; a Reserved-only or tiered product is skipped with the reason', () => {
    const file = quotesFromOfferFile(excerpt('sagemaker-offer.excerpt.json'));
    expect(file.publicationDate).toBe('2026-11-01T00:00:00Z');
    expect(file.quotes.map((q) => `${q.region} ${q.component} ${q.item} ${q.usdPerUnit}`).sort()).toEqual([
      'eu-west-1 hosting ml.g4dn.xlarge 0.821',
      'eu-west-1 training ml.p3.2xlarge 4.131',
      'us-east-1 hosting ml.g5.4xlarge 2.03',
      'us-east-1 notebook ml.t3.medium 0.05',
      'us-east-1 serverless 2048 0.00004',
      'us-east-1 serverless 3072 0.00006',
      'us-east-1 training ml.p3.2xlarge 3.8',
      'us-east-1 training ml.p4d.24xlarge 37.5',
    ]);
    expect(file.skipped).toEqual([
      { sku: 'RESERVEDONLYSKU1', reason: 'no OnDemand term' },
      { sku: 'TIEREDPRODUCTSKU', reason: 'tiered price (2 tiers: 0-100, 100-Inf): the book holds one price per item' },
    ]);
  });

  it('rebuilds valid tables whose every row names its source URL and publication date', () => {
    const sagemaker = quotesFromOfferFile(excerpt('sagemaker-offer.excerpt.json'));
    const url = 'https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonSageMaker/20261101000000/eu-west-1/index.json';
    const ec2Quotes = fixtureDocs('AmazonEC2').flatMap((doc) => {
      const parsed = parsePriceListDocument(doc);
      const match = parsed.ok ? matchProduct(parsed.product) : undefined;
      return match?.ok ? match.quotes : [];
    });
    const tables = tablesFromQuotes(
      [
        {
          origin: { serviceCode: 'AmazonSageMaker', region: 'eu-west-1', source: url, publicationDate: sagemaker.publicationDate },
          quotes: sagemaker.quotes.filter((q) => q.region === 'eu-west-1'),
        },
        {
          origin: {
            serviceCode: 'AmazonEC2',
            region: 'us-east-1',
            source: 'AWS Price List Query API GetProducts (AmazonEC2; regionCode=us-east-1, ...)',
            publicationDate: '2026-11-01T00:00:00Z',
          },
          quotes: ec2Quotes.filter((q) => q.region === 'us-east-1'),
        },
      ],
      { instanceTypes: new Set(['ml.g4dn.xlarge', 'ml.p3.2xlarge', 'g4dn.xlarge', 'p4d.24xlarge']) },
    );
    expect(tables.sageMakerHosting.rows).toEqual([
      { region: 'eu-west-1', instanceType: 'ml.g4dn.xlarge', usdPerHour: 0.821, sourceId: 'aws-price-list-AmazonSageMaker-eu-west-1-2026-11-01' },
    ]);
    expect(tables.sageMakerHosting.sources).toEqual([
      sourceOf({ serviceCode: 'AmazonSageMaker', region: 'eu-west-1', source: url, publicationDate: '2026-11-01T00:00:00Z' }),
    ]);
    expect(tables.sageMakerHosting.sources[0]).toMatchObject({ source: url, sourceDate: '2026-11-01' });
    expect(tables.ec2.rows.map((r) => [r.instanceType, r.usdPerHour])).toEqual([
      ['g4dn.xlarge', 0.526],
      ['p4d.24xlarge', 21.957642],
    ]);
    expect(tables.ebs.rows.find((r) => r.item === 'gp3-throughput-per-MiBps')).toMatchObject({
      usd: 0.04,
      feedKey: 'EBS:VolumeP-Throughput.gp3',
      derived: expect.stringContaining('divided by 1024'),
    });
    const book = new PriceBook({ ...tables, instanceSpecs: bundledPriceTables.instanceSpecs });
    expect(book.ebs('us-east-1', 'io2-iops-tier3')).toMatchObject({ found: true, quote: { usdPerUnit: 0.03185, sourceDate: '2026-11-01' } });
    expect(book.sageMakerTraining('eu-west-1', 'ml.p3.2xlarge')).toMatchObject({ found: true, quote: { usdPerUnit: 4.131, regionBasis: 'stated' } });
  });
});
