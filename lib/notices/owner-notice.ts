import type { Finding, ResourceRef } from '../core/finding.js';
import type { OwnerLink } from '../core/owner-actions.js';
import { NOTICE_EVENTS, type NoticeEvent, type NoticeItem, type OwnerNotice } from '../core/notice-port.js';
import {
  displayWidth,
  formatDateTime,
  formatUsd,
  formatUsdPerHour,
  formatUsdPerMonth,
  isPriced,
  jobCostSoFar,
  padEndToWidth,
  resolveFormat,
  safeText,
  sweepWording,
  t,
  type Locale,
  type MessageKey,
  type ResolvedFormat,
} from '../format/index.js';

// The notice types live in core (the engine's port); re-exported for existing imports.
export { NOTICE_EVENTS, type NoticeEvent, type NoticeItem, type OwnerNotice } from '../core/notice-port.js';

/** What the composer needs to know about the sweep and the deployment. */
export interface NoticeContext {
  readonly sweep: string;
  readonly sweepTitle: string;
  /** e.g. "delete the endpoint, keeping its endpoint config and model". */
  readonly actionDescription: string;
  /** Past tense of the action, e.g. "stopped". */
  readonly actionDone: string;
  readonly exemptTagKey: string;
  readonly snoozeTagKey: string;
  /** Shell command that sets tag `key=value` on a resource. */
  readonly tagCommand: (ref: ResourceRef, key: string, value: string) => string;
  readonly now: Date;
  /** A message with an item of this event gets an `URGENT` subject (e.g. runaway training). */
  readonly urgentEvent?: NoticeEvent;
  /** Language of the body (the subject stays ASCII English: SNS subjects are ASCII). @default 'en' */
  readonly locale?: Locale;
  /** IANA time zone of the dates in the body. @default 'UTC' */
  readonly timeZone?: string;
  /** The account the run swept, as it is named (`ml-sandbox (111122223333)`). @default - not named */
  readonly account?: string;
}

/**
 * Resources per message. SNS caps a message at 256 KiB; a resource takes well under
 * 2 KB, so an owner with more resources gets several messages ("part 1/3"), each
 * complete: nothing is ever cut, so every resource marked warned was in a message.
 */
export const MAX_RESOURCES_PER_MESSAGE = 50;
/** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
export const MAX_SUBJECT = 100;
/** Longest reason or evidence value in a message (tag text is cut far earlier, at 256). */
const MAX_REASON = 2000;

const SECTION: Record<NoticeEvent, MessageKey> = {
  acted: 'notice.section.acted',
  pending: 'notice.section.pending',
  protected: 'notice.section.protected',
  runaway: 'notice.section.runaway',
  budget: 'notice.section.budget',
  recommendation: 'notice.section.recommendation',
  untagged: 'notice.section.untagged',
};
const ORDER = NOTICE_EVENTS;
/** Report-only events: their evidence is printed, since there is no action to describe. */
const ADVISORY: ReadonlySet<NoticeEvent> = new Set(['runaway', 'recommendation', 'budget', 'untagged']);
const LABELS = [
  'notice.label.why',
  'notice.label.when',
  'notice.label.action',
  'notice.label.restore',
  'notice.label.keep',
  'notice.label.links',
  'notice.label.price',
] as const;

/**
 * Groups this run's notice items into one message per owner (not one per resource),
 * written in `context.locale`; an item whose finding names others (`alsoNotify`) is
 * also in each of their messages. Pure: the same items give the same messages. Text
 * from tags (owner, team, names, reasons) is made safe ({@link safeText}): it cannot
 * add lines, escape sequences or bidi tricks to a message.
 *
 * @example
 * const notices = composeOwnerNotices(items, context);
 * for (const n of notices) await notifier.publish(n);
 */
