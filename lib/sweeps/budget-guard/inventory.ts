import { BudgetsClient, paginateDescribeBudgets } from '@aws-sdk/client-budgets';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { endOfBudgetMonth, teamBudgetDefinitions } from '../../budgets/team-budgets.js';
import { FinOpsError } from '../../core/errors.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { BudgetGuardConfig } from './config.js';
import type { BudgetFacts } from './rule.js';

/** A configured team whose AWS budget does not exist (the stack was not deployed, or the budget was deleted). */
export class BudgetNotFoundError extends FinOpsError {
  constructor(
    readonly budgetName: string,
    readonly team: string,
  ) {
    super(`no AWS budget named "${budgetName}" for team ${team}: deploy the stack with this config, or remove the team from budgets.teams`);
  }
}

/**
 * Reads the configured teams' budgets: one `GetCallerIdentity` (Budgets needs the
 * account id) and `DescribeBudgets` paged to the end. Only budgets named for a
 * configured team are candidates; a configured team without one is a failure.
 */
export async function inventoryBudgets(ctx: RegionContext, config: BudgetGuardConfig): Promise<Inventory<BudgetFacts>> {
  const definitions = teamBudgetDefinitions(config);
  if (definitions.length === 0) return { candidates: [], seen: new Set() };
  const identity = await ctx.clients.get(STSClient, ctx.region).send(new GetCallerIdentityCommand({}));
  const account = identity.Account!;
  const partition = identity.Arn?.split(':')[1] ?? 'aws';
  const byName = new Map(definitions.map((d) => [d.budgetName, d]));
  const candidates: Candidate<BudgetFacts>[] = [];
  const seen = new Set<string>();
  for await (const page of paginateDescribeBudgets({ client: ctx.clients.get(BudgetsClient, ctx.region) }, { AccountId: account, MaxResults: 100 })) {
    for (const budget of page.Budgets ?? []) {
      const definition = budget.BudgetName ? byName.get(budget.BudgetName) : undefined;
      if (!definition) continue;
      seen.add(definition.budgetName);
      const forecast = budget.CalculatedSpend?.ForecastedSpend?.Amount;
      const tags: Record<string, string> = { [config.tagKeys.team]: definition.team };
      if (definition.settings.owner) tags[config.tagKeys.owner] = definition.settings.owner;
      candidates.push({
        ref: {
          resourceType: 'budgets:budget',
          resourceId: definition.budgetName,
          arn: `arn:${partition}:budgets::${account}:budget/${definition.budgetName}`,
          region: ctx.region,
        },
        tags,
        facts: {
          team: definition.team,
          budgetName: definition.budgetName,
          // The limit AWS enforces, which is the config's once deployed.
          limitUsd: Number(budget.BudgetLimit?.Amount ?? definition.limitUsd),
          actualUsd: Number(budget.CalculatedSpend?.ActualSpend?.Amount ?? 0),
          forecastUsd: forecast === undefined ? null : Number(forecast),
          periodEnd: endOfBudgetMonth(ctx.now).toISOString(),
          settings: definition.settings,
        },
      });
    }
  }
  const failures = definitions
    .filter((d) => !seen.has(d.budgetName))
    .map((d) => ({ resourceId: d.budgetName, error: new BudgetNotFoundError(d.budgetName, d.team) }));
  return { candidates, seen, failures };
}
