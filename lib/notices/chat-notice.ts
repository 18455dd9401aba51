/**
 * An owner notice as an AWS Chatbot (Amazon Q Developer in chat applications) custom
 * notification, for a Slack or Microsoft Teams channel subscribed to the notices
 * topic: the subject as its title, and per resource a line with its one-click
 * answers (the same links as the email). Chatbot renders `client-markdown` in the
 * chat platform's own markdown; bare URLs link on both platforms.
 */
import type { OwnerLink } from '../core/owner-actions.js';
import { NOTICE_EVENTS, type OwnerNotice } from '../core/notice-port.js';
import { formatDateTime, isLocale, safeText, t, type Locale } from '../format/index.js';

/** Resources listed in one chat message; the rest are counted (the email has them all). */
export const MAX_CHAT_RESOURCES = 10;
/** Longest description (chat messages are read, not scrolled). */
const MAX_DESCRIPTION = 3500;

/**
 * The custom notification (`version` 1.0, `source` custom) of `notice`, as JSON.
 *
 * @example
 * JSON.parse(chatNotification(notice)).content.title // '[FinOps AI] Idle SageMaker endpoints: 2 scheduled'
 */
export function chatNotification(notice: OwnerNotice, timeZone = 'UTC'): string {
  const locale: Locale = isLocale(notice.locale) ? notice.locale : 'en';
  const ordered = [...notice.items].sort((a, b) => NOTICE_EVENTS.indexOf(a.event) - NOTICE_EVENTS.indexOf(b.event));
  const lines: string[] = [t(locale, 'notice.greeting', { owner: safeText(notice.owner) })];
  for (const item of ordered.slice(0, MAX_CHAT_RESOURCES)) {
    const f = item.finding;
    const when = item.event === 'pending' && f.actAfter ? ` ${t(locale, 'notice.when', { time: formatDateTime(f.actAfter, { locale, timeZone }) })}` : '';
    lines.push(`• ${safeText(f.resourceId)} (${safeText(f.region)})${when}: ${safeText(f.reason, { maxLength: 300 })}`);
    for (const link of item.links ?? []) lines.push(`    ${label(link, locale)}: ${link.url}`);
  }
  if (ordered.length > MAX_CHAT_RESOURCES) lines.push(t(locale, 'notice.chat.more', { count: ordered.length - MAX_CHAT_RESOURCES }));
  let description = lines.join('\n');
  if (description.length > MAX_DESCRIPTION) description = `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
  return JSON.stringify({
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: notice.subject,
      description,
      keywords: [notice.sweep, ...notice.events],
    },
    metadata: {
      summary: notice.subject,
      eventType: 'finops-ai-owner-notice',
      relatedResources: ordered.slice(0, MAX_CHAT_RESOURCES).map((i) => i.finding.arn),
      additionalContext: { owner: notice.owner, sweep: notice.sweep },
    },
  });
}

function label(link: OwnerLink, locale: Locale): string {
  return link.choice === 'keep-until' ? t(locale, 'notice.link.keep-until', { date: link.until ?? '' }) : t(locale, `notice.link.${link.choice}`);
}