export function composeOwnerNotices(items: readonly NoticeItem[], context: NoticeContext): OwnerNotice[] {
  const byOwner = new Map<string, NoticeItem[]>();
  for (const item of items) {
    // The owner, and whoever else the finding names (e.g. the creator of an untagged resource).
    for (const to of new Set([item.finding.owner, ...(item.finding.alsoNotify ?? [])])) {
      const list = byOwner.get(to) ?? [];
      list.push(item);
      byOwner.set(to, list);
    }
  }
  const format = resolveFormat(context);
  return [...byOwner.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([owner, all]) => {
      const parts = Math.ceil(all.length / MAX_RESOURCES_PER_MESSAGE);
      return Array.from({ length: parts }, (_, part) => {
        const list = all.slice(part * MAX_RESOURCES_PER_MESSAGE, (part + 1) * MAX_RESOURCES_PER_MESSAGE);
        const events = ORDER.filter((e) => list.some((i) => i.event === e));
        const teams = [...new Set(list.map((i) => i.finding.team).filter((t): t is string => t !== null))].sort();
        const suffix = parts > 1 ? ` (part ${part + 1}/${parts})` : '';
        return {
          owner,
          teams,
          sweep: context.sweep,
          ...(context.account ? { account: context.account } : {}),
          events,
          subject: subjectFor(list, context, suffix),
          body: bodyFor(owner, list, context, format),
          items: list,
          locale: format.locale,
        };
      });
    });
}

/** The subject, in ASCII English in every locale: SNS subjects must be printable ASCII. */
function subjectFor(items: readonly NoticeItem[], context: NoticeContext, suffix: string): string {
  const count = (e: NoticeEvent) => items.filter((i) => i.event === e).length;
  const parts = [
    count('acted') ? `${count('acted')} ${context.actionDone}` : '',
    count('pending') ? `${count('pending')} scheduled` : '',
    count('protected') ? `${count('protected')} protected` : '',
    count('runaway') ? `${count('runaway')} runaway` : '',
    count('budget') ? `${count('budget')} over budget` : '',
    count('recommendation') ? `${count('recommendation')} recommended` : '',
    count('untagged') ? `${count('untagged')} missing tags` : '',
  ].filter(Boolean);
  const urgent = context.urgentEvent && count(context.urgentEvent) > 0 ? 'URGENT ' : '';
  return safeText(`[FinOps AI] ${urgent}${context.sweepTitle}: ${parts.join(', ')}`, { ascii: true, maxLength: MAX_SUBJECT - suffix.length }) + suffix;
}

function bodyFor(owner: string, items: readonly NoticeItem[], context: NoticeContext, format: ResolvedFormat): string {
  const { locale } = format;
  const wording = sweepWording(locale, context.sweep);
  const lines: string[] = [
    t(locale, 'notice.greeting', { owner: safeText(owner) }),
    '',
    t(locale, 'notice.ran', { title: wording?.title ?? context.sweepTitle, sweep: context.sweep, time: formatDateTime(context.now, format) }),
    t(locale, 'notice.action', { description: wording?.description ?? context.actionDescription }),
    ...(context.account ? [t(locale, 'notice.account', { account: safeText(context.account) })] : []),
  ];
  for (const event of ORDER) {
    const section = items.filter((i) => i.event === event);
    if (section.length === 0) continue;
    const title = t(locale, SECTION[event]);
    lines.push('', t(locale, 'notice.section.count', { section: title, count: section.length }), '-'.repeat(Math.min(72, displayWidth(title) + 6)));
    for (const item of section) lines.push(...resourceLines(item, context, format));
  }
  lines.push(
    '',
    t(locale, 'notice.keep.title'),
    `  ${t(locale, 'notice.keep.exempt', { key: context.exemptTagKey })}`,
    `  ${t(locale, 'notice.keep.snooze', { key: context.snoozeTagKey })}`,
    `  ${t(locale, 'notice.keep.used')}`,
    ...(items.some((i) => i.links?.length) ? [`  ${t(locale, 'notice.keep.links')}`] : []),
    '',
    t(locale, 'notice.footer'),
  );
  return lines.join('\n');
}

