/**
 * A {@link Ledger} over a {@link MemoryLedger} that fails the way DynamoDB does
 * under faults, for the engine's unit tests: a commit whose response is lost (it
 * committed, and the retry's condition then fails), a commit that fails without
 * committing, a concurrent run's write landing just before this run's, and reads
 * that fail.
 */
import { LedgerConflictError } from '../../lib/core/errors.js';
import type { ResourceRef } from '../../lib/core/finding.js';
import type { Ledger } from '../../lib/core/ledger-port.js';
import { resourceKey, type ActionRecord, type LedgerEvent, type LedgerWrite, type ResourceState, type RunRecord } from '../../lib/core/ledger-records.js';
import { serverError } from './fault-middleware.js';
import { MemoryLedger } from './memory-ledger.js';

/** Which writes a fault applies to. */
export type WriteFilter = (write: LedgerWrite) => boolean;

/** What a fault does to a commit. */
export type CommitFault =
  /** Commits, then throws what the SDK's retry gets: a condition failure. */
  | 'lost-response'
  /** Commits, then throws a 500 (the SDK's retries all failed after the first attempt committed). */
  | 'committed-then-500'
  /** Throws a 500 without committing. */
  | 'not-committed-500';

const never: WriteFilter = () => false;

/** See the module comment; every fault is off until a test sets it. */
export class FaultyLedger implements Ledger {
  readonly inner = new MemoryLedger();
  /** Faults by write, first match wins. */
  faults: { filter: WriteFilter; fault: CommitFault }[] = [];
  /** Before a matching write, another run (`runId`) commits its own write of the same resource. */
  raceBefore: { filter: WriteFilter; runId: string } | null = null;
  /** `history`, `getStates` and `getAction` fail while set. */
  readsFail = false;
  /** Sets {@link readsFail} once a fault was injected (the ledger became unreachable). */
  failReadsAfterFault = false;
  /** Writes whose fault was injected, by event type. */
  readonly injected: string[] = [];

  async commit(write: LedgerWrite): Promise<void> {
    if (this.raceBefore?.filter(write)) {
      const { runId } = this.raceBefore;
      this.raceBefore = null;
      await this.inner.commit(competing(write, runId));
    }
    const fault = this.faults.find((f) => f.filter(write))?.fault;
    if (fault) {
      this.injected.push(`${write.event.type}:${fault}`);
      if (this.failReadsAfterFault) this.readsFail = true;
    }
    if (fault === 'not-committed-500') throw serverError();
    await this.inner.commit(write);
    if (fault === 'lost-response') throw new LedgerConflictError(resourceKey(write.event.ref), write.event.type);
    if (fault === 'committed-then-500') throw serverError();
  }

  /** Fails `filter`'s writes with `fault` from now on. */
  fail(filter: WriteFilter, fault: CommitFault): this {
    this.faults.push({ filter, fault });
    return this;
  }

  /** Clears every fault. */
  heal(): void {
    this.faults = [];
    this.raceBefore = null;
    this.readsFail = false;
    this.failReadsAfterFault = false;
  }

  async getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>> {
    this.#read();
    return this.inner.getStates(sweep, refs);
  }

  async listOpen(sweep: string, region: string, accountId?: string | null): Promise<ResourceState[]> {
    return this.inner.listOpen(sweep, region, accountId);
  }

  async getAction(actionId: string): Promise<ActionRecord | undefined> {
    this.#read();
    return this.inner.getAction(actionId);
  }

  async history(ref: ResourceRef): Promise<LedgerEvent[]> {
    this.#read();
    return this.inner.history(ref);
  }

  async recordRun(run: RunRecord): Promise<void> {
    return this.inner.recordRun(run);
  }

  #read(): void {
    if (this.readsFail) throw Object.assign(new Error('ledger unreachable'), { name: 'NetworkingError' });
  }
}

/** Writes of one event type. */
export const ofType =
  (...types: LedgerEvent['type'][]): WriteFilter =>
  (write) =>
    types.includes(write.event.type);

/** Every write. */
export const every: WriteFilter = () => true;
export { never };

/** The same write as another run would make it: same next state, its own run id. */
function competing(write: LedgerWrite, runId: string): LedgerWrite {
  return { ...write, event: { ...write.event, runId, detail: `${write.event.detail} (run ${runId})` } };
}
