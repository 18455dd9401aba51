/**
 * The building blocks of the HTML digest: its style sheet, escaping, tables, cards
 * and the inline SVG chart. Every value is escaped here.
 */
import { formatUsd, type Locale } from '../format/index.js';
import { t } from './messages/index.js';
import type { WeeklyDigest } from './weekly-digest.js';

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A table to render: headers, rows of text cells (escaped here), and how columns behave. */
export interface HtmlTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Right-aligned columns (numbers and money). */
  readonly numeric?: readonly number[];
  /** Columns of free text or long names that may wrap; the rest stay on one line. */
  readonly wrap?: readonly number[];
  /** A class for row `index`, e.g. `total` or `bad`. */
  readonly rowClass?: (index: number) => string;
}

/** A table; `numeric` columns are right-aligned; `wrap` columns may wrap. */
export function htmlTable(spec: HtmlTable): string {
  const cls = (i: number) => (spec.numeric?.includes(i) ? ' class="n"' : spec.wrap?.includes(i) ? ' class="w"' : '');
  const head = `<tr>${spec.headers.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr>`;
  const body = spec.rows
    .map((row, r) => {
      const c = spec.rowClass?.(r);
      return `<tr${c ? ` class="${c}"` : ''}>${row.map((cell, i) => `<td${cls(i)}>${esc(cell)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

/** A list, or the locale's "None." */
export function htmlList(items: readonly string[], locale: Locale): string {
  return items.length === 0 ? empty(locale) : `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

/** The locale's "None." as an empty-section note. */
export function empty(locale: Locale): string {
  return `<p class="empty">${esc(t(locale, 'digest.none'))}</p>`;
}

/** A headline card; every part is plain text, escaped here. */
export function card(label: string, value: string, detail: string): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="detail">${esc(detail)}</div></div>`;
}

/** The CSV's name, linked relative to the page (both live under the same S3 prefix). */
export function csvHref(location: string): string {
  return location.split('/').pop() ?? location;
}

/** Inline SVG bar chart of realized savings per week, the digest's week highlighted. */
export function chart(d: WeeklyDigest, locale: Locale): string {
  const width = 760;
  const height = 260;
  const left = 70;
  const bottom = 30;
  const top = 20;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...d.series.map((p) => p.realizedUsd)));
  const step = (width - left - 10) / Math.max(1, d.series.length);
  const barW = Math.max(4, step * 0.6);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const title = t(locale, 'html.chart.title', { from: d.series[0]?.week ?? d.week, to: d.week });
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="chart-title" id="weekly-savings-chart">`,
    `<title id="chart-title">${esc(title)}</title>`,
    ...ticks.map(
      (v) =>
        `<line x1="${left}" x2="${width - 10}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#dde3ea"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(shortUsd(v))}</text>`,
    ),
    ...d.series.map((p, i) => {
      const x = left + i * step + (step - barW) / 2;
      const h = (p.realizedUsd / max) * plotH;
      const label = p.week.slice(5);
      return [
        `<rect class="bar${p.week === d.week ? ' current' : ''}" x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(p.week)}: ${esc(formatUsd(p.realizedUsd, locale))}</title></rect>`,
        `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${esc(label)}</text>`,
        p.realizedUsd > 0
          ? `<text class="value" x="${(x + barW / 2).toFixed(1)}" y="${(top + plotH - h - 4).toFixed(1)}" text-anchor="middle">${esc(shortUsd(p.realizedUsd))}</text>`
          : '',
      ].join('');
    }),
    '</svg>',
  ];
  return parts.join('\n');
}

/** `$1.2k`, `$950`, for axis and bar labels (too small a space for cents). */
function shortUsd(value: number): string {
  if (value >= 1_000_000) return `$${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 10_000) return `$${Math.round(value / 1000)}k`;
  if (value >= 1000) return `$${(value / 1000).toFixed(1)}k`;
  return `$${value >= 100 ? Math.round(value) : value.toFixed(value % 1 === 0 ? 0 : 2)}`;
}

/** The smallest 1, 2, 2.5 or 5 x 10^k at or above `value` (1 for nothing). */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}

/** The page's only style sheet (system fonts, no external resource). */
export const STYLE = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6875; --line: #dde3ea; --accent: #1f6feb; --bad: #b42318; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.sub, .note { color: var(--muted); margin: 0 0 12px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; overflow-x: auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 26px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; }
.card .detail { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; white-space: nowrap; }
td.w { white-space: normal; min-width: 12ch; overflow-wrap: anywhere; }
th { background: var(--bg); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
tr.bad td { color: var(--bad); }
.empty { color: var(--muted); font-style: italic; }
ul { margin: 0; padding-left: 20px; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, "Hiragino Sans", "Noto Sans CJK JP", sans-serif; fill: var(--muted); }
svg .bar { fill: #9ec1f7; }
svg .bar.current { fill: var(--accent); }
svg .value { fill: var(--ink); }
footer { color: var(--muted); font-size: 12px; margin: 16px 0; }
tr.sum td { font-weight: 600; border-top: 2px solid var(--ink); }
.problem { border-left: 4px solid var(--bad); padding: 2px 12px; margin: 0 0 12px; }
.problem p { margin: 4px 0; }
ul.figures { list-style: none; padding: 0; margin: 0 0 12px; }
`;
