import { describe, expect, it } from 'vitest';
import { parsePriceListDocument, singleDimension } from '../../../lib/prices/price-list-document.js';
import { matchProduct } from '../../../lib/prices/price-list-match.js';
import { fixtureDoc, type Doc } from './price-list-fixtures.js';

/** Parses and matches a document, expecting quotes. */
function quotesOf(doc: Doc) {
  const parsed = parsePriceListDocument(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.reason);
  const match = matchProduct(parsed.product);
  if (!match.ok) throw new Error(match.reason);
  return match.quotes;
}

function skipReason(doc: unknown): string {
  const parsed = parsePriceListDocument(typeof doc === 'string' ? doc : JSON.stringify(doc));
  if (!parsed.ok) return parsed.reason;
  const match = matchProduct(parsed.product);
  if (match.ok) throw new Error('expected a skip');
  return match.reason;
}

const onDemandOf = (doc: Doc) => Object.values<Doc>(doc.terms.OnDemand)[0];
const dimensionOf = (doc: Doc) => Object.values<Doc>(onDemandOf(doc).priceDimensions)[0];

describe('parsing a Price List product document (real shape)', () => {
  it('reads a SageMaker hosting price with its key, unit, dates, SKU and rate code', () => {
    const doc = fixtureDoc('AmazonSageMaker', { regionCode: 'ap-northeast-1', component: 'Hosting', instanceName: 'ml.g4dn.xlarge' });
    expect(quotesOf(doc)).toEqual([
      {
        service: 'sagemaker',
        region: 'ap-northeast-1',
        component: 'hosting',
        item: 'ml.g4dn.xlarge',
        usdPerUnit: 0.994,
        unit: 'USD per hour',
        apiUnit: 'Hrs',
        description: expect.stringContaining('per hour for Hosting ml.g4dn.xlarge'),
        effectiveDate: '2026-11-01T00:00:00Z',
        publicationDate: '2026-11-01T00:00:00Z',
        serviceCode: 'AmazonSageMaker',
        sku: doc.product.sku,
        rateCode: `${doc.product.sku}.JRTCKXETXF.6YS6EN2CT7`,
        usageType: 'APN1-Host:ml.g4dn.xlarge',
        source: 'AWS Price List API',
      },
    ]);
  });

  it('reads training, serverless, EC2, Bedrock, and EBS (gp3 throughput also per MiB/s, derived)', () => {
    const training = quotesOf(fixtureDoc('AmazonSageMaker', { regionCode: 'us-east-1', component: 'Training', instanceName: 'ml.p4d.24xlarge' }));
    expect(training[0]).toMatchObject({ component: 'training', item: 'ml.p4d.24xlarge', usdPerUnit: 37.5, usageType: 'USE1-Train:ml.p4d.24xlarge' });
    expect(quotesOf(fixtureDoc('AmazonSageMaker', { usagetype: 'USE1-ServerlessInf:Mem-3GB' }))[0]).toMatchObject({
      component: 'serverless',
      item: '3072',
      usdPerUnit: 0.00006,
      unit: 'USD per second',
    });
    expect(quotesOf(fixtureDoc('AmazonEC2', { regionCode: 'us-east-1', instanceType: 'p4d.24xlarge' }))[0]).toMatchObject({
      service: 'ec2',
      component: 'on-demand',
      usdPerUnit: 21.957642,
    });
    expect(quotesOf(fixtureDoc('AmazonBedrock', { inferenceType: 'Output tokens' }))[0]).toMatchObject({
      service: 'bedrock',
      component: 'output-tokens',
      item: 'Nova Micro',
      unit: 'USD per 1K tokens',
    });
    expect(quotesOf(fixtureDoc('AmazonEC2', { usagetype: 'EUC1-EBS:VolumeUsage.gp3' }))[0]).toMatchObject({
      service: 'ebs',
      region: 'eu-central-1',
      component: 'storage',
      item: 'gp3-storage',
      unit: 'USD per GB-month',
    });
    expect(quotesOf(fixtureDoc('AmazonEC2', { usagetype: 'EBS:VolumeP-IOPS.io2.tier2' }))[0]).toMatchObject({
      component: 'iops',
      item: 'io2-iops-tier2',
      usdPerUnit: 0.0455,
    });
    const throughput = quotesOf(fixtureDoc('AmazonEC2', { usagetype: 'EBS:VolumeP-Throughput.gp3' }));
    expect(throughput.map((q) => [q.item, q.usdPerUnit])).toEqual([
      ['gp3-throughput', 40.96],
      ['gp3-throughput-per-mibps', 0.04],
    ]);
    expect(throughput[1]!.note).toMatch(/^derived: /);
  });

  it('skips malformed documents with a reason, never throwing', () => {
    const good = fixtureDoc('AmazonEC2', { regionCode: 'us-east-1', instanceType: 'g5.xlarge' });
    expect(skipReason('{not json')).toMatch(/^not JSON/);
    expect(skipReason('[]')).toBe('the document is not a JSON object');
    expect(skipReason({ ...good, product: { sku: 'X' } })).toBe('no product.attributes');
    expect(skipReason({ ...good, publicationDate: 'yesterday' })).toBe('no valid publicationDate');
    expect(skipReason({ ...good, terms: { Reserved: good.terms.OnDemand } })).toBe('no OnDemand term');
    const noUsd = structuredClone(good);
    dimensionOf(noUsd).pricePerUnit = { CNY: '1.2' };
    expect(skipReason(noUsd)).toMatch(/has no USD price/);
    const negative = structuredClone(good);
    dimensionOf(negative).pricePerUnit.USD = '-1';
    expect(skipReason(negative)).toMatch(/has no USD price/);
    const twoTerms = structuredClone(good);
    twoTerms.terms.OnDemand.OTHER = onDemandOf(good);
    expect(skipReason(twoTerms)).toBe('2 OnDemand terms (expected one)');
    const noDate = structuredClone(good);
    delete onDemandOf(noDate).effectiveDate;
    expect(skipReason(noDate)).toMatch(/no valid effectiveDate/);
  });

  it('skips a tiered price (beginRange/endRange) with a reason', () => {
    const doc = fixtureDoc('AmazonEC2', { usagetype: 'EBS:VolumeUsage.gp3' });
    const dim = dimensionOf(doc);
    onDemandOf(doc).priceDimensions = {
      a: { ...dim, endRange: '1000', rateCode: 'a' },
      b: { ...dim, beginRange: '1000', endRange: 'Inf', pricePerUnit: { USD: '0.07' }, rateCode: 'b' },
    };
    expect(skipReason(doc)).toBe('tiered price (2 tiers: 0-1000, 1000-Inf): the book holds one price per item');
    const parsed = parsePriceListDocument(doc);
    expect(parsed.ok && singleDimension(parsed.product)).toMatch(/^tiered price/);
  });

  it('skips products that are not the price asked for (other OS, Outposts, other component, unknown EBS usage)', () => {
    expect(skipReason(fixtureDoc('AmazonEC2', { operatingSystem: 'Windows' }))).toBe('operatingSystem Windows is not Linux');
    const outposts = fixtureDoc('AmazonSageMaker', { component: 'Hosting' });
    outposts.product.attributes.locationType = 'AWS Outposts';
    expect(skipReason(outposts)).toMatch(/no AWS Region/);
    const studio = fixtureDoc('AmazonSageMaker', { component: 'Hosting' });
    studio.product.attributes.component = 'studio-jupyterlab';
    expect(skipReason(studio)).toBe('SageMaker component studio-jupyterlab is not priced');
    const outpostsEbs = fixtureDoc('AmazonEC2', { usagetype: 'EBS:VolumeUsage.gp3' });
    outpostsEbs.product.attributes.usagetype = 'EBS:VolumeUsage.gp3.outposts';
    expect(skipReason(outpostsEbs)).toMatch(/is not priced/);
    const capacityBlock = fixtureDoc('AmazonEC2', { instanceType: 'p5.48xlarge' });
    capacityBlock.product.attributes.marketoption = 'CapacityBlock';
    expect(skipReason(capacityBlock)).toBe('marketoption CapacityBlock is not OnDemand');
  });
});