function moneyOf(finding: Finding, locale: Locale): string {
  if (!isPriced(finding)) return ''; // nothing to price (e.g. a budget): no "$0.00" that reads like a measurement
  const cost = jobCostSoFar(finding);
  // A job bills while it runs: its cost so far and rate, never a month it will not run for.
  if (cost !== undefined) return t(locale, 'notice.money.job', { cost: formatUsd(cost, locale), rate: formatUsdPerHour(finding.savings.hourlyUsd, locale) });
  if (finding.estimatedMonthlySavingsUsd === null) return t(locale, 'notice.money.unknown');
  return t(locale, 'notice.money.monthly', { amount: formatUsdPerMonth(finding.estimatedMonthlySavingsUsd, locale) });
}

function resourceLines(item: NoticeItem, context: NoticeContext, format: ResolvedFormat): string[] {
  const { event, finding } = item;
  const { locale } = format;
  const width = Math.max(8, ...LABELS.map((key) => displayWidth(t(locale, key))));
  const row = (label: string, value: string) => `      ${padEndToWidth(label, width)} ${value}`;
  const label = (key: (typeof LABELS)[number]) => t(locale, key);
  const team = finding.team === null ? t(locale, 'team.unallocated') : safeText(finding.team);
  const lines = [
    `  ${t(locale, 'notice.resource', { resource: safeText(finding.resourceId), region: safeText(finding.region), team, money: moneyOf(finding, locale) })}`,
  ];
  lines.push(row(label('notice.label.why'), safeText(finding.reason, { maxLength: MAX_REASON })));
  if (event === 'pending' && finding.actAfter)
    lines.push(row(label('notice.label.when'), t(locale, 'notice.when', { time: formatDateTime(finding.actAfter, format) })));
  if (event === 'acted' && finding.actionId) {
    lines.push(row(label('notice.label.action'), finding.actionId));
    lines.push(row(label('notice.label.restore'), `finops-ai restore ${finding.actionId}`));
  }
  if (event === 'pending') {
    lines.push(row(label('notice.label.keep'), safeText(context.tagCommand(finding, context.exemptTagKey, 'true'), { maxLength: MAX_REASON })));
    lines.push(...linkLines(item, format));
  }
  if (ADVISORY.has(event)) {
    for (const [key, value] of Object.entries(finding.evidence)) {
      if (value === null || typeof value !== 'object') lines.push(row(`${safeText(key)}:`, safeText(String(value), { maxLength: MAX_REASON })));
    }
  }
  for (const unknown of finding.savings.unknown)
    lines.push(row(label('notice.label.price'), t(locale, 'notice.price.unknown', { why: safeText(unknown, { maxLength: MAX_REASON }) })));
  for (const c of finding.savings.components) {
    const caveat = c.regionBasis === 'unstated' ? t(locale, 'notice.price.unstatedRegion') : '';
    const component = t(locale, 'notice.price.component', {
      quantity: c.quantity,
      item: safeText(c.item),
      rate: formatUsdPerHour(c.usdPerHour, locale),
      source: safeText(c.source),
      date: c.sourceDate,
    });
    lines.push(row(label('notice.label.price'), component + caveat));
  }
  return lines;
}

/**
 * A pending item's one-click answers, one per line under an `answer:` label; the
 * URLs are printed whole (a mail client links them; cutting one breaks it).
 */
function linkLines(item: NoticeItem, format: ResolvedFormat): string[] {
  if (!item.links?.length) return [];
  const { locale } = format;
  const width = Math.max(8, ...LABELS.map((key) => displayWidth(t(locale, key))));
  const label = (link: OwnerLink) =>
    link.choice === 'keep-until' ? t(locale, 'notice.link.keep-until', { date: link.until ?? '' }) : t(locale, `notice.link.${link.choice}`);
  const labelWidth = Math.max(...item.links.map((link) => displayWidth(label(link))));
  return [
    `      ${padEndToWidth(t(locale, 'notice.label.links'), width)} ${t(locale, 'notice.links.intro')}`,
    ...item.links.map((link) => `        ${padEndToWidth(`${label(link)}:`, labelWidth + 1)} ${link.url}`),
  ];
}

/**
 * An instant as notices write it.
 *
 * @example
 * formatInstant(new Date('2026-11-27T09:00:00Z')) // => '2026-11-27 09:00 UTC'
 */
export function formatInstant(at: Date, options: { readonly locale?: Locale; readonly timeZone?: string } = {}): string {
  return formatDateTime(at, options);
}
