import { describe, expect, it } from 'vitest';

import {
  PriceBook,
  PriceTableError,
  bundledPriceTables,
  defaultPriceBook,
  describeQuote,
  type PriceLookup,
  type PriceQuote,
  type PriceTables,
} from '../../../lib/prices/price-book.js';

const SSH_BILL = 'github:aws-samples/sagemaker-ssh-helper/Sample_Costs.md@b6bf9ba39119784eb6ce6683ae9a6a2ed8ef4cd3';
const FMBENCH = 'github:aws-samples/foundation-model-benchmarking-tool/fmbench/configs/pricing_fallback.yml@d8814208fb3a9b6f0aa7e986e868ea3759d801ce';
const LLMETER = 'github:awslabs/llmeter/tests/integ/callbacks/cost/providers/test_sagemaker_integ.py@b7719fc6f1b5f4b6bff82e196a8b1152ca6f8726';
const KARPENTER_JUL = 'github:aws/karpenter-provider-aws/pkg/providers/pricing/zz_generated.pricing_aws.go@6fc13b5236fd04fd16ff3f9dc7490d0813994099';
const KARPENTER_JAN = 'github:aws/karpenter-provider-aws/pkg/providers/pricing/zz_generated.pricing_aws.go@031e72b6099630e960dacb88b48a7e9bb780945f';
const VANTAGE = 'github:tsaol/aws-gpu/data/gpu_instances_raw.json@2d0108c7bd261c8e40493fbd35135437bd6c9099';
const EBS_FEED = 'github:yeo/ec2.shop/data/ebs/ebs.json@576c890f33ae177837e93499866aa04a0ac4fa89';

function quoteOf(lookup: PriceLookup): PriceQuote {
  if (!lookup.found) throw new Error(`expected a price, got: ${lookup.reason}`);
  return lookup.quote;
}

function reasonOf(lookup: PriceLookup): string {
  if (lookup.found) throw new Error(`expected no price, got ${describeQuote(lookup.quote)}`);
  return lookup.reason;
}

