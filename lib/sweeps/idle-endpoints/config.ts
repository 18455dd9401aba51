import * as z from 'zod/mini';
import { sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Once a day: an endpoint is idle over days (`lookbackDays`), not hours. */
export const DEFAULT_SCHEDULE = 'rate(1 day)';

/** Config of the idle-endpoint sweep (`sweeps.idle-endpoints` in the config file). */
export const IdleEndpointsConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  /**
   * Days of traffic history to look at; an endpoint or inference component created
   * or modified within this window is never idle.
   * @default 7
   */
  lookbackDays: z._default(z.int().check(z.minimum(1), z.maximum(60)), 7),
  /**
   * An endpoint is idle when its invocations over the window, summed over every
   * production variant, are at most this; an inference component when its own are.
   * @default 0
   */
  maxInvocations: z._default(z.int().check(z.minimum(0)), 0),
});

/** Resolved config of the idle-endpoint sweep. */
export interface IdleEndpointsConfig extends SweepSettings {
  readonly lookbackDays: number;
  readonly maxInvocations: number;
}

/**
 * Stricter idle-endpoint settings for a team over its AI budget
 * (`budgets.teams[].tightened.idle-endpoints`). No defaults: only what is given
 * replaces the sweep's own settings.
 */
export const IdleEndpointsTightenedSchema = z.strictObject({
  gracePeriodHours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 90))),
  maxInvocations: z.optional(z.int().check(z.minimum(0))),
});
