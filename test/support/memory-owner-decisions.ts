import { LedgerConflictError } from '../../lib/core/errors.js';
import type { ResourceRef } from '../../lib/core/finding.js';
import { isoWeekOf } from '../../lib/core/iso-week.js';
import { resourceKey, type LedgerEvent, type ResourceState } from '../../lib/core/ledger-records.js';
import { isSnooze } from '../../lib/core/owner-actions.js';
import {
  STALE_CLAIM_MS,
  type DecisionWrite,
  type LinkUse,
  type OwnerDecision,
  type OwnerDecisionReader,
  type OwnerDecisionStore,
} from '../../lib/core/owner-decisions.js';

/**
 * An in-memory {@link OwnerDecisionStore} and reader with the conditions of the
 * DynamoDB one (test/integration/owner-links.test.ts runs the real one), for unit
 * tests. Its maps are public so that tests can seed and inspect it.
 */
export class MemoryOwnerDecisions implements OwnerDecisionStore, OwnerDecisionReader {
  /** By `<sweep>|<resource key>`. */
  readonly states = new Map<string, ResourceState>();
  readonly uses = new Map<string, LinkUse>();
  readonly events: LedgerEvent[] = [];
  /** Calls by method, to check that a refused request wrote nothing. */
  readonly writes: string[] = [];

  seed(state: ResourceState): void {
    this.states.set(`${state.sweep}|${resourceKey(state.ref)}`, state);
  }

  async state(sweep: string, ref: ResourceRef): Promise<ResourceState | undefined> {
    return this.states.get(`${sweep}|${resourceKey(ref)}`);
  }

  async linkUse(tokenId: string): Promise<LinkUse | undefined> {
    return this.uses.get(tokenId);
  }

  async claim(tokenId: string, claimedAt: string, now: Date): Promise<boolean> {
    this.writes.push('claim');
    const use = this.uses.get(tokenId);
    const free = !use || use.status === 'released' || (use.status === 'claimed' && use.claimedAt < new Date(now.getTime() - STALE_CLAIM_MS).toISOString());
    if (!free) return false;
    this.uses.set(tokenId, { tokenId, status: 'claimed', claimedAt });
    return true;
  }

  async release(tokenId: string, claimedAt: string): Promise<void> {
    this.writes.push('release');
    const use = this.uses.get(tokenId);
    if (use?.status === 'claimed' && use.claimedAt === claimedAt) this.uses.set(tokenId, { tokenId, status: 'released', claimedAt });
  }

  async apply(write: DecisionWrite): Promise<void> {
    this.writes.push('apply');
    const { decision, claimedAt } = write;
    const use = this.uses.get(decision.tokenId);
    const conflict = () => new LedgerConflictError(resourceKey(decision.ref), `owner decision ${decision.choice}`);
    if (use?.status !== 'claimed' || use.claimedAt !== claimedAt) throw conflict();
    if (write.state) {
      const current = await this.state(write.state.next.sweep, write.state.next.ref);
      if (current?.version !== write.state.expectedVersion) throw conflict();
      this.seed(write.state.next);
    }
    this.uses.set(decision.tokenId, { tokenId: decision.tokenId, status: 'applied', claimedAt, decision });
    this.events.push(write.event);
  }

  async decisionsInWeek(week: string): Promise<OwnerDecision[]> {
    return this.#decisions()
      .filter((d) => isoWeekOf(new Date(d.decidedAt)) === week)
      .sort((a, b) => a.decidedAt.localeCompare(b.decidedAt));
  }

  async snoozesUntilAfter(from: string): Promise<OwnerDecision[]> {
    return this.#decisions()
      .filter((d) => isSnooze(d.choice) && d.until !== null && d.until >= from)
      .sort((a, b) => a.until!.localeCompare(b.until!));
  }

  #decisions(): OwnerDecision[] {
    return [...this.uses.values()].flatMap((u) => (u.decision ? [u.decision] : []));
  }
}
