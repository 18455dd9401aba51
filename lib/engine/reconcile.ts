/**
 * Ledger writes whose outcome is ambiguous, told apart by reading the ledger back.
 *
 * A transaction can commit and still fail for its caller: its response is lost, the
 * SDK retries it, and the retry's conditions fail against the write itself (or the
 * retries all fail). Every write carries a history event with this run's id, written
 * in the same transaction, so the resource's history says what happened:
 *
 * - this run's event is there: the write went through; carry on as committed;
 * - another run's write made the condition fail: {@link ConcurrentRunError} names
 *   that run and the status it left; the step is that run's;
 * - the history cannot be read, or names no other run: {@link LedgerOutcomeUnknownError},
 *   an error of the run (never a silent skip).
 *
 * A failure that left no event of this run is a write that did not happen: its own
 * error stands.
 */
import { ConcurrentRunError, errorMessage, errorName, FinOpsError, LedgerConflictError, LedgerOutcomeUnknownError } from '../core/errors.js';
import type { Ledger } from '../core/ledger-port.js';
import { resourceKey, type LedgerEvent, type LedgerWrite } from '../core/ledger-records.js';

/** `committed`: the write succeeded; `reconciled`: it failed ambiguously, and the ledger shows it committed. */
export type CommitOutcome = 'committed' | 'reconciled';

/** Failures that prove the request was never applied (no attempt of it can have committed). */
const NEVER_APPLIED = new Set(['ValidationException', 'AccessDeniedException', 'UnrecognizedClientException', 'ResourceNotFoundException']);

/**
 * Commits `write`; when that fails in a way that may hide a commit, reads the
 * resource's history to decide (see the module comment).
 *
 * @throws ConcurrentRunError another run's write made the condition fail
 * @throws LedgerOutcomeUnknownError the ledger could not be read back, or named no other run
 * @throws the commit's own error when the write did not happen
 */
export async function commitReconciled(ledger: Ledger, write: LedgerWrite): Promise<CommitOutcome> {
  try {
    await ledger.commit(write);
    return 'committed';
  } catch (error) {
    if (!mayHaveCommitted(error)) throw error;
    return reconcile(ledger, write, error);
  }
}

function mayHaveCommitted(error: unknown): boolean {
  if (error instanceof LedgerConflictError) return true;
  // The toolkit's own typed failures (a missing table, a malformed item) are definite.
  if (error instanceof FinOpsError) return false;
  return !NEVER_APPLIED.has(errorName(error));
}

async function reconcile(ledger: Ledger, write: LedgerWrite, cause: unknown): Promise<'reconciled'> {
  const { event } = write;
  const key = resourceKey(event.ref);
  const unknown = (why: string, error?: unknown) =>
    new LedgerOutcomeUnknownError(key, event.type, why, { cause: error === undefined ? cause : new AggregateError([cause, error], why) });
  let history: LedgerEvent[];
  try {
    history = await ledger.history(event.ref);
  } catch (error) {
    throw unknown(`the write failed with ${errorName(cause)} and reading the history back failed: ${errorMessage(error)}`, error);
  }
  if (history.some((e) => sameEvent(e, event))) return 'reconciled';
  if (!(cause instanceof LedgerConflictError)) throw cause;

  const latest = history.filter((e) => e.runId !== event.runId).at(-1);
  if (!latest) throw unknown('a condition failed, but no other run has written this resource');
  let status: string | null;
  try {
    status = await currentStatus(ledger, write, latest);
  } catch (error) {
    throw unknown(`a condition failed and reading the current record failed: ${errorMessage(error)}`, error);
  }
  throw new ConcurrentRunError(key, event.ref.resourceId, event.type, latest.runId, status, { cause });
}

/** The status the other run left: the resource's state, else the action's, else its event's. */
async function currentStatus(ledger: Ledger, write: LedgerWrite, latest: LedgerEvent): Promise<string | null> {
  if (write.state) {
    const states = await ledger.getStates(write.state.next.sweep, [write.state.next.ref]);
    return states.get(resourceKey(write.state.next.ref))?.status ?? null;
  }
  if (write.action) return (await ledger.getAction(write.action.next.actionId))?.status ?? null;
  return latest.toStatus;
}

/** The same history event: this run's, of the same step. */
function sameEvent(a: LedgerEvent, b: LedgerEvent): boolean {
  return (
    a.runId === b.runId &&
    a.type === b.type &&
    a.at === b.at &&
    a.sweep === b.sweep &&
    a.toStatus === b.toStatus &&
    a.fromStatus === b.fromStatus &&
    a.actionId === b.actionId &&
    a.detail === b.detail
  );
}
