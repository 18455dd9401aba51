import { BUDGET_GUARD } from '../../budgets/budget-guard-ledger.js';
import { readTeamBudgets } from '../../budgets/budget-reader.js';
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
 * The configured teams' budgets ({@link readTeamBudgets}): only budgets named for a
 * configured team are candidates; a configured team without one is a failure.
 */
export async function inventoryBudgets(ctx: RegionContext, config: BudgetGuardConfig): Promise<Inventory<BudgetFacts>> {
  const reading = await readTeamBudgets(config, ctx);
  const candidates = reading.found.map(({ facts, arn }): Candidate<BudgetFacts> => {
    const tags: Record<string, string> = { [config.tagKeys.team]: facts.team };
    if (facts.settings.owner) tags[config.tagKeys.owner] = facts.settings.owner;
    return { ref: { resourceType: BUDGET_GUARD.resourceType, resourceId: facts.budgetName, arn, region: ctx.region }, tags, facts };
  });
  return {
    candidates,
    seen: new Set(candidates.map((c) => c.facts.budgetName)),
    failures: reading.missing.map((d) => ({ resourceId: d.budgetName, error: new BudgetNotFoundError(d.budgetName, d.team) })),
  };
}
