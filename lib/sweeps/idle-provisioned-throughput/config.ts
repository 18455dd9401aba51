import * as z from 'zod/mini';
import { AdvisorySettingsShape, sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Once a day: a throughput is idle over days (`lookbackDays`), and it bills by the hour whatever happens. */
export const DEFAULT_SCHEDULE = 'rate(1 day)';

/** Config of the idle Provisioned Throughput sweep (`sweeps.idle-provisioned-throughput`). */
export const IdleProvisionedThroughputConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  /** Hours between two reminders about a committed throughput (flagged, never deleted). @default 24 */
  ...AdvisorySettingsShape,
  /**
   * Days of `AWS/Bedrock` `Invocations` to look at; a throughput created or modified within
   * this window is never idle.
   * @default 7
   */
  lookbackDays: z._default(z.int().check(z.minimum(1), z.maximum(63)), 7),
  /** A throughput is idle when its invocations over the window are at most this. @default 0 */
  maxInvocations: z._default(z.int().check(z.minimum(0)), 0),
  /**
   * Days before an idle committed throughput's term ends (AWS renews it then, for another
   * term) from which its owner is reminded at once, and the flag reads "renews in ...".
   * @default 7
   */
  renewalReminderDays: z._default(z.int().check(z.minimum(1), z.maximum(90)), 7),
});

/** Resolved config of the idle Provisioned Throughput sweep. */
export interface IdleProvisionedThroughputConfig extends SweepSettings {
  readonly lookbackDays: number;
  readonly maxInvocations: number;
  readonly renewalReminderDays: number;
}

/**
 * Stricter settings for a team over its AI budget (`budgets.teams[].tightened.idle-provisioned-throughput`).
 * No defaults: only what is given replaces the sweep's own settings.
 */
export const IdleProvisionedThroughputTightenedSchema = z.strictObject({
  gracePeriodHours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 90))),
  maxInvocations: z.optional(z.int().check(z.minimum(0))),
});
