/**
 * The digest as one self-contained HTML page (the weekly S3 report): inline CSS,
 * an inline SVG chart of weekly savings, system fonts, no script at all, and a
 * Content-Security-Policy that forbids loading anything from anywhere. Every list
 * is complete (the text message cuts them); every value is HTML-escaped. Written
 * in the configured language, dates in the configured time zone.
 */
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatUsd,
  formatUsdPerMonth,
  formatUsdRate,
  timeZoneLabel,
  type FormatOptions,
  type Locale,
} from '../format/index.js';
import { messages } from './messages/index.js';
import { accountsHtml, resourceWithAccount } from './render-accounts.js';
import { card, chart, csvHref, empty, esc, htmlList, htmlTable, STYLE } from './render-html-parts.js';
import { digestFormat, findingMoney, longText, runawayOutcome, statusLabel, tagText, teamName, weekRange } from './render-common.js';
import { tokensHtml } from './render-tokens.js';
import type { ReportLocation } from './render-text.js';
import { spendChartSection, spendKpiRows, spendSections } from './render-spend-html.js';
import { ownerDecisionsHtml } from './render-owner-decisions.js';
import type { ActionLine, FindingLine, TeamRow, WeeklyDigest } from './weekly-digest.js';

export { esc } from './render-html-parts.js';

/** Options of {@link renderHtml}: also the language and time zone (`en`, `UTC` by default). */
export interface HtmlOptions extends FormatOptions {
  /** Where the CSV lives, to link it from the page (relative links work inside the same S3 prefix). */
  readonly report?: Pick<ReportLocation, 'csv'>;
}

/**
 * Renders the digest as a complete HTML document.
 *
 * @example
 * await writeFile('digest.html', renderHtml(digest, { locale: 'ja', timeZone: 'Asia/Tokyo' }));
 */
