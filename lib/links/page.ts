/**
 * The owner-action pages as HTML: the confirmation (what will happen, a reason, the
 * one button that applies it), the result, and the plain refusal and error pages.
 * No JavaScript, no external resource, readable on a phone (one column, system
 * font, large controls), in the config's language. Every value is escaped; the
 * refusal pages name no resource at all.
 */
import type { LinkRefusal } from '../core/errors.js';
import type { ResourceState } from '../core/ledger-records.js';
import { isSnooze, type OwnerChoice } from '../core/owner-actions.js';
import type { OwnerDecision } from '../core/owner-decisions.js';
import { formatDateTime, safeText, type ResolvedFormat } from '../format/index.js';
import { REASON_LENGTH, type FormProblem } from './apply-decision.js';
import { snoozeEnd, utcDay } from './choices.js';
import { linkMessages } from './messages/index.js';
import type { LinkClaims } from './token.js';

/** How a sweep is named on the pages, in the page's language. */
export interface SweepLabel {
  readonly title: string;
  /** What its action does, e.g. "stop the endpoint (...)". */
  readonly description: string;
}

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = [
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;color:#1b1f24;background:#f6f7f9}',
  'main{max-width:36rem;margin:0 auto;padding:1.25rem}',
  'h1{font-size:1.35rem;line-height:1.3;margin:.5rem 0 1rem;overflow-wrap:anywhere}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0 0 1rem}',
  'dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}',
  '.effect{background:#fff;border-left:4px solid #0b6bcb;padding:.75rem 1rem;margin:0 0 1rem}',
  '.problem{background:#fff4f4;border-left:4px solid #c62828;padding:.5rem 1rem}',
  'label{display:block;font-weight:600;margin:1rem 0 .25rem}',
  'textarea,input{box-sizing:border-box;width:100%;font:inherit;padding:.6rem;border:1px solid #8c959f;border-radius:6px}',
  'button{margin-top:1rem;width:100%;font:inherit;font-weight:600;padding:.8rem;border:0;border-radius:6px;background:#0b6bcb;color:#fff}',
  'button.act-now{background:#b35900}',
  '.note{color:#57606a;font-size:.9rem}',
  'footer{margin-top:2rem;color:#57606a;font-size:.8rem}',
].join('');

