/**
 * The owner-decisions section of the digest in each format: text lines (under 100
 * columns, reasons cut to fit), an HTML section (complete), and CSV rows (`decision`
 * records). Each renderer calls one function here; all render nothing when the
 * digest has no such section.
 */
import { formatDate, formatDateTime, timeZoneLabel, truncateToWidth, type ResolvedFormat } from '../format/index.js';
import { messages } from './messages/index.js';
import { esc, htmlTable } from './render-html-parts.js';
import { tagText } from './render-common.js';
import type { OwnerDecisionLine } from './owner-decisions.js';
import type { ResourceLine, WeeklyDigest } from './weekly-digest.js';

/** Longest text line (as the text digest). */
const MAX_LINE = 100;

/** The text section: a heading, one line per decision with its reason below, then the snoozes ending next week. */
export function ownerDecisionsText(d: WeeklyDigest, format: ResolvedFormat, maxRows: number): string[] {
  const section = d.ownerDecisions;
  if (!section) return [];
  const m = messages(format.locale);
  const fit = (text: string) => truncateToWidth(text, MAX_LINE);
  const at = (iso: string) => formatDateTime(iso, format);
  const { counts } = section;
  const out = ['', `== ${m('text.owner', { snoozed: counts.snoozed, exempted: counts.exempted, early: counts.actedEarly })}`];
  for (const line of section.decided.slice(0, maxRows)) {
    const until = line.until ? m('text.owner.until', { until: at(line.until) }) : '';
    out.push(fit(`  ${m('text.owner.line', { at: formatDate(line.decidedAt, format), choice: m(`owner.choice.${line.choice}`), ...names(line), until })}`));
    out.push(fit(`      ${m('text.owner.reason', { reason: tagText(line.reason, 500) })}`));
  }
  if (section.decided.length > maxRows) out.push(m('text.more', { count: section.decided.length - maxRows }));
  if (section.expiringNextWeek.length > 0) {
    out.push(fit(m('text.owner.expiring', { count: section.expiringNextWeek.length })));
    for (const line of section.expiringNextWeek.slice(0, maxRows)) {
      const values = { until: at(line.until!), at: formatDate(line.decidedAt, format), choice: m(`owner.choice.${line.choice}`), ...names(line) };
      out.push(fit(`  ${m('text.owner.expiring.line', values)}`));
    }
    if (section.expiringNextWeek.length > maxRows) out.push(m('text.more', { count: section.expiringNextWeek.length - maxRows }));
  }
  return out;
}

/** The HTML section: the week's decisions with their reasons, and the snoozes ending next week. */
export function ownerDecisionsHtml(d: WeeklyDigest, format: ResolvedFormat): string {
  const section = d.ownerDecisions;
  if (!section) return '';
  const m = messages(format.locale);
  const zone = timeZoneLabel(format);
  const stamp = (iso: string) => formatDateTime(iso, { ...format, zone: false });
  const { counts } = section;
  const note = m('html.owner.note', { count: section.decided.length, snoozed: counts.snoozed, exempted: counts.exempted, early: counts.actedEarly });
  const table = (lines: readonly OwnerDecisionLine[], first: 'decided' | 'until') =>
    htmlTable({
      headers: [
        first === 'decided' ? m('html.col.decided', { zone }) : m('html.col.until', { zone }),
        m('html.col.answer'),
        m('html.col.resource'),
        m('html.col.region'),
        m('html.col.owner'),
        first === 'decided' ? m('html.col.until', { zone }) : m('html.col.decided', { zone }),
        m('html.col.reason'),
      ],
      rows: lines.map((l) => [
        stamp(first === 'decided' ? l.decidedAt : l.until!),
        m(`owner.choice.${l.choice}`),
        tagText(l.resourceId),
        tagText(l.region),
        tagText(l.owner),
        first === 'decided' ? (l.until ? stamp(l.until) : '-') : stamp(l.decidedAt),
        tagText(l.reason, 500),
      ]),
      wrap: [2, 6],
    });
  const expiring =
    section.expiringNextWeek.length > 0
      ? `<h3>${esc(m('html.owner.expiring', { count: section.expiringNextWeek.length }))}</h3><p class="note">${esc(m('html.owner.expiring.note'))}</p>` +
        table(section.expiringNextWeek, 'until')
      : '';
  return `<section><h2>${esc(m('html.owner'))}</h2><p class="note">${esc(note)}</p>${section.decided.length > 0 ? table(section.decided, 'decided') : ''}${expiring}</section>`;
}

/** The CSV rows: one `decision` record per decision this week (`owner-decision`) and per snooze ending next week (`snooze-ending`). */
export function ownerDecisionsCsv<R>(d: WeeklyDigest, resource: (line: ResourceLine) => R): (R & Readonly<Record<string, string | number | null>>)[] {
  const section = d.ownerDecisions;
  if (!section) return [];
  const row = (name: string, l: OwnerDecisionLine) => ({
    ...resource(l),
    x_Record: 'decision',
    x_Section: name,
    x_Status: l.choice,
    x_At: l.decidedAt,
    x_Deadline: l.until,
    x_MonthlySavingsEstimate: l.monthlyUsd,
    x_Reason: l.reason,
  });
  return [...section.decided.map((l) => row('owner-decision', l)), ...section.expiringNextWeek.map((l) => row('snooze-ending', l))];
}

function names(line: OwnerDecisionLine): { resource: string; region: string; owner: string } {
  return { resource: tagText(line.resourceId), region: tagText(line.region), owner: tagText(line.owner) };
}
