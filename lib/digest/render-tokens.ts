/**
 * The token showback section (`WeeklyDigest.tokens`) in the text, HTML and CSV digests.
 * Each renderer calls one function here; nothing is rendered when the digest has no
 * `tokens` (token showback is off).
 */
import { formatNumber, formatPercent, formatUsd, tableLines, truncateToWidth, type Locale } from '../format/index.js';
import { messages } from './messages/index.js';
import { esc, htmlList, htmlTable } from './render-html-parts.js';
import { longText, tagText } from './render-common.js';
import type { TokenShowback } from './token-showback.js';

/** Longest line of the text section (under the digest's 100 columns). */
const MAX_LINE = 99;

function change(tokens: TokenShowback, locale: Locale): string {
  return tokens.weekOverWeekChangePct === null ? '' : ` (${formatPercent(tokens.weekOverWeekChangePct / 100, locale, { signed: true })})`;
}

function headline(tokens: TokenShowback, locale: Locale): string[] {
  const m = messages(locale);
  const n = (v: number) => formatNumber(v, locale);
  const t = tokens.total;
  return [
    m('tokens.total', {
      tokens: n(t.inputTokens + t.outputTokens),
      input: n(t.inputTokens),
      output: n(t.outputTokens),
      cost: formatUsd(t.costUsd, locale),
      perMillion: formatUsd(t.usdPerMillionTokens, locale),
    }),
    m('tokens.wow', { cost: formatUsd(tokens.previousWeek.costUsd, locale), change: change(tokens, locale) }),
    m('tokens.share', { share: tokens.aiSpendShare === null ? m('tokens.share.unknown') : formatPercent(tokens.aiSpendShare, locale) }),
    m('tokens.unallocated', { cost: formatUsd(tokens.unallocatedCostUsd, locale) }),
  ];
}

/**
 * The section as text lines (none without `tokens`), each within 100 columns.
 *
 * @example
 * out.push(...tokensText(digest.tokens, locale));
 */
export function tokensText(tokens: TokenShowback | undefined, locale: Locale, maxRows = 10): string[] {
  if (!tokens) return [];
  const m = messages(locale);
  const n = (v: number) => formatNumber(v, locale);
  const usd = (v: number | null) => formatUsd(v, locale);
  const out = ['', `== ${m('tokens.title')}`];
  if (tokens.byModel.length === 0) out.push(m('tokens.none'));
  else {
    out.push(...headline(tokens, locale));
    const last = new Map(tokens.previousWeek.byTeam.map((r) => [r.team, r.costUsd]));
    if (tokens.byTeam.length > 0) {
      out.push(
        '',
        ...tableLines(
          [
            [m('tokens.col.team'), m('tokens.col.input'), m('tokens.col.output'), m('tokens.col.cost'), m('tokens.col.lastWeek')],
            ...tokens.byTeam.slice(0, maxRows).map((r) => [tagText(r.team), n(r.inputTokens), n(r.outputTokens), usd(r.costUsd), usd(last.get(r.team) ?? 0)]),
          ],
          { right: [1, 2, 3, 4], maxWidths: [24, 16, 16, 14, 14] },
        ),
      );
    }
    out.push(
      '',
      ...tableLines(
        [
          [m('tokens.col.model'), m('tokens.col.region'), m('tokens.col.input'), m('tokens.col.output'), m('tokens.col.cost'), m('tokens.col.perMillion')],
          ...tokens.byModel
            .slice(0, maxRows)
            .map((r) => [tagText(r.modelId), r.region, n(r.inputTokens), n(r.outputTokens), usd(r.costUsd), usd(r.usdPerMillionTokens)]),
        ],
        { right: [2, 3, 4, 5], maxWidths: [42, 14, 13, 12, 10, 7] },
      ),
    );
    if (tokens.unpriced.length > 0) {
      out.push('', m('tokens.unpriced', { count: tokens.unpriced.length }));
      for (const u of tokens.unpriced.slice(0, maxRows)) out.push(`  ${tagText(u.usageId)} (${u.region}): ${longText(u.reason)}`);
    }
  }
  for (const u of tokens.unavailable) out.push(m('tokens.unavailable', { region: u.region, why: longText(u.reason) }));
  return out.map((line) => truncateToWidth(line, MAX_LINE));
}

/**
 * The section as HTML (empty without `tokens`).
 *
 * @example
 * body.push(tokensHtml(digest.tokens, locale));
 */
