import * as z from 'zod/mini';
import { AdvisorySettingsShape, sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

const Hours = z.number().check(z.gt(0), z.maximum(24 * 90));
const Usd = z.number().check(z.gt(0));
const Names = z._default(z.array(z.string().check(z.minLength(1))), []);

/** Hourly: runaways are found fast, and the sweep is cheap (a few calls per running job). */
export const DEFAULT_SCHEDULE = 'rate(1 hour)';

/** Config of the runaway-training sweep (`sweeps.runaway-training` in the config file). */
export const RunawayTrainingConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  ...AdvisorySettingsShape,
  /**
   * Hours between the owner's warning and the stop, for jobs whose stop is enabled
   * (`stop`). Shorter than other sweeps': a runaway job bills every hour it waits.
   * @default 4
   */
  gracePeriodHours: z._default(z.number().check(z.minimum(0), z.maximum(24 * 90)), 4),
  /**
   * Hours a job may train (since `TrainingStartTime`) before it is runaway, unless
   * its tag `finops:max-hours` or its environment (`byEnvironment`) says otherwise.
   * @default 24
   */
  maxHours: z._default(Hours, 24),
  /**
   * Cost so far (USD) above which a job is runaway, unless its tag
   * `finops:max-cost-usd` or its environment says otherwise.
   * @default - no cost cap
   */
  maxCostUsd: z.optional(Usd),
  /**
   * Limits per value of the environment tag (case-insensitive), e.g.
   * `{ "dev": { "maxHours": 8, "maxCostUsd": 200 } }`. A job's own tags win.
   * @default {}
   */
  byEnvironment: z._default(z.record(z.string().check(z.minLength(1)), z.strictObject({ maxHours: z.optional(Hours), maxCostUsd: z.optional(Usd) })), {}),
  /** The stall rule: every host's utilization below a threshold for the last hours. */
  stall: z.prefault(
    z.strictObject({
      /** @default true */
      enabled: z._default(z.boolean(), true),
      /**
       * Per GPU (per vCPU for CPU-only instances): a host is idle while its highest
       * 5-minute utilization stays below this.
       * @default 5
       */
      thresholdPercent: z._default(z.number().check(z.gt(0), z.maximum(100)), 5),
      /** How long every host must have stayed idle. @default 2 */
      hours: z._default(z.number().check(z.minimum(0.5), z.maximum(72)), 2),
    }),
    {},
  ),
  /**
   * Where a runaway job is stopped (after the grace period, in apply mode) rather
   * than only flagged: jobs whose environment or team tag is listed
   * (case-insensitive). Empty (the default): never stopped.
   */
  stop: z.prefault(z.strictObject({ environments: Names, teams: Names }), {}),
  /**
   * Report (no action) jobs whose `MaxRuntimeInSeconds` allows more than this many
   * hours, and jobs that have none.
   * @default 72
   */
  maxRuntimeCeilingHours: z._default(Hours, 72),
  /** Managed spot training: how spot jobs are priced, and when on-demand jobs are told about it. */
  spot: z.prefault(
    z.strictObject({
      /**
       * The discount (percent off on-demand) your spot training is billed at, as
       * stated to you (e.g. by your bill). Unset: the cost of a running spot job is
       * unknown, and no spot saving is estimated. Never guessed.
       * @default - unset
       */
      statedDiscountPercent: z.optional(z.number().check(z.gt(0), z.lt(100))),
      /** On-demand jobs training at least this long get a managed-spot recommendation. @default 4 */
      minHours: z._default(Hours, 4),
    }),
    {},
  ),
});

/** Resolved limits of one environment. */
export interface EnvironmentLimits {
  readonly maxHours?: number | undefined;
  readonly maxCostUsd?: number | undefined;
}

/**
 * Stricter runaway-training settings for a team over its AI budget
 * (`budgets.teams[].tightened.runaway-training`): `maxHours` and `maxCostUsd` cap
 * whatever limit a job has (tag, environment or default), `stop: true` lets runaway
 * jobs of the team be stopped after the grace period.
 */
export const RunawayTrainingTightenedSchema = z.strictObject({
  maxHours: z.optional(Hours),
  maxCostUsd: z.optional(Usd),
  gracePeriodHours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 90))),
  stop: z.optional(z.boolean()),
});

/** Stricter settings in force for one team (set by the budget guard's tightening, never in the config file). */
export interface BudgetCap {
  readonly maxHours?: number | undefined;
  readonly maxCostUsd?: number | undefined;
  readonly stop?: boolean | undefined;
}

/** Resolved config of the runaway-training sweep. */
export interface RunawayTrainingConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly maxHours: number;
  readonly maxCostUsd?: number | undefined;
  readonly byEnvironment: Readonly<Record<string, EnvironmentLimits>>;
  readonly stall: { readonly enabled: boolean; readonly thresholdPercent: number; readonly hours: number };
  readonly stop: { readonly environments: readonly string[]; readonly teams: readonly string[] };
  readonly maxRuntimeCeilingHours: number;
  readonly spot: { readonly statedDiscountPercent?: number | undefined; readonly minHours: number };
  /**
   * The shared tag keys (`tagKeys` of the whole config), which `sweepConfig` adds to
   * every sweep section: the environment and team tags pick limits and stops.
   * @default - `team` and `env`
   */
  readonly tagKeys?: { readonly team: string; readonly environment: string };
  /** Caps of a team over budget (see {@link RunawayTrainingTightenedSchema}). @default - none */
  readonly budgetCap?: BudgetCap;
}
