/**
 * The sweep Lambda's Map items: an event `{ accountId, region }` sweeps that pair; an
 * event `{ accountId, region, failure: { error, cause } }` (the Map's `Catch`, after the
 * retries) records the pair's failed run. Both return a {@link PairResult}.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import type { SweepMode } from '../core/finding.js';
import type { AnySweep, LoggerLike } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { AccountAccess, callerAccountId } from '../runtime/account-access.js';
import { homeRegion, resolveRegions } from '../runtime/deployment.js';
import { recordPairFailure, runSweepPair, type PairEvent, type PairFailure, type PairResult } from '../runtime/sweep-pair.js';
import { addRunMetrics } from './run-metrics.js';

/** A pair event, with the `Catch`'s failure when it records one. */
export interface SweepPairEvent extends PairEvent {
  readonly failure?: PairFailure;
}

/** The pair an event names (`accountId` of 12 digits and a `region`), else `undefined` (a scheduled run). */
export function pairEventOf(event: unknown): SweepPairEvent | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const e = event as Record<string, unknown>;
  if (typeof e.accountId !== 'string' || !/^\d{12}$/.test(e.accountId) || typeof e.region !== 'string') return undefined;
  const failure = e.failure as Record<string, unknown> | undefined;
  return {
    accountId: e.accountId,
    region: e.region,
    ...(typeof e.accountName === 'string' ? { accountName: e.accountName } : {}),
    ...(failure && typeof failure === 'object' ? { failure: { error: text(failure.error, 'Error'), cause: text(failure.cause, '') } } : {}),
  };
}

/** A string field of the `Catch`'s failure, else `fallback` (JSON for anything else). */
function text(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? fallback : JSON.stringify(value);
}

/** What a pair event's run needs from the handler. */
export interface PairEventOptions {
  readonly sweep: AnySweep;
  readonly config: AnyFinOpsConfig;
  readonly mode: SweepMode;
  readonly clock: Clock;
  readonly logger: LoggerLike;
  readonly metrics: Metrics;
  readonly shouldStop?: () => boolean;
}

/**
 * Runs or records one pair. The hub's account comes from the function's own ARN (no
 * call); a member account's role is assumed once for this invocation.
 *
 * @throws AccountAccessError when the role cannot be assumed (the Map retries, then its `Catch` records it)
 */
export async function runPairEvent(pair: SweepPairEvent, o: PairEventOptions, context?: { readonly invokedFunctionArn?: string }): Promise<PairResult> {
  const env = process.env;
  const home = homeRegion(resolveRegions(o.config, undefined, env), env);
  const clients = new AwsClients({ maxAttempts: o.config.aws.maxAttempts });
  const accounts = o.config.accounts;
  const access = new AccountAccess({
    hubClients: clients,
    hubRegion: home,
    hubAccountId: await callerAccountId(clients, home, context?.invokedFunctionArn),
    ...(accounts ? { roleName: accounts.roleName, externalId: accounts.externalId } : {}),
  });
  const options = {
    sweep: o.sweep,
    config: o.config,
    mode: o.mode,
    clock: o.clock,
    access,
    homeRegion: home,
    logger: o.logger,
    ...(o.shouldStop ? { shouldStop: o.shouldStop } : {}),
  };
  if (pair.failure) return recordPairFailure(pair, pair.failure, options);
  const { result, report } = await runSweepPair(pair, options);
  if (report) {
    addRunMetrics(o.metrics, report);
    o.logger.info('Pair swept', { ...result, errorsDetail: report.errors, notices: report.notices });
  }
  return result;
}
