import { readEvidence } from '../core/evidence.js';
import type { SweepSettings } from '../core/settings.js';
import type { AnySweep } from '../core/sweep.js';
import type { Ledger } from '../ledger/ledger.js';
import type { BudgetsConfig } from './budget-config.js';
import { BUDGET_GUARD, BudgetGuardEvidenceSchema } from './budget-guard-ledger.js';
import { budgetNameOf } from './team-budgets.js';

/**
 * The stricter settings of `sweep` for each team whose budget guard action is in
 * force (recorded, not restored, and its month not over), ready for the engine's
 * `teamConfigs`. One `BatchGetItem` on the ledger; empty when no team configures
 * `tightened` settings for this sweep.
 */
export async function tightenedTeamConfigs(
  ledger: Ledger,
  config: { readonly budgets: BudgetsConfig },
  sweep: AnySweep,
  base: SweepSettings,
  now: Date,
): Promise<Map<string, { config: SweepSettings; because: string }>> {
  const teams = config.budgets.teams.filter((t) => t.response === 'tighten' && t.tightened?.[sweep.name]);
  const result = new Map<string, { config: SweepSettings; because: string }>();
  if (teams.length === 0) return result;
  const refs = teams.map((t) => ({ resourceType: BUDGET_GUARD.resourceType, resourceId: budgetNameOf(config, t.team), arn: '', region: BUDGET_GUARD.region }));
  const states = await ledger.getStates(BUDGET_GUARD.sweep, refs);
  for (const state of states.values()) {
    const until = readEvidence(BudgetGuardEvidenceSchema, state.evidence).tightenedUntil;
    if (state.status !== 'acted' || until === undefined || until <= now.toISOString()) continue;
    const team = teams.find((t) => budgetNameOf(config, t.team) === state.ref.resourceId);
    if (!team) continue;
    const stricter = definedOnly(team.tightened![sweep.name]!);
    result.set(team.team, {
      config: sweep.tighten ? (sweep.tighten(base, stricter) as SweepSettings) : { ...base, ...stricter },
      because: `stricter limits: team ${team.team} is over its AI budget until ${until.slice(0, 10)}`,
    });
  }
  return result;
}

function definedOnly(settings: { readonly [key: string]: unknown }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
