import { BudgetsClient, paginateDescribeBudgets } from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ClientFactory } from '../core/sweep.js';
import type { BudgetFacts } from './budget-status.js';
import { endOfBudgetMonth, teamBudgetDefinitions, type TeamBudgetDefinition, type TeamBudgetSource } from './team-budgets.js';

/** The configured teams' budgets as AWS Budgets reports them. */
export interface TeamBudgetReading {
  /** Budgets named for a configured team, with their ARN. */
  readonly found: readonly { readonly facts: BudgetFacts; readonly arn: string }[];
  /** Configured teams without an AWS budget of their name (stack not deployed, or the budget deleted). */
  readonly missing: readonly TeamBudgetDefinition[];
}

/**
 * Reads the configured teams' budgets: one `GetCallerIdentity` (Budgets needs the
 * account id) and `DescribeBudgets` paged to the end; no call without teams. Used
 * by the budget guard's inventory and the digest's budget section.
 */
export async function readTeamBudgets(
  source: TeamBudgetSource,
  at: { readonly clients: ClientFactory; readonly region: string; readonly now: Date },
): Promise<TeamBudgetReading> {
  const definitions = teamBudgetDefinitions(source);
  if (definitions.length === 0) return { found: [], missing: [] };
  const identity = await at.clients.get(STSClient, at.region).send(new GetCallerIdentityCommand({}));
  const account = identity.Account!;
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  const byName = new Map(definitions.map((d) => [d.budgetName, d]));
  const found: { facts: BudgetFacts; arn: string }[] = [];
  const seen = new Set<string>();
  for await (const page of paginateDescribeBudgets({ client: at.clients.get(BudgetsClient, at.region) }, { AccountId: account, MaxResults: 100 })) {
    for (const budget of page.Budgets ?? []) {
      const definition = budget.BudgetName ? byName.get(budget.BudgetName) : undefined;
      if (!definition) continue;
      seen.add(definition.budgetName);
      const forecast = budget.CalculatedSpend?.ForecastedSpend?.Amount;
      found.push({
        arn: `arn:${partition}:budgets::${account}:budget/${definition.budgetName}`,
        facts: {
          team: definition.team,
          budgetName: definition.budgetName,
          // The limit AWS enforces, which is the config's once deployed.
          limitUsd: Number(budget.BudgetLimit?.Amount ?? definition.limitUsd),
          actualUsd: Number(budget.CalculatedSpend?.ActualSpend?.Amount ?? 0),
          forecastUsd: forecast === undefined ? null : Number(forecast),
          periodEnd: endOfBudgetMonth(at.now).toISOString(),
          settings: definition.settings,
        },
      });
    }
  }
  return { found, missing: definitions.filter((d) => !seen.has(d.budgetName)) };
}
