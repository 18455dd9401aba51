import * as z from 'zod/mini';
import type { BudgetsConfig } from '../../budgets/budget-config.js';
import { AdvisorySettingsShape, ScheduleExpressionSchema, SweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Config of the budget guard (`sweeps.budget-guard`); the teams and limits are in `budgets`. */
export const BudgetGuardConfigSchema = z.strictObject({
  ...SweepSettingsShape,
  ...AdvisorySettingsShape,
  /** @default 'rate(6 hours)' */
  schedule: z._default(ScheduleExpressionSchema, 'rate(6 hours)'),
});

/** Resolved config of the budget guard, with the `budgets` section and tag keys `sweepConfig` adds. */
export interface BudgetGuardConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly budgets: BudgetsConfig;
  readonly tagKeys: { readonly owner: string; readonly team: string };
}
