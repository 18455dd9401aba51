/**
 * Reads the owner decisions of one digest week: the week's decisions (one byWeek
 * partition of their own) and the snoozes still running at its end (one sparse
 * openFindings partition, from the week's end on). Two paged queries, no scan.
 */
import { isoWeekRange } from '../core/iso-week.js';
import type { OwnerDecisionReader } from '../core/owner-decisions.js';
import type { OwnerDecisionInputs } from './owner-decisions.js';

/** The records of the owner-decisions section of `week`. */
export async function loadOwnerDecisions(reader: OwnerDecisionReader, week: string): Promise<OwnerDecisionInputs> {
  const { end } = isoWeekRange(week);
  const [decided, snoozes] = await Promise.all([reader.decisionsInWeek(week), reader.snoozesUntilAfter(end.toISOString())]);
  return { decided, snoozes };
}