function shell(format: ResolvedFormat, heading: string, body: string): string {
  const m = linkMessages.messages(format.locale);
  return (
    `<!doctype html><html lang="${format.locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow">' +
    `<title>${esc(m('link.title'))}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${esc(heading)}</h1>${body}<footer>${esc(m('link.footer'))}</footer></main></body></html>`
  );
}

/** What the confirmation page shows. */
export interface ConfirmView {
  readonly claims: LinkClaims;
  readonly state: ResourceState;
  readonly sweep: SweepLabel;
  /** The request's time: snoozes of 7 and 30 days count from it. */
  readonly now: Date;
  /** The form again after a problem: what was wrong and what was typed. */
  readonly problems?: readonly FormProblem[];
  readonly reason?: string;
  readonly until?: string;
}

/** The confirmation page (GET, and POST with a problem): what will happen, and a form asking why. */
export function confirmPage(view: ConfirmView, format: ResolvedFormat, tagKeys: { readonly exempt: string; readonly snoozeUntil: string }): string {
  const m = linkMessages.messages(format.locale);
  const { claims, state } = view;
  const resource = safeText(claims.resource);
  const when = (iso: string) => formatDateTime(iso, format);
  const rows: [string, string][] = [
    [m('link.field.resource'), resource],
    [m('link.field.region'), safeText(claims.region)],
    [m('link.field.sweep'), view.sweep.title],
    [m('link.field.action'), view.sweep.description],
    ...(state.actAfter ? ([[m('link.field.deadline'), m('link.deadline', { time: when(state.actAfter) })]] as [string, string][]) : []),
    [m('link.field.owner'), safeText(claims.owner)],
  ];
  const effect = effectText(claims.choice, view, format, tagKeys);
  const today = utcDay(view.now);
  const problems = (view.problems ?? []).map((p) =>
    p === 'reason' ? m('link.problem.reason') : m('link.problem.until', { today: today, latest: claims.until ?? today }),
  );
  const until =
    claims.choice === 'keep-until'
      ? `<label for="until">${esc(m('link.until.label', { latest: claims.until ?? '' }))}</label>` +
        `<input id="until" name="until" type="date" min="${esc(today)}" max="${esc(claims.until ?? '')}" value="${esc(view.until ?? claims.until ?? '')}">`
      : '';
  const body =
    `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>` +
    `<p class="effect">${effect.map(esc).join('<br>')}</p>` +
    problems.map((p) => `<p class="problem" role="alert">${esc(p)}</p>`).join('') +
    `<form method="post">` +
    until +
    `<label for="reason">${esc(m('link.reason.label'))}</label>` +
    `<textarea id="reason" name="reason" rows="4" required minlength="${REASON_LENGTH.min}" maxlength="${REASON_LENGTH.max}">${esc(view.reason ?? '')}</textarea>` +
    `<button type="submit" class="${claims.choice}">${esc(m(`link.submit.${claims.choice}`))}</button>` +
    `</form><p class="note">${esc(m('link.nothingYet'))}</p>`;
  return shell(format, m(`link.heading.${claims.choice}`, { resource }), body);
}

function effectText(
  choice: OwnerChoice,
  view: ConfirmView,
  format: ResolvedFormat,
  tagKeys: { readonly exempt: string; readonly snoozeUntil: string },
): string[] {
  const m = linkMessages.messages(format.locale);
  const latest = view.claims.until ?? '';
  if (choice === 'exempt') return [m('link.effect.exempt', { key: tagKeys.exempt })];
  if (choice === 'act-now') return [m('link.effect.act-now', { deadline: view.state.actAfter ? formatDateTime(view.state.actAfter, format) : '-' })];
  if (choice === 'keep-until') return [m('link.effect.keep-until', { latest, key: tagKeys.snoozeUntil }), m('link.effect.after')];
  const end = snoozeEnd(choice, view.now)!;
  return [m('link.effect.keep', { until: formatDateTime(end.until, format), key: tagKeys.snoozeUntil, value: end.tagValue }), m('link.effect.after')];
}

/** The result page: what was recorded. */
export function donePage(decision: OwnerDecision, format: ResolvedFormat): string {
  const m = linkMessages.messages(format.locale);
  const resource = safeText(decision.ref.resourceId);
  const text = isSnooze(decision.choice)
    ? m('link.done.keep', { resource, until: formatDateTime(decision.until!, format) })
    : decision.choice === 'exempt'
      ? m('link.done.exempt', { resource })
      : m('link.done.act-now', { resource });
  return shell(format, m('link.done.heading'), `<p class="effect">${esc(text)}</p>`);
}

/** The plain page of a refused link: why, and that nothing changed. Names no resource. */
export function refusedPage(refusal: LinkRefusal, format: ResolvedFormat): string {
  const m = linkMessages.messages(format.locale);
  return shell(format, m('link.refused.heading'), `<p>${esc(m(`link.refused.${refusal}`))}</p><p>${esc(m('link.refused.note'))}</p>`);
}

/** The page of a failure: nothing recorded, try again. */
export function failedPage(format: ResolvedFormat): string {
  const m = linkMessages.messages(format.locale);
  return shell(format, m('link.failed.heading'), `<p>${esc(m('link.failed.body'))}</p>`);
}

/** The page of any other path or method. */
export function notFoundPage(format: ResolvedFormat): string {
  const m = linkMessages.messages(format.locale);
  return shell(format, m('link.notFound.heading'), `<p>${esc(m('link.notFound.body'))}</p>`);
}
