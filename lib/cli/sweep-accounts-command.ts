/**
 * `finops-ai sweep <name> --accounts org|ID,ID`: every account and region pair through
 * the local Map runner (`sweepAccounts`), the same per-pair function the state machine's
 * Lambda runs. One JSON document per sweep (a sweep report whose findings and errors
 * name their account, plus `pairs` and `skipped`); exit 3 when a pair failed (its
 * account named), 1 when no pair could be swept.
 */
import { AwsClients } from '../aws/clients.js';
import { accountsConfigIssues } from '../config/accounts-config.js';
import type { Clock } from '../core/clock.js';
import { ConfigError, UsageError } from '../core/errors.js';
import type { SweepMode } from '../core/finding.js';
import type { FinOpsConfig } from '../config.js';
import { formatPairs, formatSweepReport } from '../format/index.js';
import { sweepAccounts, type AccountsSweepReport } from '../runtime.js';
import { sweepNamed } from '../sweeps/registry.js';
import { CREDENTIALS_HINT, isCredentialError } from './credentials.js';
import { parseAccounts } from './options.js';

/** Where the command writes (the CLI's `CommandOutput`). */
interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The config with `--accounts`, `--role-name` and `--region` applied to its `accounts` and `regions`. */
export function withAccountOptions(
  config: FinOpsConfig,
  options: { readonly accounts?: string; readonly roleName?: string },
  regions: readonly string[] | undefined,
): FinOpsConfig {
  const asked = parseAccounts(options.accounts);
  if (!asked && options.roleName === undefined) return regions && config.accounts ? { ...config, regions: [...regions] } : config;
  const base = config.accounts ?? { source: 'organization' as const, roleName: 'FinOpsAiMember' };
  const { ids: _ids, organizationalUnits, ...rest } = base;
  const accounts =
    asked?.source === 'list'
      ? { ...rest, source: 'list' as const, ids: [...asked.ids] }
      : asked?.source === 'organization'
        ? { ...rest, source: 'organization' as const, ...(organizationalUnits ? { organizationalUnits } : {}) }
        : base;
  if (options.roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(options.roleName))
    throw new UsageError(`--role-name: "${options.roleName}" is not an IAM role name`);
  const resolved = { ...accounts, ...(options.roleName !== undefined ? { roleName: options.roleName } : {}) };
  const issues = accountsConfigIssues(resolved);
  if (issues.length > 0) throw new ConfigError(issues, '--accounts');
  return { ...config, accounts: resolved, ...(regions ? { regions: [...regions] } : {}) };
}

/** Runs each named sweep over the config's accounts; prints; returns the exit code. */
export async function sweepAccountsCommand(
  target: string,
  names: readonly string[],
  o: { readonly config: FinOpsConfig; readonly mode: SweepMode; readonly clock: Clock; readonly concurrency: number; readonly json: boolean },
  out: Output,
): Promise<number> {
  const clients = new AwsClients({ maxAttempts: o.config.aws.maxAttempts });
  const reports: AccountsSweepReport[] = [];
  for (const name of names) {
    reports.push(await sweepAccounts({ sweep: sweepNamed(name), config: o.config, mode: o.mode, clock: o.clock, clients, concurrency: o.concurrency }));
  }
  const format = { locale: o.config.locale, timeZone: o.config.timeZone };
  if (o.json) out.stdout(JSON.stringify(target === 'all' ? { sweep: 'all', reports } : reports[0], null, 2));
  else out.stdout(reports.map((r) => `${formatSweepReport(r, format)}\n${formatPairs(r, format)}`).join('\n\n'));
  const pairs = reports.flatMap((r) => r.pairs);
  const failed = pairs.filter((p) => p.status === 'failed');
  const errors = reports.flatMap((r) => r.errors);
  if (errors.length > 0 && errors.every((e) => isCredentialError(e.error))) {
    out.stderr(`finops-ai: AWS credentials are missing or were rejected: ${errors[0]!.message}\n${CREDENTIALS_HINT}`);
    return 1;
  }
  if (pairs.length > 0 && pairs.every((p) => p.error)) {
    out.stderr(`finops-ai: no account could be swept: ${failed[0]!.accountId}: ${failed[0]!.error ?? ''}`);
    return 1;
  }
  for (const p of failed.filter((f) => f.error)) out.stderr(`finops-ai: account ${p.accountId} (${p.region}) failed: ${p.error ?? ''}`);
  return failed.length > 0 || errors.length > 0 ? 3 : 0;
}
