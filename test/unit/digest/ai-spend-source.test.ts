/**
 * The Cost Explorer reads of the spend section against a scripted client: which
 * requests, filtered and grouped how, paged, counted; and how each error becomes
 * the section's problem (the forecast's own failure leaves the rest).
 */
import { GetCostAndUsageCommand, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import { describe, expect, it } from 'vitest';
import { spendPeriods } from '../../../lib/digest/ai-spend.js';
import { aiSpendFilter, problemOf, readAiSpend, tagValue } from '../../../lib/digest/ai-spend-source.js';
import { DEFAULT_SPEND_CONFIG } from '../../../lib/config/spend-config.js';
import { NOW, WEEK } from '../../support/digest-ledger.js';

const periods = spendPeriods(WEEK, NOW, 12);
const config = { ...DEFAULT_SPEND_CONFIG, aiInstanceFamilies: ['p4d', 'g5'] };

type Command = GetCostAndUsageCommand | GetCostForecastCommand;

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { attempts: 1 } });
}

/** A client that answers from `answer` and records every command. */
function scripted(answer: (command: Command, index: number) => unknown) {
  const sent: Command[] = [];
  return {
    sent,
    client: {
      send: (command: Command) => {
        sent.push(command);
        try {
          return Promise.resolve({ $metadata: { attempts: 1 }, ...(answer(command, sent.length - 1) as object) });
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    } as never,
  };
}

const day = (date: string, groups: [string, string][]) => ({
  TimePeriod: { Start: date, End: date },
  Total: {},
  Groups: groups.map(([key, amount]) => ({ Keys: [key], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } })),
});

describe('readAiSpend', () => {
  it('sends 2 GetCostAndUsage (daily by tag, paged; the week by service) and 1 GetCostForecast, all filtered to AI spend', async () => {
    const { client, sent } = scripted((command, i) => {
      if (command instanceof GetCostForecastCommand) return { Total: { Amount: '1680.25', Unit: 'USD' } };
      const input = command.input;
      if (input.GroupBy?.[0]?.Type === 'TAG') {
        return i === 0
          ? {
              ResultsByTime: [
                day('2026-11-16', [
                  ['team$nlp', '100.004'],
                  ['team$', '10'],
                ]),
              ],
              NextPageToken: 'p2',
            }
          : { ResultsByTime: [day('2026-11-17', [['team$vision', '80']])] };
      }
      return { ResultsByTime: [{ Groups: [{ Keys: ['Amazon SageMaker'], Metrics: { UnblendedCost: { Amount: '190.004' } } }] }] };
    });
    const read = await readAiSpend(client, { config, tagKey: 'team', periods, previousMonthForecast: null });
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.reading).toMatchObject({
      daily: [
        { date: '2026-11-16', team: 'nlp', usd: 100.004 },
        { date: '2026-11-16', team: null, usd: 10 },
        { date: '2026-11-17', team: 'vision', usd: 80 },
      ],
      weekByService: [{ service: 'Amazon SageMaker', usd: 190.004 }],
      forecastRemainderUsd: 1680.25,
      requests: 4,
    });
    const filter = aiSpendFilter(config);
    expect(sent.map((c) => c.input)).toEqual([
      {
        TimePeriod: { Start: '2026-08-31', End: '2026-11-23' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: filter,
        GroupBy: [{ Type: 'TAG', Key: 'team' }],
      },
      {
        TimePeriod: { Start: '2026-08-31', End: '2026-11-23' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: filter,
        GroupBy: [{ Type: 'TAG', Key: 'team' }],
        NextPageToken: 'p2',
      },
      {
        TimePeriod: { Start: '2026-11-16', End: '2026-11-23' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: filter,
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      },
      { TimePeriod: { Start: '2026-11-23', End: '2026-12-01' }, Metric: 'UNBLENDED_COST', Granularity: 'MONTHLY', Filter: filter },
    ]);
    expect(filter).toEqual({
      Or: [
        { Dimensions: { Key: 'SERVICE', Values: ['Amazon SageMaker', 'Amazon Bedrock'] } },
        {
          And: [
            { Dimensions: { Key: 'SERVICE', Values: ['Amazon Elastic Compute Cloud - Compute'] } },
            { Dimensions: { Key: 'INSTANCE_TYPE_FAMILY', Values: ['p4d', 'g5'] } },
          ],
        },
      ],
    });
    expect(aiSpendFilter({ ...config, aiInstanceFamilies: [] })).toEqual({ Dimensions: { Key: 'SERVICE', Values: ['Amazon SageMaker', 'Amazon Bedrock'] } });
  });

  it('asks for the configured metric, and its forecast name', async () => {
    const { client, sent } = scripted((command) => (command instanceof GetCostForecastCommand ? { Total: { Amount: '1' } } : { ResultsByTime: [] }));
    await readAiSpend(client, { config: { ...config, metric: 'NetAmortizedCost' }, tagKey: 'cost-center', periods, previousMonthForecast: null });
    expect(sent.map((c) => ('Metrics' in c.input ? c.input.Metrics : c.input.Metric))).toEqual([
      ['NetAmortizedCost'],
      ['NetAmortizedCost'],
      'NET_AMORTIZED_COST',
    ]);
    expect((sent[0]!.input as { GroupBy: unknown }).GroupBy).toEqual([{ Type: 'TAG', Key: 'cost-center' }]);
  });

  it('turns Cost Explorer not enabled, access denied and no data into the problem, counting the failed request', async () => {
    const cases: [Error, string][] = [
      [awsError('AccessDeniedException', 'User not enabled for cost explorer access'), 'not-enabled'],
      [awsError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/r/x is not authorized to perform: ce:GetCostAndUsage'), 'access-denied'],
      [awsError('DataUnavailableException', 'Data is not available.'), 'data-unavailable'],
      [awsError('LimitExceededException', 'Rate limit exceeded'), 'failed'],
    ];
    for (const [error, problem] of cases) {
      const { client } = scripted(() => {
        throw error;
      });
      const read = await readAiSpend(client, { config, tagKey: 'team', periods, previousMonthForecast: null });
      expect(read).toEqual({ ok: false, problem, message: `${error.name}: ${error.message}`, metric: 'UnblendedCost', tagKey: 'team', requests: 1 });
      expect(problemOf(error)).toBe(problem);
    }
  });

  it('a forecast that fails (too little history) leaves the rest of the reading', async () => {
    const { client } = scripted((command) => {
      if (command instanceof GetCostForecastCommand) throw awsError('DataUnavailableException', 'Insufficient amount of historical data to generate forecast.');
      return { ResultsByTime: [] };
    });
    const read = await readAiSpend(client, { config, tagKey: 'team', periods, previousMonthForecast: null });
    expect(read).toMatchObject({
      ok: true,
      reading: {
        forecastRemainderUsd: null,
        forecastProblem: 'DataUnavailableException: Insufficient amount of historical data to generate forecast.',
        requests: 3,
      },
    });
  });

  it('reads tag group keys', () => {
    expect(tagValue('team$nlp')).toBe('nlp');
    expect(tagValue('team$')).toBeNull();
    expect(tagValue('cost$center$a$b')).toBe('center$a$b');
  });
});
