import type { BudgetsConfig, TeamBudgetConfig } from './budget-config.js';

/** The parts of a config that define team budgets. */
export interface TeamBudgetSource {
  readonly budgets: BudgetsConfig;
  readonly tagKeys: { readonly team: string };
  /** Notice subscriptions; those naming a team also get its budget alerts. @default - none */
  readonly notices?: { readonly subscriptions: readonly { readonly email: string; readonly teams?: readonly string[] | undefined }[] };
}

/** One AWS Budgets notification of a team budget. */
export interface BudgetAlert {
  /** `ACTUAL` spend or `FORECASTED` spend. */
  readonly notificationType: 'ACTUAL' | 'FORECASTED';
  /** Percent of the limit; AWS alerts when spend is strictly greater (`GREATER_THAN`). */
  readonly thresholdPercent: number;
}

/**
 * The AWS budget of one team, as the CDK construct creates it and the budget guard
 * finds it: the single source of both, so they cannot drift apart.
 */
export interface TeamBudgetDefinition {
  readonly team: string;
  readonly budgetName: string;
  readonly limitUsd: number;
  /** AWS Budgets `CostFilters`: the team's cost allocation tag, and services when configured. */
  readonly costFilters: Readonly<Record<string, readonly string[]>>;
  readonly alerts: readonly BudgetAlert[];
  /** Email subscribers of the alerts: the team's notice subscriptions and `alertEmails` (AWS allows 10). */
  readonly emails: readonly string[];
  readonly settings: TeamBudgetConfig;
}

/** AWS Budgets allows at most 10 email subscribers per notification. */
export const MAX_BUDGET_EMAILS = 10;

/** `<namePrefix><team>`. */
export function budgetNameOf(config: Pick<TeamBudgetSource, 'budgets'>, team: string): string {
  return `${config.budgets.namePrefix}${team}`;
}

/**
 * Every configured team's budget.
 *
 * @example
 * teamBudgetDefinitions(parseConfig({ budgets: { teams: [{ team: 'risk', monthlyLimitUsd: 5000 }] } }))
 * // [{ budgetName: 'finops-ai-risk', costFilters: { TagKeyValue: ['user:team$risk'] }, alerts: [ACTUAL 80, FORECASTED 100], ... }]
 */
export function teamBudgetDefinitions(config: TeamBudgetSource): TeamBudgetDefinition[] {
  const tagKey = config.budgets.costTagKey ?? config.tagKeys.team;
  return config.budgets.teams.map((team) => {
    const subscribed = (config.notices?.subscriptions ?? []).filter((s) => s.teams?.includes(team.team)).map((s) => s.email);
    return {
      team: team.team,
      budgetName: budgetNameOf(config, team.team),
      limitUsd: team.monthlyLimitUsd,
      costFilters: {
        // Cost Explorer's form of a user-defined cost allocation tag: `user:<key>$<value>`.
        TagKeyValue: [`user:${tagKey}$${team.team}`],
        ...(team.services ? { Service: [...team.services] } : {}),
      },
      alerts: [
        { notificationType: 'ACTUAL', thresholdPercent: team.warningPercent },
        { notificationType: 'FORECASTED', thresholdPercent: team.forecastPercent },
      ],
      emails: [...new Set([...subscribed, ...team.alertEmails])],
      settings: team,
    };
  });
}

/** The first instant of the month after `now` (UTC), when a monthly budget resets. */
export function endOfBudgetMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}
