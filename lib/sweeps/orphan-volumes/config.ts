import * as z from 'zod/mini';
import { sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Once a day: a volume must stay unattached for days (`minUnattachedDays`). */
export const DEFAULT_SCHEDULE = 'rate(1 day)';

/** Config of the orphan-volume sweep (`sweeps.orphan-volumes` in the config file). */
export const OrphanVolumesConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  /**
   * Days a volume must stay unattached (measured from the first run that saw it
   * unattached, since EBS records no detach time) before it is waste.
   * @default 7
   */
  minUnattachedDays: z._default(z.int().check(z.minimum(0), z.maximum(365)), 7),
  /** Whether a snapshot is taken (and kept) before a volume is deleted. */
  snapshots: z.prefault(
    z.strictObject({
      /**
       * Snapshot every volume before deleting it. Off: volumes are deleted without
       * a snapshot and cannot be restored.
       * @default true
       */
      enabled: z._default(z.boolean(), true),
      /** No snapshot for volumes whose team tag is one of these (case-insensitive). @default [] */
      disabledForTeams: z._default(z.array(z.string().check(z.minLength(1))), []),
      /** No snapshot for volumes whose environment tag is one of these (case-insensitive). @default [] */
      disabledForEnvironments: z._default(z.array(z.string().check(z.minLength(1))), []),
    }),
    {},
  ),
});

/** Resolved snapshot settings. */
export interface SnapshotSettings {
  readonly enabled: boolean;
  readonly disabledForTeams: readonly string[];
  readonly disabledForEnvironments: readonly string[];
}

/** Resolved config of the orphan-volume sweep. */
export interface OrphanVolumesConfig extends SweepSettings {
  readonly minUnattachedDays: number;
  readonly snapshots: SnapshotSettings;
  /**
   * The shared tag keys (`tagKeys` of the whole config), which `sweepConfig` adds to
   * every sweep section; the rule reads the team and environment tags with them.
   * @default - `team` and `env`
   */
  readonly tagKeys?: { readonly team: string; readonly environment: string };
}
