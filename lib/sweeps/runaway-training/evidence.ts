import * as z from 'zod/mini';
import { evidenceField, readEvidence } from '../../core/evidence.js';
import type { RunawayFigures } from '../../core/sweep.js';
import type { JsonValue } from '../../core/finding.js';

/**
 * The evidence of a runaway-training finding (see `rule.ts`), read leniently (see
 * `readEvidence`); the details an owner rarely needs are nested under `details`.
 */
export const RunawayTrainingEvidenceSchema = z.looseObject({
  /** `runaway` (over a limit, or stalled) or `recommendation` (advice only). */
  kind: evidenceField(z.enum(['runaway', 'recommendation'])),
  /** Rules that fired, comma-separated, or `none`. */
  rules: evidenceField(z.string()),
  instances: evidenceField(z.string()),
  elapsedHours: evidenceField(z.number()),
  maxHours: evidenceField(z.number()),
  /** `null`: unknown (no price, or a spot job without a stated discount). */
  costSoFarUsd: evidenceField(z.nullable(z.number())),
  maxCostUsd: evidenceField(z.nullable(z.number())),
  usdPerHour: evidenceField(z.nullable(z.number())),
  projectedCostToMaxRuntimeUsd: evidenceField(z.nullable(z.number())),
  /** Set by the final record when the job ended. */
  finalCostUsd: evidenceField(z.nullable(z.number())),
});

/** The digest's runaway-section figures of one finding. */
export function runawayFigures(evidence: { readonly [key: string]: JsonValue }): RunawayFigures {
  const read = readEvidence(RunawayTrainingEvidenceSchema, evidence);
  return { costSoFarUsd: read.costSoFarUsd ?? null, elapsedHours: read.elapsedHours ?? null };
}
