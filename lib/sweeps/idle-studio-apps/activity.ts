/**
 * Pure: what the activity signals say about one InService Studio app over the last
 * `maxAppHours`, and which signal decided. Used by the rule, and by the inventory to
 * describe only apps that may be idle.
 *
 * - CloudTrail: a `CreatePresignedDomainUrl` that counts for the app (see
 *   `cloudtrail-signal.ts`) in the window means busy.
 * - The app's own `LastUserActivityTimestamp` (`DescribeApp`) in the window means busy.
 * - Idle when neither shows activity; unknown (inconclusive) when CloudTrail could not be
 *   read and the app reports no user activity time.
 */
import { hoursBetween } from '../../core/clock.js';
import type { StudioAppFacts } from './facts.js';

/** The signal that decided an idle verdict. */
export type DecidedBy = 'cloudtrail' | 'cloudtrail+app-activity' | 'app-activity';

/** What the signals say, with the facts behind it for the finding's evidence. */
export type AppActivity =
  | { readonly idle: false; readonly inconclusive: boolean; readonly reason: string }
  | { readonly idle: true; readonly decidedBy: DecidedBy; readonly reason: string; readonly evidence: { readonly [key: string]: string | number | null } };

/**
 * The activity verdict of one InService app, old enough, as of `now`.
 *
 * @example
 * appActivity(facts, 24, now)
 * // => { idle: true, decidedBy: 'cloudtrail+app-activity', reason: 'no CreatePresignedDomainUrl by user profile ana for 24 h (CloudTrail: none in the last 24 h); LastUserActivityTimestamp 3.1 days ago', ... }
 */
export function appActivity(facts: StudioAppFacts, maxAppHours: number, now: Date): AppActivity {
  const windowStart = new Date(now.getTime() - maxAppHours * 3_600_000);
  const { opened } = facts;
  if (opened.known && opened.lastAt && new Date(opened.lastAt) >= windowStart) {
    return {
      idle: false,
      inconclusive: false,
      reason: `Studio opened ${ago(opened.lastAt, now)} ago by ${opened.matched} (CloudTrail CreatePresignedDomainUrl)`,
    };
  }
  const activity = facts.lastUserActivityAt;
  if (activity && new Date(activity) >= windowStart) {
    return { idle: false, inconclusive: false, reason: `user activity ${ago(activity, now)} ago (DescribeApp LastUserActivityTimestamp)` };
  }
  const activityText = activity ? `LastUserActivityTimestamp ${ago(activity, now)} ago` : facts.described ? 'no LastUserActivityTimestamp' : '';
  const evidence = {
    maxAppHours,
    windowStart: windowStart.toISOString(),
    cloudTrailEvent: 'CreatePresignedDomainUrl',
    openedBy: opened.known ? opened.matched : null,
    lastOpenedAt: opened.known ? opened.lastAt : null,
    cloudTrailSearchedFrom: opened.known ? opened.searchedFrom : null,
    cloudTrailError: opened.known ? null : opened.reason,
    lastUserActivityAt: activity,
  };
  if (!opened.known) {
    if (!activity)
      return {
        idle: false,
        inconclusive: true,
        reason: `activity unknown: CloudTrail could not be read (${opened.reason}) and the app reports no user activity time`,
      };
    const reason = `${activityText} (DescribeApp), none for ${maxAppHours} h; CloudTrail could not be read (${opened.reason})`;
    return { idle: true, decidedBy: 'app-activity', reason, evidence: { decidedBy: 'app-activity', ...evidence } };
  }
  const last = opened.lastAt ? `last ${ago(opened.lastAt, now)} ago` : `none in the last ${ago(opened.searchedFrom, now)}`;
  const trail = `Studio not opened by ${opened.matched} for ${maxAppHours} h (CloudTrail CreatePresignedDomainUrl: ${last})`;
  const decidedBy: DecidedBy = activity ? 'cloudtrail+app-activity' : 'cloudtrail';
  return { idle: true, decidedBy, reason: activityText ? `${trail}; ${activityText}` : trail, evidence: { decidedBy, ...evidence } };
}

/** "3.5 h" or "2.1 days". */
export function ago(iso: string, now: Date): string {
  const hours = hoursBetween(new Date(iso), now);
  return hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round((hours / 24) * 10) / 10} days`;
}
