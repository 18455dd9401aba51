/**
 * The bundled tables are data read when needed: importing the price book reads no
 * file, a lookup reads only the tables it needs, each once per process.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, readFileSync: vi.fn(fs.readFileSync) };
});

/** The price table files read so far (by file name). */
const tablesRead = () =>
  vi
    .mocked(readFileSync)
    .mock.calls.map(([path]) => String(path))
    .filter((path) => path.includes('/prices/data/'))
    .map((path) => path.slice(path.lastIndexOf('/') + 1));

describe('bundled price tables', () => {
  it('are read at the first lookup that needs each, once', async () => {
    const { defaultPriceBook } = await import('../../../lib/prices/price-book.js');
    const { livePricesFrom } = await import('../../../lib/prices/live-quote.js');
    expect(tablesRead()).toEqual([]);
    expect(defaultPriceBook.ebs('us-east-1', 'gp3-storage')).toMatchObject({ found: true, quote: { usdPerUnit: 0.08 } });
    expect(tablesRead()).toEqual(['ebs.json']);
    defaultPriceBook.ebs('eu-west-1', 'gp3-storage');
    defaultPriceBook.withLivePrices(livePricesFrom(new Map())).ebs('us-east-1', 'gp3-iops');
    expect(tablesRead()).toEqual(['ebs.json']);
    defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g4dn.xlarge');
    expect(tablesRead()).toEqual(['ebs.json', 'sagemaker-hosting.json']);
  });
});
