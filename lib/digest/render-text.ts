/**
 * The digest as plain text for the SNS digest topic: reads well in a mail client
 * (monospace-friendly tables aligned by display width, no line over 100 columns),
 * in the configured language and time zone, and stays under SNS's 256 KiB message
 * limit: long lists are cut to their top rows with a count of the rest, and the
 * message names the full report's location. Tag text is made safe (no control
 * characters, escape sequences or line breaks).
 */
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatUsd,
  formatUsdPerMonth,
  padEndToWidth,
  safeText,
  tableLines,
  timeZoneLabel,
  truncateToWidth,
  type FormatOptions,
  type Locale,
} from '../format/index.js';
import { messages, t } from './messages/index.js';
import { digestFormat, findingMoney, longText, runawayOutcome, statusLabel, tagText, teamName, weekRange, type ResolvedFormat } from './render-common.js';
import { accountsText, lineAccount, resourceWithAccount } from './render-accounts.js';
import { tokensText } from './render-tokens.js';
import type { ActionLine, FindingLine, TeamRow, WeeklyDigest } from './weekly-digest.js';
import { addUsd } from './realized-savings.js';
import { spendKpiTextLines, spendTextLines } from './render-spend.js';
import { ownerDecisionsText } from './render-owner-decisions.js';

/** Longest line of the text digest. */
export const MAX_LINE = 100;
/** SNS's limit on a message (256 KiB), less room for the subject and attributes. */
export const MAX_MESSAGE_BYTES = 256 * 1024 - 6 * 1024;

/** Where the full report is (the Lambda's S3 objects). */
export interface ReportLocation {
  readonly html: string;
  readonly csv: string;
}

/** Options of {@link renderText}: also the language and time zone (`en`, `UTC` by default). */
export interface TextOptions extends FormatOptions {
  /** The full report; absent (the CLI), the footer says how to produce one. */
  readonly report?: ReportLocation;
  /** Rows per list before "... and N more". @default 10 */
  readonly maxRows?: number;
  /** Team rows before the rest are summed into one "other teams" row. @default 15 */
  readonly maxTeams?: number;
}

/**
 * The digest as text, at most {@link MAX_MESSAGE_BYTES} bytes: when the lists make
 * it longer, it is rendered again with fewer rows per list, then with none.
 */
export function renderText(digest: WeeklyDigest, options: TextOptions = {}): string {
  const attempts = [options.maxRows ?? 10, 3, 0];
  let text = '';
  for (const maxRows of attempts) {
    text = render(digest, { ...options, maxRows, maxTeams: maxRows === 0 ? 0 : (options.maxTeams ?? 15) });
    if (Buffer.byteLength(text) <= MAX_MESSAGE_BYTES) return text;
  }
  return text;
}

/** SNS subject: at most 100 printable ASCII characters, so English in every locale. */
export function digestSubject(digest: WeeklyDigest): string {
  const subject = `finops-ai weekly digest ${digest.week}${digest.inProgress ? ' (so far)' : ''}: ${formatUsd(digest.totals.realizedUsd)} saved, ${formatUsdPerMonth(digest.totals.projectedMonthlyUsd)} in force`;
  return safeText(subject, { ascii: true, maxLength: 100 });
}

type RenderOptions = TextOptions & { readonly maxRows: number; readonly maxTeams: number };

