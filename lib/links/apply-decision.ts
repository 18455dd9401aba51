/**
 * Applies an owner's answer once its link passed every check: claims the token (its
 * single use), writes the tag on the resource (snoozes and exempt), then records the
 * decision, its history event and, for act-now, the finding's new deadline, in one
 * conditional ledger write. A failure before the record gives the claim back, so the
 * owner can try again; a request that dies after tagging leaves a claim that a retry
 * may take over once it is stale.
 */
import { LedgerConflictError, OwnerLinkRefusedError } from '../core/errors.js';
import type { ResourceRef } from '../core/finding.js';
import type { ResourceState } from '../core/ledger-records.js';
import { isSnooze } from '../core/owner-actions.js';
import { decisionEvent, earlyActState, type DecisionWrite, type OwnerDecision, type OwnerDecisionStore } from '../core/owner-decisions.js';
import { safeText } from '../format/index.js';
import { snoozeEnd, type SnoozeEnd } from './choices.js';
import type { CheckedLink } from './verify-link.js';
import type { LinkSettings } from './link-settings.js';
import type { ResourceTagger } from './tagger.js';

/** Shortest and longest reason. */
export const REASON_LENGTH = { min: 3, max: 500 } as const;

/** The owner's form, checked. */
export interface DecisionForm {
  readonly reason: string;
  /** Snoozes: until when. */
  readonly snooze: SnoozeEnd | null;
}

/** What is wrong with a form: the fields to ask again. */
export type FormProblem = 'reason' | 'until';

/**
 * Checks the form of a POST: `reason` (required, 3 to 500 characters once trimmed;
 * made safe: no control characters, escape sequences or bidi overrides) and, for
 * `keep-until`, `until` (a day from today to the token's latest; absent: the latest).
 */
export function readForm(form: URLSearchParams, link: CheckedLink, now: Date): DecisionForm | { readonly problems: readonly FormProblem[] } {
  const raw = (form.get('reason') ?? '').trim();
  // UTF-16 code units, as the form's maxlength counts them.
  const length = raw.length;
  const problems: FormProblem[] = [];
  if (length < REASON_LENGTH.min || length > REASON_LENGTH.max) problems.push('reason');
  const { choice, until: latest } = link.claims;
  let snooze: SnoozeEnd | null = null;
  if (isSnooze(choice)) {
    const typed = form.get('until')?.trim();
    const day = choice !== 'keep-until' ? undefined : typed === undefined || typed === '' ? latest : typed;
    snooze = snoozeEnd(choice, now, day, latest);
    if (!snooze) problems.push('until');
  }
  if (problems.length > 0) return { problems };
  return { reason: safeText(raw, { maxLength: REASON_LENGTH.max }), snooze };
}

/** What applying needs. */
export interface ApplyContext {
  readonly store: OwnerDecisionStore;
  readonly tagger: ResourceTagger;
  readonly settings: Pick<LinkSettings, 'tagKeys'>;
  readonly now: Date;
}

/**
 * Applies the decision and returns it.
 *
 * @throws OwnerLinkRefusedError `used` (another request claimed the token first), `no-longer-applies` (act-now on a finding that moved on)
 * @throws the tagger's error when the tag could not be written (the claim is given back; nothing recorded)
 */
export async function applyDecision(link: CheckedLink, form: DecisionForm, c: ApplyContext): Promise<OwnerDecision> {
  const { claims, state } = link;
  const claimedAt = c.now.toISOString();
  if (!(await c.store.claim(claims.id, claimedAt, c.now))) throw new OwnerLinkRefusedError('used', `token ${claims.id} was claimed by another request`);
  const ref: ResourceRef = state.ref;
  const tag = form.snooze
    ? { key: c.settings.tagKeys.snoozeUntil, value: form.snooze.tagValue }
    : claims.choice === 'exempt'
      ? { key: c.settings.tagKeys.exempt, value: 'true' }
      : null;
  if (tag) {
    try {
      await c.tagger.tag(ref, { [tag.key]: tag.value });
    } catch (error) {
      await c.store.release(claims.id, claimedAt);
      throw error;
    }
  }
  const decision: OwnerDecision = {
    tokenId: claims.id,
    choice: claims.choice,
    sweep: state.sweep,
    ref,
    owner: claims.owner,
    team: state.team,
    noticeRunId: claims.notice,
    noticeAt: new Date(claims.noticeAt * 1000).toISOString(),
    reason: form.reason,
    until: form.snooze?.until ?? null,
    tag,
    decidedAt: claimedAt,
    monthlySavingsUsd: state.savings.monthlyUsd,
  };
  const next: ResourceState | undefined = claims.choice === 'act-now' ? earlyActState(state, c.now) : undefined;
  const write: DecisionWrite = {
    decision,
    claimedAt,
    event: decisionEvent(decision, state, next),
    ...(next ? { state: { next, expectedVersion: state.version } } : {}),
  };
  try {
    await c.store.apply(write);
  } catch (error) {
    if (!(error instanceof LedgerConflictError)) throw error;
    if (next) {
      // The finding moved on (acted, warned again) since the check: nothing was written.
      await c.store.release(claims.id, claimedAt);
      throw new OwnerLinkRefusedError('no-longer-applies', `the finding changed while token ${claims.id} was applied`);
    }
    throw new OwnerLinkRefusedError('used', `token ${claims.id} was taken over by another request`);
  }
  return decision;
}
