/**
 * Owner actions: the answers an owner can give from a pending notice with one click
 * (keep for a while, exempt, act now), as the engine and the composer see them. The
 * links themselves (signed tokens, the endpoint that applies them) are `lib/links`;
 * core holds only the shapes and the port the engine calls, so the engine stays
 * free of signing and HTTP.
 */
import type { Finding } from './finding.js';
import type { ResourceState } from './ledger-records.js';

/**
 * The answers of a pending notice, in the order a notice lists them. The link
 * contract (scripts rely on it): every link's query names one of these as `choice`.
 * - `keep-7d`, `keep-30d`: snooze the action for 7 or 30 days (tag `finops:snooze-until`);
 * - `keep-until`: snooze until a date the owner picks, at most `ownerActions.maxSnoozeDays` away;
 * - `exempt`: exempt for good (tag `finops:exempt=true`), only where `ownerActions.allowExempt` says;
 * - `act-now`: skip the rest of the grace period; the next apply-mode run acts.
 */
export const OWNER_CHOICES = ['keep-7d', 'keep-30d', 'keep-until', 'exempt', 'act-now'] as const;

/** One of {@link OWNER_CHOICES}. */
export type OwnerChoice = (typeof OWNER_CHOICES)[number];

/** The snoozes of a fixed length, in days. */
export const SNOOZE_DAYS = { 'keep-7d': 7, 'keep-30d': 30 } as const satisfies Partial<Record<OwnerChoice, number>>;

/** `true` for a name in {@link OWNER_CHOICES}. */
export function isOwnerChoice(value: unknown): value is OwnerChoice {
  return typeof value === 'string' && (OWNER_CHOICES as readonly string[]).includes(value);
}

/** `true` for the choices that postpone the action by a tag with an end (`keep-*`). */
export function isSnooze(choice: OwnerChoice): choice is 'keep-7d' | 'keep-30d' | 'keep-until' {
  return choice.startsWith('keep-');
}

/** One answer of a notice: an absolute URL under the links' base URL. */
export interface OwnerLink {
  readonly choice: OwnerChoice;
  /** `<base>?choice=<choice>&resource=<resource id>&token=<signed token>`. */
  readonly url: string;
  /** `keep-until` only: the latest day (`YYYY-MM-DD`, UTC) the link may keep the resource until. */
  readonly until?: string;
}

/** What a notice's links are about: the pending finding and the state the notice was sent for. */
export interface LinkSubject {
  readonly finding: Finding;
  readonly state: ResourceState;
}

/** Which notice the links are in: the run that sends it, and when. */
export interface NoticeOrigin {
  readonly runId: string;
  readonly at: Date;
}

/**
 * Makes the signed links of one pending notice item. The engine calls it once per
 * pending resource before composing the notices (the same links in every language);
 * a failure leaves that notice without links, never unsent.
 */
export interface OwnerLinkMinter {
  /** The links of `subject` (none when its resource type cannot be answered by link). */
  mint(subject: LinkSubject, origin: NoticeOrigin): Promise<readonly OwnerLink[]>;
}
