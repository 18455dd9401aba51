import * as z from 'zod/mini';
import { AdvisorySettingsShape, sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Once a day: Studio settings change rarely. */
export const DEFAULT_SCHEDULE = 'rate(1 day)';

/** AWS's bounds of `IdleTimeoutInMinutes` (SageMaker API Reference, IdleSettings). */
export const AWS_IDLE_TIMEOUT_RANGE = { min: 60, max: 525_600 } as const;

/** Config of the Studio idle settings sweep (`sweeps.studio-idle-settings`). */
export const StudioIdleSettingsConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  ...AdvisorySettingsShape,
  /**
   * In apply mode, set the idle shutdown this sweep recommends (after the grace period,
   * restorable) instead of only recommending it. Off: findings are recommendations.
   * @default false
   */
  setIdleSettings: z._default(z.boolean(), false),
  /**
   * `IdleTimeoutInMinutes` to recommend and set for JupyterLab and Code Editor apps.
   * @default 60
   */
  idleTimeoutInMinutes: z._default(z.int().check(z.minimum(AWS_IDLE_TIMEOUT_RANGE.min), z.maximum(AWS_IDLE_TIMEOUT_RANGE.max)), 60),
  /**
   * A domain, user profile or space whose idle timeout is longer than this is flagged as
   * well as one with idle shutdown off: a week-long timeout shuts down almost nothing.
   * @default 1440 (a day)
   */
  longestIdleTimeoutInMinutes: z._default(z.int().check(z.minimum(AWS_IDLE_TIMEOUT_RANGE.min), z.maximum(AWS_IDLE_TIMEOUT_RANGE.max)), 1440),
});

/** Resolved config of the Studio idle settings sweep. */
export interface StudioIdleSettingsConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly setIdleSettings: boolean;
  readonly idleTimeoutInMinutes: number;
  readonly longestIdleTimeoutInMinutes: number;
}
