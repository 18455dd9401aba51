import { hoursBetween, type Clock } from '../core/clock.js';
import { randomBytes } from 'node:crypto';
import { ActionNotFoundError, ConcurrentRunError, errorMessage, RestoreError } from '../core/errors.js';
import { roundUsd } from '../core/finding.js';
import type { Ledger } from '../core/ledger-port.js';
import type { ActionRecord, LedgerEvent, ResourceState } from '../core/ledger-records.js';
import { silentLogger, type AnySweep, type LoggerLike, type RegionContext } from '../core/sweep.js';
import { commitReconciled } from './reconcile.js';

/** A `restoring` claim younger than this belongs to a restore that may still be running. */
const RESTORE_CLAIM_MS = 20 * 60_000;

import type { RestoreReport } from '../core/finding.js';

export type { RestoreReport } from '../core/finding.js';

/** What {@link restoreAction} needs. */
export interface RestoreOptions {
  readonly actionId: string;
  readonly ledger: Ledger;
  readonly clients: RegionContext['clients'];
  readonly clock: Clock;
  readonly sweepNamed: (name: string) => AnySweep;
  /**
   * The clients of the account the action was in (`ref.accountId`; `undefined`: the
   * deployment's own account), e.g. through the member account's role. Asked only
   * once the action is claimed.
   * @default - `clients`, for every account
   */
  readonly clientsFor?: (accountId: string | undefined) => Promise<RegionContext['clients']>;
  readonly logger?: LoggerLike;
  /**
   * Identifies this restore in ledger history; unique per attempt, so that a ledger
   * write whose response was lost is told apart from another restore's.
   * @default `restore-<actionId>-<random>`
   */
  readonly runId?: string;
}

/**
 * Undoes one recorded action from what the ledger kept. The action is claimed
 * (`in-force` -> `restoring`) with a conditional write first, so two restores at
 * once cannot both run; a restore that died mid-way can be run again. Ledger writes
 * are reconciled (a write that committed though its response was lost carries on).
 *
 * @throws ActionNotFoundError unknown id
 * @throws RestoreError already restored, not finished yet, or the sweep's restore refused
 */
export async function restoreAction(options: RestoreOptions): Promise<RestoreReport> {
  const { ledger, actionId } = options;
  const now = options.clock.now();
  const at = now.toISOString();
  const runId = options.runId ?? `restore-${actionId}-${randomBytes(3).toString('hex')}`;
  const action = await ledger.getAction(actionId);
  if (!action) throw new ActionNotFoundError(actionId);
  if (action.status === 'restored') throw new RestoreError(actionId, `already restored at ${action.restoredAt} (${action.restoredResourceId})`);
  if (action.status === 'started') throw new RestoreError(actionId, 'the action has not completed yet; run the sweep again to finish it, then restore');
  if (action.status === 'cancelled')
    throw new RestoreError(actionId, `the action was cancelled before it took effect (${action.detail ?? 'no detail'}); nothing to restore`);
  if (action.status === 'restoring' && action.restoreStartedAt && now.getTime() - new Date(action.restoreStartedAt).getTime() < RESTORE_CLAIM_MS) {
    throw new RestoreError(actionId, `another restore of this action started at ${action.restoreStartedAt} and may still be running; try again in 20 minutes`);
  }
  const sweep = options.sweepNamed(action.sweep);
  const event = (type: LedgerEvent['type'], detail: string, status: ResourceState['status'] | null): LedgerEvent => ({
    at,
    type,
    sweep: action.sweep,
    ref: action.ref,
    owner: action.owner,
    team: action.team,
    runId,
    fromStatus: null,
    toStatus: status,
    actionId,
    detail,
    monthlySavingsUsd: action.savings.monthlyUsd,
  });

  const restoring: ActionRecord = { ...action, status: 'restoring', restoreStartedAt: at };
  try {
    await commitReconciled(ledger, { action: { next: restoring, expectedStatus: action.status }, event: event('restoring', 'restore started', null) });
  } catch (error) {
    if (error instanceof ConcurrentRunError) throw new RestoreError(actionId, `another restore of this action is running (${error.by})`, { cause: error });
    throw error;
  }

  let outcome;
  try {
    if (!sweep.action) throw new RestoreError(actionId, `sweep ${sweep.name} declares no action to restore`);
    const { accountId } = action.ref;
    const clients = options.clientsFor ? await options.clientsFor(accountId) : options.clients;
    outcome = await sweep.action.restore(
      action.restoreData,
      { region: action.ref.region, ...(accountId ? { accountId } : {}), clients, now, logger: options.logger ?? silentLogger },
      actionId,
    );
  } catch (error) {
    await commitReconciled(ledger, {
      action: { next: { ...action, status: 'in-force', restoreStartedAt: null }, expectedStatus: 'restoring' },
      event: event('restoring', `restore failed: ${errorMessage(error)}`, null),
    }).catch(() => undefined);
    throw error;
  }

  const hours = action.actedAt ? Math.max(0, hoursBetween(new Date(action.actedAt), now)) : null;
  const restored: ActionRecord = { ...restoring, status: 'restored', restoredAt: at, restoredResourceId: outcome.restoredResourceId, detail: outcome.detail };
  const states = await ledger.getStates(action.sweep, [action.ref]);
  const state = [...states.values()][0];
  // Only close the finding this action belongs to; a newer finding on the same resource stays.
  const stateWrite =
    state?.actionId === actionId && state.status === 'acted'
      ? { next: { ...state, status: 'restored' as const, version: state.version + 1, updatedAt: at }, expectedVersion: state.version }
      : undefined;
  await commitReconciled(ledger, {
    ...(stateWrite ? { state: stateWrite } : {}),
    action: { next: restored, expectedStatus: 'restoring' },
    event: event('restored', outcome.detail, stateWrite ? 'restored' : null),
  });
  return {
    actionId,
    sweep: action.sweep,
    resourceType: action.ref.resourceType,
    resourceId: action.ref.resourceId,
    region: action.ref.region,
    ...(action.ref.accountId ? { accountId: action.ref.accountId } : {}),
    restoredResourceId: outcome.restoredResourceId,
    actedAt: action.actedAt,
    restoredAt: at,
    hoursInForce: hours === null ? null : roundUsd(hours, 2),
    realizedSavingsUsd: hours === null || action.savings.hourlyUsd === null ? null : roundUsd(action.savings.hourlyUsd * hours, 2),
    detail: outcome.detail,
  };
}
