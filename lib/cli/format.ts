import type { SweepReport } from '../core/finding.js';
import type { RestoreReport } from '../engine/restore.js';

/** Lays rows out in aligned columns (first row is the header). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** `$1,234.56` or `unknown`. */
export function usd(value: number | null): string {
  if (value === null) return 'unknown';
  const amount = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${value < 0 ? '-' : ''}$${amount}`;
}

/** A sweep report as a readable table with totals. */
export function formatSweepReport(report: SweepReport): string {
  const lines = [`${report.sweep}: ${report.mode} mode, as of ${report.now}, regions ${report.regions.join(', ')}`];
  if (report.findings.length === 0) lines.push('No waste found.');
  else {
    lines.push(
      table([
        ['DECISION', 'RESOURCE', 'REGION', 'OWNER', 'TEAM', '$/MONTH', 'ACT AFTER / ACTION', 'REASON'],
        ...report.findings.map((f) => [
          f.decision,
          f.resourceId,
          f.region,
          f.owner,
          f.team ?? '-',
          // Nothing priced (e.g. a budget): no "$0.00" that reads like a measured saving.
          f.savings.components.length === 0 && f.savings.unknown.length === 0 ? '-' : usd(f.estimatedMonthlySavingsUsd),
          f.actionId ?? (f.actAfter ? f.actAfter.slice(0, 16).replace('T', ' ') : '-'),
          f.reason,
        ]),
      ]),
    );
  }
  const counts = ['acted', 'pending', 'flagged', 'recommend', 'protected', 'exempt']
    .map((d) => [d, report.findings.filter((f) => f.decision === d).length] as const)
    .filter(([, n]) => n > 0)
    .map(([d, n]) => `${n} ${d}`);
  const actionable = report.findings.filter((f) => f.decision === 'pending' || f.decision === 'acted');
  const known = actionable.filter((f) => f.estimatedMonthlySavingsUsd !== null);
  const unknown = actionable.length - known.length;
  const total = known.reduce((s, f) => s + f.estimatedMonthlySavingsUsd!, 0);
  lines.push('');
  lines.push(
    `${report.findings.length} finding(s)${counts.length ? ` (${counts.join(', ')})` : ''}; ` +
      `${usd(total)}/month in pending and acted findings${unknown ? ` (+${unknown} with unknown price)` : ''}; ` +
      `${report.notices.length} owner notice(s); ${report.errors.length} error(s).`,
  );
  if (report.inconclusive?.length) {
    lines.push(`${report.inconclusive.length} resource(s) not assessed this run (no finding, ledger left as is):`);
    for (const r of report.inconclusive) lines.push(`  ${r.resourceId} (${r.region}, ${r.owner}): ${r.reason}`);
  }
  for (const e of report.errors) lines.push(`  error ${e.region}${e.resourceId ? `/${e.resourceId}` : ''} [${e.stage}] ${e.error}: ${e.message}`);
  return lines.join('\n');
}

/** A restore report as text. */
export function formatRestoreReport(r: RestoreReport): string {
  return [
    `Restored ${r.resourceType} ${r.resourceId} in ${r.region} (action ${r.actionId}).`,
    `  ${r.detail}`,
    `  In force ${r.hoursInForce ?? 'unknown'} h; realized savings ${usd(r.realizedSavingsUsd)}.`,
  ].join('\n');
}
