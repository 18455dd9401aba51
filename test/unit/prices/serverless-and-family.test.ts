import { describe, expect, it } from 'vitest';
import { bundledPriceTables, defaultPriceBook, PriceBook, PriceTableError } from '../../../lib/prices/price-book.js';
import { parseConfig } from '../../../lib/config.js';
import { ConfigError } from '../../../lib/core/errors.js';

describe('SageMaker Serverless Inference prices', () => {
  it('us-east-1 uses the rows whose source states no region, flagged unstated and undated', () => {
    const hit = defaultPriceBook.sageMakerServerless('us-east-1', 2048);
    expect(hit).toMatchObject({
      found: true,
      quote: {
        usdPerUnit: 0.00004,
        unit: 'USD per second',
        regionBasis: 'unstated',
        sourceDate: 'undated',
        source: expect.stringContaining('aws-samples/sagemaker-serverless-inference-benchmarking'),
      },
    });
    expect(hit.found && hit.quote.note).toContain('Region not stated by the source');
    expect(bundledPriceTables.sageMakerServerless?.rows.map((r) => [r.memorySizeMb, r.usdPerSecond])).toEqual([
      [1024, 0.00002],
      [2048, 0.00004],
      [3072, 0.00006],
      [4096, 0.00008],
      [5120, 0.0001],
      [6144, 0.00012],
    ]);
  });

  it('any other region, or a size not sold, is unknown with the reason', () => {
    expect(defaultPriceBook.sageMakerServerless('eu-west-1', 2048)).toMatchObject({
      found: false,
      reason: expect.stringContaining('never uses another region'),
    });
    expect(defaultPriceBook.sageMakerServerless('us-east-1', 1500)).toMatchObject({
      found: false,
      reason: expect.stringContaining('1024, 2048, 3072, 4096, 5120, 6144'),
    });
  });

  it('rejects a malformed table', () => {
    const table = bundledPriceTables.sageMakerServerless!;
    expect(() => new PriceBook({ ...bundledPriceTables, sageMakerServerless: { ...table, rows: [...table.rows, table.rows[0]!] } })).toThrow(PriceTableError);
    expect(() => new PriceBook({ ...bundledPriceTables, sageMakerServerless: { ...table, rows: [{ ...table.rows[0]!, memorySizeMb: 0 }] } })).toThrow(
      /positive integer/,
    );
  });
});

describe('instanceFamily', () => {
  it('lists the bundled sizes of a family, fewest vCPUs first, without other families', () => {
    expect(defaultPriceBook.instanceFamily('ml.c5.4xlarge').map((s) => s.instanceType)).toEqual(['ml.c5.xlarge', 'ml.c5.2xlarge', 'ml.c5.4xlarge']);
    expect(defaultPriceBook.instanceFamily('g6.xlarge').map((s) => s.instanceType)).not.toContain('g6e.xlarge');
    expect(defaultPriceBook.instanceFamily('nothing')).toEqual([]);
  });
});

describe('rightsizing config', () => {
  it('defaults: weekly, 14-day lookback, 7 days minimum, 60% headroom, reminders every 4 weeks', () => {
    expect(parseConfig({}).sweeps.rightsizing).toMatchObject({
      mode: 'report',
      schedule: 'cron(0 6 ? * MON *)',
      lookbackDays: 14,
      minDataDays: 7,
      headroomPercent: 60,
      renotifyHours: 672,
      actOnProtected: true,
    });
  });

  it('a lookback shorter than minDataDays fails naming the field', () => {
    expect(() => parseConfig({ sweeps: { rightsizing: { lookbackDays: 5 } } })).toThrow(ConfigError);
    expect(() => parseConfig({ sweeps: { rightsizing: { lookbackDays: 5 } } })).toThrow(/sweeps\.rightsizing\.lookbackDays: must be at least minDataDays/);
    expect(() => parseConfig({ sweeps: { rightsizing: { headroomPercent: 100 } } })).toThrow(/sweeps\.rightsizing\.headroomPercent/);
  });
});
