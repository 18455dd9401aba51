import { LedgerConflictError } from '../../lib/core/errors.js';
import type { ResourceRef } from '../../lib/core/finding.js';
import { isoWeekOf } from '../../lib/core/iso-week.js';
import type { Ledger, ReportingLedger } from '../../lib/core/ledger-port.js';
import { isOpen, resourceKey, type ActionRecord, type LedgerEvent, type LedgerWrite, type ResourceState, type RunRecord } from '../../lib/core/ledger-records.js';

/** An in-memory {@link Ledger} with the same conditional semantics as the DynamoDB one, for unit tests. */
export class MemoryLedger implements Ledger, ReportingLedger {
  readonly states = new Map<string, ResourceState>();
  readonly actions = new Map<string, ActionRecord>();
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

  async listOpen(sweep: string, region: string): Promise<ResourceState[]> {
    return [...this.states.values()].filter((s) => s.sweep === sweep && s.ref.region === region && (isOpen(s.status) || Boolean(s.noticePending)));
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

  async history(ref: ResourceRef): Promise<LedgerEvent[]> {
    return this.events.filter((e) => resourceKey(e.ref) === resourceKey(ref));
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.runs.push(run);
  }

  async listActions(before: string): Promise<ActionRecord[]> {
    return [...this.actions.values()].filter((a) => a.startedAt < before).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async weekRecords(week: string): Promise<{ events: LedgerEvent[]; runs: RunRecord[] }> {
    const inWeek = (at: string) => isoWeekOf(new Date(at)) === week;
    return { events: this.events.filter((e) => inWeek(e.at)), runs: this.runs.filter((r) => inWeek(r.startedAt)) };
  }

  async firstRun(sweep: string): Promise<RunRecord | undefined> {
    return this.runs.filter((r) => r.sweep === sweep).sort((a, b) => a.startedAt.localeCompare(b.startedAt))[0];
  }
}
