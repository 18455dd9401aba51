/**
 * The account and region pairs of an organization's sweep as text (the CLI): how many
 * were swept, failed and skipped, and each failed or skipped one with its reason.
 */
import { resolveFormat, type FormatOptions } from './locale.js';
import { t } from './messages/index.js';
import { safeText } from './safe-text.js';

/** What {@link formatPairs} reads of a sweep over accounts. */
export interface PairsSummary {
  readonly pairs: readonly {
    readonly accountId: string;
    readonly accountName?: string;
    readonly region: string;
    readonly status: 'ok' | 'failed';
    readonly errors: number;
    readonly error?: string;
    readonly skipped?: string;
  }[];
  readonly skipped: readonly { readonly accountId: string; readonly region: string | null; readonly reason: string }[];
}

/**
 * The pairs' summary line, then one line per failed or skipped pair.
 *
 * @example
 * formatPairs(report) // '6 account and region pair(s): 5 swept, 1 failed, 1 skipped.\n  failed 444455556666 us-east-1: ...'
 */
export function formatPairs(summary: PairsSummary, options: FormatOptions = {}): string {
  const { locale } = resolveFormat(options);
  const name = (p: { accountId: string; accountName?: string }) => safeText(p.accountName ? `${p.accountName} (${p.accountId})` : p.accountId);
  const failed = summary.pairs.filter((p) => p.status === 'failed');
  const skippedLate = summary.pairs.filter((p) => p.skipped);
  const lines = [
    t(locale, 'report.pairs', {
      pairs: summary.pairs.length,
      ok: summary.pairs.length - failed.length - skippedLate.length,
      failed: failed.length,
      skipped: summary.skipped.length + skippedLate.length,
    }),
  ];
  for (const p of failed)
    lines.push(
      `  ${t(locale, 'report.pairFailed', { account: name(p), region: p.region, error: safeText(p.error ?? t(locale, 'report.pairErrors', { errors: p.errors }), { maxLength: 500 }) })}`,
    );
  for (const s of [...summary.skipped, ...skippedLate.map((p) => ({ accountId: p.accountId, region: p.region, reason: p.skipped ?? '' }))])
    lines.push(`  ${t(locale, 'report.pairSkipped', { account: safeText(s.accountId), region: s.region ?? '*', reason: safeText(s.reason) })}`);
  return lines.join('\n');
}
