import { teamBudgetDefinitions, type TeamBudgetSource } from '../budgets/team-budgets.js';
import { classifyBudget, type BudgetFacts, type BudgetStatus } from '../budgets/budget-status.js';

/** One team's budget in the digest: AWS Budgets' figures at generation time. */
export interface BudgetLine {
  readonly team: string;
  readonly budgetName: string;
  readonly limitUsd: number;
  /** `null` when the budget could not be read. */
  readonly actualUsd: number | null;
  readonly forecastUsd: number | null;
  /** `missing`: no AWS budget of that name (stack not deployed); `unavailable`: it could not be read. */
  readonly status: BudgetStatus | 'missing' | 'unavailable';
}

/**
 * The budget section: every configured team, worst first (over, forecast-over,
 * warning, ok, then missing or unreadable), classified as the budget guard does.
 * Pure: `found` are the budgets read from AWS, `unavailable` why they could not be.
 */
export function budgetLines(config: TeamBudgetSource, found: readonly BudgetFacts[], unavailable?: string): BudgetLine[] {
  const byName = new Map(found.map((f) => [f.budgetName, f]));
  const order: BudgetLine['status'][] = ['over', 'forecast-over', 'warning', 'ok', 'missing', 'unavailable'];
  return teamBudgetDefinitions(config)
    .map((d): BudgetLine => {
      const facts = byName.get(d.budgetName);
      if (!facts)
        return {
          team: d.team,
          budgetName: d.budgetName,
          limitUsd: d.limitUsd,
          actualUsd: null,
          forecastUsd: null,
          status: unavailable ? 'unavailable' : 'missing',
        };
      return {
        team: d.team,
        budgetName: d.budgetName,
        limitUsd: facts.limitUsd,
        actualUsd: facts.actualUsd,
        forecastUsd: facts.forecastUsd,
        status: classifyBudget(facts, d.settings),
      };
    })
    .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.team.localeCompare(b.team));
}