export function renderHtml(d: WeeklyDigest, options: HtmlOptions = {}): string {
  const format = digestFormat(options);
  const { locale } = format;
  const m = messages(locale);
  const usd = (value: number | null) => formatUsd(value, locale);
  const perMonth = (value: number | null) => formatUsdPerMonth(value, locale);
  const stamp = (iso: string) => formatDateTime(iso, { ...format, zone: false });
  const at = (iso: string) => formatDateTime(iso, format);
  const zone = timeZoneLabel(format);
  const pct = (ratio: number) => formatPercent(ratio, locale);
  const hours = (value: number | null) => (value === null ? '-' : formatNumber(value, locale, 1));
  const t = d.totals;
  const title = m('digest.title', { week: d.week });
  const recs = d.recommendations;
  const late = d.trust.schedules.filter((s) => s.status === 'missed' || s.status === 'never-ran');
  const actedThisWeek = d.actions.filter((a) => a.tookEffectThisWeek || a.hoursThisWeek > 0);
  const sub = [
    weekRange(d.weekStart, d.weekEnd, locale),
    d.inProgress ? m('html.inProgress', { asOf: at(d.asOf) }) : '',
    m('html.generated', { at: at(d.generatedAt) }),
    m('html.usd'),
  ].filter(Boolean);
  const section = (heading: string, note: string | null, content: string) =>
    `<section><h2>${esc(heading)}</h2>${note === null ? '' : `<p class="note">${esc(note)}</p>`}${content}</section>`;
  const findingCols = [
    m('html.col.resource'),
    m('html.col.type'),
    m('html.col.region'),
    m('html.col.sweep'),
    m('html.col.owner'),
    m('html.col.team'),
    m('html.col.monthly'),
    m('html.col.reason'),
  ];
  const findings = (lines: readonly FindingLine[], firstHeader: string, first: (f: FindingLine) => string) =>
    lines.length === 0
      ? empty(locale)
      : htmlTable({
          headers: [firstHeader, ...findingCols],
          rows: lines.map((f) => [
            first(f),
            resourceWithAccount(f),
            f.resourceType,
            f.region,
            f.sweep,
            tagText(f.owner),
            teamName(f.team, locale),
            findingMoney(f, locale),
            longText(f.reason),
          ]),
          numeric: [7],
          wrap: [1, 8],
        });
  const rate = recs.adoptionRate === null ? '' : m('html.recs.rate', { pct: pct(recs.adoptionRate) });

  const body = [
    `<header><h1>${esc(title)}</h1>`,
    `<p class="sub">${sub.map(esc).join(' &middot; ')}</p></header>`,
    '<section class="cards">',
    card(
      m('digest.realized'),
      usd(t.realizedUsd),
      t.keptCostUsd ? m('html.realized.kept', { gross: usd(t.grossRealizedUsd), kept: usd(t.keptCostUsd) }) : m('html.realized.detail'),
    ),
    card(
      m('digest.projected'),
      perMonth(t.projectedMonthlyUsd),
      m('html.projected.detail', { count: t.actionsInForce }) +
        (t.unknownPrice.actionsInForce ? m('html.projected.unknown', { count: t.unknownPrice.actionsInForce }) : ''),
    ),
    card(
      m('digest.cumulative'),
      usd(t.cumulativeRealizedUsd),
      t.firstActionAt ? m('html.cumulative.since', { date: formatDate(t.firstActionAt, format) }) : m('html.cumulative.none'),
    ),
    card(
      m('digest.wow'),
      formatUsd(t.weekOverWeekChangeUsd, locale, { signed: true }),
      `${t.weekOverWeekChangePct === null ? '' : `${formatPercent(t.weekOverWeekChangePct / 100, locale, { signed: true })} `}${m('html.wow.detail', { previous: usd(t.previousWeekRealizedUsd) })}`,
    ),
    '</section>',
    `<section><h2>${esc(m('html.chart'))}</h2>${chart(d, locale)}</section>`,
    spendChartSection(d, locale),
    section(m('html.showback'), m('html.showback.note'), teamTable(d, locale)),
    accountsHtml(d, locale),
    spendSections(d, format),
    section(
      m('html.pending', { count: d.pending.length, amount: perMonth(t.pendingMonthlyUsd) }),
      m('html.pending.note'),
      findings(d.pending, m('html.col.deadline', { zone }), (f) => (f.deadline ? stamp(f.deadline) : m('digest.inProgress'))),
    ),
    section(
      m('html.protected', { count: d.protected.length, amount: perMonth(t.protectedMonthlyUsd) }),
      m('html.protected.note'),
      findings(d.protected, m('html.col.status'), (f) => statusLabel(f.status, locale)),
    ),
    d.flags.length > 0
      ? section(
          m('html.flags', { count: d.flags.length }),
          m('html.flags.note'),
          findings(d.flags, m('html.col.since', { zone }), (f) => stamp(f.firstSeenAt)),
        )
      : '',
    d.runaway.jobs.length > 0
      ? section(
          m('html.runaway', { count: d.runaway.jobs.length, cost: usd(d.runaway.costSoFarUsd), stopped: d.runaway.stopped }),
          null,
          htmlTable({
            headers: [
              m('html.col.job'),
              m('html.col.outcome'),
              m('html.col.costSoFar'),
              m('html.col.hours'),
              m('html.col.flagged', { zone }),
              m('html.col.team'),
              m('html.col.owner'),
            ],
            rows: d.runaway.jobs.map((j) => [
              tagText(j.resourceId),
              runawayOutcome(j, locale),
              usd(j.costSoFarUsd),
              hours(j.elapsedHours),
              stamp(j.firstSeenAt),
              teamName(j.team, locale),
              tagText(j.owner),
            ]),
            numeric: [2, 3],
            wrap: [0],
          }),
        )
      : '',
    section(
      m('html.recs'),
      m('html.recs.note', {
        open: recs.open.length,
        openAmount: perMonth(t.openRecommendationsMonthlyUsd),
        adopted: recs.adopted.length,
        adoptedAmount: perMonth(recs.adoptedMonthlyUsd),
        rate,
      }),
      (recs.open.length > 0
        ? htmlTable({
            headers: [
              m('html.col.monthly'),
              m('html.col.resource'),
              m('html.col.sweep'),
              m('html.col.current'),
              m('html.col.proposed'),
              m('html.col.team'),
              m('html.col.owner'),
              m('html.col.firstSeen'),
            ],
            rows: recs.open.map((r) => [
              usd(r.monthlyUsd),
              tagText(r.resourceId),
              r.sweep,
              r.current === null ? '-' : tagText(r.current),
              r.proposed === null ? '-' : tagText(r.proposed),
              teamName(r.team, locale),
              tagText(r.owner),
              formatDate(r.firstSeenAt, format),
            ]),
            numeric: [0],
            wrap: [1, 3, 4],
          })
        : '') +
        (recs.adopted.length > 0
          ? `<h3>${esc(m('html.recs.adopted'))}</h3>${htmlTable({
              headers: [m('html.col.monthly'), m('html.col.resource'), m('html.col.adopted', { zone }), m('html.col.team'), m('html.col.owner')],
              rows: recs.adopted.map((r) => [usd(r.monthlyUsd), tagText(r.resourceId), stamp(r.adoptedAt!), teamName(r.team, locale), tagText(r.owner)]),
              numeric: [0],
              wrap: [1],
            })}`
          : ''),
    ),
    section(m('html.actions', { count: actedThisWeek.length }), m('html.actions.note'), actionTable(actedThisWeek, format)),
    d.budgets.teams.length > 0
      ? section(
          m('html.budgets'),
          m('html.budgets.note', {
            at: at(d.generatedAt),
            unavailable: d.budgets.unavailable ? m('html.budgets.unavailable', { why: longText(d.budgets.unavailable) }) : '',
          }),
          htmlTable({
            headers: [m('html.col.team'), m('html.col.limit'), m('html.col.actual'), m('html.col.forecast'), m('html.col.status')],
            rows: d.budgets.teams.map((b) => [tagText(b.team), usd(b.limitUsd), usd(b.actualUsd), usd(b.forecastUsd), m(`budget.${b.status}`)]),
            numeric: [1, 2, 3],
            rowClass: (i) => (['over', 'forecast-over', 'missing'].includes(d.budgets.teams[i]!.status) ? 'bad' : ''),
          }),
        )
      : '',
    tokensHtml(d.tokens, locale),
    ownerDecisionsHtml(d, format),
    `<section><h2>${esc(m('html.trust'))}</h2>`,
    `<h3>${esc(m('html.restores', { count: d.trust.restores.length }))}</h3><p class="note">${esc(m('html.restores.note'))}</p>${
      d.trust.restores.length > 0
        ? htmlTable({
            headers: [
              m('html.col.resource'),
              m('html.col.sweep'),
              m('html.col.acted', { zone }),
              m('html.col.restored', { zone }),
              m('html.col.hoursInForce'),
              m('html.col.saved'),
              m('html.col.team'),
            ],
            rows: d.trust.restores.map((r) => [
              tagText(r.resourceId),
              r.sweep,
              stamp(r.actedAt),
              stamp(r.restoredAt!),
              hours(r.hoursToDate),
              usd(r.cumulativeUsd),
              teamName(r.team, locale),
            ]),
            numeric: [4, 5],
            wrap: [0],
          })
        : ''
    }`,
    `<h3>${esc(m('html.failures', { failures: d.trust.failures, failed: d.trust.failedRuns, runs: d.trust.runs.length }))}</h3>${htmlList(
      d.trust.runs.filter((r) => r.errors > 0).flatMap((r) => r.failures.map((f) => `${at(r.startedAt)} ${r.sweep}: ${longText(f)}`)),
      locale,
    )}`,
    `<h3>${esc(late.length > 0 ? m('html.schedules.late', { count: late.length }) : m('html.schedules'))}</h3>${htmlTable({
      headers: [
        m('html.col.sweep'),
        m('html.col.schedule'),
        m('html.col.mode'),
        m('html.col.status'),
        m('html.col.runs'),
        m('html.col.expected'),
        m('html.col.lastRun', { zone }),
        m('html.col.note'),
      ],
      rows: d.trust.schedules.map((s) => [
        s.sweep,
        s.schedule,
        m(`mode.${s.mode}`),
        m(`schedule.${s.status}`),
        String(s.recordedRuns),
        s.expectedRuns === null ? '-' : String(s.expectedRuns),
        s.lastRunAt ? stamp(s.lastRunAt) : '-',
        s.status === 'ok' || s.status === 'missed'
          ? // The English note also names the window checked; the catalogue says the counts.
            locale === 'en'
            ? s.note
            : m('html.schedule.note.runs', { runs: s.recordedRuns, expected: s.expectedRuns ?? '-' })
          : m(`html.schedule.note.${s.status}`),
      ]),
      numeric: [4, 5],
      wrap: [7],
      rowClass: (i) => (['missed', 'never-ran'].includes(d.trust.schedules[i]!.status) ? 'bad' : ''),
    })}</section>`,
    section(
      m('html.kpis'),
      null,
      htmlTable({
        headers: [m('html.col.kpi'), m('html.col.value'), m('html.col.how')],
        rows: [
          [
            m('digest.kpi.idle'),
            m('html.kpi.idle', { amount: perMonth(d.kpis.idleResourceSpendFoundMonthlyUsd), count: d.kpis.idleResourceFindings }),
            m('html.kpi.idle.how'),
          ],
          [
            m('digest.kpi.waste'),
            m('html.kpi.waste', { amount: usd(d.kpis.wasteReducedUsd), monthly: perMonth(d.kpis.wasteReducedMonthlyUsd) }),
            m('html.kpi.waste.how'),
          ],
          [m('digest.kpi.adoption'), d.kpis.optimizationAdoptionRate === null ? '-' : pct(d.kpis.optimizationAdoptionRate), m('html.kpi.adoption.how')],
          [
            m('digest.kpi.unallocated'),
            d.kpis.unallocatedShare === null
              ? '-'
              : m('html.kpi.unallocated', {
                  pct: pct(d.kpis.unallocatedShare),
                  resources: d.kpis.unallocatedResourceShare === null ? '' : m('html.kpi.unallocated.resources', { pct: pct(d.kpis.unallocatedResourceShare) }),
                }),
            m('html.kpi.unallocated.how'),
          ],
          ...spendKpiRows(d, locale),
        ],
        numeric: [1],
        wrap: [2],
      }),
    ),
    `<footer><p>${esc(m('html.footer'))}${options.report ? ` ${esc(m('html.footer.csv'))} <a href="${esc(csvHref(options.report.csv))}">${esc(options.report.csv)}</a>.` : ''}</p></footer>`,
  ].join('\n');

  return `<!doctype html>
<html lang="${locale}">
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

function teamTable(d: WeeklyDigest, locale: Locale): string {
  const m = messages(locale);
  if (d.teams.length === 0) return `<p class="empty">${esc(m('digest.noShowback'))}</p>`;
  const usd = (value: number) => formatUsd(value, locale);
  const cells = (name: string, r: Omit<TeamRow, 'team'>) => [
    name,
    String(r.actions),
    usd(r.realizedUsd),
    usd(r.projectedMonthlyUsd),
    String(r.pendingCount),
    usd(r.pendingMonthlyUsd),
    String(r.openRecommendations),
    usd(r.openRecommendationsMonthlyUsd),
  ];
  const rows = [...d.teams.map((r) => cells(teamName(r.team, locale), r)), cells(m('html.total'), d.totals)];
  return htmlTable({
    headers: [
      m('html.col.team'),
      m('html.col.actions'),
      m('html.col.realized'),
      m('html.col.projected'),
      m('html.col.pending'),
      m('html.col.pendingMonthly'),
      m('html.col.recs'),
      m('html.col.recsMonthly'),
    ],
    rows,
    numeric: [1, 2, 3, 4, 5, 6, 7],
    rowClass: (i) => (i === rows.length - 1 ? 'total' : ''),
  });
}

function actionTable(actions: readonly ActionLine[], format: ReturnType<typeof digestFormat>): string {
  const { locale } = format;
  const m = messages(locale);
  if (actions.length === 0) return empty(locale);
  const stamp = (iso: string) => formatDateTime(iso, { ...format, zone: false });
  const zone = timeZoneLabel(format);
  return htmlTable({
    headers: [
      m('html.col.resource'),
      m('html.col.action'),
      m('html.col.team'),
      m('html.col.acted', { zone }),
      m('html.col.until', { zone }),
      m('html.col.hours'),
      m('html.col.hourly'),
      m('html.col.realized'),
      m('html.col.keptCost'),
      m('html.col.projectedShort'),
    ],
    rows: actions.map((a) => [
      resourceWithAccount(a),
      a.action,
      teamName(a.team, locale),
      stamp(a.actedAt),
      a.restoredAt
        ? m('html.action.restored', { at: stamp(a.restoredAt) })
        : a.savingsUntil && !a.inForce
          ? m('html.action.ended', { at: stamp(a.savingsUntil) })
          : m('html.action.inForce'),
      formatNumber(a.hoursThisWeek, locale, 2),
      formatUsdRate(a.hourlyUsd, locale),
      formatUsd(a.realizedUsd, locale),
      formatUsd(a.keptCostUsd, locale),
      a.inForce ? formatUsd(a.projectedMonthlyUsd, locale) : '-',
    ]),
    numeric: [5, 6, 7, 8, 9],
    wrap: [0, 1, 4],
  });
}
