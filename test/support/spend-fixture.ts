/**
 * A hand-built Cost Explorer reading for the digest of 2026-W47 (generated Monday
 * 2026-11-23 08:00 UTC), whose every figure is easy to check by hand:
 *
 * | team          | per day                              | W46 (Nov 9-15) | W47 (Nov 16-22) | Nov 1-22 | October |
 * |---------------|--------------------------------------|----------------|-----------------|----------|---------|
 * | nlp           | $100                                 | 700            | 700             | 2,200    | 3,100   |
 * | vision        | $50, $80 from Nov 16                 | 350            | 560             | 1,310    | 1,550   |
 * | risk          | $20                                  | 140            | 140             | 440      | 620     |
 * | (unallocated) | $10                                  | 70             | 70              | 220      | 310     |
 * | total         |                                      | 1,260          | 1,470           | 4,170    | 5,580   |
 *
 * W47 by service: SageMaker $900, Bedrock $400, EC2 (p4d) $170. Cost Explorer forecasts
 * Nov 23-30 at $1,680, so the month's forecast is 4,170 + 1,680 = $5,850. October's
 * stored forecast was $6,000: accuracy 1 - |6,000 - 5,580| / 5,580 = 92.47%.
 */
import { spendPeriods, type DailyCost, type SpendRead } from '../../lib/digest/ai-spend.js';
import type { SpendSectionInput } from '../../lib/digest/spend-section.js';
import { WEEK, NOW } from './digest-ledger.js';

const DAY_MS = 86_400_000;

/** The daily rows from 2026-08-31 (the chart's first Monday) to 2026-11-22. */
export function fixtureDaily(): DailyCost[] {
  const rows: DailyCost[] = [];
  for (let t = Date.parse('2026-08-31T00:00:00Z'); t < Date.parse('2026-11-23T00:00:00Z'); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    rows.push(
      { date, team: 'nlp', usd: 100 },
      { date, team: 'vision', usd: date >= '2026-11-16' ? 80 : 50 },
      { date, team: 'risk', usd: 20 },
      { date, team: null, usd: 10 },
    );
  }
  return rows;
}

/** The reading Cost Explorer gives for W47. */
export function fixtureSpendRead(): SpendRead {
  return {
    ok: true,
    reading: {
      metric: 'UnblendedCost',
      tagKey: 'team',
      daily: fixtureDaily(),
      weekByService: [
        { service: 'Amazon Bedrock', usd: 400 },
        { service: 'Amazon SageMaker', usd: 900 },
        { service: 'Amazon Elastic Compute Cloud - Compute', usd: 170 },
      ],
      forecastRemainderUsd: 1680,
      forecastProblem: null,
      previousMonthForecast: { month: '2026-10', metric: 'UnblendedCost', forecastUsd: 6000, madeAt: '2026-10-05T08:00:00.000Z', week: '2026-W40' },
      requests: 3,
    },
  };
}

/** The spend section input of the W47 digest, with two endpoints' unit costs. */
export function fixtureSpendInput(read: SpendRead = fixtureSpendRead()): SpendSectionInput {
  return {
    read,
    periods: spendPeriods(WEEK, NOW, 12),
    unitCosts: {
      lines: [
        // 168 h x 1 x ml.g5.xlarge at $1.408/h = $236.54; / 120,000 invocations x 1,000 = $1.9712.
        { resourceId: 'chat-llm', team: 'nlp', invocations: 120_000, costUsd: 236.54, usdPer1kInferences: 1.9712 },
        // 168 h x 2 x ml.g4dn.xlarge at $0.7364/h = $247.43; / 900,000 x 1,000 = $0.2749.
        { resourceId: 'vision-detector', team: 'vision', invocations: 900_000, costUsd: 247.43, usdPer1kInferences: 0.2749 },
      ],
      basis: [
        {
          resourceId: 'chat-llm',
          region: 'us-east-1',
          terms: ['1 x ml.g5.xlarge x 168 h x $1.408/h'],
          instanceHours: 168,
          priceSources: 'fixture (2026-11-01)',
          unknown: null,
        },
        {
          resourceId: 'vision-detector',
          region: 'us-east-1',
          terms: ['2 x ml.g4dn.xlarge x 168 h x $0.7364/h'],
          instanceHours: 336,
          priceSources: 'fixture (2026-11-01)',
          unknown: null,
        },
      ],
      problem: null,
    },
  };
}
