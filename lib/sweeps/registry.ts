import { UnknownSweepError } from '../core/errors.js';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';
import { BudgetGuardSweep } from './budget-guard/index.js';
import { IdleEndpointSweep } from './idle-endpoints/index.js';
import { IdleNotebookSweep } from './idle-notebooks/index.js';
import { IdleStudioAppSweep } from './idle-studio-apps/index.js';
import { OrphanVolumeSweep } from './orphan-volumes/index.js';
import { RunawayTrainingSweep } from './runaway-training/index.js';
import { RightsizingSweep } from './rightsizing/index.js';
import { TagCoverageSweep } from './tag-coverage/index.js';
import { IdleProvisionedThroughputSweep } from './idle-provisioned-throughput/index.js';
import { StudioIdleSettingsSweep } from './studio-idle-settings/index.js';
import { TokenSpendSweep } from './token-spend/index.js';

/**
 * Every sweep declaration, in the order `sweep all` runs them, with their exact
 * types (the config's `sweeps.<name>` sections are typed from them). Adding a sweep
 * means adding its declaration here, one line; the config schema, tightening, CLI,
 * digest, infra and docs table are derived from this list. Nothing registers itself
 * on import.
 */
export const SWEEP_DECLARATIONS = [
  IdleEndpointSweep,
  OrphanVolumeSweep,
  RunawayTrainingSweep,
  RightsizingSweep,
  IdleNotebookSweep,
  BudgetGuardSweep,
  TagCoverageSweep,
  IdleProvisionedThroughputSweep,
  StudioIdleSettingsSweep,
  IdleStudioAppSweep,
  TokenSpendSweep,
] as const satisfies readonly AnySweepDeclaration[];

/** Every sweep, in the order `sweep all` runs them. */
export const SWEEPS: readonly AnySweepDeclaration[] = SWEEP_DECLARATIONS;

/** Names of every registered sweep. */
export const SWEEP_NAMES: readonly string[] = SWEEPS.map((s) => s.name);

/** The sweep called `name`; throws {@link UnknownSweepError} listing the valid names. */
export function sweepNamed(name: string): AnySweepDeclaration {
  const sweep = SWEEPS.find((s) => s.name === name);
  if (!sweep) throw new UnknownSweepError(name, SWEEP_NAMES);
  return sweep;
}
