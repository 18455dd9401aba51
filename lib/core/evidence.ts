/**
 * Reading a finding's evidence through a schema instead of by string keys. The
 * ledger keeps evidence written by every past version of a sweep, so an evidence
 * schema reads leniently: each field optional, and a field of another type reads
 * as absent rather than failing the whole record.
 */
import * as z from 'zod/mini';
import type { EvidenceSchema } from './sweep-parts.js';

/**
 * One evidence field: `schema` when the value matches, `undefined` when it is
 * absent or of another type.
 *
 * @example
 * const BudgetEvidence = z.looseObject({ tightenedUntil: evidenceField(z.string()) });
 */
export function evidenceField<T extends z.ZodMiniType>(schema: T) {
  return z.catch(z.optional(schema), undefined);
}

/**
 * `evidence` read through `schema` (built from {@link evidenceField}s); evidence
 * that is not an object reads as an empty one.
 */
export function readEvidence<S extends EvidenceSchema>(schema: S, evidence: unknown): z.output<S> {
  const result = schema.safeParse(evidence);
  return result.success ? result.data : schema.parse({});
}
