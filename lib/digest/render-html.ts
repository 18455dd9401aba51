/**
 * The digest as one self-contained HTML page (the weekly S3 report): inline CSS,
 * an inline SVG chart of weekly savings, system fonts, no script at all, and a
 * Content-Security-Policy that forbids loading anything from anywhere. Every list
 * is complete (the text message cuts them); every value is HTML-escaped.
 */
import { usd } from '../cli/format.js';
import type { ActionLine, FindingLine, TeamRow, WeeklyDigest } from './weekly-digest.js';
import type { ReportLocation } from './render-text.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Where the CSV lives, to link it from the page (relative links work inside the same S3 prefix). */
  readonly report?: Pick<ReportLocation, 'csv'>;
}

/**
 * Renders the digest as a complete HTML document.
 *
 * @example
 * await writeFile('digest.html', renderHtml(digest));
 */
export function renderHtml(d: WeeklyDigest, options: HtmlOptions = {}): string {
  const t = d.totals;
  const title = `finops-ai weekly savings digest ${d.week}`;
  const recs = d.recommendations;
  const late = d.trust.schedules.filter((s) => s.status === 'missed' || s.status === 'never-ran');
  const actedThisWeek = d.actions.filter((a) => a.tookEffectThisWeek || a.hoursThisWeek > 0);
  const body = [
    `<header><h1>${esc(title)}</h1>`,
    `<p class="sub">${esc(d.weekStart.slice(0, 10))} to ${esc(lastDay(d.weekEnd))} (UTC) &middot; ${d.inProgress ? `week in progress, figures up to ${esc(stamp(d.asOf))} UTC &middot; ` : ''}generated ${esc(stamp(d.generatedAt))} UTC &middot; amounts in USD</p></header>`,
    '<section class="cards">',
    card('Realized savings this week', usd(t.realizedUsd), t.keptCostUsd ? `${usd(t.grossRealizedUsd)} gross &minus; ${usd(t.keptCostUsd)} snapshots kept` : 'price &times; hours in force'),
    card('Projected monthly savings', `${usd(t.projectedMonthlyUsd)}/mo`, `${t.actionsInForce} action(s) in force${t.unknownPrice.actionsInForce ? `, ${t.unknownPrice.actionsInForce} of unknown price` : ''}`),
    card('Cumulative since deployment', usd(t.cumulativeRealizedUsd), t.firstActionAt ? `since ${esc(t.firstActionAt.slice(0, 10))}` : 'no action yet'),
    card(
      'Week-over-week change',
      `${t.weekOverWeekChangeUsd < 0 ? '&minus;' : '+'}${usd(Math.abs(t.weekOverWeekChangeUsd))}`,
      `${t.weekOverWeekChangePct === null ? '' : `${t.weekOverWeekChangePct.toFixed(1)}% `}vs ${usd(t.previousWeekRealizedUsd)} the week before`,
    ),
    '</section>',
    `<section><h2>Weekly realized savings</h2>${chart(d)}</section>`,
    `<section><h2>Showback by team</h2><p class="note">Actions that took effect and savings realized this week; projected $/month of the actions in force; pending actions and open recommendations as of the generation time. Rows add up to the total.</p>${teamTable(d)}</section>`,
    `<section><h2>Pending actions (${d.pending.length}, ${usd(t.pendingMonthlyUsd)}/month)</h2><p class="note">Acted on after the grace period unless the owner exempts or uses the resource.</p>${findingTable(d.pending, 'Deadline (UTC)', (f) => (f.deadline ? stamp(f.deadline) : 'in progress'))}</section>`,
    `<section><h2>Protected or exempt waste (${d.protected.length}, ${usd(t.protectedMonthlyUsd)}/month)</h2><p class="note">Reported, never acted on.</p>${findingTable(d.protected, 'Status', (f) => f.status)}</section>`,
    d.flags.length > 0
      ? `<section><h2>Other flags (${d.flags.length})</h2><p class="note">Reported only, e.g. a team over its AI budget.</p>${findingTable(d.flags, 'Since (UTC)', (f) => stamp(f.firstSeenAt))}</section>`
      : '',
    d.runaway.jobs.length > 0
      ? `<section><h2>Runaway training (${d.runaway.jobs.length} job(s), ${usd(d.runaway.costSoFarUsd)} so far, ${d.runaway.stopped} stopped)</h2>${table(
          ['Job', 'Outcome', 'Cost so far', 'Hours', 'Flagged (UTC)', 'Team', 'Owner'],
          d.runaway.jobs.map((j) => [j.resourceId, j.outcome, money(j.costSoFarUsd), num(j.elapsedHours), stamp(j.firstSeenAt), team(j.team), j.owner]),
          [2, 3],
        )}</section>`
      : '',
    `<section><h2>Recommendations</h2><p class="note">${recs.open.length} open (${usd(t.openRecommendationsMonthlyUsd)}/month), ${recs.adopted.length} adopted this week (${usd(recs.adoptedMonthlyUsd)}/month)${recs.adoptionRate === null ? '' : `; adoption rate ${pct(recs.adoptionRate)}`}.</p>${
      recs.open.length > 0
        ? table(['$/month', 'Resource', 'Sweep', 'Current', 'Proposed', 'Team', 'Owner', 'Since'], recs.open.map((r) => [money(r.monthlyUsd), r.resourceId, r.sweep, r.current ?? '-', r.proposed ?? '-', team(r.team), r.owner, r.firstSeenAt.slice(0, 10)]), [0])
        : ''
    }${recs.adopted.length > 0 ? `<h3>Adopted this week</h3>${table(['$/month', 'Resource', 'Adopted (UTC)', 'Team', 'Owner'], recs.adopted.map((r) => [money(r.monthlyUsd), r.resourceId, stamp(r.adoptedAt!), team(r.team), r.owner]), [0])}` : ''}</section>`,
    `<section><h2>Actions in force or saving this week (${actedThisWeek.length})</h2><p class="note">Hours in force this week; realized = $/hour &times; hours; kept cost = snapshots kept, already netted.</p>${actionTable(actedThisWeek)}</section>`,
    d.budgets.teams.length > 0
      ? `<section><h2>Team AI budgets this month</h2><p class="note">AWS Budgets' figures as of ${esc(stamp(d.generatedAt))} UTC${d.budgets.unavailable ? `; unavailable: ${esc(d.budgets.unavailable)}` : ''}. Over: actual above the limit; forecast-over: forecast above its threshold; warning: actual above the warning level.</p>${table(
          ['Team', 'Limit', 'Actual', 'Forecast', 'Status'],
          d.budgets.teams.map((b) => [b.team, money(b.limitUsd), money(b.actualUsd), money(b.forecastUsd), b.status]),
          [1, 2, 3],
          (row) => (row[4] === 'over' || row[4] === 'forecast-over' || row[4] === 'missing' ? 'bad' : ''),
        )}</section>`
      : '',
    '<section><h2>Trust signals</h2>',
    `<h3>Restores this week: ${d.trust.restores.length}</h3><p class="note">A restore is a false positive: the owner needed the resource back.</p>${
      d.trust.restores.length > 0
        ? table(['Resource', 'Sweep', 'Acted (UTC)', 'Restored (UTC)', 'Hours in force', 'Saved', 'Team'], d.trust.restores.map((r) => [r.resourceId, r.sweep, stamp(r.actedAt), stamp(r.restoredAt!), num(r.hoursToDate), money(r.cumulativeUsd), team(r.team)]), [4, 5])
        : ''
    }`,
    `<h3>Failures: ${d.trust.failures} in ${d.trust.failedRuns} of ${d.trust.runs.length} recorded run(s)</h3>${list(d.trust.runs.filter((r) => r.errors > 0).flatMap((r) => r.failures.map((f) => `${stamp(r.startedAt)} ${r.sweep}: ${f}`)))}`,
    `<h3>Schedules${late.length > 0 ? `: ${late.length} sweep(s) did not run on schedule` : ''}</h3>${table(
      ['Sweep', 'Schedule', 'Mode', 'Status', 'Runs', 'Expected', 'Last run (UTC)', 'Note'],
      d.trust.schedules.map((s) => [s.sweep, s.schedule, s.mode, s.status, String(s.recordedRuns), s.expectedRuns === null ? '-' : String(s.expectedRuns), s.lastRunAt ? stamp(s.lastRunAt) : '-', s.note]),
      [4, 5],
      (row) => (row[3] === 'missed' || row[3] === 'never-ran' ? 'bad' : ''),
    )}</section>`,
    `<section><h2>KPIs</h2>${table(
      ['KPI', 'Value', 'How it is computed'],
      [
        ['Idle resource spend found', `${usd(d.kpis.idleResourceSpendFoundMonthlyUsd)}/month (${d.kpis.idleResourceFindings})`, 'Estimated $/month of the waste findings first recorded this week (pending, protected or exempt).'],
        ['Waste reduced', `${usd(d.kpis.wasteReducedUsd)} (${usd(d.kpis.wasteReducedMonthlyUsd)}/month)`, 'Realized savings this week; the $/month of the actions in force.'],
        ['Optimization adoption rate', d.kpis.optimizationAdoptionRate === null ? '-' : pct(d.kpis.optimizationAdoptionRate), 'Recommendations adopted this week / (adopted this week + open).'],
        [
          'Unallocated share',
          d.kpis.unallocatedShare === null ? '-' : `${pct(d.kpis.unallocatedShare)} of $/month${d.kpis.unallocatedResourceShare === null ? '' : `, ${pct(d.kpis.unallocatedResourceShare)} of resources`}`,
          'The unallocated row (no team tag) over the total: projected + pending + open recommendations $/month.',
        ],
      ],
      [1],
    )}</section>`,
    `<footer><p>Realized savings = each action's recorded hourly price &times; the hours it was in force within the week (from when it took effect until it was restored or its saving ended), net of what it keeps paying for (snapshots). Projected = the $/month of the actions in force at the end of the week. Unknown prices are counted, never guessed.${
      options.report ? ` Every ledger record behind these figures: <a href="${esc(csvHref(options.report.csv))}">${esc(options.report.csv)}</a>.` : ''
    }</p></footer>`,
  ].join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2733; --muted: #5b6875; --line: #dde3ea; --accent: #1f6feb; --bad: #b42318; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
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
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: var(--muted); }
svg .bar { fill: #9ec1f7; }
svg .bar.current { fill: var(--accent); }
svg .value { fill: var(--ink); }
footer { color: var(--muted); font-size: 12px; margin: 16px 0; }
`;

/** Inline SVG bar chart of realized savings per week, the digest's week highlighted. */
function chart(d: WeeklyDigest): string {
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
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="chart-title" id="weekly-savings-chart">`,
    `<title id="chart-title">Realized savings per week, ${esc(d.series[0]?.week ?? d.week)} to ${esc(d.week)}</title>`,
    ...ticks.map((v) => `<line x1="${left}" x2="${width - 10}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#dde3ea"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(shortUsd(v))}</text>`),
    ...d.series.map((p, i) => {
      const x = left + i * step + (step - barW) / 2;
      const h = (p.realizedUsd / max) * plotH;
      const label = p.week.slice(5);
      return [
        `<rect class="bar${p.week === d.week ? ' current' : ''}" x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(p.week)}: ${esc(usd(p.realizedUsd))}</title></rect>`,
        `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${esc(label)}</text>`,
        p.realizedUsd > 0 ? `<text class="value" x="${(x + barW / 2).toFixed(1)}" y="${(top + plotH - h - 4).toFixed(1)}" text-anchor="middle">${esc(shortUsd(p.realizedUsd))}</text>` : '',
      ].join('');
    }),
    '</svg>',
  ];
  return parts.join('\n');
}

