/**
 * How the digest's renderers show accounts: the showback by account (text and HTML),
 * and a resource named with its account. Nothing is shown for a digest without an
 * `accounts` section (a deployment that sweeps its own account only).
 */
import { accountLabel } from '../core/swept-account.js';
import { formatUsd, tableLines, type Locale } from '../format/index.js';
import type { AccountRow } from './account-section.js';
import { messages } from './messages/index.js';
import { esc, htmlTable } from './render-html-parts.js';
import { tagText } from './render-common.js';
import type { ResourceLine, WeeklyDigest } from './weekly-digest.js';

/** An account as a row names it: `name (id)`, the id alone, and `(hub)` for the deployment's own. */
export function accountName(row: Pick<AccountRow, 'accountId' | 'accountName' | 'own'>, locale: Locale): string {
  const label = tagText(accountLabel({ accountId: row.accountId, accountName: row.accountName ?? undefined }) ?? row.accountId);
  return row.own ? messages(locale)('digest.ownAccount', { account: label }) : label;
}

/** The account of a line, as a cell names it (`-` for a line without one). */
export function lineAccount(line: Pick<ResourceLine, 'accountId' | 'accountName'>): string {
  return tagText(accountLabel(line) ?? '-');
}

/** A resource named with its account when the line has one: `churn-model @ ml-sandbox (111122223333)`. */
export function resourceWithAccount(line: Pick<ResourceLine, 'resourceId' | 'accountId' | 'accountName'>): string {
  const account = accountLabel(line);
  return tagText(account ? `${line.resourceId} @ ${account}` : line.resourceId);
}

function cells(r: AccountRow, locale: Locale): string[] {
  const usd = (value: number) => formatUsd(value, locale);
  return [
    accountName(r, locale),
    String(r.actions),
    usd(r.realizedUsd),
    usd(r.projectedMonthlyUsd),
    String(r.pendingCount),
    usd(r.pendingMonthlyUsd),
    String(r.openRecommendations),
    usd(r.openRecommendationsMonthlyUsd),
    String(r.failedRuns),
  ];
}

/** The text digest's section "Showback by account" (its lines, a blank line first), or nothing. */
export function accountsText(d: WeeklyDigest, locale: Locale, maxRows: number): string[] {
  if (!d.accounts || d.accounts.rows.length === 0) return [];
  const m = messages(locale);
  const keys = [
    'text.col.account',
    'text.col.actions',
    'text.col.realized',
    'text.col.projected',
    'text.col.pending',
    'text.col.pendingMonthly',
    'text.col.recs',
    'text.col.recsMonthly',
    'text.col.failedRuns',
  ] as const;
  const rows = d.accounts.rows.slice(0, Math.max(maxRows, 1)).map((r) => cells(r, locale));
  const table = tableLines([keys.map((k) => m(k)), ...rows], {
    right: [1, 2, 3, 4, 5, 6, 7, 8],
    maxWidths: [26, ...keys.slice(1).map(() => 14)],
    ruleMaxWidth: 100,
  });
  const rest = d.accounts.rows.length - rows.length;
  return ['', `== ${m('text.accounts')}`, ...table, ...(rest > 0 ? [m('text.more', { count: rest })] : [])];
}

/** The HTML digest's section "Showback by account", or `''`. */
export function accountsHtml(d: WeeklyDigest, locale: Locale): string {
  if (!d.accounts || d.accounts.rows.length === 0) return '';
  const m = messages(locale);
  const table = htmlTable({
    headers: [
      m('html.col.account'),
      m('html.col.actions'),
      m('html.col.realized'),
      m('html.col.projected'),
      m('html.col.pending'),
      m('html.col.pendingMonthly'),
      m('html.col.recs'),
      m('html.col.recsMonthly'),
      m('html.col.failedRuns'),
    ],
    rows: d.accounts.rows.map((r) => cells(r, locale)),
    numeric: [1, 2, 3, 4, 5, 6, 7, 8],
    wrap: [0],
    rowClass: (i) => (d.accounts!.rows[i]!.failedRuns > 0 ? 'bad' : ''),
  });
  return `<section><h2>${esc(m('html.accounts'))}</h2><p class="note">${esc(m('html.accounts.note'))}</p>${table}</section>`;
}
