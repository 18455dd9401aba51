/**
 * The work of one Map item: one sweep over one region of one account, from the hub.
 * The sweep Lambda runs it for an event `{ accountId, region }`, and the local Map
 * runner for each pair; an item that failed every attempt is recorded by
 * {@link recordPairFailure} (the Map's `Catch`), so the digest counts it as a failed run.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../core/clock.js';
import { errorMessage, errorName } from '../core/errors.js';
import type { SweepMode, SweepReport } from '../core/finding.js';
import type { AnySweep, LoggerLike } from '../core/sweep.js';
import { accountLabel, type SweptAccount } from '../core/swept-account.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import type { AccountAccess } from './account-access.js';
import { deploymentFromEnv, type Env } from './deployment.js';
import { disabledRegions } from './region-enablement.js';
import { runConfiguredSweep } from './run-configured-sweep.js';

/** The pair an event names. */
export interface PairEvent {
  readonly accountId: string;
  readonly region: string;
  readonly accountName?: string;
}

/** What one pair's run gives (the sweep Lambda's result for a pair event). */
export interface PairResult {
  readonly sweep: string;
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  /** `failed`: the pair could not be swept, or some resources failed (`errors`). */
  readonly status: 'ok' | 'failed';
  /** Findings by decision. */
  readonly findings: Readonly<Record<string, number>>;
  /** Resources (or the region) that failed; 1 for a pair that could not run. */
  readonly errors: number;
  /** Why nothing was swept though nothing failed (a region not enabled in the account). */
  readonly skipped?: string;
  /** A failed pair: the error that failed it (the `Catch`'s). */
  readonly error?: string;
}

/** Options of {@link runSweepPair} and {@link recordPairFailure}. */
export interface PairOptions {
  readonly sweep: AnySweep;
  readonly config: AnyFinOpsConfig;
  readonly mode: SweepMode;
  readonly clock: Clock;
  /** How the hub reaches the pair's account (one per invocation: its credentials are cached). */
  readonly access: AccountAccess;
  /** Region of the ledger and topics (the hub's). */
  readonly homeRegion: string;
  /** @default process.env */
  readonly env?: Env;
  readonly logger?: LoggerLike;
  readonly shouldStop?: () => boolean;
}

/** A `{ error, cause }` as a Step Functions `Catch` passes it (`cause` may be the Lambda's error JSON). */
export interface PairFailure {
  readonly error: string;
  readonly cause: string;
}

/**
 * Sweeps one pair: assumes the account's role (not for the hub's own account), skips a
 * region the account has not enabled, runs the sweep there with the hub's ledger and
 * topics. Returns the result and the full report.
 *
 * @throws AccountAccessError when the role cannot be assumed (the Map retries, then records the failure)
 */
export async function runSweepPair(pair: PairEvent, options: PairOptions): Promise<{ readonly result: PairResult; readonly report: SweepReport | null }> {
  const account = sweptAccount(pair, options);
  const clients = await options.access.clientsFor(pair.accountId);
  const base = { sweep: options.sweep.name, accountId: pair.accountId, ...(pair.accountName ? { accountName: pair.accountName } : {}), region: pair.region };
  const disabled = (await disabledRegions(clients, [pair.region])).get(pair.region);
  if (disabled) {
    options.logger?.info('Region not enabled in the account; pair skipped', { ...base, optInStatus: disabled });
    return {
      result: { ...base, status: 'ok', findings: {}, errors: 0, skipped: `region not enabled in the account (opt-in status ${disabled})` },
      report: null,
    };
  }
  const report = await runConfiguredSweep({
    sweep: options.sweep,
    config: options.config,
    mode: options.mode,
    clock: options.clock,
    regions: [pair.region],
    clients,
    hubClients: options.access.hubClients,
    homeRegion: options.homeRegion,
    account,
    ...(options.env ? { env: options.env } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
  });
  const findings: Record<string, number> = {};
  for (const f of report.findings) findings[f.decision] = (findings[f.decision] ?? 0) + 1;
  return { result: { ...base, status: report.errors.length > 0 ? 'failed' : 'ok', findings, errors: report.errors.length }, report };
}

/**
 * Records a pair that failed every attempt as a failed run of the sweep (apply mode,
 * with a ledger: report mode writes nothing), naming the account, so the digest's
 * trust signals count it. Never throws for the record: a lost record only makes the
 * digest miss the run.
 */
export async function recordPairFailure(pair: PairEvent, failure: PairFailure, options: PairOptions): Promise<PairResult> {
  const account = sweptAccount(pair, options);
  const error = `${failure.error}: ${causeMessage(failure.cause)}`;
  const table = deploymentFromEnv(options.env ?? process.env).ledgerTable;
  if (options.mode === 'apply' && table) {
    const ledger = new DynamoDbLedger(table, options.access.hubClients.get(DynamoDBClient, options.homeRegion));
    const startedAt = options.clock.now().toISOString();
    await ledger
      .recordRun({
        sweep: options.sweep.name,
        runId: `run-failed-${randomBytes(6).toString('hex')}`,
        mode: options.mode,
        startedAt,
        regions: [pair.region],
        findings: {},
        errors: 1,
        failures: [`${accountLabel(account) ?? pair.accountId}/${pair.region} [account] ${error}`.slice(0, 300)],
        notices: 0,
        accountId: pair.accountId,
        ownAccount: account.own,
        ...(pair.accountName ? { accountName: pair.accountName } : {}),
      })
      .catch((e: unknown) =>
        options.logger?.warn('Could not record the failed pair', { accountId: pair.accountId, region: pair.region, error: errorMessage(e) }),
      );
  }
  options.logger?.error('Pair failed', { sweep: options.sweep.name, accountId: pair.accountId, region: pair.region, error });
  return {
    sweep: options.sweep.name,
    accountId: pair.accountId,
    ...(pair.accountName ? { accountName: pair.accountName } : {}),
    region: pair.region,
    status: 'failed',
    findings: {},
    errors: 1,
    error,
  };
}

/** A thrown error as a Map `Catch` would pass it. */
export function failureOf(error: unknown): PairFailure {
  return { error: errorName(error), cause: errorMessage(error) };
}

/** The account of a pair, with its protection or exemption from `accounts`. */
function sweptAccount(pair: PairEvent, options: PairOptions): SweptAccount {
  const accounts = options.config.accounts;
  const base = { accountId: pair.accountId, ...(pair.accountName ? { accountName: pair.accountName } : {}) };
  const label = accountLabel(base) ?? pair.accountId;
  return {
    ...base,
    own: options.access.isOwn(pair.accountId),
    ...(accounts?.protectedAccountIds?.includes(pair.accountId) ? { protectedBecause: `protected account ${label} (accounts.protectedAccountIds)` } : {}),
    ...(accounts?.exemptAccountIds?.includes(pair.accountId) ? { exemptBecause: `exempt account ${label} (accounts.exemptAccountIds)` } : {}),
  };
}

/** The message of a `Catch` cause: a Lambda error's JSON (`errorMessage`), else the text. */
function causeMessage(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // not JSON: the cause is the message
  }
  return cause;
}
