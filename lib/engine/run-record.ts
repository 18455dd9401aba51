import type { SweepReport } from '../core/finding.js';
import { MAX_RUN_FAILURES, type RunRecord } from '../core/ledger-records.js';
import { OWN_ACCOUNT, type SweptAccount } from '../core/swept-account.js';

/** Characters kept of one failure line. */
const MAX_FAILURE_LINE = 300;

/**
 * The ledger's record of a finished apply-mode run: findings counted by decision,
 * errors counted, the first {@link MAX_RUN_FAILURES} failures one line each.
 */
export function runRecordOf(report: SweepReport, runId: string, account: SweptAccount = OWN_ACCOUNT): RunRecord {
  const findings: Record<string, number> = {};
  for (const f of report.findings) findings[f.decision] = (findings[f.decision] ?? 0) + 1;
  return {
    sweep: report.sweep,
    runId,
    mode: report.mode,
    startedAt: report.now,
    regions: report.regions,
    findings,
    errors: report.errors.length,
    failures: report.errors
      .slice(0, MAX_RUN_FAILURES)
      .map((e) => `${e.region}${e.resourceId ? `/${e.resourceId}` : ''} [${e.stage}] ${e.error}: ${e.message}`.slice(0, MAX_FAILURE_LINE)),
    notices: report.notices.length,
    // A run that knows its account names it (the digest names accounts from these).
    ...(account.accountId ? { accountId: account.accountId, ownAccount: account.own } : {}),
    ...(account.accountId && account.accountName ? { accountName: account.accountName } : {}),
  };
}
