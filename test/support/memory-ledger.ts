import { LedgerConflictError } from '../../lib/core/errors.js';
import type { ResourceRef } from '../../lib/core/finding.js';
import { isoWeekOf } from '../../lib/core/iso-week.js';
import type { Ledger, ReportingLedger } from '../../lib/core/ledger-port.js';
import {
  isOpen,
  resourceKey,
  type ActionRecord,
  type LedgerEvent,
  type LedgerWrite,
  type ResourceState,
  type RunRecord,
} from '../../lib/core/ledger-records.js';

/**
 * An in-memory {@link Ledger} with the same conditional semantics and the same
 * orders as the DynamoDB one (checked by `test/support/ledger-contract.ts`), for
 * unit tests. Its maps and lists are public so that tests can seed and inspect it.
 */
export class MemoryLedger implements Ledger, ReportingLedger {
  readonly states = new Map<string, ResourceState>();
  readonly actions = new Map<string, ActionRecord>();
  /** In write order. */
  readonly events: LedgerEvent[] = [];
  readonly runs: RunRecord[] = [];

  async getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>> {
    const out = new Map<string, ResourceState>();
    for (const ref of refs) {
      const state = this.states.get(`${sweep}|${resourceKey(ref)}`);
      if (state) out.set(resourceKey(ref), state);
    }
    return out;
  }

  async listOpen(sweep: string, region: string, accountId?: string | null): Promise<ResourceState[]> {
    return [...this.states.values()].filter(
      (s) =>
        s.sweep === sweep &&
        s.ref.region === region &&
        (isOpen(s.status) || Boolean(s.noticePending)) &&
        (accountId === undefined || (s.ref.accountId ?? null) === accountId),
    );
  }

  async commit(write: LedgerWrite): Promise<void> {
    const conflict = () => new LedgerConflictError(resourceKey(write.event.ref), write.event.type);
    if (write.state) {
      const current = this.states.get(`${write.state.next.sweep}|${resourceKey(write.state.next.ref)}`);
      if (write.state.expectedVersion === null ? current !== undefined : current?.version !== write.state.expectedVersion) throw conflict();
    }
    if (write.action) {
      const current = this.actions.get(write.action.next.actionId);
      if (write.action.expectedStatus === null ? current !== undefined : current?.status !== write.action.expectedStatus) throw conflict();
    }
    if (write.state) this.states.set(`${write.state.next.sweep}|${resourceKey(write.state.next.ref)}`, write.state.next);
    if (write.action) this.actions.set(write.action.next.actionId, write.action.next);
    this.events.push(write.event);
  }

  async getAction(actionId: string): Promise<ActionRecord | undefined> {
    return this.actions.get(actionId);
  }

  /** Oldest first; events of the same instant in write order (as the DynamoDB sort key orders them). */
  async history(ref: ResourceRef): Promise<LedgerEvent[]> {
    return byTime(
      this.events.filter((e) => resourceKey(e.ref) === resourceKey(ref)),
      (e) => e.at,
    );
  }

  /** A run is identified by sweep, start and id: recording it again replaces it (a DynamoDB put). */
  async recordRun(run: RunRecord): Promise<void> {
    const same = this.runs.findIndex((r) => r.sweep === run.sweep && r.startedAt === run.startedAt && r.runId === run.runId);
    if (same >= 0) this.runs.splice(same, 1, run);
    else this.runs.push(run);
  }

  async listActions(before: string): Promise<ActionRecord[]> {
    return byTime(
      [...this.actions.values()].filter((a) => a.startedAt < before),
      (a) => `${a.startedAt}#${a.actionId}`,
    );
  }

  async weekRecords(week: string): Promise<{ events: LedgerEvent[]; runs: RunRecord[] }> {
    const inWeek = (at: string) => isoWeekOf(new Date(at)) === week;
    return {
      // As the byWeek index orders them: by time, then resource, then write order.
      events: byTime(
        this.events.filter((e) => inWeek(e.at)),
        (e) => `${e.at}#${resourceKey(e.ref)}`,
      ),
      runs: byTime(
        this.runs.filter((r) => inWeek(r.startedAt)),
        (r) => `${r.startedAt}#${r.sweep}#${r.runId}`,
      ),
    };
  }

  async firstRun(sweep: string): Promise<RunRecord | undefined> {
    return byTime(
      this.runs.filter((r) => r.sweep === sweep),
      (r) => `${r.startedAt}#${r.runId}`,
    )[0];
  }
}

/** A stable sort by a sortable string (ISO instants first): ties keep their order. */
function byTime<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
