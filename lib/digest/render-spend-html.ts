/**
 * The spend section of the HTML digest: a stacked bar chart of twelve weeks of AI
 * spend by team (under the savings chart), the team and service tables, the unit
 * costs with their arithmetic, and the KPI rows that need AI spend. Every value is
 * escaped by the building blocks of `render-html-parts.ts`.
 */
import { formatNumber, formatUsd, formatUsdRate, type Locale } from '../format/index.js';
import type { SpendFigures } from './ai-spend.js';
import { messages, t } from './messages/index.js';
import { esc, htmlTable } from './render-html-parts.js';
import { tagText, teamName, type ResolvedFormat } from './render-common.js';
import { days, endpointName, monthValue, pctOf, spendKpis, statusLines, weekValue } from './render-spend.js';
import type { WeeklyDigest } from './weekly-digest.js';

/** Teams drawn in the chart before the rest are one "other teams" band. */
const CHART_TEAMS = 6;
const COLORS = ['#1f6feb', '#2da44e', '#bf8700', '#8250df', '#cf222e', '#0e8a8a', '#9ea7b3'];
const UNALLOCATED_COLOR = '#d0d7de';

/** The chart section (after the savings chart); empty without AI spend. */
export function spendChartSection(d: WeeklyDigest, locale: Locale): string {
  const detail = d.spendDetail;
  if (!detail || !d.spend) return '';
  return `<section><h2>${esc(t(locale, 'spend.html.chart'))}</h2>${spendChart(d.spend.weeks, detail, locale)}</section>`;
}

/** The AI spend and unit-cost sections; empty without the spend section. */
export function spendSections(d: WeeklyDigest, format: ResolvedFormat): string {
  const detail = d.spendDetail;
  if (!detail) return '';
  const { locale } = format;
  const m = messages(locale);
  const usd = (value: number | null) => formatUsd(value, locale);
  const p = detail.periods;
  const note = m('spend.html.note', {
    metric: detail.metric,
    tag: tagText(detail.costAllocationTag),
    range: days(p.weekStart, p.dataEnd, locale),
    requests: m('spend.requests', { count: detail.costExplorerRequests }),
  });
  const problems = statusLines(detail.status, detail.costAllocationTag, detail.error, locale);
  const parts = [`<section><h2>${esc(m('spend.html.title'))}</h2><p class="note">${esc(note)}</p>`];
  if (problems.length > 0) parts.push(`<div class="problem">${problems.map((l) => `<p>${esc(l)}</p>`).join('')}</div>`);
  const spend = d.spend;
  if (spend) {
    parts.push(
      `<ul class="figures"><li>${esc(m('spend.week'))}: <b>${esc(weekValue(spend, p.weekDays, locale))}</b></li>`,
      `<li>${esc(m('spend.mtd', { month: p.month }))}: <b>${esc(monthValue(d, locale))}</b></li>`,
      `<li>${esc(m('spend.unallocated'))}: <b>${esc(m('spend.unallocated.value', { amount: usd(spend.unallocatedUsd), pct: pctOf(spend.unallocatedUsd, spend.weekUsd, locale) }))}</b></li></ul>`,
    );
    const u = detail.unallocated;
    const rows = [
      ...spend.byTeam.map((r) => [tagText(r.team), usd(r.weekUsd), usd(r.previousWeekUsd), usd(r.monthToDateUsd)]),
      [teamName(null, locale), usd(u.weekUsd), usd(u.previousWeekUsd), usd(u.monthToDateUsd)],
      [m('html.total'), usd(spend.weekUsd), usd(spend.previousWeekUsd), usd(spend.monthToDateUsd)],
    ];
    parts.push(
      htmlTable({
        headers: [m('html.col.team'), m('spend.html.col.week'), m('spend.html.col.previous'), m('spend.html.col.mtd')],
        rows,
        numeric: [1, 2, 3],
        rowClass: (i) => (i === rows.length - 1 ? 'sum' : ''),
      }),
    );
    if (spend.byService.length > 0) {
      parts.push(
        `<h3>${esc(m('spend.html.services'))}</h3>`,
        htmlTable({
          headers: [m('spend.html.col.service'), m('spend.html.col.week')],
          rows: spend.byService.map((s) => [tagText(s.service), usd(s.weekUsd)]),
          numeric: [1],
        }),
      );
    }
  }
  parts.push('</section>');
  if (d.unitCosts) parts.push(unitCostSection(d, locale));
  return parts.join('\n');
}