function teamTable(d: WeeklyDigest): string {
  if (d.teams.length === 0) return '<p class="empty">Nothing to show back this week.</p>';
  const cells = (name: string, r: Omit<TeamRow, 'team'>) => [name, String(r.actions), usd(r.realizedUsd), usd(r.projectedMonthlyUsd), String(r.pendingCount), usd(r.pendingMonthlyUsd), String(r.openRecommendations), usd(r.openRecommendationsMonthlyUsd)];
  const rows = [...d.teams.map((r) => cells(team(r.team), r)), cells('Total', d.totals)];
  return table(['Team', 'Actions', 'Realized', 'Projected $/month', 'Pending', 'Pending $/month', 'Open recs', 'Open recs $/month'], rows, [1, 2, 3, 4, 5, 6, 7], (_, i) => (i === rows.length - 1 ? 'total' : ''));
}

function findingTable(lines: readonly FindingLine[], firstHeader: string, first: (f: FindingLine) => string): string {
  if (lines.length === 0) return '<p class="empty">None.</p>';
  return table(
    [firstHeader, 'Resource', 'Type', 'Region', 'Sweep', 'Owner', 'Team', '$/month', 'Reason'],
    lines.map((f) => [first(f), f.resourceId, f.resourceType, f.region, f.sweep, f.owner, team(f.team), money(f.monthlyUsd), f.reason]),
    [7],
  );
}

