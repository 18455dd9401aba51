import { z } from 'zod';
import { SweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Config of the idle-endpoint sweep (`sweeps.idle-endpoints` in the config file). */
export const IdleEndpointsConfigSchema = z.strictObject({
  ...SweepSettingsShape,
  /**
   * Days of traffic history to look at; an endpoint created or modified within this
   * window is never idle.
   * @default 7
   */
  lookbackDays: z.number().int().min(1).max(60).default(7),
  /**
   * An endpoint is idle when its invocations over the window, summed over every
   * production variant, are at most this.
   * @default 0
   */
  maxInvocations: z.number().int().min(0).default(0),
});

/** Resolved config of the idle-endpoint sweep. */
export interface IdleEndpointsConfig extends SweepSettings {
  readonly lookbackDays: number;
  readonly maxInvocations: number;
}
