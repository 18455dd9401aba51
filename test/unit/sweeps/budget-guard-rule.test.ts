import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config.js';
import type { ResourceMemory } from '../../../lib/core/sweep.js';
import { assessTeamBudget, classifyBudget, type BudgetFacts } from '../../../lib/sweeps/budget-guard/rule.js';

const thresholds = { warningPercent: 80, forecastPercent: 100 };
const NOW = new Date('2026-11-20T06:00:00Z');
const MONTH_END = '2026-12-01T00:00:00.000Z';

function team(spend: { actualUsd: number; forecastUsd: number | null }, settings: Record<string, unknown> = {}): BudgetFacts {
  const config = parseConfig({
    budgets: { teams: [{ team: 'risk', monthlyLimitUsd: 1000, ...settings }] },
  });
  return { team: 'risk', budgetName: 'finops-ai-risk', limitUsd: 1000, periodEnd: MONTH_END, settings: config.budgets.teams[0]!, ...spend };
}
const assess = (facts: BudgetFacts, memory: ResourceMemory = { watchingSince: null }) =>
  assessTeamBudget({ ref: { resourceType: 'budgets:budget', resourceId: facts.budgetName, arn: '', region: 'us-east-1' }, tags: {}, facts }, NOW, memory);

describe('classifyBudget', () => {
  it.each([
    [799.99, null, 'ok'],
    [800, null, 'ok'], // exactly 80%: AWS alerts on strictly greater
    [800.01, null, 'warning'],
    [1000, null, 'warning'], // exactly 100% is not over
    [1000.01, null, 'over'],
    [100, 1000, 'ok'], // forecast exactly 100%
    [100, 1000.01, 'forecast-over'], // forecast-only breach
    [850, 1200, 'forecast-over'], // forecast outranks the warning
    [1200, 1500, 'over'],
  ] as const)('actual $%s, forecast %s -> %s', (actualUsd, forecastUsd, expected) => {
    expect(classifyBudget({ limitUsd: 1000, actualUsd, forecastUsd }, thresholds)).toBe(expected);
  });

  it('uses the team thresholds, without floating-point drift (70% of 1000 is 700)', () => {
    expect(classifyBudget({ limitUsd: 1000, actualUsd: 700, forecastUsd: null }, { warningPercent: 70, forecastPercent: 100 })).toBe('ok');
    expect(classifyBudget({ limitUsd: 1000, actualUsd: 700.01, forecastUsd: null }, { warningPercent: 70, forecastPercent: 100 })).toBe('warning');
    expect(classifyBudget({ limitUsd: 1000, actualUsd: 0, forecastUsd: 1100 }, { warningPercent: 80, forecastPercent: 110 })).toBe('ok');
  });
});

describe('assessTeamBudget', () => {
  it('a team within budget is no finding', () => {
    expect(assess(team({ actualUsd: 500, forecastUsd: 900 }))).toMatchObject({ waste: false, reason: expect.stringContaining('within budget') });
  });

  it('notify teams get a report-only finding with the figures', () => {
    const verdict = assess(team({ actualUsd: 1250, forecastUsd: 1900 }));
    expect(verdict).toMatchObject({
      waste: true,
      act: false,
      fields: { limitUsd: 1000, actualUsd: 1250, forecastUsd: 1900, budgetStatus: 'over' },
      reason: 'team risk is over its monthly AI budget: actual $1,250.00 (125%), forecast $1,900.00 (190%) of $1,000.00',
    });
    expect(verdict.waste && verdict.savings).toMatchObject({ monthlyUsd: 0, components: [] });
  });

  const tighten = { response: 'tighten', tightened: { 'idle-endpoints': { maxInvocations: 100 } } };

  it('tighten teams over budget get an action until the month ends; a warning stays report-only', () => {
    expect(assess(team({ actualUsd: 1001, forecastUsd: null }, tighten))).toMatchObject({
      waste: true,
      act: true,
      evidence: { tightenedUntil: MONTH_END, tightened: ['idle-endpoints'] },
    });
    expect(assess(team({ actualUsd: 900, forecastUsd: null }, tighten))).toMatchObject({ waste: true, act: false });
  });

  it('a forecast-only breach tightens only with tightenOnForecast', () => {
    expect(assess(team({ actualUsd: 100, forecastUsd: 1500 }, tighten))).toMatchObject({ act: false });
    expect(assess(team({ actualUsd: 100, forecastUsd: 1500 }, { ...tighten, tightenOnForecast: true }))).toMatchObject({ act: true });
  });

  it("an action in force this month is not scheduled again; last month's is", () => {
    const latest = (status: 'acted' | 'restored', tightenedUntil: string) => ({
      watchingSince: null,
      latest: { status, updatedAt: '', evidence: { tightenedUntil } },
    });
    expect(assess(team({ actualUsd: 1300, forecastUsd: null }, tighten), latest('acted', MONTH_END))).toMatchObject({
      waste: false,
      reason: expect.stringContaining(`stricter limits in force until ${MONTH_END}`),
    });
    expect(assess(team({ actualUsd: 1300, forecastUsd: null }, tighten), latest('acted', '2026-11-01T00:00:00.000Z'))).toMatchObject({
      waste: true,
      act: true,
    });
  });

  it("after an operator restored this month's tightening, the team is only notified", () => {
    const memory = { watchingSince: null, latest: { status: 'restored' as const, updatedAt: '', evidence: { tightenedUntil: MONTH_END } } };
    expect(assess(team({ actualUsd: 1300, forecastUsd: null }, tighten), memory)).toMatchObject({
      waste: true,
      act: false,
      reason: expect.stringContaining('tightening restored by an operator this month'),
    });
  });
});
