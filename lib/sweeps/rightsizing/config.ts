import * as z from 'zod/mini';
import { AdvisorySettingsShape, sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Hours between two notices about the same unchanged recommendation: four weeks. */
export const DEFAULT_RENOTIFY_HOURS = 24 * 28;

/** Once a week, Monday 06:00 UTC: utilization over two weeks moves slowly. */
export const DEFAULT_SCHEDULE = 'cron(0 6 ? * MON *)';

/** Config of the rightsizing sweep (`sweeps.rightsizing` in the config file). */
export const RightsizingConfigSchema = z
  .strictObject({
    ...sweepSettingsShape(DEFAULT_SCHEDULE),
    ...AdvisorySettingsShape,
    /**
     * Hours between two notices about the same unchanged recommendation. A
     * recommendation that changes (another proposal) is notified at once.
     * @default 672 (four weeks)
     */
    renotifyHours: z._default(z.number().check(z.minimum(1), z.maximum(24 * 90)), DEFAULT_RENOTIFY_HOURS),
    /**
     * This sweep never acts, so protected environments (e.g. `env=prod`) get
     * recommendations like any other resource (`true`). `false` reports them as
     * `protected` findings instead, with a `protected` notice.
     * @default true
     */
    actOnProtected: z._default(z.boolean(), true),
    /**
     * Days of CloudWatch history read for each resource. The window starts later
     * when the resource changed since (endpoint modified, instance started, volume
     * created): older datapoints describe another configuration.
     * @default 14
     */
    lookbackDays: z._default(z.int().check(z.minimum(1), z.maximum(63)), 14),
    /**
     * Fewer days of data than this (in the window) means "insufficient data": the
     * resource is reported as not assessed, never guessed about.
     * @default 7
     */
    minDataDays: z._default(z.int().check(z.minimum(1), z.maximum(63)), 7),
    /**
     * Every normalized peak (per vCPU, per GPU, memory, GPU memory, throughput)
     * must stay at or below this percentage of the proposed capacity.
     * @default 60
     */
    headroomPercent: z._default(z.number().check(z.minimum(10), z.maximum(95)), 60),
    /**
     * Recommendations that save less than this per month (when the saving is
     * known) are not made: not worth an owner's time (e.g. a small gp2 root volume).
     * @default 1
     */
    minMonthlySavingsUsd: z._default(z.number().check(z.minimum(0)), 1),
    /** SageMaker real-time endpoint variants. */
    endpoints: z.prefault(
      z.strictObject({
        /**
         * Never recommend fewer instances than this per variant (2 keeps a variant
         * in two availability zones).
         * @default 1
         */
        minInstanceCount: z._default(z.int().check(z.minimum(1), z.maximum(100)), 1),
        /** Serverless Inference as an option for very low and sporadic traffic (CPU variants only). */
        serverless: z.prefault(
          z.strictObject({
            /** @default true */
            enabled: z._default(z.boolean(), true),
            /**
             * Sporadic: invocations in at most this share of the hours with data.
             * @default 25
             */
            maxBusyHoursPercent: z._default(z.number().check(z.minimum(0), z.maximum(100)), 25),
            /**
             * Very low: at most this many invocations in the busiest hour.
             * @default 600
             */
            maxInvocationsPerHour: z._default(z.number().check(z.minimum(0)), 600),
          }),
          {},
        ),
      }),
      {},
    ),
    /** Running p*, g*, inf* and trn* EC2 instances. */
    gpuInstances: z.prefault(
      z.strictObject({
        /**
         * Idle when the peak hourly CPU (% of all vCPUs) is at most this...
         * @default 5
         */
        idleCpuPercent: z._default(z.number().check(z.minimum(0), z.maximum(100)), 5),
        /**
         * ...and the peak hourly GPU utilization per GPU is at most this.
         * @default 5
         */
        idleGpuPercent: z._default(z.number().check(z.minimum(0), z.maximum(100)), 5),
      }),
      {},
    ),
  })
  .check(
    z.refine((c) => c.lookbackDays >= c.minDataDays, {
      error: 'must be at least minDataDays (the window cannot hold the data a recommendation needs)',
      path: ['lookbackDays'],
    }),
  );

/** Resolved serverless option settings. */
export interface ServerlessOptionSettings {
  readonly enabled: boolean;
  readonly maxBusyHoursPercent: number;
  readonly maxInvocationsPerHour: number;
}

/** Resolved config of the rightsizing sweep. */
export interface RightsizingConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly lookbackDays: number;
  readonly minDataDays: number;
  readonly headroomPercent: number;
  readonly minMonthlySavingsUsd: number;
  readonly endpoints: { readonly minInstanceCount: number; readonly serverless: ServerlessOptionSettings };
  readonly gpuInstances: { readonly idleCpuPercent: number; readonly idleGpuPercent: number };
}
