/**
 * The decision about a resource its rule assessed as waste: exempt, protected,
 * held, report-only, warned with a grace period, or acted on once the grace period
 * is over and the warning was delivered.
 */
import { addHours } from './clock.js';
import { AdvisoryWordingMissingError, SweepActionMissingError } from './errors.js';
import type { Finding, JsonValue } from './finding.js';
import { isOpen, type ActionRecord, type ResourceState } from './ledger-records.js';
import type { AdvisoryWording } from './sweep.js';
import { flagTransition } from './transition-advisory.js';
import { ledgerEvent, leaseFrom, leaseOver, noticeOverdue, outcome, stateWrite, wasteDraft, writtenMomentsAgo } from './transition-records.js';
import type { AdvisoryDecision, Observation, Transition, TransitionSettings, WasteAssessment } from './transition-types.js';

type Waste = Extract<Observation, { kind: 'waste' }>;

/**
 * Decides about a waste observation. Safe by default: exempt and protected
 * resources are never acted on (unless `actOnProtected`), a held one neither; the
 * action is due only once a warning was delivered and the grace period from it
 * is over, and only in apply mode.
 *
 * @throws SweepActionMissingError a sweep without an action assessed waste with `act` not `false`
 * @throws AdvisoryWordingMissingError a report-only finding without advisory wording
 */
export function wasteTransition(state: ResourceState | undefined, seen: Waste, now: Date, settings: TransitionSettings): Transition {
  const { candidate, assessment, standing } = seen;
  const { config, sweep } = settings;
  const apply = settings.mode === 'apply';
  const live = state && isOpen(state.status) ? state : undefined;
  const draft = wasteDraft(state, seen, now, settings);
  const advisory = assessment.act === false;
  if (!advisory && !sweep.action) throw new SweepActionMissingError(sweep.name, candidate.ref.resourceId);
  const keepBecause =
    standing.exemptBecause ??
    (config.actOnProtected ? null : standing.protectedBecause) ??
    (advisory ? 'the action is no longer enabled for this resource' : null);

  if (live?.status === 'acting') {
    if (!keepBecause) return resumeOrWait(live, (id) => draft.finding('acted', assessment.reason, null, id), now, settings);
    // Exempted, protected or no longer to be acted on while an action was unfinished:
    // abandon it, never resume. A later run records it as what it now is.
    const to = standing.exemptBecause ? 'exempt' : keepBecause === standing.protectedBecause ? 'protected' : 'flagged';
    const decision = to === 'flagged' ? advisoryWording(assessment, settings, candidate.ref.resourceId).decision : undefined;
    const finding = draft.finding(decision ?? to, `${assessment.reason}; ${keepBecause}`, null);
    if (!apply) return outcome(state, { finding });
    return outcome(state, {
      effect: { kind: 'cancel', cancel: { state: live, to, why: keepBecause, hold: false, finding, ...(decision ? { decision } : {}) } },
    });
  }
  if (state?.status === 'acted' && writtenMomentsAgo(state, now, settings)) {
    // A concurrent run acted on it after this run's inventory was taken: the listing is stale.
    return outcome(state, { note: 'Acted on by a concurrent run; skipping' });
  }

  if (live?.hold) {
    const finding = draft.finding('protected', `${assessment.reason}; ${live.hold}`, null);
    const resend = apply && noticeOverdue(live, now, settings);
    return outcome(state, { finding, notice: resend ? { event: 'protected', finding, state: live } : null });
  }

  if (standing.exemptBecause) {
    const finding = draft.finding('exempt', `${assessment.reason}; ${standing.exemptBecause}`, null);
    if (!apply || live?.status === 'exempt') return outcome(state, { finding });
    return outcome(state, { finding, write: stateWrite(state, draft.next('exempt'), 'exempted', standing.exemptBecause, now, settings) });
  }

  if (standing.protectedBecause && !config.actOnProtected) {
    const finding = draft.finding('protected', `${assessment.reason}; ${standing.protectedBecause}`, null);
    if (apply && live?.status !== 'protected') {
      const next = draft.next('protected', { noticePending: 'protected' });
      const write = stateWrite(state, next, 'protected', standing.protectedBecause, now, settings);
      return outcome(state, { finding, write, notice: { event: 'protected', finding, state: next } });
    }
    const resend = apply && live !== undefined && noticeOverdue(live, now, settings);
    return outcome(state, { finding, notice: resend ? { event: 'protected', finding, state: live } : null });
  }

  if (advisory) return flagTransition(state, seen, advisoryWording(assessment, settings, candidate.ref.resourceId), now, settings);
  return pendingTransition(state, seen, now, settings);
}