function actionTable(actions: readonly ActionLine[]): string {
  if (actions.length === 0) return '<p class="empty">None.</p>';
  return table(
    ['Resource', 'Action', 'Team', 'Acted (UTC)', 'Until (UTC)', 'Hours', '$/hour', 'Realized', 'Kept cost', 'Projected $/mo'],
    actions.map((a) => [
      a.resourceId,
      a.action,
      team(a.team),
      stamp(a.actedAt),
      a.restoredAt ? `restored ${stamp(a.restoredAt)}` : a.savingsUntil && !a.inForce ? `ended ${stamp(a.savingsUntil)}` : 'in force',
      a.hoursThisWeek.toFixed(2),
      a.hourlyUsd === null ? 'unknown' : `$${a.hourlyUsd.toFixed(4)}`,
      money(a.realizedUsd),
      money(a.keptCostUsd),
      a.inForce ? money(a.projectedMonthlyUsd) : '-',
    ]),
    [5, 6, 7, 8, 9],
  );
}

/** Columns whose cells may wrap. */
const WRAPPING = new Set(['Resource', 'Job', 'Action', 'Until (UTC)', 'Reason', 'Note', 'Current', 'Proposed', 'How it is computed']);

/** A table; `numeric` columns are right-aligned; `rowClass` marks rows. */
function table(headers: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = [], rowClass?: (row: readonly string[], index: number) => string): string {
  // Numbers, dates and names stay on one line; free text (and long resource names) may wrap.
  const cls = (i: number) => (numeric.includes(i) ? ' class="n"' : WRAPPING.has(headers[i]!) ? ' class="w"' : '');
  const head = `<tr>${headers.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row, r) => {
      const c = rowClass?.(row, r);
      return `<tr${c ? ` class="${c}"` : ''}>${row.map((cell, i) => `<td${cls(i)}>${esc(cell)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '<p class="empty">None.</p>' : `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

function card(label: string, value: string, detail: string): string {
  // `value` and `detail` are built here from numbers and escaped dates (they may hold entities).
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${value}</div><div class="detail">${detail}</div></div>`;
}

/** Escapes text for HTML element content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function money(value: number | null): string {
  return usd(value);
}

function num(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function team(name: string | null): string {
  return name ?? '(unallocated)';
}

function stamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function lastDay(weekEnd: string): string {
  return new Date(new Date(weekEnd).getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** The CSV's name, linked relative to the page (both live under the same S3 prefix). */
function csvHref(location: string): string {
  return location.split('/').pop() ?? location;
}

/** `$1.2k`, `$950`, for axis and bar labels. */
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
