/**
 * Owner notices as the engine sees them: why an owner hears about a resource, the
 * message a run sends, and the port that delivers it. Core owns these types; the
 * composer and the SNS notifier (`lib/notices`) use them.
 */
import type { Finding } from './finding.js';
import type { OwnerLink } from './owner-actions.js';

/**
 * Why an owner hears about a resource: an action scheduled (`pending`), done
 * (`acted`), refused (`protected`); or a report-only finding: a runaway training
 * job, a rightsizing recommendation, a team over budget, an AI resource missing required tags.
 */
export type NoticeEvent = (typeof NOTICE_EVENTS)[number];

/** Every notice event, in the order they appear in a message. */
export const NOTICE_EVENTS = ['runaway', 'budget', 'acted', 'pending', 'protected', 'recommendation', 'untagged'] as const;

/** One resource in an owner's message. */
export interface NoticeItem {
  readonly event: NoticeEvent;
  readonly finding: Finding;
  /** One-click answers (pending items, when owner actions are deployed). @default - none: the tag commands only */
  readonly links?: readonly OwnerLink[];
}

/** One message for one owner: the resources of theirs this run has news about (all of them, or one part). */
export interface OwnerNotice {
  readonly owner: string;
  readonly teams: readonly string[];
  readonly sweep: string;
  readonly events: readonly NoticeEvent[];
  readonly subject: string;
  readonly body: string;
  readonly items: readonly NoticeItem[];
  /**
   * The language of this message (`en`, `ja`). A run sends one message per language
   * its subscriptions read; each subscription filters on this attribute.
   * @default - the composer's default language
   */
  readonly locale?: string;
  /**
   * The account the resources are in, as named in the body (`ml-sandbox (111122223333)`);
   * an SNS message attribute, so a subscription can filter on it.
   * @default - not named (a deployment that sweeps its own account only)
   */
  readonly account?: string;
}

/** Delivers owner notices. The engine calls it once per owner per run (more for an owner with many resources). */
export interface Notifier {
  publish(notice: OwnerNotice): Promise<void>;
}