function render(d: WeeklyDigest, options: RenderOptions): string {
  const format = digestFormat(options);
  const { locale } = format;
  const usd = (value: number | null) => formatUsd(value, locale);
  const perMonth = (value: number | null) => formatUsdPerMonth(value, locale);
  const stamp = (iso: string) => formatDateTime(iso, format);
  const day = (iso: string) => formatDate(iso, format);
  const pct = (ratio: number) => formatPercent(ratio, locale);
  const zone = timeZoneLabel(format);
  const m = messages(locale);
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  const section = (title: string) => {
    line();
    line(`== ${title}`);
  };
  const more = (shown: number, total: number) => {
    if (total > shown) line(m('text.more', { count: total - shown }));
  };
  const totals = d.totals;

  line(m('text.heading', { week: d.week, range: weekRange(d.weekStart, d.weekEnd, locale) }));
  line(
    d.inProgress ? m('text.inProgress', { asOf: stamp(d.asOf), generated: stamp(d.generatedAt) }) : m('text.generated', { generated: stamp(d.generatedAt) }),
  );

  section(m('text.headline'));
  const unknownInForce = totals.unknownPrice.actionsInForce ? m('text.projected.unknown', { count: totals.unknownPrice.actionsInForce }) : '';
  line(
    pair(
      m('digest.realized'),
      totals.keptCostUsd
        ? m('text.realized', { net: usd(totals.realizedUsd), gross: usd(totals.grossRealizedUsd), kept: usd(totals.keptCostUsd) })
        : usd(totals.realizedUsd),
    ),
  );
  line(
    pair(m('digest.projected'), m('text.projected', { amount: perMonth(totals.projectedMonthlyUsd), count: totals.actionsInForce, unknown: unknownInForce })),
  );
  line(
    pair(
      m('digest.cumulative'),
      totals.firstActionAt
        ? m('text.cumulative.since', { amount: usd(totals.cumulativeRealizedUsd), date: day(totals.firstActionAt) })
        : usd(totals.cumulativeRealizedUsd),
    ),
  );
  const previousWeek = d.series.at(-2)?.week ?? m('text.previousWeek');
  const change = totals.weekOverWeekChangePct === null ? '' : ` (${formatPercent(totals.weekOverWeekChangePct / 100, locale, { signed: true })})`;
  line(
    pair(
      m('digest.wow'),
      m('text.wow', {
        change: formatUsd(totals.weekOverWeekChangeUsd, locale, { signed: true }),
        pct: change,
        previous: usd(totals.previousWeekRealizedUsd),
        week: previousWeek,
      }),
    ),
  );
  line(pair(m('digest.actions'), m('text.actions', { actions: totals.actions, restores: totals.restores })));
  if (d.discounts) line(fit(m('text.discounts', { discounts: d.discounts.join('; ') })));

  section(m('text.showback'));
  if (d.teams.length === 0) line(m('digest.noShowback'));
  else {
    // The largest named teams, the rest folded into one row; the unallocated row always shows.
    const named = d.teams.filter((r) => r.team !== null);
    const unallocated = d.teams.find((r) => r.team === null);
    const rest = named.slice(options.maxTeams);
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
    const rows = named.slice(0, options.maxTeams).map((r) => cells(tagText(r.team!), r));
    if (rest.length > 0) rows.push(cells(m('digest.otherTeams', { count: rest.length }), sumRows(rest)));
    if (unallocated) rows.push(cells(teamName(null, locale), unallocated));
    rows.push(cells(m('text.total'), totals));
    const headers = (
      [
        'text.col.team',
        'text.col.actions',
        'text.col.realized',
        'text.col.projected',
        'text.col.pending',
        'text.col.pendingMonthly',
        'text.col.recs',
        'text.col.recsMonthly',
      ] as const
    ).map((k) => m(k));
    out.push(
      ...grid(
        headers.map((header, i) => (i === 0 ? { header, max: 24 } : { header, right: true })),
        rows,
        rows.length - 1,
      ),
    );
  }

  out.push(...accountsText(d, locale, options.maxTeams));

  section(m('text.pending', { count: d.pending.length, amount: perMonth(totals.pendingMonthlyUsd) }));
  if (d.pending.length === 0) line(m('digest.none'));
  else {
    const deadline = (p: FindingLine) => (p.deadline ? formatDateTime(p.deadline, { ...format, zone: false }) : m('digest.inProgress'));
    out.push(...findingTable(d.pending.slice(0, options.maxRows), deadline, m('text.col.deadline', { zone }), locale));
    more(Math.min(options.maxRows, d.pending.length), d.pending.length);
  }

  section(m('text.protected', { count: d.protected.length, amount: perMonth(totals.protectedMonthlyUsd) }));
  if (d.protected.length === 0) line(m('digest.none'));
  else {
    out.push(...findingTable(d.protected.slice(0, options.maxRows), (p) => statusLabel(p.status, locale), m('text.col.status'), locale));
    more(Math.min(options.maxRows, d.protected.length), d.protected.length);
  }

  if (d.runaway.jobs.length > 0) {
    section(m('text.runaway', { count: d.runaway.jobs.length, cost: usd(d.runaway.costSoFarUsd), stopped: d.runaway.stopped }));
    const jobs = d.runaway.jobs.slice(0, options.maxRows);
    out.push(
      ...grid(
        [
          { header: m('text.col.job'), max: 36 },
          { header: m('text.col.outcome') },
          { header: m('text.col.costSoFar'), right: true },
          { header: m('text.col.hours'), right: true },
          { header: m('text.col.team'), max: 14 },
          { header: m('text.col.owner'), max: 20 },
        ],
        jobs.map((j) => [
          tagText(j.resourceId),
          runawayOutcome(j, locale),
          usd(j.costSoFarUsd),
          j.elapsedHours === null ? '-' : formatNumber(j.elapsedHours, locale, 1),
          j.team === null ? '-' : tagText(j.team),
          tagText(j.owner),
        ]),
      ),
    );
    more(jobs.length, d.runaway.jobs.length);
  }

  if (d.flags.length > 0) {
    section(m('text.flags', { count: d.flags.length }));
    out.push(
      ...grid(
        [
          { header: m('text.col.sweep'), max: 18 },
          { header: m('text.col.resource'), max: 24 },
          { header: m('text.col.team'), max: 12 },
          { header: m('text.col.why'), max: 60 },
        ],
        d.flags.slice(0, options.maxRows).map((f) => [f.sweep, tagText(f.resourceId), f.team === null ? '-' : tagText(f.team), longText(f.reason)]),
      ),
    );
    more(Math.min(options.maxRows, d.flags.length), d.flags.length);
  }

  const recs = d.recommendations;
  if (recs.open.length > 0 || recs.adopted.length > 0) {
    const rate = recs.adoptionRate === null ? '' : m('text.recs.rate', { pct: pct(recs.adoptionRate) });
    section(m('text.recs', { open: recs.open.length, amount: perMonth(totals.openRecommendationsMonthlyUsd), adopted: recs.adopted.length, rate }));
    const open = recs.open.slice(0, options.maxRows);
    if (open.length > 0) {
      out.push(
        ...grid(
          [
            { header: m('text.col.monthly'), right: true },
            { header: m('text.col.resource'), max: 28 },
            { header: m('text.col.team'), max: 10 },
            { header: m('text.col.change'), max: 47 },
          ],
          open.map((r) => [usd(r.monthlyUsd), tagText(r.resourceId), r.team === null ? '-' : tagText(r.team), changeOf(r.current, r.proposed)]),
        ),
      );
      more(open.length, recs.open.length);
    }
    for (const r of recs.adopted.slice(0, options.maxRows)) {
      line(m('text.adopted', { date: day(r.adoptedAt!), resource: tagText(r.resourceId), team: teamName(r.team, locale), amount: perMonth(r.monthlyUsd) }));
    }
    more(Math.min(options.maxRows, recs.adopted.length), recs.adopted.length);
  }

  if (d.budgets.teams.length > 0) {
    const unavailable = d.budgets.unavailable ? m('text.budgets.unavailable', { why: longText(d.budgets.unavailable) }) : '';
    section(m('text.budgets', { at: stamp(d.generatedAt), unavailable }));
    out.push(
      ...grid(
        [
          { header: m('text.col.team'), max: 20 },
          { header: m('text.col.limit'), right: true },
          { header: m('text.col.actual'), right: true },
          { header: m('text.col.forecast'), right: true },
          { header: m('text.col.status'), max: 14 },
        ],
        d.budgets.teams.map((b) => [tagText(b.team), usd(b.limitUsd), usd(b.actualUsd), usd(b.forecastUsd), m(`budget.${b.status}`)]),
      ),
    );
  }

  out.push(...spendTextLines(d, format, options.maxRows));
  out.push(...tokensText(d.tokens, locale, options.maxRows));

  out.push(...ownerDecisionsText(d, format, options.maxRows));
  section(m('text.trust'));
  line(m('text.restores', { count: d.trust.restores.length }));
  for (const r of d.trust.restores.slice(0, options.maxRows)) line(`  ${restoreLine(r, format)}`);
  more(Math.min(options.maxRows, d.trust.restores.length), d.trust.restores.length);
  line(m('text.failures', { failures: d.trust.failures, failed: d.trust.failedRuns, runs: d.trust.runs.length }));
  const failures = d.trust.runs.filter((r) => r.errors > 0).flatMap((r) => r.failures.map((f) => `${stamp(r.startedAt)} ${r.sweep}: ${longText(f)}`));
  for (const f of failures.slice(0, options.maxRows)) line(`  ${f}`);
  more(Math.min(options.maxRows, failures.length), failures.length);
  const late = d.trust.schedules.filter((s) => s.status === 'missed' || s.status === 'never-ran');
  line(m('text.late', { sweeps: late.length === 0 ? m('value.none') : late.map((s) => s.sweep).join(m('list.separator')) }));
  if (d.trust.schedules.length > 0) {
    out.push(
      ...grid(
        [
          { header: m('text.col.sweep'), max: 24 },
          { header: m('text.col.schedule'), max: 24 },
          { header: m('text.col.status') },
          { header: m('text.col.runs'), right: true },
          { header: m('text.col.expected'), right: true },
        ],
        d.trust.schedules.map((s) => [
          s.sweep,
          s.schedule,
          m(`schedule.${s.status}`),
          String(s.recordedRuns),
          s.expectedRuns === null ? '-' : String(s.expectedRuns),
        ]),
      ).map((l) => `  ${l}`),
    );
  }

  section(m('text.kpis'));
  const k = d.kpis;
  line(pair(m('digest.kpi.idle'), m('text.kpi.idle', { amount: perMonth(k.idleResourceSpendFoundMonthlyUsd), count: k.idleResourceFindings })));
  line(pair(m('digest.kpi.waste'), m('text.kpi.waste', { amount: usd(k.wasteReducedUsd), monthly: perMonth(k.wasteReducedMonthlyUsd) })));
  line(
    pair(
      m('digest.kpi.adoption'),
      k.optimizationAdoptionRate === null
        ? m('text.kpi.noRecommendations')
        : m('text.kpi.adoption', { pct: pct(k.optimizationAdoptionRate), adopted: recs.adopted.length, total: recs.adopted.length + recs.open.length }),
    ),
  );
  const resources = k.unallocatedResourceShare === null ? '' : m('text.kpi.unallocatedResources', { pct: pct(k.unallocatedResourceShare) });
  line(
    pair(
      m('digest.kpi.unallocated'),
      k.unallocatedShare === null ? m('text.kpi.nothing') : m('text.kpi.unallocated', { pct: pct(k.unallocatedShare), resources }),
    ),
  );
  out.push(...spendKpiTextLines(d, locale));

  line();
  if (options.report) {
    line(m('text.report.html'));
    line(`  ${tagText(options.report.html, 1000)}`);
    line(m('text.report.csv'));
    line(`  ${tagText(options.report.csv, 1000)}`);
  } else {
    line(m('text.report.cli', { week: d.week }));
  }
  return out.map(fit).join('\n') + '\n';
}

