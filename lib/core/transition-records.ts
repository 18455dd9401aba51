/**
 * Small pure builders shared by the transitions: history events, findings from a
 * state or an assessment, next states, and the lease arithmetic.
 */
import type { Decision, Finding } from './finding.js';
import { isOpen, type FindingStatus, type LedgerEvent, type LedgerEventType, type LedgerWrite, type ResourceState } from './ledger-records.js';
import type { Observation, Transition, TransitionSettings } from './transition-types.js';

const MINUTE_MS = 60_000;

/**
 * A transition over `state` made of `parts`; what is not given is nothing (no write,
 * no finding, no notice, effect `none`). `next` follows the write.
 */
export function outcome(state: ResourceState | undefined, parts: Partial<Omit<Transition, 'next'>> = {}): Transition {
  const write = parts.write ?? null;
  return {
    next: write?.state?.next ?? state,
    write,
    finding: parts.finding ?? null,
    notice: parts.notice ?? null,
    effect: parts.effect ?? { kind: 'none' },
    inconclusive: parts.inconclusive ?? null,
    note: parts.note ?? null,
  };
}

/** A history event of `state` at `now` in this run; `actionId` defaults to the state's. */
export function ledgerEvent(
  type: LedgerEventType,
  state: ResourceState,
  from: FindingStatus | null,
  actionId: string | null,
  detail: string,
  now: Date,
  settings: TransitionSettings,
): LedgerEvent {
  return {
    at: now.toISOString(),
    type,
    sweep: state.sweep,
    ref: state.ref,
    owner: state.owner,
    team: state.team,
    runId: settings.runId,
    fromStatus: from,
    toStatus: state.status,
    actionId: actionId ?? state.actionId,
    detail,
    monthlySavingsUsd: state.savings.monthlyUsd,
  };
}

/** Writes `next` over `previous` (which must still be at its version; absent: must not exist), with one event. */
export function stateWrite(
  previous: ResourceState | undefined,
  next: ResourceState,
  type: LedgerEventType,
  detail: string,
  now: Date,
  settings: TransitionSettings,
): LedgerWrite {
  return {
    state: { next, expectedVersion: previous?.version ?? null },
    event: ledgerEvent(type, next, previous?.status ?? null, null, detail, now, settings),
  };
}

/** The finding of a recorded state (an action done, or a notice sent again). */
export function findingFromState(state: ResourceState, decision: Decision, actionId: string): Finding {
  return {
    ...state.ref,
    sweep: state.sweep,
    owner: state.owner,
    team: state.team,
    decision,
    reason: state.reason,
    actAfter: null,
    estimatedMonthlySavingsUsd: state.savings.monthlyUsd,
    actionId,
    savings: state.savings,
    evidence: state.evidence,
  };
}

/** The lease in milliseconds. */
export function leaseMs(settings: TransitionSettings): number {
  return settings.leaseMinutes * MINUTE_MS;
}

/** The end of a lease taken at `now`. */
export function leaseFrom(now: Date, settings: TransitionSettings): string {
  return new Date(now.getTime() + leaseMs(settings)).toISOString();
}

/** `true` when no run holds the action of this `acting` state any more. */
export function leaseOver(state: ResourceState, now: Date): boolean {
  return !state.leaseUntil || new Date(state.leaseUntil).getTime() <= now.getTime();
}

/** `true` when `state` was written less than a lease ago (by this or another run). */
export function writtenMomentsAgo(state: ResourceState, now: Date, settings: TransitionSettings): boolean {
  return now.getTime() - new Date(state.updatedAt).getTime() < leaseMs(settings);
}

/**
 * An acted/protected notice still undelivered, and not written moments ago: a
 * concurrent run that just wrote it is sending it now, so only an older one is
 * sent again (at least once, without doubling the news of a race).
 */
export function noticeOverdue(state: ResourceState, now: Date, settings: TransitionSettings): boolean {
  return Boolean(state.noticePending) && !writtenMomentsAgo(state, now, settings);
}

/** Builds the findings and next states of one waste observation. */
export interface WasteDraft {
  /** A finding from the assessment; the sweep's own `fields` never override the common ones. */
  finding(decision: Decision, reason: string, actAfter: string | null, actionId?: string): Finding;
  /** The next state with `status`, from the assessment, continuing the open period if any. */
  next(status: FindingStatus, patch?: Partial<ResourceState>): ResourceState;
}

/** The {@link WasteDraft} of `seen` over `state` (the resource's state, open or not). */
export function wasteDraft(
  state: ResourceState | undefined,
  seen: Extract<Observation, { kind: 'waste' }>,
  now: Date,
  settings: TransitionSettings,
): WasteDraft {
  const { candidate, assessment, standing } = seen;
  const live = state && isOpen(state.status) ? state : undefined;
  const at = now.toISOString();
  return {
    finding: (decision, reason, actAfter, actionId) => ({
      ...assessment.fields,
      ...candidate.ref,
      sweep: settings.sweep.name,
      owner: standing.owner,
      team: standing.team,
      decision,
      reason,
      actAfter,
      estimatedMonthlySavingsUsd: assessment.savings.monthlyUsd,
      ...(actionId ? { actionId } : {}),
      savings: assessment.savings,
      evidence: assessment.evidence,
      ...(assessment.alsoNotify?.length ? { alsoNotify: assessment.alsoNotify } : {}),
    }),
    next: (status, patch = {}) => ({
      sweep: settings.sweep.name,
      ref: candidate.ref,
      owner: standing.owner,
      team: standing.team,
      status,
      version: (state?.version ?? 0) + 1,
      firstSeenAt: live?.firstSeenAt ?? at,
      updatedAt: at,
      actAfter: null,
      warnedAt: null,
      reason: assessment.reason,
      evidence: assessment.evidence,
      savings: assessment.savings,
      actionId: null,
      leaseUntil: null,
      ...patch,
    }),
  };
}
