/**
 * The digest's spend section on the emulator: a quarter of spend seeded in the emulated
 * Cost Explorer (`lib/local/seed-spend.ts`), SageMaker endpoints with their traffic,
 * and the digest built as the Lambda and the CLI build it (`spend.enabled`).
 *
 * Shown: team rows plus unallocated equal the total; the cost per 1,000 inferences of a
 * seeded endpoint, by hand; the Cost Explorer requests (under 10); the month's forecast
 * kept in the ledger and next month's forecast accuracy; and the bad inputs (Cost
 * Explorer not enabled, access denied, tag not activated): the digest still goes out
 * and says which problem it is and how to fix it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config.js';
import { addUsd } from '../../lib/digest/realized-savings.js';
import { digestFromEnv, publishDigestFromEnv } from '../../lib/digest/run-digest.js';
import { isAiSpendRow, quarterOfSpend, seedSpend, type SpendSeedRow } from '../../lib/local/seed-spend.js';
import { emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const WEEK = '2026-W47';
const NOW = new Date('2026-11-23T08:00:00Z');
const config = parseConfig({ regions: [REGION], spend: { enabled: true } });
/** 13 weeks of spend, Monday 2026-09-07 to Sunday 2026-12-06. */
const ROWS = quarterOfSpend(new Date('2026-12-07T00:00:00Z'));

const ESTATE = [
  {
    name: 'chat-llm',
    variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 2 }],
    ageDays: 30,
    tags: { owner: 'raj@example.com', team: 'nlp' },
    // 7 x 10,000 invocations within the week; 99,999 on Saturday 2026-11-14, the week before.
    traffic: [
      ...[0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5].map((daysAgo) => ({ variant: 'AllTraffic', daysAgo, count: 10_000 })),
      { variant: 'AllTraffic', daysAgo: 9, count: 99_999 },
    ],
  },
  {
    // Created Friday 2026-11-20 08:00: 64 h in the week.
    name: 'new-llm',
    variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }],
    ageDays: 3,
    tags: { owner: 'raj@example.com', team: 'nlp' },
    traffic: [{ variant: 'AllTraffic', daysAgo: 1, count: 5_000 }],
  },
  {
    name: 'faq-bot-serverless',
    variants: [{ name: 'AllTraffic' }],
    ageDays: 100,
    tags: { team: 'support' },
    traffic: [{ variant: 'AllTraffic', daysAgo: 1, count: 300 }],
  },
];

let env: Record<string, string>;

const sum = (rows: readonly SpendSeedRow[], from: string, to: string, team?: string | null) =>
  addUsd(...rows.filter((r) => isAiSpendRow(r) && r.date >= from && r.date < to && (team === undefined || (r.team ?? null) === team)).map((r) => r.cost));

beforeAll(async () => {
  ({ env } = await freshEstate(NOW, ESTATE));
  await seedSpend((p, b) => emulator().control(p, b), ROWS, { today: '2026-11-23' });
}, 120_000);

