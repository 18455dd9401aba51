import * as z from 'zod/mini';
import { sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Every six hours: an idle Studio app bills by the hour, and one run costs one CloudTrail query per region. */
export const DEFAULT_SCHEDULE = 'rate(6 hours)';

/** The Studio app types this sweep may delete (the ones that hold an instance or a Studio Classic server). */
export const STUDIO_APP_TYPES = ['KernelGateway', 'JupyterServer', 'JupyterLab', 'CodeEditor'] as const;

/** One of {@link STUDIO_APP_TYPES}. */
export type StudioAppType = (typeof STUDIO_APP_TYPES)[number];

/** Config of the idle Studio app sweep (`sweeps.idle-studio-apps`). */
export const IdleStudioAppsConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  /**
   * Hours an InService app must have run, and gone without its user opening Studio
   * (`CreatePresignedDomainUrl`) or using it (`LastUserActivityTimestamp`), before it is idle.
   * @default 24
   */
  maxAppHours: z._default(z.number().check(z.gt(0), z.maximum(24 * 30)), 24),
  /** App types to look at. @default ['KernelGateway', 'JupyterServer', 'JupyterLab', 'CodeEditor'] */
  appTypes: z._default(z.array(z.enum(STUDIO_APP_TYPES)).check(z.minLength(1)), [...STUDIO_APP_TYPES]),
});

/** Resolved config of the idle Studio app sweep. */
export interface IdleStudioAppsConfig extends SweepSettings {
  readonly maxAppHours: number;
  readonly appTypes: readonly StudioAppType[];
}

/**
 * Stricter settings for a team over its AI budget (`budgets.teams[].tightened.idle-studio-apps`).
 * No defaults: only what is given replaces the sweep's own settings.
 */
export const IdleStudioAppsTightenedSchema = z.strictObject({
  maxAppHours: z.optional(z.number().check(z.gt(0), z.maximum(24 * 30))),
  gracePeriodHours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 90))),
});
