import { describe, expect, it } from 'vitest';
import { teamBudgetDefinitions, endOfBudgetMonth } from '../../../lib/budgets/team-budgets.js';
import { parseConfig } from '../../../lib/config.js';
import { ConfigError } from '../../../lib/core/errors.js';

describe('teamBudgetDefinitions', () => {
  it('derives each team budget: name, tag and service filters, alerts and subscribers', () => {
    const config = parseConfig({
      notices: { subscriptions: [{ email: 'risk@example.com', teams: ['risk'] }, { email: 'all@example.com' }] },
      budgets: {
        teams: [
          { team: 'risk', monthlyLimitUsd: 5000, services: ['Amazon SageMaker', 'Amazon Bedrock'], alertEmails: ['lead@example.com', 'risk@example.com'] },
          { team: 'vision', monthlyLimitUsd: 800, warningPercent: 70, forecastPercent: 110 },
        ],
      },
    });
    expect(teamBudgetDefinitions(config)).toMatchObject([
      {
        team: 'risk',
        budgetName: 'finops-ai-risk',
        limitUsd: 5000,
        costFilters: { TagKeyValue: ['user:team$risk'], Service: ['Amazon SageMaker', 'Amazon Bedrock'] },
        alerts: [
          { notificationType: 'ACTUAL', thresholdPercent: 80 },
          { notificationType: 'FORECASTED', thresholdPercent: 100 },
        ],
        emails: ['risk@example.com', 'lead@example.com'],
      },
      { team: 'vision', costFilters: { TagKeyValue: ['user:team$vision'] }, alerts: [{ thresholdPercent: 70 }, { thresholdPercent: 110 }], emails: [] },
    ]);
  });

  it('uses budgets.costTagKey and namePrefix when set', () => {
    const config = parseConfig({ budgets: { namePrefix: 'ai-', costTagKey: 'cost-center', teams: [{ team: 'risk', monthlyLimitUsd: 1 }] } });
    expect(teamBudgetDefinitions(config)[0]).toMatchObject({ budgetName: 'ai-risk', costFilters: { TagKeyValue: ['user:cost-center$risk'] } });
  });

  it('the budget month ends at the next first of the month, UTC', () => {
    expect(endOfBudgetMonth(new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('budgets config', () => {
  const fields = (value: unknown) => {
    try {
      parseConfig(value);
    } catch (error) {
      return (error as ConfigError).issues.map((i) => i.field);
    }
    return [];
  };

  it('names the wrong field', () => {
    expect(fields({ budgets: { teams: [{ team: 'risk', monthlyLimitUsd: 0 }] } })).toEqual(['budgets.teams.0.monthlyLimitUsd']);
    expect(fields({ budgets: { teams: [{ team: 'a:b', monthlyLimitUsd: 1 }] } })).toEqual(['budgets.teams.0.team']);
    expect(fields({ budgets: { teams: [{ team: 'risk', monthlyLimitUsd: 1, response: 'delete' }] } })).toEqual(['budgets.teams.0.response']);
  });

  it('rejects a duplicate team and tighten without stricter settings', () => {
    expect(
      fields({
        budgets: {
          teams: [
            { team: 'risk', monthlyLimitUsd: 1 },
            { team: 'risk', monthlyLimitUsd: 2, response: 'tighten' },
          ],
        },
      }),
    ).toEqual(['budgets.teams.1.team', 'budgets.teams.1.tightened']);
  });

  it('rejects stricter settings that are not a tightenable field', () => {
    expect(
      fields({ budgets: { teams: [{ team: 'risk', monthlyLimitUsd: 1, response: 'tighten', tightened: { 'idle-endpoints': { mode: 'apply' } } }] } }),
    ).toEqual(['budgets.teams.0.tightened.idle-endpoints']);
  });
});
