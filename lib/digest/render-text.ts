/**
 * The digest as plain text for the SNS digest topic: reads well in a mail client
 * (monospace-friendly aligned tables, ASCII only, no line over 100 characters) and
 * stays under SNS's 256 KiB message limit: long lists are cut to their top rows
 * with a count of the rest, and the message names the full report's location.
 */
import { usd } from '../cli/format.js';
import type { ActionLine, FindingLine, TeamRow, WeeklyDigest } from './weekly-digest.js';
import { addUsd } from './realized-savings.js';

/** Longest line of the text digest. */
export const MAX_LINE = 100;
/** SNS's limit on a message (256 KiB), less room for the subject and attributes. */
export const MAX_MESSAGE_BYTES = 256 * 1024 - 6 * 1024;

/** Where the full report is (the Lambda's S3 objects). */
export interface ReportLocation {
  readonly html: string;
  readonly csv: string;
}

/** Options of {@link renderText}. */
export interface TextOptions {
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

/** SNS subject: at most 100 printable ASCII characters. */
export function digestSubject(digest: WeeklyDigest): string {
  const subject = `finops-ai weekly digest ${digest.week}${digest.inProgress ? ' (so far)' : ''}: ${usd(digest.totals.realizedUsd)} saved, ${usd(digest.totals.projectedMonthlyUsd)}/month in force`;
  return ascii(subject).slice(0, 100);
}

function render(d: WeeklyDigest, options: TextOptions & { maxRows: number; maxTeams: number }): string {
  const t = d.totals;
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  const section = (title: string) => {
    line();
    line(`== ${title}`);
  };
  const more = (shown: number, total: number) => {
    if (total > shown) line(`... and ${total - shown} more in the full report`);
  };

  line(`finops-ai weekly savings digest, ${d.week}: ${day(d.weekStart)} to ${day(lastDay(d.weekEnd))} (UTC)`);
  line(
    d.inProgress
      ? `Week in progress: figures up to ${stamp(d.asOf)} UTC. Generated ${stamp(d.generatedAt)} UTC.`
      : `Generated ${stamp(d.generatedAt)} UTC. Amounts in USD; every figure is traceable in the CSV report.`,
  );

  section('Headline');
  const unknownInForce = t.unknownPrice.actionsInForce ? ` (+${t.unknownPrice.actionsInForce} of unknown price)` : '';
  line(pair('Realized savings this week', `${usd(t.realizedUsd)}${t.keptCostUsd ? ` (${usd(t.grossRealizedUsd)} gross - ${usd(t.keptCostUsd)} snapshots kept)` : ''}`));
  line(pair('Projected monthly savings', `${usd(t.projectedMonthlyUsd)}/month from ${t.actionsInForce} action(s) in force${unknownInForce}`));
  line(pair('Cumulative since deployment', `${usd(t.cumulativeRealizedUsd)}${t.firstActionAt ? ` since the first action on ${day(t.firstActionAt)}` : ''}`));
  const previousWeek = d.series.at(-2)?.week ?? 'the previous week';
  const pct = t.weekOverWeekChangePct === null ? '' : ` (${sign(t.weekOverWeekChangePct)}${t.weekOverWeekChangePct.toFixed(1)}%)`;
  line(pair('Week-over-week change', `${sign(t.weekOverWeekChangeUsd)}${usd(Math.abs(t.weekOverWeekChangeUsd))}${pct} vs ${usd(t.previousWeekRealizedUsd)} in ${previousWeek}`));
  line(pair('Actions this week', `${t.actions} took effect; ${t.restores} restored`));
  if (d.discounts) line(fit(`Figures are list prices. Discounts that apply: ${d.discounts.join('; ')}`));

  section('Showback by team (pending and open recommendations as of the generation time)');
  if (d.teams.length === 0) line('Nothing to show back this week.');
  else {
    // The largest named teams, the rest folded into one row; the unallocated row always shows.
    const named = d.teams.filter((r) => r.team !== null);
    const unallocated = d.teams.find((r) => r.team === null);
    const rest = named.slice(options.maxTeams);
    const rows = named.slice(0, options.maxTeams).map((r) => teamCells(r.team!, r));
    if (rest.length > 0) rows.push(teamCells(`(${rest.length} other teams)`, sumRows(rest)));
    if (unallocated) rows.push(teamCells('(unallocated)', unallocated));
    rows.push(teamCells('TOTAL', t));
    out.push(
      ...table(
        [
          { header: 'TEAM', max: 24 },
          { header: 'ACTIONS', right: true },
          { header: 'REALIZED', right: true },
          { header: 'PROJECTED/MO', right: true },
          { header: 'PENDING', right: true },
          { header: 'PENDING/MO', right: true },
          { header: 'RECS', right: true },
          { header: 'RECS/MO', right: true },
        ],
        rows,
        rows.length - 1,
      ),
    );
  }

  section(`Pending: action after the grace period unless the owner acts (${d.pending.length}, ${usd(t.pendingMonthlyUsd)}/month)`);
  if (d.pending.length === 0) line('None.');
  else {
    out.push(...findingTable(d.pending.slice(0, options.maxRows), (p) => (p.deadline ? stamp(p.deadline) : 'in progress'), 'DEADLINE (UTC)'));
    more(Math.min(options.maxRows, d.pending.length), d.pending.length);
  }

  section(`Protected or exempt waste: reported, never acted on (${d.protected.length}, ${usd(t.protectedMonthlyUsd)}/month)`);
  if (d.protected.length === 0) line('None.');
  else {
    out.push(...findingTable(d.protected.slice(0, options.maxRows), (p) => p.status, 'STATUS'));
    more(Math.min(options.maxRows, d.protected.length), d.protected.length);
  }

  if (d.runaway.jobs.length > 0) {
    section(`Runaway training: ${d.runaway.jobs.length} job(s) flagged, ${usd(d.runaway.costSoFarUsd)} spent so far, ${d.runaway.stopped} stopped`);
    const jobs = d.runaway.jobs.slice(0, options.maxRows);
    out.push(
      ...table(
        [{ header: 'JOB', max: 36 }, { header: 'OUTCOME' }, { header: 'COST SO FAR', right: true }, { header: 'HOURS', right: true }, { header: 'TEAM', max: 14 }, { header: 'OWNER', max: 20 }],
        jobs.map((j) => [j.resourceId, j.outcome, usd(j.costSoFarUsd), j.elapsedHours === null ? '-' : j.elapsedHours.toFixed(1), j.team ?? '-', j.owner]),
      ),
    );
    more(jobs.length, d.runaway.jobs.length);
  }

  if (d.flags.length > 0) {
    section(`Other flags: reported only (${d.flags.length})`);
    out.push(
      ...table(
        [{ header: 'SWEEP', max: 18 }, { header: 'RESOURCE', max: 24 }, { header: 'TEAM', max: 12 }, { header: 'WHY', max: 60 }],
        d.flags.slice(0, options.maxRows).map((f) => [f.sweep, f.resourceId, f.team ?? '-', f.reason]),
      ),
    );
    more(Math.min(options.maxRows, d.flags.length), d.flags.length);
  }

  const recs = d.recommendations;
  if (recs.open.length > 0 || recs.adopted.length > 0) {
    const rate = recs.adoptionRate === null ? '' : `; adoption rate ${percent(recs.adoptionRate)}`;
    section(`Recommendations: ${recs.open.length} open (${usd(t.openRecommendationsMonthlyUsd)}/month), ${recs.adopted.length} adopted this week${rate}`);
    const open = recs.open.slice(0, options.maxRows);
    if (open.length > 0) {
      out.push(
        ...table(
          [{ header: '$/MONTH', right: true }, { header: 'RESOURCE', max: 28 }, { header: 'TEAM', max: 10 }, { header: 'CURRENT -> PROPOSED', max: 47 }],
          open.map((r) => [usd(r.monthlyUsd), r.resourceId, r.team ?? '-', change(r.current, r.proposed)]),
        ),
      );
      more(open.length, recs.open.length);
    }
    for (const r of recs.adopted.slice(0, options.maxRows)) {
      line(fit(`  adopted ${day(r.adoptedAt!)}: ${r.resourceId} (${r.team ?? 'unallocated'}), ${usd(r.monthlyUsd)}/month`));
    }
    more(Math.min(options.maxRows, recs.adopted.length), recs.adopted.length);
  }

  if (d.budgets.teams.length > 0) {
    section(`Team AI budgets this month, as of ${stamp(d.generatedAt)} UTC${d.budgets.unavailable ? ` (unavailable: ${d.budgets.unavailable})` : ''}`);
    out.push(
      ...table(
        [{ header: 'TEAM', max: 20 }, { header: 'LIMIT', right: true }, { header: 'ACTUAL', right: true }, { header: 'FORECAST', right: true }, { header: 'STATUS', max: 14 }],
        d.budgets.teams.map((b) => [b.team, usd(b.limitUsd), usd(b.actualUsd), usd(b.forecastUsd), b.status]),
      ),
    );
  }

  section('Trust signals');
  line(`Restores this week (each one a false positive): ${d.trust.restores.length}`);
  for (const r of d.trust.restores.slice(0, options.maxRows)) line(fit(`  ${restoreLine(r)}`));
  more(Math.min(options.maxRows, d.trust.restores.length), d.trust.restores.length);
  line(`Failures: ${d.trust.failures} in ${d.trust.failedRuns} of ${d.trust.runs.length} recorded run(s)`);
  const failures = d.trust.runs.filter((r) => r.errors > 0).flatMap((r) => r.failures.map((f) => `${stamp(r.startedAt)} ${r.sweep}: ${f}`));
  for (const f of failures.slice(0, options.maxRows)) line(fit(`  ${f}`));
  more(Math.min(options.maxRows, failures.length), failures.length);
  const late = d.trust.schedules.filter((s) => s.status === 'missed' || s.status === 'never-ran');
  line(`Sweeps that did not run on schedule: ${late.length === 0 ? 'none' : late.map((s) => s.sweep).join(', ')}`);
  if (d.trust.schedules.length > 0) {
    out.push(
      ...table(
        [{ header: 'SWEEP', max: 24 }, { header: 'SCHEDULE', max: 24 }, { header: 'STATUS' }, { header: 'RUNS', right: true }, { header: 'EXPECTED', right: true }],
        d.trust.schedules.map((s) => [s.sweep, s.schedule, SCHEDULE_STATUS[s.status], String(s.recordedRuns), s.expectedRuns === null ? '-' : String(s.expectedRuns)]),
      ).map((l) => `  ${l}`),
    );
  }

  section('KPIs');
  const k = d.kpis;
  line(pair('Idle resource spend found', `${usd(k.idleResourceSpendFoundMonthlyUsd)}/month in ${k.idleResourceFindings} new finding(s)`));
  line(pair('Waste reduced', `${usd(k.wasteReducedUsd)} this week; ${usd(k.wasteReducedMonthlyUsd)}/month in force`));
  line(pair('Optimization adoption rate', k.optimizationAdoptionRate === null ? 'no recommendations' : `${percent(k.optimizationAdoptionRate)} (${recs.adopted.length} adopted of ${recs.adopted.length + recs.open.length})`));
  line(
    pair(
      'Unallocated share',
      k.unallocatedShare === null
        ? 'nothing identified'
        : `${percent(k.unallocatedShare)} of $/month identified${k.unallocatedResourceShare === null ? '' : `; ${percent(k.unallocatedResourceShare)} of resources`}`,
    ),
  );

  line();
  if (options.report) {
    line('Full report (HTML, with the weekly savings chart):');
    line(`  ${options.report.html}`);
    line('Every ledger record behind these figures (CSV):');
    line(`  ${options.report.csv}`);
  } else {
    line(`Full report: finops-ai digest --week ${d.week} --format html --out digest-${d.week}.html`);
  }
  return out.map((l) => fit(ascii(l))).join('\n') + '\n';
}

const SCHEDULE_STATUS = { ok: 'ok', missed: 'MISSED', 'never-ran': 'NEVER RAN', 'not-checked': 'not checked' } as const;

function teamCells(name: string, r: Omit<TeamRow, 'team'>): string[] {
  return [name, String(r.actions), usd(r.realizedUsd), usd(r.projectedMonthlyUsd), String(r.pendingCount), usd(r.pendingMonthlyUsd), String(r.openRecommendations), usd(r.openRecommendationsMonthlyUsd)];
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

function findingTable(lines: readonly FindingLine[], first: (f: FindingLine) => string, header: string): string[] {
  return table(
    [{ header, max: 16 }, { header: 'RESOURCE', max: 30 }, { header: 'SWEEP', max: 16 }, { header: 'OWNER', max: 22 }, { header: 'TEAM', max: 12 }, { header: '$/MONTH', right: true }],
    lines.map((f) => [first(f), f.resourceId, f.sweep, f.owner, f.team ?? '-', usd(f.monthlyUsd)]),
  );
}

function restoreLine(r: ActionLine): string {
  return `${r.resourceId} (${r.sweep}, ${r.team ?? 'unallocated'}): in force ${r.hoursToDate.toFixed(1)} h, saved ${usd(r.cumulativeUsd)}, restored ${stamp(r.restoredAt!)}`;
}

interface Column {
  readonly header: string;
  readonly right?: boolean;
  /** Widest cell; longer ones are cut with "...". */
  readonly max?: number;
}

/** Aligned columns, two spaces apart; a rule above row `ruleBefore` (e.g. a total). */
function table(columns: readonly Column[], rows: readonly (readonly string[])[], ruleBefore?: number): string[] {
  const cells = [columns.map((c) => c.header), ...rows].map((row) => row.map((cell, i) => cut(ascii(cell), columns[i]!.max ?? 40)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const format = (row: readonly string[]) =>
    row
      .map((cell, i) => (columns[i]!.right ? cell.padStart(widths[i]!) : i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = cells.map(format);
  if (ruleBefore !== undefined) lines.splice(ruleBefore + 1, 0, '-'.repeat(Math.min(MAX_LINE, Math.max(...lines.map((l) => l.length)))));
  return lines;
}

function pair(label: string, value: string): string {
  return `${label.padEnd(29)} ${value}`;
}

function change(current: string | null, proposed: string | null): string {
  if (current === null && proposed === null) return '-';
  return `${current ?? '?'} -> ${proposed ?? '?'}`;
}

/** Cuts a cell to `max` characters, marking the cut. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** Keeps a line within {@link MAX_LINE}. */
function fit(text: string): string {
  return cut(text, MAX_LINE);
}

/** Mail clients and SNS subjects are safest in ASCII. */
function ascii(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[^\x20-\x7e]/g, '?');
}

function sign(value: number): string {
  return value < 0 ? '-' : '+';
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** `2026-11-16`. */
function day(iso: string): string {
  return iso.slice(0, 10);
}

/** `2026-11-23 08:00`. */
function stamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

function lastDay(weekEnd: string): string {
  return new Date(new Date(weekEnd).getTime() - 86_400_000).toISOString();
}
