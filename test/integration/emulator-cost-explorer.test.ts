/**
 * The launcher's Cost Explorer (moto only replays canned results), through the real SDK
 * client: GetCostAndUsage over seeded daily costs (TimePeriod with End exclusive, DAILY and
 * MONTHLY, metrics, Filter with Dimensions, Tags, And/Or/Not, two GroupBy, paging) in the
 * real response shape, GetCostForecast (month-to-date daily mean x days), the failure
 * switch, the request counter, and the fall-through to moto's canned results.
 */
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  type Expression,
  type GetCostAndUsageCommandInput,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator } from '../support/integration.js';

const client = () => new CostExplorerClient({ region: 'us-east-1', endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });

const SAGEMAKER = 'Amazon SageMaker';
const BEDROCK = 'Amazon Bedrock';
const EC2 = 'Amazon Elastic Compute Cloud - Compute';

/** Two days of November and one of December; AI and non-AI rows, three teams and none. */
const ROWS = [
  { date: '2026-11-29', service: SAGEMAKER, team: 'nlp', usageType: 'USE1-Host:ml.g5.xlarge', cost: 33.79, amortizedCost: 30 },
  { date: '2026-11-29', service: SAGEMAKER, usageType: 'USE1-Host:ml.g5.xlarge', cost: 10 },
  { date: '2026-11-29', service: BEDROCK, team: 'vision', usageType: 'USE1-Claude3Haiku-input-tokens', cost: 5.5 },
  { date: '2026-11-29', service: EC2, team: 'risk', usageType: 'BoxUsage:p4d.24xlarge', cost: 786.5 },
  { date: '2026-11-29', service: EC2, team: 'risk', usageType: 'BoxUsage:m5.large', cost: 2.3 },
  { date: '2026-11-29', service: 'Amazon Simple Storage Service', team: 'nlp', usageType: 'TimedStorage-ByteHrs', cost: 1 },
  { date: '2026-11-30', service: SAGEMAKER, team: 'nlp', usageType: 'USE1-Host:ml.g5.xlarge', cost: 33.79, amortizedCost: 30 },
  { date: '2026-12-01', service: SAGEMAKER, team: 'nlp', usageType: 'USE1-Host:ml.g5.xlarge', cost: 40 },
];

/** The AI filter the digest sends: SageMaker and Bedrock, and EC2 of accelerator families. */
const AI: Expression = {
  Or: [
    { Dimensions: { Key: 'SERVICE', Values: [SAGEMAKER, BEDROCK] } },
    { And: [{ Dimensions: { Key: 'SERVICE', Values: [EC2] } }, { Dimensions: { Key: 'INSTANCE_TYPE_FAMILY', Values: ['p4d', 'g5'] } }] },
  ],
};

async function seed(body: Record<string, unknown> = {}): Promise<void> {
  await emulator().control('costexplorer/seed', { rows: ROWS, today: '2026-12-02', ...body });
}

