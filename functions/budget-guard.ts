/** Scheduled Lambda: watch team AI budgets (see lib/sweeps/budget-guard). */
import { createSweepHandler } from '../lib/lambda/sweep-handler.js';

export const handler = createSweepHandler('budget-guard');
