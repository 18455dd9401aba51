/**
 * Performs a {@link Transition}: commits its write, reports its finding, queues its
 * notice, and carries out its effect (the sweep's action, flag or final record, a
 * resume or a cancellation), feeding each result back to the pure follow-ups.
 */
import { ActionNotRecordedError, ActionRecordMissingError, errorMessage, NotRestorableError, SweepActionMissingError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { Ledger } from '../core/ledger-port.js';
import { resourceKey } from '../core/ledger-records.js';
import type { AnySweep, LoggerLike, RegionContext } from '../core/sweep.js';
import { afterAct, cancelAction, closeGone, notRestorable, releaseLease, resumeAction, type ActEffect } from '../core/transition-action.js';
import type { Effect, QueuedNotice, Transition, TransitionSettings } from '../core/transition.js';
import { commitReconciled } from './reconcile.js';

/** What performing needs from the run. */
export interface PerformContext {
  readonly ctx: RegionContext;
  readonly sweep: AnySweep;
  /** The ledger (apply mode; a report-mode transition never writes). */
  readonly ledger: () => Ledger;
  readonly now: Date;
  readonly settings: TransitionSettings;
  readonly log: LoggerLike;
  /** The run's findings and notice queue, appended to. */
  readonly findings: Finding[];
  readonly notices: QueuedNotice[];
  /** Records a failure that does not stop this resource (e.g. its flag). */
  readonly fail: (stage: string, error: unknown) => void;
}

/**
 * `decision`: the finding is what this run saw, reported even when the write then
 * loses a race; `completion` (after an effect): the finding is reported once its
 * write is committed.
 */
export type Phase = 'decision' | 'completion';

/**
 * Performs `t`; a failure is thrown for the run to isolate. Its write is reconciled
 * (`reconcile.ts`): a write that committed though its response was lost carries on
 * as committed; one lost to another run throws {@link ConcurrentRunError}.
 */
export async function performTransition(t: Transition, phase: Phase, p: PerformContext): Promise<void> {
  if (t.note) p.log.info(t.note, { resource: t.next ? resourceKey(t.next.ref) : undefined, actionId: t.next?.actionId ?? undefined });
  if (t.finding && phase === 'decision') p.findings.push(t.finding);
  if (t.write) await commitReconciled(p.ledger(), t.write);
  if (t.finding && phase === 'completion') p.findings.push(t.finding);
  if (t.notice) p.notices.push(t.notice);
  await performEffect(t.effect, p);
}

async function performEffect(effect: Effect, p: PerformContext): Promise<void> {
  switch (effect.kind) {
    case 'none':
    case 'wait':
      return;
    case 'act':
      return act(effect, p);
    case 'resume': {
      const action = await p.ledger().getAction(effect.actionId);
      if (!action) throw new ActionRecordMissingError(resourceKey(effect.state.ref), effect.actionId);
      return performTransition(resumeAction(effect, action, p.now, p.settings), 'completion', p);
    }
    case 'cancel': {
      const { actionId } = effect.cancel.state;
      const action = actionId ? await p.ledger().getAction(actionId) : undefined;
      return performTransition(cancelAction(effect.cancel, action, p.now, p.settings), 'completion', p);
    }
    case 'flag':
      if (p.sweep.flag) await p.sweep.flag(effect.candidate, p.ctx, effect.assessment).catch((error: unknown) => p.fail('flag', error));
      return;
    case 'final-record': {
      const final = p.sweep.finalRecord ? await p.sweep.finalRecord(effect.state, p.ctx) : null;
      return performTransition(closeGone(effect.state, final ?? null, p.now, p.settings), 'completion', p);
    }
  }
}

/**
 * Runs the sweep's action (its record is already written), then records what it
 * did. An action done whose record then fails is still reported as acted (it
 * happened in AWS), with an {@link ActionNotRecordedError}: the `acting` state's
 * lease runs out and the next run resumes the (idempotent) action and records it.
 */
async function act(effect: ActEffect, p: PerformContext): Promise<void> {
  let result;
  try {
    if (!p.sweep.action) throw new SweepActionMissingError(p.sweep.name, effect.acting.ref.resourceId);
    result = await p.sweep.action.act(effect.action.restoreData, p.ctx, effect.action.actionId);
  } catch (error) {
    // Acting would lose what a restore needs: never retry; the owner is told it is kept.
    if (error instanceof NotRestorableError) return performTransition(notRestorable(effect, error), 'completion', p);
    await commitReconciled(p.ledger(), releaseLease(effect, error, p.now, p.settings)).catch((e: unknown) => {
      p.log.warn('Could not release the action lease', { error: errorMessage(e) });
    });
    throw error;
  }
  try {
    await performTransition(afterAct(effect, result, p.now, p.settings), 'completion', p);
  } catch (error) {
    if (result.status !== 'done') throw error;
    p.findings.push(effect.acted);
    throw new ActionNotRecordedError(effect.acting.ref.resourceId, effect.action.actionId, errorMessage(error), { cause: error });
  }
}
