/**
 * The tool's own monthly AWS bill for an organization sweep, from the counts a bench
 * measured, at us-east-1 list prices. Each price names its page and the date it was read.
 */
import { table } from '../lib/format/index.js';

/** us-east-1 list prices, read 2025-12 (each page's public price table). */
export const PRICES = {
  lambdaGbSecond: { usd: 0.0000166667, source: 'aws.amazon.com/lambda/pricing (x86, first 6 billion GB-s)' },
  lambdaRequest: { usd: 0.2 / 1e6, source: 'aws.amazon.com/lambda/pricing ($0.20 per 1M requests)' },
  stateTransition: { usd: 0.025 / 1000, source: 'aws.amazon.com/step-functions/pricing (Standard, $0.025 per 1,000)' },
  metricRequested: { usd: 0.01 / 1000, source: 'aws.amazon.com/cloudwatch/pricing (GetMetricData, $0.01 per 1,000 metrics)' },
  writeRequestUnit: { usd: 0.625 / 1e6, source: 'aws.amazon.com/dynamodb/pricing/on-demand ($0.625 per 1M WRU, since 2024-11-01)' },
  readRequestUnit: { usd: 0.125 / 1e6, source: 'aws.amazon.com/dynamodb/pricing/on-demand ($0.125 per 1M RRU, since 2024-11-01)' },
  snsPublish: { usd: 0.5 / 1e6, source: 'aws.amazon.com/sns/pricing ($0.50 per 1M publishes)' },
} as const;

/** What the bill is computed from (one scheduled run of one sweep over every pair). */
export interface RunCounts {
  readonly pairs: number;
  readonly awsCallsPerPair: number;
  /** Measured on the emulator: the pair's wall time, what its Lambda would be billed for. */
  readonly lambdaSecondsPerPair: number;
  /** GetMetricData queries of one run. */
  readonly metricsRequested: number;
  /** Ledger read and write calls of a steady run (nothing new). */
  readonly dynamoReads: number;
  readonly dynamoWrites: number;
  /** TransactWriteItems of a first run (every idle endpoint detected and its owner told). */
  readonly firstRunWrites?: number;
  readonly publishes: number;
}

/** Assumptions the counts alone do not give, each stated where the bill is printed. */
export const ASSUMPTIONS = {
  runsPerMonth: 30, // idle-endpoints' default schedule, rate(1 day)
  lambdaGb: 0.5, // the sweep Lambda's 512 MB
  transitionsPerExecution: 3, // list pairs, the Map state, the end
  transitionsPerPair: 2, // each Map item's Task state and its end (retries add one each)
  rruPerReadCall: 2, // a BatchGetItem or Query of a pair's few states: 1-2 RRU (strongly consistent, <= 4 KB each)
  wruPerRunRecord: 2, // a run record (<1 KB) and its byWeek index copy
  wruPerTransaction: 15, // a state (~2 KB, 2x for a transaction, 3 index copies) and an event (~1 KB, 2x, 3 index copies)
  firstRunsPerMonth: 1, // upper bound on churn: every idle endpoint re-detected once a month
} as const;

/** One line of the bill. */
export interface BillLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitUsd: number;
  readonly usd: number;
  readonly source: string;
}

/** The monthly bill at {@link ASSUMPTIONS}' schedule. */
export function monthlyBill(c: RunCounts): BillLine[] {
  const a = ASSUMPTIONS;
  const line = (item: string, quantity: number, price: { usd: number; source: string }): BillLine => ({
    item,
    quantity,
    unitUsd: price.usd,
    usd: quantity * price.usd,
    source: price.source,
  });
  return [
    line('Lambda GB-seconds', a.runsPerMonth * c.pairs * c.lambdaSecondsPerPair * a.lambdaGb, PRICES.lambdaGbSecond),
    line('Lambda requests', a.runsPerMonth * (c.pairs + 1), PRICES.lambdaRequest),
    line('Step Functions state transitions', a.runsPerMonth * (a.transitionsPerExecution + a.transitionsPerPair * c.pairs), PRICES.stateTransition),
    line('CloudWatch metrics requested', a.runsPerMonth * c.metricsRequested, PRICES.metricRequested),
    line('DynamoDB read request units', a.runsPerMonth * c.dynamoReads * a.rruPerReadCall, PRICES.readRequestUnit),
    line(
      'DynamoDB write request units',
      a.runsPerMonth * c.dynamoWrites * a.wruPerRunRecord + a.firstRunsPerMonth * (c.firstRunWrites ?? 0) * a.wruPerTransaction,
      PRICES.writeRequestUnit,
    ),
    line('SNS publishes (owner notices)', a.firstRunsPerMonth * c.publishes, PRICES.snsPublish),
  ];
}

/** Prints the bill and what bounds the fan-out. */
export function printBill(
  bill: readonly BillLine[],
  at: { readonly slowestPairSeconds: number; readonly perPair: number; readonly firstRunTransactions: number; readonly regions: number },
): void {
  const total = bill.reduce((s, l) => s + l.usd, 0);
  console.log(`\nThe tool's own AWS bill per month at this size (${ASSUMPTIONS.runsPerMonth} daily runs, us-east-1 list prices):`);
  console.log(
    table(
      [
        ['ITEM', 'QUANTITY', 'UNIT $', 'MONTHLY $', 'SOURCE'],
        ...bill.map((l) => [l.item, l.quantity.toFixed(0), l.unitUsd.toPrecision(3), l.usd.toFixed(4), l.source]),
        ['total', '', '', total.toFixed(2), 'STS, Organizations, SageMaker and EC2 describe calls are free'],
      ],
      { right: [1, 2, 3] },
    ),
  );
  console.log(`Assumptions: ${JSON.stringify(ASSUMPTIONS)}`);
  const perEndpoint = at.slowestPairSeconds / at.perPair;
  // A state write puts ~2 KB on the openFindings index: 2 WRU there, of 1,000 WRU/s per partition.
  const openWritesPerSecond = 1000 / 2;
  const perRegion = at.firstRunTransactions / at.regions;
  console.log('\nWhat bounds it:');
  console.log(
    `  Lambda's 15 minutes per pair: the slowest report pair took ${at.slowestPairSeconds.toFixed(2)} s for ${at.perPair} endpoints on the emulator ` +
      `(${(perEndpoint * 1000).toFixed(1)} ms each): ~${Math.floor(900 / Math.max(perEndpoint, 1e-6)).toLocaleString('en-US')} endpoints per account and region ` +
      `before a pair nears 900 s; the engine stops before the deadline and leaves the rest for the next run.`,
  );
  console.log(
    `  API rate limits per account: a pair is alone on its account's quotas in its region (pairs of one account differ by region, and ` +
      `SageMaker and CloudWatch quotas are per account and region); a pair makes one GetMetricData call per 500 endpoints, far below its ` +
      `50 TPS; the per-idle-endpoint describes are what a SageMaker throttle would slow (the SDK's adaptive retry backs off).`,
  );
  console.log(
    `  The ledger's write rate: a first run at this size writes ~${at.firstRunTransactions.toFixed(0)} transactions; every open finding of a ` +
      `sweep and region shares one openFindings index partition (1,000 WRU/s, ~${openWritesPerSecond} state writes/s), so a first run needs ` +
      `>= ${(perRegion / openWritesPerSecond).toFixed(1)} s of writes per region whatever the concurrency (throttled writes are retried); daily runs after it write one run record per pair.`,
  );
}