describe('SageMaker hosting', () => {
  it('returns the billed eu-west-1 price with its source and date', () => {
    expect(quoteOf(defaultPriceBook.sageMakerHosting('eu-west-1', 'ml.g4dn.xlarge'))).toEqual({
      usdPerUnit: 0.821,
      unit: 'USD per hour',
      region: 'eu-west-1',
      item: 'ml.g4dn.xlarge',
      source: SSH_BILL,
      sourceDate: '2023-12',
      regionBasis: 'stated',
    });
    expect(quoteOf(defaultPriceBook.sageMakerHosting('eu-west-1', 'ml.g5.12xlarge')).usdPerUnit).toBe(7.91);
  });

  it('prefers a region-stated us-east-1 row over the unstated one', () => {
    const q = quoteOf(defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g5.4xlarge'));
    expect(q).toMatchObject({ usdPerUnit: 2.03, region: 'us-east-1', source: LLMETER, sourceDate: 'undated', regionBasis: 'stated' });
    expect(q.note).toContain('no date');
  });

  it('uses the unstated fmbench row for us-east-1 only, and flags it', () => {
    const q = quoteOf(defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g4dn.xlarge'));
    expect(q).toMatchObject({
      usdPerUnit: 0.7364,
      unit: 'USD per hour',
      region: 'us-east-1',
      item: 'ml.g4dn.xlarge',
      source: FMBENCH,
      sourceDate: '2025-01-26',
      regionBasis: 'unstated',
    });
    expect(q.note).toMatch(/not stated by the source/);
    expect(q.note).toMatch(/unconfirmed/);
    expect(describeQuote(q)).toMatch(/region not stated by the source/i);
    const { note: _dropped, ...bare } = q;
    expect(describeQuote(bare)).toContain('; region not stated by the source');
    expect(quoteOf(defaultPriceBook.sageMakerHosting('us-east-1', 'ml.p5.48xlarge')).usdPerUnit).toBe(113.068);
  });

  it('never borrows another region: unstated rows are not used outside us-east-1', () => {
    for (const region of ['us-west-2', 'eu-central-1', 'us-east-2']) {
      const reason = reasonOf(defaultPriceBook.sageMakerHosting(region, 'ml.g5.xlarge'));
      expect(reason).toContain(`no SageMaker hosting price for ml.g5.xlarge in ${region}`);
      expect(reason).toContain('fmbench-pricing-fallback');
      expect(reason).toContain('us-east-1 (region not stated by the source)');
    }
    // eu-west-1 has a stated row for ml.g4dn.xlarge but none for ml.g5.xlarge hosting.
    expect(reasonOf(defaultPriceBook.sageMakerHosting('eu-west-1', 'ml.g5.xlarge'))).toContain('in eu-west-1');
  });

  it('names an unknown type and an unknown region', () => {
    const unknownType = reasonOf(defaultPriceBook.sageMakerHosting('us-east-1', 'ml.zz9.xlarge'));
    expect(unknownType).toContain('ml.zz9.xlarge');
    expect(unknownType).toContain('us-east-1');
    expect(unknownType).toContain('in no row');

    const unknownRegion = reasonOf(defaultPriceBook.sageMakerHosting('mars-north-1', 'ml.m5.xlarge'));
    expect(unknownRegion).toContain('ml.m5.xlarge');
    expect(unknownRegion).toContain('mars-north-1');

    expect(reasonOf(defaultPriceBook.sageMakerHosting('us-east-1', 'g5.xlarge'))).toContain('not a SageMaker instance type');
    expect(reasonOf(defaultPriceBook.sageMakerHosting('unspecified', 'ml.g5.xlarge'))).toContain('not a region');
    expect(reasonOf(defaultPriceBook.sageMakerHosting('', 'ml.g5.xlarge'))).toContain('no region given');
  });

  it('normalises case and blanks only', () => {
    expect(quoteOf(defaultPriceBook.sageMakerHosting(' EU-WEST-1 ', 'ML.M5.XLARGE'))).toMatchObject({
      usdPerUnit: 0.257,
      region: 'eu-west-1',
      item: 'ml.m5.xlarge',
    });
  });
});

describe('SageMaker training', () => {
  it('returns the billed eu-west-1 rows', () => {
    expect(quoteOf(defaultPriceBook.sageMakerTraining('eu-west-1', 'ml.p3.2xlarge'))).toEqual({
      usdPerUnit: 4.131,
      unit: 'USD per hour',
      region: 'eu-west-1',
      item: 'ml.p3.2xlarge',
      source: SSH_BILL,
      sourceDate: '2023-12',
      regionBasis: 'stated',
    });
    expect(quoteOf(defaultPriceBook.sageMakerTraining('eu-west-1', 'ml.g4dn.xlarge')).usdPerUnit).toBe(0.822);
  });

  it('has no us-east-1 training price and does not use hosting rows for it', () => {
    const reason = reasonOf(defaultPriceBook.sageMakerTraining('us-east-1', 'ml.p3.2xlarge'));
    expect(reason).toContain('no SageMaker training price for ml.p3.2xlarge in us-east-1');
    expect(reason).toContain('exist only for: eu-west-1');
  });
});

describe('EC2 on-demand', () => {
  it('returns us-east-1 GPU prices from the AWS-generated karpenter table', () => {
    expect(quoteOf(defaultPriceBook.ec2OnDemand('us-east-1', 'g4dn.xlarge'))).toEqual({
      usdPerUnit: 0.526,
      unit: 'USD per hour',
      region: 'us-east-1',
      item: 'g4dn.xlarge',
      source: KARPENTER_JUL,
      sourceDate: '2026-07-20',
      regionBasis: 'stated',
    });
    expect(quoteOf(defaultPriceBook.ec2OnDemand('us-east-1', 'p4d.24xlarge')).usdPerUnit).toBe(21.957642);
  });

  it('returns us-east-1 CPU prices and us-west-2 / eu-west-1 GPU prices with their sources', () => {
    expect(quoteOf(defaultPriceBook.ec2OnDemand('us-east-1', 't3.medium'))).toMatchObject({
      usdPerUnit: 0.0416,
      source: KARPENTER_JAN,
      sourceDate: '2026-01-19',
    });
    expect(quoteOf(defaultPriceBook.ec2OnDemand('us-west-2', 'g4dn.xlarge'))).toMatchObject({
      usdPerUnit: 0.526,
      source: VANTAGE,
      sourceDate: '2025-11-30',
    });
    expect(quoteOf(defaultPriceBook.ec2OnDemand('eu-west-1', 'inf2.8xlarge')).usdPerUnit).toBe(2.45982);
  });

  it('has no eu-west-1 price where no source gives one', () => {
    const reason = reasonOf(defaultPriceBook.ec2OnDemand('eu-west-1', 'p5.48xlarge'));
    expect(reason).toContain('no EC2 on-demand price for p5.48xlarge in eu-west-1');
    expect(reason).toContain('us-east-1');
    expect(reasonOf(defaultPriceBook.ec2OnDemand('us-east-1', 'p5e.48xlarge'))).toContain('p5e.48xlarge is in no row');
    expect(reasonOf(defaultPriceBook.ec2OnDemand('us-east-1', 'ml.g5.xlarge'))).toContain('SageMaker instance type');
  });
});

describe('EBS', () => {
  it('returns the feed price with its unit', () => {
    expect(quoteOf(defaultPriceBook.ebs('us-east-1', 'gp3-storage'))).toEqual({
      usdPerUnit: 0.08,
      unit: 'USD per GB-month',
      region: 'us-east-1',
      item: 'gp3-storage',
      source: EBS_FEED,
      sourceDate: '2024-07-18',
      regionBasis: 'stated',
    });
    expect(quoteOf(defaultPriceBook.ebs('eu-west-1', 'gp3-storage')).usdPerUnit).toBe(0.088);
    expect(quoteOf(defaultPriceBook.ebs('eu-west-1', 'standard-io-requests')).usdPerUnit).toBe(0.000000055);
  });

  it('flags derived values', () => {
    const q = quoteOf(defaultPriceBook.ebs('us-west-2', 'gp3-throughput-per-MiBps'));
    expect(q.usdPerUnit).toBe(0.04);
    expect(q.note).toMatch(/^derived: /);
  });

  it('names an unknown item and region', () => {
    const item = reasonOf(defaultPriceBook.ebs('us-east-1', 'gp9-storage'));
    expect(item).toContain('gp9-storage');
    expect(item).toContain('not an EBS item');
    const region = reasonOf(defaultPriceBook.ebs('ap-south-1', 'gp3-storage'));
    expect(region).toContain('no EBS gp3-storage price for ap-south-1');
    expect(region).toContain('us-east-1, us-west-2, eu-west-1');
  });
});

describe('instance specs', () => {
  it('returns ml.g4dn.xlarge: 4 vCPU, 16 GiB, 1 GPU', () => {
    const spec = defaultPriceBook.instanceSpec('ml.g4dn.xlarge');
    expect(spec).toMatchObject({
      instanceType: 'ml.g4dn.xlarge',
      vcpu: 4,
      memoryGiB: 16,
      gpuCount: 1,
      gpuModel: 'NVIDIA T4 Tensor Core',
      gpuMemoryGiB: 16,
      copiedFrom: 'g4dn.xlarge',
      sourceDate: '2025-11-30',
    });
    expect(spec?.source).toContain(VANTAGE);
  });

  it('keeps unknown fields unknown and unknown types undefined', () => {
    expect(defaultPriceBook.instanceSpec('ml.c7i.xlarge')).toMatchObject({ vcpu: 4, memoryGiB: 8, gpuCount: undefined, gpuMemoryGiB: undefined });
    expect(defaultPriceBook.instanceSpec('m5.xlarge')).toMatchObject({ vcpu: 4, memoryGiB: 16, gpuCount: 0, gpuModel: undefined });
    expect(defaultPriceBook.instanceSpec('ml.zz9.xlarge')).toBeUndefined();
    // Not inferred from the EC2 type of the same name.
    expect(defaultPriceBook.instanceSpec('ml.t3.medium')).toBeUndefined();
  });
});

describe('sources and table integrity', () => {
  it('lists every source once, each with a date', () => {
    const sources = defaultPriceBook.sources();
    const ids = sources.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of sources) {
      expect(s.source).toMatch(/^(github:|https:)/);
      expect(s.sourceDate).toMatch(/^(\d{4}-\d{2}(-\d{2})?|undated)/);
    }
    expect(sources.map((s) => s.source)).toEqual(expect.arrayContaining([SSH_BILL, FMBENCH, LLMETER, KARPENTER_JUL, KARPENTER_JAN, VANTAGE, EBS_FEED]));
  });

  it('keeps every row exact and sourced (row counts of the bundled tables)', () => {
    expect(bundledPriceTables.sageMakerHosting.rows).toHaveLength(38);
    expect(bundledPriceTables.sageMakerHosting.rows.filter((r) => r.region === 'unspecified')).toHaveLength(31);
    expect(bundledPriceTables.sageMakerHosting.unstatedRegionFallback).toEqual(['us-east-1']);
    expect(bundledPriceTables.sageMakerTraining.rows).toHaveLength(4);
    expect(bundledPriceTables.ebs.rows).toHaveLength(57);
    expect(bundledPriceTables.instanceSpecs.rows).toHaveLength(144);
  });

  it('rejects a malformed table', () => {
    const dup: PriceTables = {
      ...bundledPriceTables,
      ec2: { ...bundledPriceTables.ec2, rows: [...bundledPriceTables.ec2.rows, bundledPriceTables.ec2.rows[0]!] },
    };
    expect(() => new PriceBook(dup)).toThrow(PriceTableError);

    const badSource: PriceTables = {
      ...bundledPriceTables,
      ebs: { ...bundledPriceTables.ebs, rows: [{ ...bundledPriceTables.ebs.rows[0]!, sourceId: 'nowhere' }] },
    };
    expect(() => new PriceBook(badSource)).toThrow(/unknown source id nowhere/);

    const unusedSource: PriceTables = {
      ...bundledPriceTables,
      sageMakerTraining: {
        ...bundledPriceTables.sageMakerTraining,
        sources: [...bundledPriceTables.sageMakerTraining.sources, { id: 'orphan', source: 'https://example.invalid', sourceDate: '2026-01-01' }],
      },
    };
    expect(() => new PriceBook(unusedSource)).toThrow(/orphan is listed but no row references it/);

    const fallbackOnEc2: PriceTables = {
      ...bundledPriceTables,
      ec2: { ...bundledPriceTables.ec2, unstatedRegionFallback: ['us-east-1'] },
    };
    expect(() => new PriceBook(fallbackOnEc2)).toThrow(/only allowed for SageMaker hosting/);
  });
});
