import type { ActOutcome, RestoreOutcome } from '../../core/sweep.js';

/** What the ledger keeps of a tightening: the team, its budget and until when it holds. */
export interface TighteningRestoreData {
  [key: string]: string | readonly string[];
  readonly team: string;
  readonly budgetName: string;
  /** ISO-8601: the end of the budget month. */
  readonly until: string;
  /** Sweeps whose stricter settings apply. */
  readonly sweeps: readonly string[];
}

/**
 * Tightening changes nothing in AWS: the action record in the ledger *is* the
 * switch. While it is in force (until the month ends, or a restore), the tightened
 * sweeps read it and apply the team's stricter settings.
 */
export function tightenTeamLimits(data: TighteningRestoreData): Promise<ActOutcome> {
  return Promise.resolve({ status: 'done', detail: `stricter ${data.sweeps.join(', ')} settings for team ${data.team} until ${data.until}` });
}

/** Ends a tightening early: the restored action is no longer in force, so the normal settings apply again. */
export function relaxTeamLimits(data: TighteningRestoreData): Promise<RestoreOutcome> {
  return Promise.resolve({ restoredResourceId: data.budgetName, detail: `normal ${data.sweeps.join(', ')} settings for team ${data.team} again` });
}
