/**
 * Sweep and restore reports as text (the CLI and the demo): one aligned table of
 * findings and a summary line. Jobs that bill while they run (a finding with
 * `costSoFarUsd`, e.g. a runaway training job) show their cost so far and $/hour,
 * never a $/month that the job will not run for.
 */
import type { Finding, SweepReport } from '../core/finding.js';
import type { RestoreReport } from '../core/finding.js';
import { formatDateTime, timeZoneLabel } from './dates.js';
import { resolveFormat, type FormatOptions, type Locale } from './locale.js';
import { t } from './messages/index.js';
import { formatUsd, formatUsdPerHour, formatUsdPerMonth } from './money.js';
import { safeText } from './safe-text.js';
import { table } from './table.js';

const DECISIONS = ['acted', 'pending', 'flagged', 'recommend', 'protected', 'exempt'] as const;

/**
 * The cost so far of a finding about a job that bills while it runs; `undefined`
 * for any other finding (`null`: a job whose price is unknown).
 */
export function jobCostSoFar(finding: Finding): number | null | undefined {
  if (!Object.hasOwn(finding, 'costSoFarUsd')) return undefined;
  const value = finding.costSoFarUsd;
  return typeof value === 'number' && Number.isFinite(value) ? value : value === null ? null : undefined;
}

/** Whether anything in the finding is priced (a budget is not: no "$0.00" that reads like a measured saving). */
export function isPriced(finding: Finding): boolean {
  return finding.savings.components.length > 0 || finding.savings.unknown.length > 0;
}

function savingsCell(f: Finding, locale: Locale): string {
  if (!isPriced(f)) return '-';
  const cost = jobCostSoFar(f);
  if (cost !== undefined) return t(locale, 'report.job', { rate: formatUsdPerHour(f.savings.hourlyUsd, locale), cost: formatUsd(cost, locale) });
  return formatUsdPerMonth(f.estimatedMonthlySavingsUsd, locale);
}

/**
 * A sweep report as a readable table with totals.
 *
 * @example
 * print(formatSweepReport(report, { locale: 'ja', timeZone: 'Asia/Tokyo' }));
 */
export function formatSweepReport(report: SweepReport, options: FormatOptions = {}): string {
  const format = resolveFormat(options);
  const { locale } = format;
  const text = (value: string) => safeText(value, { maxLength: 2000 });
  const lines = [
    t(locale, 'report.header', {
      sweep: report.sweep,
      mode: t(locale, `mode.${report.mode}`),
      now: formatDateTime(report.now, format),
      regions: report.regions.join(t(locale, 'list.separator')),
    }),
  ];
  // Findings of several accounts (an organization's sweep): the region cell names the account too.
  const manyAccounts = new Set(report.findings.map((f) => f.accountId)).size > 1;
  const where = (f: Finding) => (manyAccounts && f.accountId ? `${f.accountName ?? f.accountId}/${f.region}` : f.region);
  if (report.findings.length === 0) lines.push(t(locale, 'report.none'));
  else {
    lines.push(
      table([
        [
          t(locale, 'report.col.decision'),
          t(locale, 'report.col.resource'),
          t(locale, 'report.col.region'),
          t(locale, 'report.col.owner'),
          t(locale, 'report.col.team'),
          t(locale, 'report.col.savings'),
          t(locale, 'report.col.when', { zone: timeZoneLabel(format) }),
          t(locale, 'report.col.reason'),
        ],
        ...report.findings.map((f) => [
          t(locale, `decision.${f.decision}`),
          f.resourceId,
          where(f),
          f.owner,
          f.team ?? '-',
          savingsCell(f, locale),
          f.actionId ?? (f.actAfter ? formatDateTime(f.actAfter, { ...format, zone: false }) : '-'),
          text(f.reason),
        ]),
      ]),
    );
  }
  const counts = DECISIONS.map((d) => [d, report.findings.filter((f) => f.decision === d).length] as const)
    .filter(([, n]) => n > 0)
    .map(([d, n]) => t(locale, 'report.count', { count: n, decision: t(locale, `decision.${d}`) }));
  const actionable = report.findings.filter((f) => f.decision === 'pending' || f.decision === 'acted');
  const jobs = actionable.filter((f) => jobCostSoFar(f) !== undefined);
  const others = actionable.filter((f) => jobCostSoFar(f) === undefined);
  const amounts: string[] = [];
  if (others.length > 0 || jobs.length === 0) {
    const known = others.filter((f) => f.estimatedMonthlySavingsUsd !== null);
    const unknown = others.length - known.length;
    const total = known.reduce((s, f) => s + f.estimatedMonthlySavingsUsd!, 0);
    amounts.push(
      t(locale, 'report.summary.monthly', { amount: formatUsdPerMonth(total, locale) }) +
        (unknown ? t(locale, 'report.summary.unknown', { count: unknown }) : ''),
    );
  }
  if (jobs.length > 0) {
    const known = jobs.filter((f) => f.savings.hourlyUsd !== null);
    const unknown = jobs.length - known.length;
    const total = known.reduce((s, f) => s + f.savings.hourlyUsd!, 0);
    amounts.push(
      t(locale, 'report.summary.hourly', { amount: formatUsdPerHour(total, locale) }) +
        (unknown ? t(locale, 'report.summary.unknown', { count: unknown }) : ''),
    );
  }
  lines.push('');
  lines.push(
    t(locale, 'report.summary', {
      count: report.findings.length,
      counts: counts.length ? ` (${counts.join(t(locale, 'list.separator'))})` : '',
      amounts: amounts.join('; '),
      notices: report.notices.length,
      errors: report.errors.length,
    }),
  );
  if (report.inconclusive?.length) {
    lines.push(t(locale, 'report.inconclusive', { count: report.inconclusive.length }));
    for (const r of report.inconclusive) lines.push(`  ${text(r.resourceId)} (${r.region}, ${text(r.owner)}): ${text(r.reason)}`);
  }
  for (const e of report.errors) {
    const where = `${e.accountId ? `${e.accountId}/` : ''}${e.region}${e.resourceId ? `/${text(e.resourceId)}` : ''}`;
    lines.push(`  ${t(locale, 'report.error', { where, stage: e.stage, error: text(e.error), message: text(e.message) })}`);
  }
  return lines.join('\n');
}

/** A restore report as text. */
export function formatRestoreReport(r: RestoreReport, options: FormatOptions = {}): string {
  const { locale } = resolveFormat(options);
  return [
    t(locale, 'restore.done', { type: r.resourceType, id: safeText(r.resourceId), region: r.region, actionId: r.actionId }),
    `  ${safeText(r.detail, { maxLength: 2000 })}`,
    `  ${t(locale, 'restore.savings', { hours: r.hoursInForce ?? t(locale, 'value.unknown'), amount: formatUsd(r.realizedSavingsUsd, locale) })}`,
    ...(r.accountId ? [`  ${t(locale, 'restore.account', { account: r.accountId, role: r.roleName ?? '-' })}`] : []),
  ].join('\n');
}