describe('the spend section on the emulator', () => {
  it('team rows plus unallocated equal the total, by hand, in 3 Cost Explorer requests', async () => {
    const digest = await digestFromEnv({ config, now: NOW, week: WEEK, env, clients: emulatorClients() });
    const spend = digest.spend!;
    // W47 (Nov 16-22), per day: nlp $33.79 + Bedrock $12.40 x 1.03^10 = $16.66 -> $50.45 x 7 = $353.15;
    // vision $35.35 + $24.14 = $59.49 x 7 = $416.43; risk p4d $262.18 x 5 weekdays = $1,310.90
    // (the m5.large is not AI); untagged $1.20 + $3.10 = $4.30 x 7 = $30.10. S3 is not AI.
    expect(spend.byTeam).toEqual([
      { team: 'risk', weekUsd: 1310.9, previousWeekUsd: 1310.9, monthToDateUsd: sum(ROWS, '2026-11-01', '2026-11-23', 'risk') },
      { team: 'vision', weekUsd: 416.43, previousWeekUsd: 416.43, monthToDateUsd: sum(ROWS, '2026-11-01', '2026-11-23', 'vision') },
      // W46's Bedrock: $12.40 x 1.03^9 = $16.18 -> $49.97 x 7 = $349.79.
      { team: 'nlp', weekUsd: 353.15, previousWeekUsd: 349.79, monthToDateUsd: sum(ROWS, '2026-11-01', '2026-11-23', 'nlp') },
    ]);
    expect(spend.unallocatedUsd).toBe(30.1);
    expect(spend.weekUsd).toBe(2110.58);
    expect(addUsd(...spend.byTeam.map((t) => t.weekUsd), spend.unallocatedUsd)).toBe(spend.weekUsd);
    expect(addUsd(...spend.byTeam.map((t) => t.monthToDateUsd), digest.spendDetail!.unallocated.monthToDateUsd)).toBe(spend.monthToDateUsd);
    expect(spend.weekUsd).toBe(sum(ROWS, '2026-11-16', '2026-11-23'));
    expect(spend.byService.reduce((s, x) => addUsd(s, x.weekUsd), 0)).toBe(spend.weekUsd);
    expect(spend.weeks).toHaveLength(12);
    expect(spend.weeks.at(-1)).toEqual({ week: WEEK, usd: 2110.58 });
    // The seed starts on 2026-09-07 (W37): W36 has no spend.
    expect(spend.weeks[0]).toEqual({ week: '2026-W36', usd: 0 });
    expect(digest.spendDetail).toMatchObject({ status: 'ok', costExplorerRequests: 3 });
    expect(await emulator().control('costexplorer/requests')).toMatchObject({ GetCostAndUsage: 2, GetCostForecast: 1, total: 3 });
  });

  it('cost per 1,000 inferences of a seeded endpoint, by hand', async () => {
    const digest = await digestFromEnv({ config, now: NOW, week: WEEK, env, clients: emulatorClients() });
    const lines = Object.fromEntries(digest.unitCosts!.map((l) => [l.resourceId, l]));
    // chat-llm: 2 instances x 168 h x $0.7364/h (bundled ml.g4dn.xlarge, us-east-1) = $247.4304 -> $247.43;
    // 70,000 invocations in the week (not the 99,999 of the week before): 247.43 / 70,000 x 1,000 = $3.5347.
    expect(lines['chat-llm']).toEqual({ resourceId: 'chat-llm', team: 'nlp', invocations: 70_000, costUsd: 247.43, usdPer1kInferences: 3.5347 });
    // new-llm: 64 h x $0.7364 = $47.1296 -> $47.13; / 5,000 x 1,000 = $9.426.
    expect(lines['new-llm']).toMatchObject({ invocations: 5_000, costUsd: 47.13, usdPer1kInferences: 9.426 });
    // Serverless bills per request duration, not instance-hours: unknown, never guessed.
    expect(lines['faq-bot-serverless']).toMatchObject({ invocations: 300, costUsd: null, usdPer1kInferences: null });
    expect(digest.spendDetail!.unitCostBasis.find((b) => b.resourceId === 'chat-llm')!.terms).toEqual(['2 x ml.g4dn.xlarge x 168 h x $0.7364/h']);
  });

  it("keeps the month's first forecast in the ledger, and next month's digest says how accurate it was", async () => {
    const first = await digestFromEnv({ config, now: NOW, week: WEEK, env, clients: emulatorClients() });
    const forecastItems = async () => (await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => String(i.pk).startsWith('FORECAST#'));
    expect(await forecastItems()).toEqual([
      {
        pk: 'FORECAST#UnblendedCost',
        sk: 'MONTH#2026-11',
        kind: 'spend-forecast',
        month: '2026-11',
        metric: 'UnblendedCost',
        forecastUsd: first.spend!.forecastMonthUsd,
        madeAt: expect.any(String),
        week: WEEK,
      },
    ]);
    // The emulator forecasts Nov 23-30 at November's daily mean so far x 8 days.
    const mtd = sum(ROWS, '2026-11-01', '2026-11-23');
    expect(first.spend!.forecastMonthUsd).toBe(addUsd(mtd, addUsd((mtd / 22) * 8)));

    // December 7: W49 (Nov 30 - Dec 6). November's actual against the forecast kept on Nov 23.
    await seedSpend((p, b) => emulator().control(p, b), ROWS, { today: '2026-12-07' });
    const december = await digestFromEnv({ config, now: new Date('2026-12-07T08:00:00Z'), week: '2026-W49', env, clients: emulatorClients() });
    const actual = sum(ROWS, '2026-11-01', '2026-12-01');
    const forecast = first.spend!.forecastMonthUsd!;
    expect(december.spendDetail!.previousMonth).toMatchObject({ month: '2026-11', actualUsd: actual, forecast: { forecastUsd: forecast, week: WEEK } });
    expect(december.kpis.forecastAccuracy).toBe(Math.round((1 - Math.abs(forecast - actual) / actual) * 10_000) / 10_000);
    expect(await forecastItems()).toHaveLength(2);
    await seedSpend((p, b) => emulator().control(p, b), ROWS, { today: '2026-11-23' });
  });
});

