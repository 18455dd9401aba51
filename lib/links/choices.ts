/**
 * The rules of owner-action links, pure: which answers a pending notice offers, how
 * long its links stay valid, and until when a snooze keeps a resource.
 */
import { addHours } from '../core/clock.js';
import type { Finding } from '../core/finding.js';
import { OWNER_CHOICES, SNOOZE_DAYS, type OwnerChoice } from '../core/owner-actions.js';
import { parseSnooze } from '../core/policy.js';
import { exemptAllowed, type OwnerActionsConfig } from '../config/owner-actions-config.js';
import { isTaggable } from './taggable.js';

const DAY_MS = 86_400_000;

/**
 * The answers a pending notice offers for `finding`: every choice, `exempt` only
 * where `allowExempt` allows it for the finding's team; none for a resource type a
 * link cannot tag (its notice keeps the tag command). A member account's resource
 * (an organization deployment) gets `act-now` only: it writes the hub's ledger, while
 * a tag in that account would need the member role, which the endpoint does not take.
 */
export function offeredChoices(finding: Pick<Finding, 'resourceType' | 'team' | 'accountId'>, config: OwnerActionsConfig): OwnerChoice[] {
  if (!isTaggable(finding.resourceType)) return [];
  if (finding.accountId !== undefined) return ['act-now'];
  return OWNER_CHOICES.filter((choice) => choice !== 'exempt' || exemptAllowed(config, finding.team));
}

/**
 * When a notice's links expire: `linkTtlHours` after the notice when set, else the
 * end of the grace period (`actAfter`) plus 24 hours (a notice without a deadline:
 * 48 hours after it).
 */
export function linkExpiry(actAfter: string | null, noticeAt: Date, config: Pick<OwnerActionsConfig, 'linkTtlHours'>): Date {
  if (config.linkTtlHours !== undefined) return addHours(noticeAt, config.linkTtlHours);
  return actAfter ? addHours(new Date(actAfter), 24) : addHours(noticeAt, 48);
}

/** The UTC day (`YYYY-MM-DD`) of an instant. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The latest day a `keep until` link may keep a resource until: `maxSnoozeDays` after the notice. */
export function latestSnoozeDay(noticeAt: Date, config: Pick<OwnerActionsConfig, 'maxSnoozeDays'>): string {
  return utcDay(new Date(noticeAt.getTime() + config.maxSnoozeDays * DAY_MS));
}

/** A snooze as the decision records it (`until`, an instant) and as the tag says it (`tagValue`). */
export interface SnoozeEnd {
  readonly until: string;
  readonly tagValue: string;
}

/**
 * Until when a snooze decided at `decidedAt` keeps the resource: 7 or 30 days later
 * (the tag holds that instant, to the second), or through the end of the day the
 * owner picked for `keep-until` (the tag holds the day, which the engine reads as
 * through its end, UTC). `null` when `day` is not a day from today to `latestDay`.
 */
export function snoozeEnd(choice: 'keep-7d' | 'keep-30d' | 'keep-until', decidedAt: Date, day?: string, latestDay?: string): SnoozeEnd | null {
  if (choice !== 'keep-until') {
    const until = new Date(decidedAt.getTime() + SNOOZE_DAYS[choice] * DAY_MS);
    const tagValue = `${until.toISOString().slice(0, 19)}Z`;
    return { until: tagValue, tagValue };
  }
  if (day === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const end = parseSnooze(day);
  if (end === null || utcDay(new Date(end.getTime() - 1)) !== day) return null; // 2026-02-31 and the like
  if (day < utcDay(decidedAt) || (latestDay !== undefined && day > latestDay)) return null;
  return { until: end.toISOString(), tagValue: day };
}
