/**
 * One sweep over every account and region pair, run locally the way the state machine
 * runs it: {@link listSweepPairs}, then {@link runMap} of {@link runSweepPair} (retried
 * with backoff, a pair that still fails recorded by {@link recordPairFailure}), then one
 * report whose findings and errors each name their account. The CLI's `--accounts` and
 * the organization bench run it.
 */
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import type { SweepFailure, SweepMode, SweepReport } from '../core/finding.js';
import type { AnySweep, LoggerLike } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { AccountAccess, callerAccountId } from './account-access.js';
import { homeRegion, resolveRegions, type Env } from './deployment.js';
import { listSweepPairs, type SkippedPair, type SweepPair } from './list-sweep-pairs.js';
import { runMap, type MapRetry } from './map-runner.js';
import { failureOf, recordPairFailure, runSweepPair, type PairOptions, type PairResult } from './sweep-pair.js';

/** The report of a sweep over accounts: a {@link SweepReport} of every pair, and the pairs. */
export interface AccountsSweepReport extends SweepReport {
  /** Each pair's result, in the order listed. */
  readonly pairs: readonly PairResult[];
  /** Accounts and regions left out, and why. */
  readonly skipped: readonly SkippedPair[];
}

/** Options of {@link sweepAccounts}. */
export interface SweepAccountsOptions {
  readonly sweep: AnySweep;
  /** The config; its `accounts` say which accounts (without it, the hub's own). */
  readonly config: AnyFinOpsConfig;
  readonly mode: SweepMode;
  readonly clock: Clock;
  /** The hub's clients (its own credentials). */
  readonly clients: AwsClients;
  /** Pairs run at once. @default 4 */
  readonly concurrency?: number;
  /** @default - 3 attempts, 1 s then 2 s apart */
  readonly retry?: MapRetry;
  /** @default process.env */
  readonly env?: Env;
  /** @default - STS GetCallerIdentity */
  readonly hubAccountId?: string;
  readonly logger?: LoggerLike;
  /** Called as each pair ends (e.g. a bench timing pairs), with its wall time. */
  readonly onPair?: (pair: SweepPair, result: PairResult, ms: number) => void;
}

/**
 * Sweeps every pair; never throws for one pair's failure (it is in `pairs` and
 * `errors`, named).
 *
 * @example
 * const report = await sweepAccounts({ sweep, config, mode: 'report', clock: systemClock, clients, concurrency: 4 });
 */
export async function sweepAccounts(options: SweepAccountsOptions): Promise<AccountsSweepReport> {
  const env = options.env ?? process.env;
  const home = homeRegion(resolveRegions(options.config, undefined, env), env);
  const hubAccountId = options.hubAccountId ?? (await callerAccountId(options.clients, home));
  const accounts = options.config.accounts;
  const access = new AccountAccess({
    hubClients: options.clients,
    hubRegion: home,
    hubAccountId,
    ...(accounts ? { roleName: accounts.roleName, externalId: accounts.externalId } : {}),
  });
  const { pairs, skipped } = await listSweepPairs(options.config, {
    clients: options.clients,
    sweep: options.sweep,
    env,
    hubAccountId,
    access,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const pairOptions: PairOptions = {
    sweep: options.sweep,
    config: options.config,
    mode: options.mode,
    clock: options.clock,
    access,
    homeRegion: home,
    env,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const reports: (SweepReport | null)[] = new Array<SweepReport | null>(pairs.length).fill(null);
  const indexOf = new Map(pairs.map((p, i) => [p, i]));
  const results = await runMap(pairs, {
    concurrency: options.concurrency ?? 4,
    ...(options.retry ? { retry: options.retry } : {}),
    run: async (pair) => {
      const started = Date.now();
      const { result, report } = await runSweepPair(pair, pairOptions);
      reports[indexOf.get(pair)!] = report;
      options.onPair?.(pair, result, Date.now() - started);
      return result;
    },
    onFailure: async (pair, error) => {
      const result = await recordPairFailure(pair, failureOf(error), pairOptions);
      options.onPair?.(pair, result, 0);
      return result;
    },
  });
  return merged(options, pairs, results, reports, skipped);
}

function merged(
  options: SweepAccountsOptions,
  pairs: readonly SweepPair[],
  results: readonly PairResult[],
  reports: readonly (SweepReport | null)[],
  skipped: readonly SkippedPair[],
): AccountsSweepReport {
  const done = reports.filter((r): r is SweepReport => r !== null);
  const failedPairs = results.flatMap((r): SweepFailure[] =>
    r.error ? [{ sweep: r.sweep, region: r.region, accountId: r.accountId, stage: 'account', error: r.error.split(':')[0] ?? 'Error', message: r.error }] : [],
  );
  const inconclusive = done.flatMap((r) => r.inconclusive ?? []);
  const concurrent = done.flatMap((r) => r.concurrent ?? []);
  return {
    sweep: options.sweep.name,
    mode: options.mode,
    now: options.clock.now().toISOString(),
    regions: [...new Set(pairs.map((p) => p.region))],
    findings: done.flatMap((r) => r.findings),
    errors: [...done.flatMap((r) => r.errors), ...failedPairs],
    notices: done.flatMap((r) => r.notices),
    ...(inconclusive.length > 0 ? { inconclusive } : {}),
    ...(concurrent.length > 0 ? { concurrent } : {}),
    pairs: results,
    skipped,
  };
}
