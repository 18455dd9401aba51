import { UnknownSweepError } from '../core/errors.js';
import type { AnySweep } from '../core/sweep.js';
import { BudgetGuardSweep } from './budget-guard/index.js';
import { IdleEndpointSweep } from './idle-endpoints/index.js';
import { OrphanVolumeSweep } from './orphan-volumes/index.js';
import { RunawayTrainingSweep } from './runaway-training/index.js';
import { RightsizingSweep } from './rightsizing/index.js';

/**
 * Every sweep, in the order `sweep all` runs them. Adding a sweep means adding it
 * here and its config schema in `lib/config.ts`; nothing registers itself on import.
 */
export const SWEEPS: readonly AnySweep[] = [IdleEndpointSweep, OrphanVolumeSweep, RunawayTrainingSweep, RightsizingSweep, BudgetGuardSweep];

/** Names of every registered sweep. */
export const SWEEP_NAMES: readonly string[] = SWEEPS.map((s) => s.name);

/** The sweep called `name`; throws {@link UnknownSweepError} listing the valid names. */
export function sweepNamed(name: string): AnySweep {
  const sweep = SWEEPS.find((s) => s.name === name);
  if (!sweep) throw new UnknownSweepError(name, SWEEP_NAMES);
  return sweep;
}
