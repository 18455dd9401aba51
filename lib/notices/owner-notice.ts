import type { Finding, ResourceRef } from '../core/finding.js';
import { NOTICE_EVENTS, type NoticeEvent, type NoticeItem, type OwnerNotice } from '../core/notice-port.js';

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
}

/**
 * Resources per message. SNS caps a message at 256 KiB; a resource takes well under
 * 2 KB, so an owner with more resources gets several messages ("part 1/3"), each
 * complete: nothing is ever cut, so every resource marked warned was in a message.
 */
export const MAX_RESOURCES_PER_MESSAGE = 50;
/** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
const MAX_SUBJECT = 100;

const SECTION: Record<NoticeEvent, string> = {
  acted: 'DONE: restore with the command shown',
  pending: 'SCHEDULED: will happen after the grace period unless you act',
  protected: 'PROTECTED: reported only, nothing will be done',
  runaway: 'RUNAWAY: still running past its limits, check it now',
  budget: 'BUDGET: your team is over its AI budget',
  recommendation: 'RECOMMENDED: a cheaper configuration, for you to apply',
};
const ORDER = NOTICE_EVENTS;
/** Report-only events: their evidence is printed, since there is no action to describe. */
const ADVISORY: ReadonlySet<NoticeEvent> = new Set(['runaway', 'recommendation', 'budget']);

/**
 * Groups this run's notice items into one message per owner (not one per resource).
 * Pure: the same items give the same messages.
 *
 * @example
 * const notices = composeOwnerNotices(items, context);
 * for (const n of notices) await notifier.publish(n);
 */
export function composeOwnerNotices(items: readonly NoticeItem[], context: NoticeContext): OwnerNotice[] {
  const byOwner = new Map<string, NoticeItem[]>();
  for (const item of items) {
    const list = byOwner.get(item.finding.owner) ?? [];
    list.push(item);
    byOwner.set(item.finding.owner, list);
  }
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
          events,
          subject: subjectFor(list, context, suffix),
          body: bodyFor(owner, list, context),
          items: list,
        };
      });
    });
}

function subjectFor(items: readonly NoticeItem[], context: NoticeContext, suffix: string): string {
  const count = (e: NoticeEvent) => items.filter((i) => i.event === e).length;
  const parts = [
    count('acted') ? `${count('acted')} ${context.actionDone}` : '',
    count('pending') ? `${count('pending')} scheduled` : '',
    count('protected') ? `${count('protected')} protected` : '',
    count('runaway') ? `${count('runaway')} runaway` : '',
    count('budget') ? `${count('budget')} over budget` : '',
    count('recommendation') ? `${count('recommendation')} recommended` : '',
  ].filter(Boolean);
  const urgent = context.urgentEvent && count(context.urgentEvent) > 0 ? 'URGENT ' : '';
  const subject = toAsciiLine(`[FinOps AI] ${urgent}${context.sweepTitle}: ${parts.join(', ')}`);
  return subject.slice(0, MAX_SUBJECT - suffix.length) + suffix;
}

function bodyFor(owner: string, items: readonly NoticeItem[], context: NoticeContext): string {
  const lines: string[] = [
    `Hello ${owner},`,
    '',
    `The FinOps AI sweep "${context.sweepTitle}" (${context.sweep}) ran at ${formatInstant(context.now)}.`,
    `The action of this sweep is to ${context.actionDescription}.`,
  ];
  for (const event of ORDER) {
    const section = items.filter((i) => i.event === event);
    if (section.length === 0) continue;
    lines.push('', `${SECTION[event]} (${section.length})`, '-'.repeat(Math.min(72, SECTION[event].length + 6)));
    for (const { finding } of section) lines.push(...resourceLines(event, finding, context));
  }
  lines.push(
    '',
    'HOW TO KEEP A RESOURCE',
    `  Exempt it for good:   tag ${context.exemptTagKey}=true`,
    `  Postpone the action:  tag ${context.snoozeTagKey}=YYYY-MM-DD (a date in the future)`,
    '  A resource that is used again before the deadline is left alone automatically.',
    '',
    'Savings are list prices x instance hours; each price names its source and date in',
    'the ledger. "unknown" means no sourced price was available, never a guess.',
  );
  return lines.join('\n');
}

function resourceLines(event: NoticeEvent, finding: Finding, context: NoticeContext): string[] {
  const priced = finding.savings.components.length > 0 || finding.savings.unknown.length > 0;
  const money = !priced
    ? '' // nothing to price (e.g. a budget): no "$0.00" that reads like a measurement
    : finding.estimatedMonthlySavingsUsd === null
      ? ' savings unknown'
      : ` ~${finding.estimatedMonthlySavingsUsd < 0 ? '-' : ''}$${Math.abs(finding.estimatedMonthlySavingsUsd).toFixed(2)}/month`;
  const lines = [`  * ${finding.resourceId} (${finding.region}, team ${finding.team ?? 'unallocated'})${money}`];
  lines.push(`      why:     ${finding.reason}`);
  if (event === 'pending' && finding.actAfter) lines.push(`      when:    not before ${formatInstant(new Date(finding.actAfter))}`);
  if (event === 'acted' && finding.actionId) {
    lines.push(`      action:  ${finding.actionId}`);
    lines.push(`      restore: finops-ai restore ${finding.actionId}`);
  }
  if (event === 'pending') {
    lines.push(`      keep:    ${context.tagCommand(finding, context.exemptTagKey, 'true')}`);
  }
  if (ADVISORY.has(event)) {
    for (const [key, value] of Object.entries(finding.evidence)) {
      if (value === null || typeof value !== 'object') lines.push(`      ${`${key}:`.padEnd(8)} ${String(value)}`);
    }
  }
  for (const unknown of finding.savings.unknown) lines.push(`      price:   unknown - ${unknown}`);
  for (const c of finding.savings.components) {
    const caveat = c.regionBasis === 'unstated' ? ' [source states no region]' : '';
    lines.push(`      price:   ${c.quantity} x ${c.item} at $${c.usdPerHour}/h (${c.source}, ${c.sourceDate})${caveat}`);
  }
  return lines;
}

/** `2026-11-27 09:00 UTC`. */
export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function toAsciiLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
}
