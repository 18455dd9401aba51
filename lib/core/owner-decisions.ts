/**
 * What the ledger records when an owner answers a notice by link: the decision (who,
 * from which notice, why, until when), the single use of its token, and the history
 * event on the resource. Core owns the records and the ports; the DynamoDB store is
 * `lib/ledger/owner-decisions.ts`, the endpoint that writes them `lib/links`.
 */
import type { ResourceRef } from './finding.js';
import type { LedgerEvent, ResourceState } from './ledger-records.js';
import type { OwnerChoice } from './owner-actions.js';

/** One owner's answer to a notice, as applied. */
export interface OwnerDecision {
  /** The id of the link's token (one decision per token). */
  readonly tokenId: string;
  readonly choice: OwnerChoice;
  readonly sweep: string;
  readonly ref: ResourceRef;
  /** Who decided: the owner the notice was addressed to (the token names them). */
  readonly owner: string;
  readonly team: string | null;
  /** The notice the link came from: the run that sent it, and when (ISO-8601). */
  readonly noticeRunId: string;
  readonly noticeAt: string;
  /** Why, in the owner's words (3 to 500 characters). */
  readonly reason: string;
  /** Snoozes: until when the action is postponed (ISO-8601); `null` for exempt and act-now. */
  readonly until: string | null;
  /** The tag written on the resource; `null` for act-now (it writes none). */
  readonly tag: { readonly key: string; readonly value: string } | null;
  readonly decidedAt: string;
  /** The finding's estimated savings when the owner decided (`null`: unknown). */
  readonly monthlySavingsUsd: number | null;
}

/**
 * The single use of a token: `claimed` while its decision is being applied (a claim
 * older than {@link STALE_CLAIM_MS} may be taken over: that request died), `applied`
 * once its decision is recorded (for good), `released` when applying failed before
 * anything was recorded (the owner may try again).
 */
export interface LinkUse {
  readonly tokenId: string;
  readonly status: 'claimed' | 'applied' | 'released';
  readonly claimedAt: string;
  /** Present once applied. */
  readonly decision?: OwnerDecision;
}

/** How long a claim holds before another request may take the token over. */
export const STALE_CLAIM_MS = 2 * 60_000;

/** What applying a decision writes besides its record: the history event, and the state for act-now. */
export interface DecisionWrite {
  readonly decision: OwnerDecision;
  /** The `claimedAt` of this request's claim (the write requires it still holds). */
  readonly claimedAt: string;
  readonly event: LedgerEvent;
  /** act-now: the finding's next state, which must still be at `expectedVersion`. */
  readonly state?: { readonly next: ResourceState; readonly expectedVersion: number };
}

/**
 * The ledger as the owner-action endpoint uses it. Every write is conditional: a
 * token claimed or applied by another request, or a state moved on meanwhile, fails.
 */
export interface OwnerDecisionStore {
  /** The resource's state for `sweep`, if any. */
  state(sweep: string, ref: ResourceRef): Promise<ResourceState | undefined>;
  /** The use of a token, if it was ever used. */
  linkUse(tokenId: string): Promise<LinkUse | undefined>;
  /** Claims the token for this request; `false` when another request holds or used it. */
  claim(tokenId: string, claimedAt: string, now: Date): Promise<boolean>;
  /** Gives a claim back after a failure that recorded nothing. */
  release(tokenId: string, claimedAt: string): Promise<void>;
  /** Records the decision, its event (and act-now's state) at once; throws `LedgerConflictError` when a condition fails. */
  apply(write: DecisionWrite): Promise<void>;
}

/** The owner decisions the weekly digest reads. */
export interface OwnerDecisionReader {
  /** The decisions applied in one ISO week (`2026-W47`), oldest first. */
  decisionsInWeek(week: string): Promise<OwnerDecision[]>;
  /** Every snooze whose `until` is at or after `from` (ISO-8601), soonest first. */
  snoozesUntilAfter(from: string): Promise<OwnerDecision[]>;
}

/** The history event of a decision on its resource (`owner-decided`), in the state's status. */
export function decisionEvent(decision: OwnerDecision, state: ResourceState, next: ResourceState = state): LedgerEvent {
  const until = decision.until ? ` until ${decision.until}` : '';
  return {
    at: decision.decidedAt,
    type: 'owner-decided',
    sweep: state.sweep,
    ref: state.ref,
    owner: state.owner,
    team: state.team,
    runId: `owner-link-${decision.tokenId}`,
    fromStatus: state.status,
    toStatus: next.status,
    actionId: state.actionId,
    detail: `${decision.owner} chose ${decision.choice}${until} from the notice of ${decision.noticeAt} (run ${decision.noticeRunId}): ${decision.reason}`,
    monthlySavingsUsd: state.savings.monthlyUsd,
  };
}

/**
 * act-now: the pending state with its action due now. The engine's transition acts
 * once `now >= actAfter`, and only in apply mode on a delivered warning, so nothing
 * else is needed to skip the rest of the grace period.
 */
export function earlyActState(state: ResourceState, now: Date): ResourceState {
  const at = now.toISOString();
  return { ...state, version: state.version + 1, updatedAt: at, actAfter: at };
}
