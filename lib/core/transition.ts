/**
 * The engine's decisions as one pure function: from a resource's ledger state and
 * what this run observed, to what the run writes, reports, tells its owner and
 * does. No I/O, no clock, no randomness: the runner (`lib/engine`) performs the
 * result. The follow-ups of effects are in `transition-action.ts`, the notice
 * bookkeeping in `transition-notice.ts`.
 */
import { isOpen, type ResourceState } from './ledger-records.js';
import { closeFinding, closeGone } from './transition-action.js';
import { findingFromState, leaseOver, outcome, stateWrite } from './transition-records.js';
import type { NotWasteAssessment, Observation, Transition, TransitionSettings } from './transition-types.js';
import { resumeOrWait, wasteTransition } from './transition-waste.js';

export type * from './transition-types.js';

/**
 * Decides what happens to one resource in this run.
 *
 * - `waste`: exempt / protected / held / report-only / warn and wait / act (see `wasteTransition`);
 * - `watch`: first sighting of a wasteful-looking resource is remembered (`watching`), no notice;
 * - `inconclusive`: listed in the report, the ledger stays as it is;
 * - `healthy` / `gone` of an open finding: closed (`cleared`, `adopted`, `gone`, or
 *   the sweep's final record), or an unfinished action cancelled or resumed.
 *
 * Report mode never writes, notifies or acts: it returns the findings a run in
 * apply mode would report.
 *
 * @param state the resource's ledger state for this sweep, open or closed (`undefined`: none)
 * @throws SweepActionMissingError, AdvisoryWordingMissingError when the sweep's declaration cannot carry the assessment
 *
 * @example
 * const t = transition(undefined, { kind: 'waste', candidate, assessment, standing, actionId }, now, settings);
 * // t.finding.decision === 'pending'; t.write records `detected`; t.notice warns the owner
 */
export function transition(state: ResourceState | undefined, seen: Observation, now: Date, settings: TransitionSettings): Transition {
  switch (seen.kind) {
    case 'waste':
      return wasteTransition(state, seen, now, settings);
    case 'watch':
      return watchTransition(state, seen, now, settings);
    case 'inconclusive':
      return outcome(state, {
        inconclusive: { ...seen.candidate.ref, sweep: settings.sweep.name, owner: seen.standing.owner, team: seen.standing.team, reason: seen.reason },
      });
    case 'healthy':
      return state && isOpen(state.status) ? noLongerWaste(state, true, seen.assessment, now, settings) : outcome(state);
    case 'gone':
      return state && isOpen(state.status) ? noLongerWaste(state, false, null, now, settings) : outcome(state);
  }
}

/** Remembers a wasteful-looking resource (no finding, no notice) so that its rule can measure how long it stays so. */
function watchTransition(state: ResourceState | undefined, seen: Extract<Observation, { kind: 'watch' }>, now: Date, settings: TransitionSettings): Transition {
  if (settings.mode !== 'apply' || (state && isOpen(state.status))) return outcome(state);
  const at = now.toISOString();
  const next: ResourceState = {
    sweep: settings.sweep.name,
    ref: seen.candidate.ref,
    owner: seen.standing.owner,
    team: seen.standing.team,
    status: 'watching',
    version: (state?.version ?? 0) + 1,
    firstSeenAt: at,
    updatedAt: at,
    actAfter: null,
    warnedAt: null,
    reason: 'first seen wasteful-looking; watching',
    evidence: {},
    savings: { hourlyUsd: null, monthlyUsd: null, components: [], unknown: [] },
    actionId: null,
    leaseUntil: null,
  };
  return outcome(state, { write: stateWrite(state, next, 'watching', next.reason, now, settings) });
}

/** An open finding whose resource is not waste in this run: recovered, gone, or mid-action. */
function noLongerWaste(state: ResourceState, exists: boolean, healthy: NotWasteAssessment | null, now: Date, settings: TransitionSettings): Transition {
  const because = healthy?.reason ? `: ${healthy.reason}` : '';
  if (state.status === 'acting' && !exists) {
    // The resource is gone: finishing the action only confirms it (act treats "gone" as done).
    return resumeOrWait(state, (actionId) => findingFromState(state, 'acted', actionId), now, settings);
  }
  if (settings.mode !== 'apply') return outcome(state);
  if (state.status === 'acting') {
    // Still there but no longer waste (used again, modified): abandon the unfinished action.
    if (!leaseOver(state, now)) return outcome(state);
    return outcome(state, { effect: { kind: 'cancel', cancel: { state, to: 'cleared', why: `no longer waste${because}`, hold: false, finding: null } } });
  }
  if (!exists) return settings.sweep.finalRecord ? outcome(state, { effect: { kind: 'final-record', state } }) : closeGone(state, null, now, settings);
  const status = healthy?.closeAs ?? 'cleared';
  return closeFinding(state, status, `${status === 'adopted' ? 'recommendation adopted' : 'no longer waste'}${because}`, state.evidence, now, settings);
}
