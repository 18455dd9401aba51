import * as z from 'zod/mini';
import { sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Once a day: a notebook is idle over hours, and a daily look is cheap. */
export const DEFAULT_SCHEDULE = 'rate(1 day)';

/**
 * Namespace of the CloudWatch agent configuration in AWS's notebook-instance lifecycle
 * samples (`publish-instance-metrics`, `notebook-instance-monitor`), which append the
 * dimension `notebook_instance_name`.
 */
export const DEFAULT_AGENT_NAMESPACE = 'SageMakerNotebookInstances';

/** Config of the idle-notebook sweep (`sweeps.idle-notebooks`). */
export const IdleNotebooksConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  /**
   * Hours without activity before an InService notebook is idle; a notebook started,
   * created or modified more recently is never idle.
   * @default 12
   */
  idleHours: z._default(z.number().check(z.gt(0), z.maximum(24 * 30)), 12),
  /**
   * CloudWatch agent signal: an hour whose average CPU or GPU utilization is above this
   * percentage counts as activity.
   * @default 5
   */
  busyPercent: z._default(z.number().check(z.minimum(0), z.maximum(100)), 5),
  /** Namespace the notebooks' CloudWatch agent publishes to. @default 'SageMakerNotebookInstances' */
  agentNamespace: z._default(z.string().check(z.minLength(1)), DEFAULT_AGENT_NAMESPACE),
  /**
   * Tag holding an off-hours schedule, e.g. `weekdays-9-19 Asia/Tokyo`: outside it the
   * notebook is idle whatever its activity.
   * @default 'finops:schedule'
   */
  scheduleTag: z._default(z.string().check(z.minLength(1)), 'finops:schedule'),
});

/** Resolved config of the idle-notebook sweep. */
export interface IdleNotebooksConfig extends SweepSettings {
  readonly idleHours: number;
  readonly busyPercent: number;
  readonly agentNamespace: string;
  readonly scheduleTag: string;
}

/**
 * Stricter idle-notebook settings for a team over its AI budget
 * (`budgets.teams[].tightened.idle-notebooks`). No defaults: only what is given
 * replaces the sweep's own settings.
 */
export const IdleNotebooksTightenedSchema = z.strictObject({
  idleHours: z.optional(z.number().check(z.gt(0), z.maximum(24 * 30))),
  gracePeriodHours: z.optional(z.number().check(z.minimum(0), z.maximum(24 * 90))),
});
