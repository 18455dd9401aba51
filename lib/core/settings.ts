import * as z from 'zod/mini';

/**
 * EventBridge schedule expression: `rate(1 day)`, `rate(6 hours)`, `cron(0 8 ? * MON *)`.
 * Validated here so a typo fails at synth/start instead of at deploy.
 */
export const ScheduleExpressionSchema = z
  .string()
  .check(
    z.regex(
      /^(rate\(\s*\d+\s+(minute|minutes|hour|hours|day|days)\s*\)|cron\(\s*\S+(\s+\S+){5}\s*\))$/,
      'must be an EventBridge schedule expression such as "rate(1 day)" or "cron(0 6 * * ? *)"',
    ),
  );

/**
 * Settings every sweep shares, with the sweep's own default schedule (its
 * declaration's `defaultSchedule`). A sweep's config schema spreads this shape.
 *
 * @example
 * export const DEFAULT_SCHEDULE = 'rate(1 day)';
 * export const MyConfigSchema = z.strictObject({ ...sweepSettingsShape(DEFAULT_SCHEDULE), lookbackDays: ... });
 */
export function sweepSettingsShape(defaultSchedule: string) {
  return {
    /**
     * Whether the scheduled Lambda runs this sweep at all.
     * @default true
     */
    enabled: z._default(z.boolean(), true),
    /**
     * `report` finds and reports, writing nothing anywhere; `apply` records findings,
     * notifies owners and acts after the grace period. The CLI acts only with `--apply`.
     * @default 'report'
     */
    mode: z._default(z.enum(['report', 'apply']), 'report'),
    /** @default - the sweep's `defaultSchedule` */
    schedule: z._default(ScheduleExpressionSchema, defaultSchedule),
    /**
     * Hours between the owner's warning and the earliest action.
     * @default 24
     */
    gracePeriodHours: z._default(z.number().check(z.minimum(0), z.maximum(24 * 90)), 24),
    /**
     * Act on resources in protected environments too. Off: they are reported and
     * their owner notified, never touched.
     * @default false
     */
    actOnProtected: z._default(z.boolean(), false),
  } as const;
}

/** Settings of sweeps whose findings can be report-and-notify only (flags, recommendations). */
export const AdvisorySettingsShape = {
  /**
   * Hours between two notices about the same open flag or recommendation.
   * @default 24
   */
  renotifyHours: z._default(z.number().check(z.minimum(1), z.maximum(24 * 90)), 24),
} as const;

/** The shared settings, resolved. */
export interface SweepSettings {
  readonly enabled: boolean;
  readonly mode: 'report' | 'apply';
  readonly schedule: string;
  readonly gracePeriodHours: number;
  readonly actOnProtected: boolean;
  /** See {@link AdvisorySettingsShape}. @default 24 */
  readonly renotifyHours?: number;
}