function unitCostSection(d: WeeklyDigest, locale: Locale): string {
  const m = messages(locale);
  const lines = d.unitCosts ?? [];
  const basis = d.spendDetail?.unitCostBasis ?? [];
  const problem = d.spendDetail?.unitCostProblem;
  const body =
    lines.length === 0
      ? `<p class="empty">${esc(problem ? m('unitCosts.problem', { why: problem }) : m('unitCosts.none'))}</p>`
      : htmlTable({
          headers: [
            m('spend.html.col.endpoint'),
            m('html.col.team'),
            m('spend.html.col.invocations'),
            m('spend.html.col.cost'),
            m('spend.html.col.per1k'),
            m('spend.html.col.arithmetic'),
          ],
          rows: lines.map((l, i) => {
            const b = basis[i];
            return [
              endpointName(d, i),
              teamName(l.team, locale),
              formatNumber(l.invocations, locale),
              formatUsd(l.costUsd, locale),
              l.usdPer1kInferences === null ? '-' : formatUsdRate(l.usdPer1kInferences, locale),
              b ? (b.unknown ?? `${b.terms.join(' + ')}; ${b.priceSources}`) : '-',
            ];
          }),
          numeric: [2, 3, 4],
          wrap: [0, 5],
        });
  return `<section><h2>${esc(m('unitCosts.title', { count: lines.length }))}</h2><p class="note">${esc(m('unitCosts.how'))}</p>${body}</section>`;
}

/** The KPI table rows that need AI spend: [KPI, value, how]. */
export function spendKpiRows(d: WeeklyDigest, locale: Locale): string[][] {
  return d.spendDetail ? spendKpis(d, locale) : [];
}

/** Stacked bars: each week's AI spend by team (the largest teams, other teams, unallocated), with a legend. */
function spendChart(weeks: readonly { week: string; usd: number }[], detail: SpendFigures, locale: Locale): string {
  const width = 760;
  const height = 280;
  const left = 70;
  const bottom = 30;
  const top = 20;
  const plotH = height - top - bottom - 24;
  const named = detail.teamWeeks.filter((tw) => tw.team !== null);
  const bands = [
    ...named.slice(0, CHART_TEAMS).map((tw, i) => ({ label: tagText(tw.team!), usd: tw.usd, color: COLORS[i]! })),
    ...(named.length > CHART_TEAMS
      ? [
          {
            label: t(locale, 'spend.html.otherTeams'),
            usd: weeks.map((_, w) => named.slice(CHART_TEAMS).reduce((s, tw) => s + (tw.usd[w] ?? 0), 0)),
            color: COLORS[6]!,
          },
        ]
      : []),
    ...detail.teamWeeks.filter((tw) => tw.team === null).map((tw) => ({ label: teamName(null, locale), usd: tw.usd, color: UNALLOCATED_COLOR })),
  ];
  const max = niceMax(Math.max(0, ...weeks.map((w) => w.usd)));
  const step = (width - left - 10) / Math.max(1, weeks.length);
  const barW = Math.max(4, step * 0.6);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const title = t(locale, 'spend.html.chart.title', { from: weeks[0]?.week ?? '', to: weeks.at(-1)?.week ?? '' });
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="spend-chart-title" id="ai-spend-chart">`,
    `<title id="spend-chart-title">${esc(title)}</title>`,
    ...[0, 0.25, 0.5, 0.75, 1].map((f) => {
      const v = f * max;
      return `<line x1="${left}" x2="${width - 10}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#dde3ea"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(shortUsd(v))}</text>`;
    }),
  ];
  weeks.forEach((w, i) => {
    const x = left + i * step + (step - barW) / 2;
    let base = 0;
    for (const band of bands) {
      const v = band.usd[i] ?? 0;
      if (v <= 0) continue;
      const h = (v / max) * plotH;
      parts.push(
        `<rect class="spend" x="${x.toFixed(1)}" y="${(y(base) - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${band.color}"><title>${esc(`${w.week} ${band.label}: ${formatUsd(v, locale)}`)}</title></rect>`,
      );
      base += v;
    }
    parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${esc(w.week.slice(5))}</text>`);
    if (w.usd > 0)
      parts.push(`<text class="value" x="${(x + barW / 2).toFixed(1)}" y="${(y(w.usd) - 4).toFixed(1)}" text-anchor="middle">${esc(shortUsd(w.usd))}</text>`);
  });
  let lx = left;
  for (const band of bands) {
    parts.push(
      `<rect x="${lx}" y="${height - 14}" width="10" height="10" fill="${band.color}"/><text x="${lx + 14}" y="${height - 5}">${esc(band.label.slice(0, 24))}</text>`,
    );
    lx += 24 + Math.min(24, band.label.length) * 7;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function shortUsd(value: number): string {
  if (value >= 1_000_000) return `$${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 10_000) return `$${Math.round(value / 1000)}k`;
  if (value >= 1000) return `$${(value / 1000).toFixed(1)}k`;
  return `$${Math.round(value)}`;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * power >= value) return f * power;
  return 10 * power;
}
