/**
 * Cost per 1,000 inferences (pure), checked by hand: instance-hours x price over
 * Invocations, an endpoint created mid-week, unknown prices and serverless variants
 * left unknown, no invocations without a cost per inference.
 */
import { describe, expect, it } from 'vitest';
import type { PriceBookPort, PriceLookup } from '../../../lib/core/price-port.js';
import { unitCosts, type EndpointUsage } from '../../../lib/digest/unit-costs.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';

const WINDOW = { start: new Date('2026-11-16T00:00:00Z'), end: new Date('2026-11-23T00:00:00Z') };
const PRICES: Record<string, number> = { 'ml.g5.xlarge': 1.408, 'ml.g4dn.xlarge': 0.7364 };
const book: Pick<PriceBookPort, 'sageMakerHosting'> = {
  sageMakerHosting: (region, instanceType): PriceLookup =>
    PRICES[instanceType] === undefined
      ? { found: false, reason: 'not in the test book' }
      : {
          found: true,
          quote: {
            usdPerUnit: PRICES[instanceType],
            unit: 'USD per hour',
            region,
            item: instanceType,
            source: 'test book',
            sourceDate: '2026-11-01',
            regionBasis: 'stated',
          },
        },
};

function endpoint(name: string, patch: Partial<EndpointUsage> = {}): EndpointUsage {
  return {
    endpointName: name,
    region: 'us-east-1',
    team: 'nlp',
    creationTime: '2026-10-01T00:00:00Z',
    variants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.xlarge', instanceCount: 1 }],
    invocations: 120_000,
    ...patch,
  };
}

describe('unitCosts', () => {
  it('instance-hours x price / invocations x 1,000, dearest per inference first', () => {
    const { lines, basis } = unitCosts(
      [
        endpoint('chat-llm'),
        endpoint('vision-detector', {
          team: 'vision',
          variants: [
            { variantName: 'blue', instanceType: 'ml.g4dn.xlarge', instanceCount: 2 },
            { variantName: 'green', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 },
          ],
          invocations: 900_000,
        }),
      ],
      book,
      WINDOW,
    );
    // chat-llm: 1 x 168 h x $1.408 = $236.544 -> $236.54; 236.54 / 120,000 x 1,000 = $1.97116... -> $1.9712.
    // vision-detector: (2 + 1) x 168 h x $0.7364 = $371.1456 -> $371.15; 371.15 / 900,000 x 1,000 = $0.41238... -> $0.4124.
    expect(lines).toEqual([
      { resourceId: 'chat-llm', team: 'nlp', invocations: 120_000, costUsd: 236.54, usdPer1kInferences: 1.9712 },
      { resourceId: 'vision-detector', team: 'vision', invocations: 900_000, costUsd: 371.15, usdPer1kInferences: 0.4124 },
    ]);
    expect(basis[1]).toEqual({
      resourceId: 'vision-detector',
      region: 'us-east-1',
      terms: ['2 x ml.g4dn.xlarge x 168 h x $0.7364/h', '1 x ml.g4dn.xlarge x 168 h x $0.7364/h'],
      instanceHours: 504,
      priceSources: 'test book (2026-11-01)',
      unknown: null,
    });
  });

  it('counts an endpoint created mid-week from its creation', () => {
    // Created Friday 2026-11-20 12:00: 60 h to Monday 00:00; 60 x $1.408 = $84.48; / 30,000 x 1,000 = $2.816.
    const [line] = unitCosts([endpoint('new-llm', { creationTime: '2026-11-20T12:00:00Z', invocations: 30_000 })], book, WINDOW).lines;
    expect(line).toMatchObject({ costUsd: 84.48, usdPer1kInferences: 2.816 });
  });

  it('leaves the cost unknown for a serverless variant or a type without a price, and per inference for no traffic', () => {
    const { lines, basis } = unitCosts(
      [
        endpoint('serverless', { variants: [{ variantName: 'AllTraffic', instanceType: null, instanceCount: 0 }] }),
        endpoint('exotic', { variants: [{ variantName: 'AllTraffic', instanceType: 'ml.x9.huge', instanceCount: 1 }] }),
        endpoint('idle', { invocations: 0 }),
      ],
      book,
      WINDOW,
    );
    expect(lines.map((l) => [l.resourceId, l.costUsd, l.usdPer1kInferences])).toEqual([
      ['idle', 236.54, null],
      ['exotic', null, null],
      ['serverless', null, null],
    ]);
    expect(basis.find((b) => b.resourceId === 'exotic')!.unknown).toBe('no price for ml.x9.huge in us-east-1: not in the test book');
    expect(basis.find((b) => b.resourceId === 'serverless')!.unknown).toContain('serverless');
  });

  it('prices from the bundled price book, never another region', () => {
    const hit = defaultPriceBook.sageMakerHosting('us-east-1', 'ml.g4dn.xlarge');
    expect(hit.found).toBe(true);
    const [line] = unitCosts(
      [endpoint('ep', { variants: [{ variantName: 'v', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }] })],
      defaultPriceBook,
      WINDOW,
    ).lines;
    expect(line!.costUsd).toBe(Math.round(168 * (hit.found ? hit.quote.usdPerUnit : 0) * 100) / 100);
  });
});
