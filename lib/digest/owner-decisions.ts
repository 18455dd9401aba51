/**
 * The digest's owner-decisions section, pure: what owners answered by link this week
 * (snoozes, exemptions, early acts, each with its reason) and the snoozes that end
 * next week (those resources come back to the normal grace path if still idle).
 * The records come from `owner-decisions-source.ts`.
 */
import { isoWeekRange } from '../core/iso-week.js';
import { resourceKey } from '../core/ledger-records.js';
import { isSnooze, type OwnerChoice } from '../core/owner-actions.js';
import type { OwnerDecision } from '../core/owner-decisions.js';
import type { ResourceRef } from '../core/finding.js';

/** One owner decision (a `ResourceLine` of the digest, with the decision). */
export interface OwnerDecisionLine extends ResourceRef {
  readonly sweep: string;
  /** Who decided: the notice's recipient. */
  readonly owner: string;
  readonly team: string | null;
  readonly choice: OwnerChoice;
  readonly decidedAt: string;
  /** Snoozes: until when; `null` for exempt and act-now. */
  readonly until: string | null;
  readonly reason: string;
  /** The finding's estimated $/month when the owner decided (`null`: unknown). */
  readonly monthlyUsd: number | null;
}

/** The owner-decisions section (`WeeklyDigest.ownerDecisions`). */
export interface OwnerDecisionsSection {
  /** Decided this week, oldest first. */
  readonly decided: readonly OwnerDecisionLine[];
  /** This week's decisions counted: `keep-*`, `exempt`, `act-now`. */
  readonly counts: { readonly snoozed: number; readonly exempted: number; readonly actedEarly: number };
  /** Snoozes ending in the week after this one (the latest snooze of each resource), soonest first. */
  readonly expiringNextWeek: readonly OwnerDecisionLine[];
}

/** The records the section is computed from. */
export interface OwnerDecisionInputs {
  /** The decisions applied in the digest's week. */
  readonly decided: readonly OwnerDecision[];
  /** Every snooze still running at the end of the week. */
  readonly snoozes: readonly OwnerDecision[];
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The section of `week`.
 *
 * @example
 * ownerDecisionsSection({ decided, snoozes }, '2026-W48').counts // { snoozed: 2, exempted: 0, actedEarly: 1 }
 */
export function ownerDecisionsSection(inputs: OwnerDecisionInputs, week: string): OwnerDecisionsSection {
  const { end } = isoWeekRange(week);
  const nextEnd = new Date(end.getTime() + WEEK_MS).toISOString();
  const decided = inputs.decided.map(lineOf).sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.resourceId.localeCompare(b.resourceId));
  // A later snooze of the same resource replaces an earlier one.
  const latest = new Map<string, OwnerDecision>();
  for (const s of inputs.snoozes) {
    const key = `${s.sweep}|${resourceKey(s.ref)}`;
    const seen = latest.get(key);
    if (!seen || seen.decidedAt < s.decidedAt) latest.set(key, s);
  }
  const expiringNextWeek = [...latest.values()]
    .filter((s) => s.until !== null && s.until >= end.toISOString() && s.until < nextEnd)
    .map(lineOf)
    .sort((a, b) => a.until!.localeCompare(b.until!) || a.resourceId.localeCompare(b.resourceId));
  return {
    decided,
    counts: {
      snoozed: decided.filter((d) => isSnooze(d.choice)).length,
      exempted: decided.filter((d) => d.choice === 'exempt').length,
      actedEarly: decided.filter((d) => d.choice === 'act-now').length,
    },
    expiringNextWeek,
  };
}

function lineOf(d: OwnerDecision): OwnerDecisionLine {
  return {
    ...d.ref,
    sweep: d.sweep,
    owner: d.owner,
    team: d.team,
    choice: d.choice,
    decidedAt: d.decidedAt,
    until: d.until,
    reason: d.reason,
    monthlyUsd: d.monthlySavingsUsd,
  };
}
