/**
 * Sends a run's owner notices (one message per owner, via the {@link Notifier}
 * port) and records each delivered one in the ledger, so that an action may follow
 * its warning and an undelivered notice is sent again by a later run.
 */
import { mapWithConcurrency } from '../aws/concurrency.js';
import { errorMessage } from '../core/errors.js';
import type { Ledger } from '../core/ledger-port.js';
import type { NoticeItem, Notifier } from '../core/notice-port.js';
import type { OwnerLinkMinter } from '../core/owner-actions.js';
import type { OwnershipPolicy } from '../core/policy.js';
import type { AnySweep, LoggerLike } from '../core/sweep.js';
import { accountLabel, type SweptAccount } from '../core/swept-account.js';
import { noticeDelivered } from '../core/transition-notice.js';
import type { QueuedNotice, TransitionSettings } from '../core/transition.js';
import type { Locale } from '../format/locale-config.js';
import { composeOwnerNotices } from '../notices/owner-notice.js';
import { commitReconciled } from './reconcile.js';

/** One message sent (the report's `notices`). */
export interface SentNotice {
  owner: string;
  events: string[];
  resources: number;
}

/** What sending needs from the run. */
export interface SendContext {
  readonly sweep: AnySweep;
  readonly policy: OwnershipPolicy;
  readonly notifier: Notifier;
  readonly ledger: Ledger;
  readonly now: Date;
  readonly settings: TransitionSettings;
  /** The time zone of dates, and the languages to send (one message per owner and language). */
  readonly presentation: { readonly timeZone: string; readonly noticeLocales: readonly Locale[] };
  /** Records that a message about this resource could not be sent. */
  readonly fail: (region: string, resourceId: string, error: unknown) => void;
  /** Runs one resource's step, recording its failure (a write lost to another run is that run's step). */
  readonly isolated: (region: string, resourceId: string, work: () => Promise<void>) => Promise<void>;
  /** Signs the owner-action links of pending items. @default - none: notices print the tag commands only */
  readonly links?: OwnerLinkMinter | undefined;
  /** Where a link that could not be made is reported (the notice still goes, without links). */
  readonly log?: LoggerLike | undefined;
  /** The account the run swept; named in every message when known. @default - not named */
  readonly account?: SweptAccount;
}

/** Pending items whose links are signed at once (each is a few KMS calls). */
const LINK_CONCURRENCY = 4;

/**
 * Composes and sends `queue`, once per language; returns the messages sent. A
 * resource's notice counts as delivered once every message about it (each language's,
 * to its owner and to whoever else its finding names) was published. A failed
 * message fails its resources, not the run.
 */
export async function sendOwnerNotices(queue: readonly QueuedNotice[], c: SendContext): Promise<SentNotice[]> {
  const { sweep, policy } = c;
  const sent: SentNotice[] = [];
  const items = await itemsWithLinks(queue, c);
  const published = new Set<NoticeItem['finding']>();
  const account = c.account ? accountLabel(c.account) : undefined;
  const failed = new Set<NoticeItem['finding']>();
  for (const locale of c.presentation.noticeLocales) {
    const notices = composeOwnerNotices(items, {
      sweep: sweep.name,
      sweepTitle: sweep.title,
      actionDescription: sweep.wording.description,
      actionDone: sweep.wording.done,
      exemptTagKey: policy.tagKeys.exempt,
      snoozeTagKey: policy.tagKeys.snoozeUntil,
      tagCommand: (ref, key, value) => sweep.tagCommand(ref, key, value),
      now: c.now,
      locale,
      timeZone: c.presentation.timeZone,
      ...(sweep.advisory?.urgent ? { urgentEvent: sweep.advisory.event } : {}),
      ...(account ? { account } : {}),
    });
    for (const notice of notices) {
      try {
        await c.notifier.publish(notice);
      } catch (error) {
        for (const item of notice.items) {
          if (failed.has(item.finding)) continue;
          failed.add(item.finding);
          c.fail(item.finding.region, item.finding.resourceId, error);
        }
        continue;
      }
      sent.push({ owner: notice.owner, events: [...notice.events], resources: notice.items.length });
      for (const item of notice.items) published.add(item.finding);
    }
  }
  // Delivered: every message with it (one per language, and per recipient) was published.
  for (const queued of queue.filter((n) => published.has(n.finding) && !failed.has(n.finding))) {
    await c.isolated(queued.finding.region, queued.finding.resourceId, async () => {
      await commitReconciled(c.ledger, noticeDelivered(queued, c.now, c.settings));
    });
  }
  return sent;
}

/**
 * The notice items, pending ones with their owner-action links when a minter is
 * given: the same links in every language. A link that cannot be signed leaves its
 * item with the tag command only; the warning is never held back for it.
 */
async function itemsWithLinks(queue: readonly QueuedNotice[], c: SendContext): Promise<NoticeItem[]> {
  const minter = c.links;
  return mapWithConcurrency(queue, LINK_CONCURRENCY, async (n): Promise<NoticeItem> => {
    const item: NoticeItem = { event: n.event, finding: n.finding };
    if (!minter || n.event !== 'pending') return item;
    try {
      const links = await minter.mint({ finding: n.finding, state: n.state }, { runId: c.settings.runId, at: c.now });
      return links.length > 0 ? { ...item, links } : item;
    } catch (error) {
      c.log?.warn('Owner-action links could not be signed; the notice goes with the tag command only', {
        resourceId: n.finding.resourceId,
        region: n.finding.region,
        error: errorMessage(error),
      });
      return item;
    }
  });
}