export function tokensHtml(tokens: TokenShowback | undefined, locale: Locale): string {
  if (!tokens) return '';
  const m = messages(locale);
  const n = (v: number) => formatNumber(v, locale);
  const usd = (v: number | null) => formatUsd(v, locale);
  const parts = [`<section id="tokens"><h2>${esc(m('tokens.title'))}</h2>`, `<p class="note">${esc(m('tokens.how'))}</p>`];
  if (tokens.byModel.length === 0) parts.push(`<p class="empty">${esc(m('tokens.none'))}</p>`);
  else {
    parts.push(`<p>${headline(tokens, locale).map(esc).join('<br>')}</p>`);
    const last = new Map(tokens.previousWeek.byTeam.map((r) => [r.team, r.costUsd]));
    if (tokens.byTeam.length > 0) {
      parts.push(
        htmlTable({
          headers: [
            m('tokens.html.col.team'),
            m('tokens.html.col.input'),
            m('tokens.html.col.output'),
            m('tokens.html.col.cost'),
            m('tokens.html.col.lastWeek'),
          ],
          rows: tokens.byTeam.map((r) => [tagText(r.team), n(r.inputTokens), n(r.outputTokens), usd(r.costUsd), usd(last.get(r.team) ?? 0)]),
          numeric: [1, 2, 3, 4],
        }),
      );
    }
    parts.push(
      htmlTable({
        headers: [
          m('tokens.html.col.model'),
          m('tokens.html.col.region'),
          m('tokens.html.col.input'),
          m('tokens.html.col.output'),
          m('tokens.html.col.cost'),
          m('tokens.html.col.perMillion'),
        ],
        rows: tokens.byModel.map((r) => [tagText(r.modelId), r.region, n(r.inputTokens), n(r.outputTokens), usd(r.costUsd), usd(r.usdPerMillionTokens)]),
        numeric: [2, 3, 4, 5],
        wrap: [0],
      }),
    );
    if (tokens.unpriced.length > 0) {
      parts.push(`<p>${esc(m('tokens.unpriced', { count: tokens.unpriced.length }))}</p>`);
      parts.push(
        htmlList(
          tokens.unpriced.map((u) => `${tagText(u.usageId)} (${u.region}): ${longText(u.reason)}`),
          locale,
        ),
      );
    }
    parts.push(`<p class="note">${esc(m('tokens.html.prices'))}</p>`, htmlList(tokens.priceSources.map(longText), locale));
  }
  for (const u of tokens.unavailable) parts.push(`<p class="note">${esc(m('tokens.unavailable', { region: u.region, why: longText(u.reason) }))}</p>`);
  parts.push('</section>');
  return parts.join('\n');
}

/** One CSV row of the section, keyed by the digest CSV's column names. */
export type TokenCsvRow = Readonly<Record<string, string | number | null>>;

/**
 * The section's CSV rows (`x_Record` `tokens`): one per team, one per model and region,
 * one for the unallocated usage, one total with the price sources.
 *
 * @example
 * rows.push(...tokensCsvRows(digest.tokens, period));
 */
export function tokensCsvRows(tokens: TokenShowback | undefined, period: TokenCsvRow): TokenCsvRow[] {
  if (!tokens) return [];
  const base = { ...period, x_Record: 'tokens', ServiceName: 'Amazon Bedrock' };
  return [
    ...tokens.byTeam.map((r) => ({
      ...base,
      x_Section: 'tokens-team',
      x_Team: r.team,
      x_InputTokens: r.inputTokens,
      x_OutputTokens: r.outputTokens,
      x_TokenCost: r.costUsd,
    })),
    ...tokens.byModel.map((r) => ({
      ...base,
      x_Section: 'tokens-model',
      ResourceId: r.modelId,
      RegionId: r.region,
      x_InputTokens: r.inputTokens,
      x_OutputTokens: r.outputTokens,
      x_TokenCost: r.costUsd,
      x_UsdPerMillionTokens: r.usdPerMillionTokens,
    })),
    {
      ...base,
      x_Section: 'tokens-unallocated',
      x_InputTokens: tokens.unallocated.inputTokens,
      x_OutputTokens: tokens.unallocated.outputTokens,
      x_TokenCost: tokens.unallocatedCostUsd,
    },
    {
      ...base,
      x_Section: 'tokens-total',
      x_InputTokens: tokens.total.inputTokens,
      x_OutputTokens: tokens.total.outputTokens,
      x_TokenCost: tokens.total.costUsd,
      x_UsdPerMillionTokens: tokens.total.usdPerMillionTokens,
      x_Reason: tokens.unpriced.map((u) => `${u.usageId} (${u.region}): ${u.reason}`).join(' | ') || null,
      x_PriceSources: tokens.priceSources.join(' | ') || null,
    },
  ];
}