function sumRows(rows: readonly TeamRow[]): Omit<TeamRow, 'team'> {
  const n = (key: 'actions' | 'pendingCount' | 'openRecommendations') => rows.reduce((s, r) => s + r[key], 0);
  const m = (key: 'realizedUsd' | 'projectedMonthlyUsd' | 'pendingMonthlyUsd' | 'openRecommendationsMonthlyUsd') => addUsd(...rows.map((r) => r[key]));
  return {
    actions: n('actions'),
    realizedUsd: m('realizedUsd'),
    projectedMonthlyUsd: m('projectedMonthlyUsd'),
    pendingCount: n('pendingCount'),
    pendingMonthlyUsd: m('pendingMonthlyUsd'),
    openRecommendations: n('openRecommendations'),
    openRecommendationsMonthlyUsd: m('openRecommendationsMonthlyUsd'),
  };
}

function findingTable(lines: readonly FindingLine[], first: (f: FindingLine) => string, header: string, locale: Locale): string[] {
  const col = (key: 'text.col.resource' | 'text.col.sweep' | 'text.col.owner' | 'text.col.team' | 'text.col.monthly' | 'text.col.account') => t(locale, key);
  // In an organization's digest, the account each resource is in.
  const accounts = lines.some((f) => f.accountId !== undefined);
  return grid(
    [
      { header, max: 16 },
      { header: col('text.col.resource'), max: 30 },
      ...(accounts ? [{ header: col('text.col.account'), max: 20 }] : []),
      { header: col('text.col.sweep'), max: 16 },
      { header: col('text.col.owner'), max: 22 },
      { header: col('text.col.team'), max: 12 },
      { header: col('text.col.monthly'), right: true },
    ],
    lines.map((f) => [
      first(f),
      tagText(f.resourceId),
      ...(accounts ? [lineAccount(f)] : []),
      f.sweep,
      tagText(f.owner),
      f.team === null ? '-' : tagText(f.team),
      findingMoney(f, locale),
    ]),
  );
}