function query(input: Partial<GetCostAndUsageCommandInput> = {}): GetCostAndUsageCommandInput {
  return { TimePeriod: { Start: '2026-11-29', End: '2026-12-02' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'], ...input };
}

async function failure(send: Promise<unknown>): Promise<{ name: string; message: string }> {
  const error = (await send.then(
    () => null,
    (e: unknown) => e,
  )) as Error | null;
  if (!error) throw new Error('expected the call to fail');
  return { name: error.name, message: error.message };
}

beforeEach(() => emulator().reset());

describe('GetCostAndUsage on the emulator', () => {
  it('groups by the team tag and SERVICE per day, `team$` for untagged cost, amounts as strings in USD', async () => {
    await seed();
    const out = await client().send(
      new GetCostAndUsageCommand(
        query({
          Filter: AI,
          GroupBy: [
            { Type: 'TAG', Key: 'team' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
          ],
        }),
      ),
    );
    expect(out.GroupDefinitions).toEqual([
      { Type: 'TAG', Key: 'team' },
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ]);
    expect(out.NextPageToken).toBeUndefined();
    expect(out.ResultsByTime?.map((r) => r.TimePeriod)).toEqual([
      { Start: '2026-11-29', End: '2026-11-30' },
      { Start: '2026-11-30', End: '2026-12-01' },
      { Start: '2026-12-01', End: '2026-12-02' },
    ]);
    const [first] = out.ResultsByTime as [ResultByTime];
    // Grouped: Total is empty, the groups carry the metrics; the m5 and S3 rows are filtered out.
    expect(first.Total).toEqual({});
    expect(first.Groups).toEqual([
      { Keys: ['team$', SAGEMAKER], Metrics: { UnblendedCost: { Amount: '10', Unit: 'USD' } } },
      { Keys: ['team$nlp', SAGEMAKER], Metrics: { UnblendedCost: { Amount: '33.79', Unit: 'USD' } } },
      { Keys: ['team$risk', EC2], Metrics: { UnblendedCost: { Amount: '786.5', Unit: 'USD' } } },
      { Keys: ['team$vision', BEDROCK], Metrics: { UnblendedCost: { Amount: '5.5', Unit: 'USD' } } },
    ]);
    // November is billed (today is 2026-12-02); December's day is an estimate.
    expect(out.ResultsByTime?.map((r) => r.Estimated)).toEqual([false, false, true]);
  });

  it('without GroupBy: Total per period; MONTHLY periods are calendar months clipped to TimePeriod (End exclusive)', async () => {
    await seed();
    const out = await client().send(new GetCostAndUsageCommand(query({ Granularity: 'MONTHLY', Filter: AI, Metrics: ['UnblendedCost', 'AmortizedCost'] })));
    expect(out.GroupDefinitions).toBeUndefined();
    expect(out.ResultsByTime).toEqual([
      {
        TimePeriod: { Start: '2026-11-29', End: '2026-12-01' },
        // 33.79 + 10 + 5.5 + 786.5 + 33.79 = 869.58; amortized: 30 + 10 + 5.5 + 786.5 + 30 = 862.
        Total: { UnblendedCost: { Amount: '869.58', Unit: 'USD' }, AmortizedCost: { Amount: '862', Unit: 'USD' } },
        Groups: [],
        Estimated: false,
      },
      {
        TimePeriod: { Start: '2026-12-01', End: '2026-12-02' },
        Total: { UnblendedCost: { Amount: '40', Unit: 'USD' }, AmortizedCost: { Amount: '40', Unit: 'USD' } },
        Groups: [],
        Estimated: true,
      },
    ]);
    // End is exclusive: a period ending on 2026-12-01 has no December cost (every November row, AI or not: 872.88).
    const november = await client().send(new GetCostAndUsageCommand(query({ TimePeriod: { Start: '2026-11-01', End: '2026-12-01' }, Granularity: 'MONTHLY' })));
    expect(november.ResultsByTime?.[0]?.Total?.UnblendedCost?.Amount).toBe('872.88');
  });

  it('filters on tags (values and ABSENT) and Not', async () => {
    await seed();
    const total = async (filter: Expression) =>
      (await client().send(new GetCostAndUsageCommand(query({ Granularity: 'MONTHLY', Filter: filter })))).ResultsByTime?.map(
        (r) => r.Total?.UnblendedCost?.Amount,
      );
    expect(await total({ Tags: { Key: 'team', Values: ['nlp'] } })).toEqual(['68.58', '40']);
    expect(await total({ Tags: { Key: 'team', MatchOptions: ['ABSENT'] } })).toEqual(['10', '0']);
    expect(await total({ And: [AI, { Not: { Tags: { Key: 'team', Values: ['risk', 'nlp'] } } }] })).toEqual(['15.5', '0']);
  });

  it('answers every group as `team$` when the tag is not an activated cost allocation tag', async () => {
    await seed({ activatedTags: [] });
    const out = await client().send(new GetCostAndUsageCommand(query({ Granularity: 'MONTHLY', Filter: AI, GroupBy: [{ Type: 'TAG', Key: 'team' }] })));
    expect(out.ResultsByTime?.map((r) => r.Groups)).toEqual([
      [{ Keys: ['team$'], Metrics: { UnblendedCost: { Amount: '869.58', Unit: 'USD' } } }],
      [{ Keys: ['team$'], Metrics: { UnblendedCost: { Amount: '40', Unit: 'USD' } } }],
    ]);
  });

  it('pages with NextPageToken (whole periods, at most pageSize groups a page) and rejects a token of another request', async () => {
    await seed({ pageSize: 2 });
    const input = query({ Filter: AI, GroupBy: [{ Type: 'TAG', Key: 'team' }] });
    const first = await client().send(new GetCostAndUsageCommand(input));
    // Day 1 has 4 groups: alone on the first page, however small pageSize is.
    expect(first.ResultsByTime?.map((r) => r.TimePeriod?.Start)).toEqual(['2026-11-29']);
    expect(first.NextPageToken).toEqual(expect.any(String));
    const pages: ResultByTime[][] = [];
    let token: string | undefined;
    do {
      const page = await client().send(new GetCostAndUsageCommand({ ...input, ...(token ? { NextPageToken: token } : {}) }));
      pages.push(page.ResultsByTime ?? []);
      token = page.NextPageToken;
    } while (token);
    expect(pages.map((p) => p.map((r) => r.TimePeriod?.Start))).toEqual([['2026-11-29'], ['2026-11-30', '2026-12-01']]);
    const changed = await failure(client().send(new GetCostAndUsageCommand({ ...input, Metrics: ['AmortizedCost'], NextPageToken: first.NextPageToken })));
    expect(changed.name).toBe('RequestChangedException');
    expect((await failure(client().send(new GetCostAndUsageCommand({ ...input, NextPageToken: 'garbage' })))).name).toBe('InvalidNextTokenException');
  });

  it('rejects what Cost Explorer rejects', async () => {
    await seed();
    const reject = async (input: Partial<GetCostAndUsageCommandInput>) => failure(client().send(new GetCostAndUsageCommand(query(input))));
    expect(await reject({ TimePeriod: { Start: '2026-12-01', End: '2026-12-01' } })).toEqual({
      name: 'ValidationException',
      message: 'Start date (and hour) should be before end date (and hour)',
    });
    expect(
      (
        await reject({
          GroupBy: [
            { Type: 'TAG', Key: 'team' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
            { Type: 'DIMENSION', Key: 'REGION' },
          ],
        })
      ).message,
    ).toBe('You can only group by up to two different groups');
    expect((await reject({ Metrics: ['Dollars'] })).name).toBe('ValidationException');
    expect((await reject({ Filter: { Dimensions: { Key: 'SERVICE', Values: ['Amazon'], MatchOptions: ['CONTAINS'] } } })).name).toBe('ValidationException');
    expect((await reject({ Filter: { Dimensions: { Key: 'SERVICE', Values: [SAGEMAKER] }, Tags: { Key: 'team', Values: ['nlp'] } } })).name).toBe(
      'ValidationException',
    );
  });

  it('falls through to moto’s canned results when some were queued', async () => {
    await seed();
    const canned = { ResultsByTime: [{ TimePeriod: { Start: '2024-01-01', End: '2024-01-02' }, Total: {}, Groups: [], Estimated: false }] };
    const res = await fetch(`${inject('emulatorEndpoint')}/moto-api/static/ce/cost-and-usage-results`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ results: [canned] }),
    });
    expect(res.status).toBe(201);
    const out = await client().send(new GetCostAndUsageCommand(query()));
    expect(out.ResultsByTime?.[0]?.TimePeriod).toEqual({ Start: '2024-01-01', End: '2024-01-02' });
  });
});

describe('GetCostForecast on the emulator', () => {
  it('forecasts the month-to-date daily mean x days, per month and in total', async () => {
    // Today 2026-12-04: December 1-3 cost 40 + 20 + 30 = 90 of SageMaker, a mean of $30/day.
    await emulator().control('costexplorer/seed', {
      today: '2026-12-04',
      rows: [...ROWS, { date: '2026-12-02', service: SAGEMAKER, cost: 20 }, { date: '2026-12-03', service: SAGEMAKER, team: 'nlp', cost: 30 }],
    });
    const out = await client().send(
      new GetCostForecastCommand({
        TimePeriod: { Start: '2026-12-04', End: '2027-01-02' },
        Metric: 'UNBLENDED_COST',
        Granularity: 'MONTHLY',
        Filter: AI,
        PredictionIntervalLevel: 80,
      }),
    );
    // 28 days of December x $30 = $840; 1 day of January = $30.
    expect(out.Total).toEqual({ Amount: '870', Unit: 'USD' });
    expect(out.ForecastResultsByTime).toEqual([
      {
        TimePeriod: { Start: '2026-12-04', End: '2027-01-01' },
        MeanValue: '840',
        PredictionIntervalLowerBound: '756',
        PredictionIntervalUpperBound: '924',
      },
      { TimePeriod: { Start: '2027-01-01', End: '2027-01-02' }, MeanValue: '30', PredictionIntervalLowerBound: '27', PredictionIntervalUpperBound: '33' },
    ]);
  });

  it('rejects a start before today and answers DataUnavailableException without history', async () => {
    await seed();
    const forecast = (start: string) =>
      failure(client().send(new GetCostForecastCommand({ TimePeriod: { Start: start, End: '2027-01-01' }, Metric: 'UNBLENDED_COST', Granularity: 'MONTHLY' })));
    expect(await forecast('2026-12-01')).toMatchObject({ name: 'ValidationException', message: expect.stringContaining('no later than the current date') });
    await emulator().control('costexplorer/seed', { rows: [], today: '2026-12-02' });
    expect(await forecast('2026-12-02')).toEqual({ name: 'DataUnavailableException', message: 'Insufficient amount of historical data to generate forecast.' });
  });
});

describe('the failure switch and the request counter', () => {
  it('answers Cost Explorer not enabled, access denied and data unavailable as AWS does, and counts every request', async () => {
    await seed();
    const send = () => client().send(new GetCostAndUsageCommand(query()));
    await emulator().control('costexplorer/fail', { mode: 'not-enabled', count: 1 });
    expect(await failure(send())).toEqual({ name: 'AccessDeniedException', message: 'User not enabled for cost explorer access' });
    await send(); // the switch was for one request
    await emulator().control('costexplorer/fail', { mode: 'access-denied' });
    expect(await failure(send())).toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: ce:GetCostAndUsage'),
    });
    expect(
      await failure(
        client().send(new GetCostForecastCommand({ TimePeriod: { Start: '2026-12-02', End: '2027-01-01' }, Metric: 'UNBLENDED_COST', Granularity: 'MONTHLY' })),
      ),
    ).toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('ce:GetCostForecast') });
    await emulator().control('costexplorer/fail', { mode: 'data-unavailable' });
    expect((await failure(send())).name).toBe('DataUnavailableException');
    await emulator().control('costexplorer/fail', { mode: 'off' });
    await send();
    expect(await emulator().control('costexplorer/requests')).toEqual({ GetCostAndUsage: 5, GetCostForecast: 1, failed: 4, total: 6 });
    await emulator().reset();
    expect(await emulator().control('costexplorer/requests')).toEqual({ GetCostAndUsage: 0, GetCostForecast: 0, failed: 0, total: 0 });
  });
});
