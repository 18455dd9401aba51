import { BUDGET_GUARD, BudgetGuardEvidenceSchema } from '../../budgets/budget-guard-ledger.js';
import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { relaxTeamLimits, tightenTeamLimits, type TighteningRestoreData } from './actions.js';
import { BudgetGuardConfigSchema, DEFAULT_SCHEDULE, type BudgetGuardConfig } from './config.js';
import { inventoryBudgets } from './inventory.js';
import { assessTeamBudget, type BudgetFacts } from './rule.js';

/**
 * Watches each configured team's AWS budget (limit, actual, forecast): a team past
 * its warning level, over, or forecast over is reported and notified (event
 * `budget`); with `response: "tighten"` an over-budget team gets, after the grace
 * period, the stricter sweep settings it configured until the month ends. A budget
 * alone never stops or deletes anything.
 */
export const BudgetGuardSweep = {
  // The guard's ledger identity is declared in lib/budgets, where tightening reads its records.
  name: BUDGET_GUARD.sweep,
  title: 'Team AI budgets',
  description: "watches each team's AWS Budget (created from the config) and notifies a team past its warning level, over, or forecast over",
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: BudgetGuardConfigSchema,
  evidenceSchema: BudgetGuardEvidenceSchema,
  docs: 'docs/budgets.md',
  resourceType: BUDGET_GUARD.resourceType,
  globalRegion: BUDGET_GUARD.region,
  wording: {
    verb: 'tighten',
    description:
      "apply the team's stricter sweep settings (budgets.teams[].tightened) to its resources until the budget month ends; " +
      'nothing is stopped or deleted because of the budget alone',
    done: 'tightened',
  },
  advisory: { decision: 'flagged', event: 'budget' },
  permissions: {
    // DescribeBudgets is authorized on the budget ARN (`budgets:ViewBudget`); STS needs no permission.
    inventory: [{ actions: ['budgets:ViewBudget'], resources: ['arn:{partition}:budgets::{account}:budget/*'] }],
  },
  isConfigured: (config) => config.budgets.teams.length > 0,
  inventory: inventoryBudgets,
  assess: (candidate, _config, now, memory) => assessTeamBudget(candidate, now, memory),
  action: {
    name: 'tighten-team-limits',
    restoreData: ({ facts }) => ({
      team: facts.team,
      budgetName: facts.budgetName,
      until: facts.periodEnd,
      sweeps: Object.keys(facts.settings.tightened ?? {}),
    }),
    act: (data) => tightenTeamLimits(data),
    restore: (data) => relaxTeamLimits(data),
  },
  tagCommand: (ref) => `set budgets.teams[].response to "notify" for ${ref.resourceId} in the finops-ai config`,
} as const satisfies SweepDeclaration<BudgetFacts, BudgetGuardConfig, TighteningRestoreData>;