function restoreLine(r: ActionLine, format: ResolvedFormat): string {
  const { locale } = format;
  return t(locale, 'text.restore', {
    resource: resourceWithAccount(r),
    sweep: r.sweep,
    team: r.team === null ? t(locale, 'team.unallocated') : tagText(r.team),
    hours: formatNumber(r.hoursToDate, locale, 1),
    amount: formatUsd(r.cumulativeUsd, locale),
    at: formatDateTime(r.restoredAt!, format),
  });
}

interface Column {
  readonly header: string;
  readonly right?: boolean;
  /** Widest cell in display columns; longer ones are cut with "...". @default 40 */
  readonly max?: number;
}

/** Aligned columns, two spaces apart; a rule above row `ruleBefore` (e.g. a total). */
function grid(columns: readonly Column[], rows: readonly (readonly string[])[], ruleBefore?: number): string[] {
  return tableLines([columns.map((c) => c.header), ...rows], {
    right: columns.flatMap((c, i) => (c.right ? [i] : [])),
    maxWidths: columns.map((c) => c.max ?? 40),
    ...(ruleBefore === undefined ? {} : { ruleBefore }),
    ruleMaxWidth: MAX_LINE,
  });
}

function pair(label: string, value: string): string {
  return `${padEndToWidth(label, 29)} ${value}`;
}

function changeOf(current: string | null, proposed: string | null): string {
  if (current === null && proposed === null) return '-';
  return `${current === null ? '?' : tagText(current)} -> ${proposed === null ? '?' : tagText(proposed)}`;
}

/** Keeps a line within {@link MAX_LINE} display columns. */
function fit(text: string): string {
  return truncateToWidth(text, MAX_LINE);
}
