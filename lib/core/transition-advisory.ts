/**
 * The decision about a report-only finding (a flag or a recommendation): recorded
 * and notified when first seen, then reminded at most every `renotifyHours` while
 * it lasts (each reminder refreshes its evidence), or at once when it escalated or
 * changed. Never acted on.
 */
import { HOUR_MS } from './clock.js';
import { isOpen, type ResourceState } from './ledger-records.js';
import type { AdvisoryWording } from './sweep.js';
import { outcome, stateWrite, wasteDraft, writtenMomentsAgo } from './transition-records.js';
import type { AdvisoryDecision, Observation, Transition, TransitionSettings } from './transition-types.js';

/** @default 24 (hours) when the sweep's settings have no `renotifyHours` */
const DEFAULT_RENOTIFY_HOURS = 24;

/** See the module comment; `wording` is how this finding reads (the assessment's or the sweep's). */
export function flagTransition(
  state: ResourceState | undefined,
  seen: Extract<Observation, { kind: 'waste' }>,
  wording: AdvisoryWording & { decision: AdvisoryDecision },
  now: Date,
  settings: TransitionSettings,
): Transition {
  const { assessment, candidate } = seen;
  const live = state && isOpen(state.status) ? state : undefined;
  const draft = wasteDraft(state, seen, now, settings);
  const { event, decision } = wording;
  const finding = draft.finding(decision, assessment.reason, null);
  if (settings.mode !== 'apply') return outcome(state, { finding });

  if (live?.status !== 'flagged') {
    const next = draft.next('flagged', { decision });
    return outcome(state, {
      finding,
      write: stateWrite(state, next, 'flagged', assessment.reason, now, settings),
      notice: { event, finding, state: next },
      effect: { kind: 'flag', candidate, assessment },
    });
  }
  // Not yet delivered, but recorded moments ago: another run's notice is on its way.
  if (!live.warnedAt && writtenMomentsAgo(live, now, settings)) return outcome(state, { finding });
  if (assessment.escalated && live.warnedAt) {
    // Not yet told about what it is now: notify now. `warnedAt` is reset so that an
    // undelivered notice is sent again by a later run, as for a first flag.
    const next = draft.next('flagged', { warnedAt: null, decision });
    return outcome(state, {
      finding,
      write: stateWrite(state, next, 'flagged', `escalated: ${assessment.reason}`, now, settings),
      notice: { event, finding, state: next },
    });
  }
  const renotifyMs = (settings.config.renotifyHours ?? DEFAULT_RENOTIFY_HOURS) * HOUR_MS;
  if (live.warnedAt && !assessment.changed && now.getTime() - new Date(live.warnedAt).getTime() < renotifyMs) {
    return outcome(state, { finding });
  }
  const next = draft.next('flagged', { warnedAt: live.warnedAt, decision });
  const why = !live.warnedAt ? 'owner not yet notified' : assessment.changed ? 'changed' : 'reminder';
  return outcome(state, {
    finding,
    write: stateWrite(state, next, 'reminded', `${why}: ${assessment.reason}`, now, settings),
    notice: { event, finding, state: next },
  });
}