describe('bad input: the digest still goes out, saying which problem and how to fix it', () => {
  async function delivered(): Promise<{ text: string; spend: unknown; status: string | undefined }> {
    const { digest, delivery } = await publishDigestFromEnv({ config, now: NOW, week: WEEK, env, clients: emulatorClients({ maxAttempts: 1 }) });
    expect(delivery.messageId).toEqual(expect.any(String));
    const text = (await emulator().publishedMessages()).find((m) => m.messageId === delivery.messageId)!.message;
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    return { text, spend: digest.spend, status: digest.spendDetail?.status };
  }

  it('Cost Explorer not enabled', async () => {
    await emulator().control('costexplorer/fail', { mode: 'not-enabled' });
    try {
      const out = await delivered();
      expect(out).toMatchObject({ spend: null, status: 'not-enabled' });
      expect(out.text).toContain('Cost Explorer is not enabled for this account, so AI spend is not shown.');
      expect(out.text).toContain('Fix: open Cost Explorer once in the Billing console; its data appears within 24 hours.');
      expect(out.text).toContain('Cost Explorer answered: AccessDeniedException: User not enabled for cost explorer access');
      // The unit costs do not depend on Cost Explorer.
      expect(out.text).toMatch(/chat-llm +nlp +70,000 +\$247\.43 +\$3\.5347/);
    } finally {
      await emulator().control('costexplorer/fail', { mode: 'off' });
    }
  });

  it('access denied', async () => {
    await emulator().control('costexplorer/fail', { mode: 'access-denied' });
    try {
      const out = await delivered();
      expect(out.status).toBe('access-denied');
      expect(out.text).toContain('Fix: allow ce:GetCostAndUsage and ce:GetCostForecast to the digest role (docs/iam.md).');
    } finally {
      await emulator().control('costexplorer/fail', { mode: 'off' });
    }
  });

  it('the team tag is not an activated cost allocation tag (no tag groups)', async () => {
    await seedSpend((p, b) => emulator().control(p, b), ROWS, { today: '2026-11-23', activatedTags: [] });
    try {
      const out = await delivered();
      expect(out).toMatchObject({ status: 'tag-not-activated', spend: { weekUsd: 2110.58, unallocatedUsd: 2110.58, byTeam: [] } });
      expect(out.text).toContain('No AI cost carries the tag "team": all of it is unallocated.');
      expect(out.text).toContain('Fix: activate "team" in Billing > Cost allocation tags');
    } finally {
      await seedSpend((p, b) => emulator().control(p, b), ROWS, { today: '2026-11-23' });
    }
  });
});
