import type { FinOpsConfig } from '../config.js';
import type { SweepSettings } from '../core/settings.js';
import type { AnySweep } from '../core/sweep.js';
import type { Ledger } from '../ledger/ledger.js';
import { budgetNameOf } from './team-budgets.js';

/** The budget guard's sweep name and region (its findings' keys in the ledger). */
const GUARD = { sweep: 'budget-guard', region: 'us-east-1', resourceType: 'budgets:budget' } as const;

/**
 * The stricter settings of `sweep` for each team whose budget guard action is in
 * force (recorded, not restored, and its month not over), ready for the engine's
 * `teamConfigs`. One `BatchGetItem` on the ledger; empty when no team configures
 * `tightened` settings for this sweep.
 */
export async function tightenedTeamConfigs(
  ledger: Ledger,
  config: FinOpsConfig,
  sweep: AnySweep,
  base: SweepSettings,
  now: Date,
): Promise<Map<string, { config: SweepSettings; because: string }>> {
  const teams = config.budgets.teams.filter(
    (t) => t.response === 'tighten' && (t.tightened as Record<string, object | undefined> | undefined)?.[sweep.name],
  );
  const result = new Map<string, { config: SweepSettings; because: string }>();
  if (teams.length === 0) return result;
  const refs = teams.map((t) => ({ resourceType: GUARD.resourceType, resourceId: budgetNameOf(config, t.team), arn: '', region: GUARD.region }));
  const states = await ledger.getStates(GUARD.sweep, refs);
  for (const state of states.values()) {
    const until = state.evidence.tightenedUntil;
    if (state.status !== 'acted' || typeof until !== 'string' || until <= now.toISOString()) continue;
    const team = teams.find((t) => budgetNameOf(config, t.team) === state.ref.resourceId);
    if (!team) continue;
    const stricter = definedOnly((team.tightened as Record<string, object>)[sweep.name]!);
    result.set(team.team, {
      config: sweep.tighten ? sweep.tighten(base, stricter) : { ...base, ...stricter },
      because: `stricter limits: team ${team.team} is over its AI budget until ${until.slice(0, 10)}`,
    });
  }
  return result;
}

function definedOnly(settings: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