/** Waste to act on: warn, wait out the grace period, then act. */
function pendingTransition(state: ResourceState | undefined, seen: Waste, now: Date, settings: TransitionSettings): Transition {
  const { candidate, assessment, standing } = seen;
  const { config, sweep } = settings;
  const apply = settings.mode === 'apply';
  const live = state && isOpen(state.status) ? state : undefined;
  const draft = wasteDraft(state, seen, now, settings);

  if (live?.status !== 'pending') {
    const actAfter = addHours(now, config.gracePeriodHours).toISOString();
    const finding = draft.finding('pending', assessment.reason, actAfter);
    if (!apply) return outcome(state, { finding });
    const next = draft.next('pending', { actAfter });
    return outcome(state, {
      finding,
      write: stateWrite(state, next, 'detected', assessment.reason, now, settings),
      notice: { event: 'pending', finding, state: next },
    });
  }

  const actAfter = new Date(live.actAfter ?? now.toISOString());
  if (!live.warnedAt && writtenMomentsAgo(live, now, settings)) {
    // Another run recorded this moments ago and its warning is on its way.
    return outcome(state, { finding: draft.finding('pending', assessment.reason, live.actAfter) });
  }
  if (!live.warnedAt) {
    // The warning never reached the owner (a run died before sending it, or SNS
    // failed): warn now, and give the full grace period from this warning.
    const due = new Date(Math.max(actAfter.getTime(), addHours(now, config.gracePeriodHours).getTime())).toISOString();
    const finding = draft.finding('pending', assessment.reason, due);
    if (!apply) return outcome(state, { finding });
    const next = draft.next('pending', { actAfter: due, firstSeenAt: live.firstSeenAt });
    const write = stateWrite(state, next, 'detected', 'owner not yet warned; warning again', now, settings);
    return outcome(state, { finding, write, notice: { event: 'pending', finding, state: next } });
  }
  if (now.getTime() < actAfter.getTime()) {
    return outcome(state, { finding: draft.finding('pending', assessment.reason, live.actAfter) });
  }
  if (!apply) {
    const reason = `${assessment.reason}; grace period over: would ${sweep.wording.verb} now (report mode)`;
    return outcome(state, { finding: draft.finding('pending', reason, live.actAfter) });
  }

  const sweepAction = sweep.action;
  if (!sweepAction) throw new SweepActionMissingError(sweep.name, candidate.ref.resourceId);
  const at = now.toISOString();
  const action: ActionRecord = {
    actionId: seen.actionId,
    sweep: sweep.name,
    action: sweepAction.nameFor?.(candidate) ?? sweepAction.name,
    ref: candidate.ref,
    owner: standing.owner,
    team: standing.team,
    status: 'started',
    startedAt: at,
    actedAt: null,
    restoredAt: null,
    restoredResourceId: null,
    reason: assessment.reason,
    savings: assessment.savings,
    savingsUntil: assessment.savingsUntil ?? null,
    restoreData: sweepAction.restoreData(candidate) as JsonValue,
    detail: null,
  };
  const acting = draft.next('acting', {
    firstSeenAt: live.firstSeenAt,
    actAfter: live.actAfter,
    warnedAt: live.warnedAt,
    actionId: action.actionId,
    leaseUntil: leaseFrom(now, settings),
  });
  return outcome(state, {
    write: {
      state: { next: acting, expectedVersion: live.version },
      action: { next: action, expectedStatus: null },
      event: ledgerEvent('acting', acting, live.status, action.actionId, `${sweep.wording.verb}: ${assessment.reason}`, now, settings),
    },
    effect: { kind: 'act', acting, action, acted: draft.finding('acted', assessment.reason, null, action.actionId) },
  });
}

/**
 * An `acting` state: resume its action once the lease of the run that started it
 * is over (that run died), else leave it to that run. Report mode never resumes.
 */
export function resumeOrWait(state: ResourceState, acted: (actionId: string) => Finding, now: Date, settings: TransitionSettings): Transition {
  if (settings.mode !== 'apply' || !leaseOver(state, now) || !state.actionId) {
    return outcome(state, { note: 'Action in progress in another run; leaving it' });
  }
  return outcome(state, { effect: { kind: 'resume', state, actionId: state.actionId, acted: acted(state.actionId) } });
}

/** How a report-only finding reads: the assessment's wording, else the sweep's. */
function advisoryWording(assessment: WasteAssessment, settings: TransitionSettings, resourceId: string): AdvisoryWording & { decision: AdvisoryDecision } {
  const advisory = assessment.advisory ?? settings.sweep.advisory;
  if (!advisory) throw new AdvisoryWordingMissingError(settings.sweep.name, resourceId);
  return advisory;
}
