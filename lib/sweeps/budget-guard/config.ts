import * as z from 'zod/mini';
import type { BudgetsConfig } from '../../budgets/budget-config.js';
import { AdvisorySettingsShape, sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Every 6 hours: AWS Budgets refreshes its figures a few times a day. */
export const DEFAULT_SCHEDULE = 'rate(6 hours)';

/** Config of the budget guard (`sweeps.budget-guard`); the teams and limits are in `budgets`. */
export const BudgetGuardConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  ...AdvisorySettingsShape,
});

/** Resolved config of the budget guard, with the `budgets` section and tag keys `sweepConfig` adds. */
export interface BudgetGuardConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly budgets: BudgetsConfig;
  readonly tagKeys: { readonly owner: string; readonly team: string };
}
