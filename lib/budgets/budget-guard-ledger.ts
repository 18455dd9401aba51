/**
 * The budget guard's identity in the ledger, declared once: the guard sweep
 * declares itself with it (lib/sweeps/budget-guard) and tightening reads the
 * guard's records with it, without importing the sweep.
 */
import * as z from 'zod/mini';
import { evidenceField } from '../core/evidence.js';

/** Sweep name, region and resource type of the budget guard's findings. */
export const BUDGET_GUARD = {
  sweep: 'budget-guard',
  /** AWS Budgets is a global service served from us-east-1 (aws partition). */
  region: 'us-east-1',
  resourceType: 'budgets:budget',
} as const;

/** The evidence of a budget guard finding (read leniently, see `readEvidence`). */
export const BudgetGuardEvidenceSchema = z.looseObject({
  limitUsd: evidenceField(z.number()),
  actualUsd: evidenceField(z.number()),
  forecastUsd: evidenceField(z.nullable(z.number())),
  budgetStatus: evidenceField(z.enum(['ok', 'warning', 'over', 'forecast-over'])),
  team: evidenceField(z.string()),
  warningPercent: evidenceField(z.number()),
  forecastPercent: evidenceField(z.number()),
  response: evidenceField(z.enum(['notify', 'tighten'])),
  /** ISO-8601, on a tightening: the end of the budget month, when it stops holding. */
  tightenedUntil: evidenceField(z.string()),
  /** On a tightening: the sweeps whose stricter settings apply. */
  tightened: evidenceField(z.array(z.string())),
});

/** A budget guard finding's evidence, read. */
export type BudgetGuardEvidence = z.output<typeof BudgetGuardEvidenceSchema>;
