import type { TeamBudgetConfig } from './budget-config.js';

/** Where a team stands against its budget. */
export type BudgetStatus = 'ok' | 'warning' | 'over' | 'forecast-over';

/** A team's budget as AWS Budgets reports it. */
export interface BudgetFacts {
  readonly team: string;
  readonly budgetName: string;
  readonly limitUsd: number;
  readonly actualUsd: number;
  /** `null` when AWS has no forecast yet (early in the month, or a new account). */
  readonly forecastUsd: number | null;
  /** ISO-8601: when the current budget month ends (and a tightening with it). */
  readonly periodEnd: string;
  readonly settings: TeamBudgetConfig;
}

/**
 * Classifies spend against a limit with AWS Budgets' own comparison (strictly
 * greater, as the alerts the construct creates): exactly 80% of the limit is not
 * over an 80% warning, exactly 100% is not over.
 * Severity order: `over` (actual > 100%), then `forecast-over` (forecast >
 * `forecastPercent`), then `warning` (actual > `warningPercent`).
 */
export function classifyBudget(
  spend: Pick<BudgetFacts, 'limitUsd' | 'actualUsd' | 'forecastUsd'>,
  thresholds: Pick<TeamBudgetConfig, 'warningPercent' | 'forecastPercent'>,
): BudgetStatus {
  // Compare `spend * 100 > percent * limit`: no division, so 800 of 1000 is exactly 80%.
  const above = (usd: number, percent: number) => usd * 100 > percent * spend.limitUsd;
  if (above(spend.actualUsd, 100)) return 'over';
  if (spend.forecastUsd !== null && above(spend.forecastUsd, thresholds.forecastPercent)) return 'forecast-over';
  if (above(spend.actualUsd, thresholds.warningPercent)) return 'warning';
  return 'ok';
}
