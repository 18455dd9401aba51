/**
 * The digest with its spend section, on the hand-built ledger and Cost Explorer reading
 * (`test/support/digest-ledger.ts`, `test/support/spend-fixture.ts`): the KPIs by hand,
 * the JSON contract's exact field names, the text (lines under 100 columns, English and
 * Japanese), the HTML, the CSV rows, and what each problem says.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SpendRead } from '../../../lib/digest/ai-spend.js';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { renderCsv } from '../../../lib/digest/render-csv.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { renderText } from '../../../lib/digest/render-text.js';
import { weeklyDigest, type DigestInputs, type WeeklyDigest } from '../../../lib/digest/weekly-digest.js';
import { displayWidth } from '../../../lib/format/index.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';
import { fixtureSpendInput } from '../../support/spend-fixture.js';

let inputs: DigestInputs;
let digest: WeeklyDigest;

const digestWith = (read?: SpendRead) => weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS, spend: fixtureSpendInput(read) });

beforeAll(async () => {
  inputs = await loadDigestInputs(seededLedger(), {
    week: WEEK,
    sweeps: ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'],
    regions: ['us-east-1'],
    scheduledSweeps: [],
  });
  digest = digestWith();
});

describe('the JSON contract', () => {
  it('adds `spend` and `unitCosts` with exactly the agreed field names', () => {
    const json = JSON.parse(JSON.stringify(digest)) as Record<string, unknown> & { spend: Record<string, unknown>; unitCosts: Record<string, unknown>[] };
    expect(Object.keys(json.spend).sort()).toEqual(
      ['metric', 'weekUsd', 'previousWeekUsd', 'monthToDateUsd', 'forecastMonthUsd', 'unallocatedUsd', 'byTeam', 'byService', 'weeks'].sort(),
    );
    expect(Object.keys((json.spend.byTeam as object[])[0]!).sort()).toEqual(['team', 'weekUsd', 'previousWeekUsd', 'monthToDateUsd'].sort());
    expect(Object.keys((json.spend.byService as object[])[0]!).sort()).toEqual(['service', 'weekUsd']);
    expect(Object.keys((json.spend.weeks as object[])[0]!).sort()).toEqual(['usd', 'week']);
    expect(Object.keys(json.unitCosts[0]!).sort()).toEqual(['resourceId', 'team', 'invocations', 'costUsd', 'usdPer1kInferences'].sort());
  });

  it('leaves a digest without the spend section as it was', () => {
    const without = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS });
    expect(without.spend).toBeUndefined();
    expect(without.unitCosts).toBeUndefined();
    expect(without.spendDetail).toBeUndefined();
    expect(Object.keys(without.kpis)).not.toContain('idleSpendShare');
  });
});

describe('KPIs that need AI spend', () => {
  it('are computed as documented', () => {
    expect(digest.kpis).toMatchObject({
      // $1,470 in 168 h x 730 h = $6,387.50/month.
      aiSpendRunRateMonthlyUsd: 6387.5,
      // Open waste: $758 pending + $1,000 protected = $1,758 / $6,387.50 = 27.52%.
      idleSpendShare: 0.2752,
      // $938 realized / $1,470 AI spend = 63.81%.
      savingsShareOfSpend: 0.6381,
      // $70 untagged / $1,470 = 4.76%.
      unallocatedSpendShare: 0.0476,
      // October: forecast $6,000, actual $5,580: 1 - 420 / 5,580 = 92.47%.
      forecastAccuracy: 0.9247,
      // Two open rightsizing recommendations; the fixture's evidence states no peaks.
      utilization: { resources: 2, medianPeakGpuPercent: null, medianPeakCpuPercent: null },
    });
    // The KPIs the digest had are unchanged.
    expect(digest.kpis.wasteReducedUsd).toBe(938);
  });
});

describe('text', () => {
  it('shows the spend by team with the unallocated row and the total, by service, the unit costs and the KPIs', () => {
    const text = renderText(digest);
    expect(text).toContain('== AI spend, UnblendedCost, teams by tag "team", 2026-11-16 to 2026-11-22 (UTC)');
    expect(text).toContain('AI spend this week            $1,470.00 (week before $1,260.00 +16.7%)');
    expect(text).toContain('Month to date (2026-11)       $4,170.00; month forecast $5,850.00');
    expect(text).toMatch(/\(unallocated\) +\$70\.00 +\$70\.00 +\$220\.00/);
    expect(text).toMatch(/TOTAL +\$1,470\.00 +\$1,260\.00 +\$4,170\.00/);
    expect(text).toMatch(/Amazon SageMaker +\$900\.00/);
    expect(text).toMatch(/chat-llm +nlp +120,000 +\$236\.54 +\$1\.9712/);
    expect(text).toContain('Forecast accuracy             92.5% (2026-10: forecast $6,000.00, actual $5,580.00)');
    expect(text).toContain('Cost Explorer requests: 3 (USD 0.01 each).');
    for (const locale of ['en', 'ja'] as const) {
      for (const line of renderText(digest, { locale }).split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(100);
    }
    expect(renderText(digest, { locale: 'ja' })).toContain('今週の AI 支出');
  });

  it('says which problem it is and how to fix it, and the digest still renders', () => {
    const cases: [SpendRead, string, string][] = [
      [
        {
          ok: false,
          problem: 'not-enabled',
          message: 'AccessDeniedException: User not enabled for cost explorer access',
          metric: 'UnblendedCost',
          tagKey: 'team',
          requests: 1,
        },
        'Cost Explorer is not enabled for this account',
        'Fix: open Cost Explorer once in the Billing console',
      ],
      [
        {
          ok: false,
          problem: 'access-denied',
          message: 'AccessDeniedException: User: x is not authorized to perform: ce:GetCostAndUsage',
          metric: 'UnblendedCost',
          tagKey: 'team',
          requests: 1,
        },
        'The digest may not read Cost Explorer (access denied)',
        'Fix: allow ce:GetCostAndUsage and ce:GetCostForecast to the digest role',
      ],
    ];
    for (const [read, problem, fix] of cases) {
      const text = renderText(digestWith(read));
      expect(text).toContain(problem);
      expect(text).toContain(fix);
      expect(text).toContain('Cost Explorer answered: AccessDeniedException');
      expect(text).toContain('== Trust signals');
    }
    const untagged = fixtureSpendInput().read as Extract<SpendRead, { ok: true }>;
    const text = renderText(digestWith({ ok: true, reading: { ...untagged.reading, daily: untagged.reading.daily.map((c) => ({ ...c, team: null })) } }));
    expect(text).toContain('No AI cost carries the tag "team": all of it is unallocated.');
    expect(text).toContain('Fix: activate "team" in Billing > Cost allocation tags');
  });
});

describe('unit costs in several regions', () => {
  it('name the region beside each endpoint', () => {
    const input = fixtureSpendInput();
    const basis = input.unitCosts!.basis.map((b, i) => (i === 1 ? { ...b, region: 'ap-northeast-1' } : b));
    const text = renderText(weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: SWEEPS, spend: { ...input, unitCosts: { ...input.unitCosts!, basis } } }));
    expect(text).toMatch(/chat-llm \(us-east-1\) +nlp/);
    expect(text).toMatch(/vision-detector \(ap-northeast-1\) +vision/);
  });
});

describe('HTML and CSV', () => {
  it('HTML: the stacked chart by team beside the savings chart, the tables, the unit-cost arithmetic, the KPI rows', () => {
    const html = renderHtml(digest);
    expect(html.indexOf('id="ai-spend-chart"')).toBeGreaterThan(html.indexOf('id="weekly-savings-chart"'));
    // 12 weeks x 4 bands (3 teams and the unallocated row).
    expect(html.match(/<rect class="spend"/g)).toHaveLength(48);
    expect(html).toContain('1 x ml.g5.xlarge x 168 h x $1.408/h; fixture (2026-11-01)');
    expect(html).toContain('<td>Forecast accuracy</td>');
    expect(renderHtml(digest, { locale: 'ja' })).toContain('チーム別の週次 AI 支出');
  });

  it('CSV: one row per team, the unallocated row, the total, each service, week and unit cost', () => {
    const rows: Record<string, string>[] = parse(renderCsv(digest), { columns: true });
    const spend = rows.filter((r) => r.x_Record === 'spend');
    const section = (name: string) => spend.filter((r) => r.x_Section === name);
    expect(section('team').map((r) => [r.x_Team, r.x_Spend, r.x_PreviousWeekSpend, r.x_MonthToDateSpend])).toEqual([
      ['nlp', '700', '700', '2200'],
      ['vision', '560', '350', '1310'],
      ['risk', '140', '140', '440'],
    ]);
    expect(section('unallocated')[0]).toMatchObject({ x_Spend: '70', x_Team: '' });
    const cents = (list: Record<string, string>[]) => list.reduce((s, r) => s + Math.round(Number(r.x_Spend) * 100), 0);
    expect(cents([...section('team'), ...section('unallocated')])).toBe(cents(section('total')));
    expect(section('service')).toHaveLength(3);
    expect(section('week')).toHaveLength(12);
    expect(section('forecast')[0]).toMatchObject({
      x_Spend: '5850',
      ChargePeriodStart: '2026-11-01T00:00:00.000Z',
      ChargePeriodEnd: '2026-12-01T00:00:00.000Z',
    });
    expect(rows.filter((r) => r.x_Record === 'unit-cost').map((r) => [r.ResourceId, r.x_Invocations, r.x_Spend, r.x_CostPer1kInferences])).toEqual([
      ['chat-llm', '120000', '236.54', '1.9712'],
      ['vision-detector', '900000', '247.43', '0.2749'],
    ]);
  });
});
