/** States, observations and settings for the table-driven tests of the pure transition. */
import { savingsFrom, type ResourceRef } from '../../../lib/core/finding.js';
import type { FindingStatus, ResourceState } from '../../../lib/core/ledger-records.js';
import type { ResourceStanding } from '../../../lib/core/policy.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { Observation, Transition, TransitionSettings, TransitionSweep, WasteAssessment } from '../../../lib/core/transition.js';

export const NOW = new Date('2026-11-23T09:00:00.000Z');
const HOUR = 3_600_000;
/** `hours` before {@link NOW}. */
export const ago = (hours: number): string => new Date(NOW.getTime() - hours * HOUR).toISOString();
/** `hours` after {@link NOW}. */
export const later = (hours: number): string => new Date(NOW.getTime() + hours * HOUR).toISOString();

export const REF: ResourceRef = { resourceType: 'test:thing', resourceId: 'a', arn: 'arn:test:a', region: 'us-east-1' };
export const SAVINGS = savingsFrom(
  [{ item: 't.small', quantity: 2, usdPerHour: 0.5, source: 'test table', sourceDate: '2026-01-01', regionBasis: 'stated' }],
  [],
);

export const SWEEP: TransitionSweep = {
  name: 'things',
  wording: { verb: 'stop', description: 'stop the thing', done: 'stopped' },
  advisory: { decision: 'flagged', event: 'runaway' },
  action: {
    name: 'stop-thing',
    restoreData: (c: { ref: ResourceRef }) => ({ id: c.ref.resourceId }),
    act: async () => ({ status: 'done', detail: 'stopped' }),
    restore: async () => ({ restoredResourceId: 'a', detail: 'back' }),
  },
};

export const CONFIG: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false, renotifyHours: 24 };

export function settings(patch: Partial<TransitionSettings> = {}): TransitionSettings {
  return { sweep: SWEEP, mode: 'apply', config: CONFIG, runId: 'run-test', leaseMinutes: 20, ...patch };
}

const PLAIN: ResourceStanding = { owner: 'ana', ownerIsFallback: false, team: 'risk', environment: null, exemptBecause: null, protectedBecause: null };
export const STANDING = {
  plain: PLAIN,
  exempt: { ...PLAIN, exemptBecause: 'exempt (tag finops:exempt=true)' },
  snoozed: { ...PLAIN, exemptBecause: 'snoozed until 2026-12-01 (tag finops:snooze-until)' },
  protected: { ...PLAIN, environment: 'prod', protectedBecause: 'protected environment (tag env=prod)' },
} satisfies Record<string, ResourceStanding>;

const CANDIDATE = { ref: REF, tags: { owner: 'ana', team: 'risk' }, facts: {} };
const WASTE: WasteAssessment = { waste: true, reason: 'idle', evidence: { idle: true }, savings: SAVINGS };

/** A waste observation with this standing; `patch` changes the assessment. */
export function waste(standing: keyof typeof STANDING = 'plain', patch: Partial<WasteAssessment> = {}): Observation {
  return { kind: 'waste', candidate: CANDIDATE, assessment: { ...WASTE, ...patch }, standing: STANDING[standing], actionId: 'act-new' };
}

/** The other observations. */
export const SEEN = {
  watch: { kind: 'watch', candidate: CANDIDATE, standing: PLAIN },
  inconclusive: { kind: 'inconclusive', candidate: CANDIDATE, standing: PLAIN, reason: 'insufficient data: 3.0 of 7 days' },
  healthy: { kind: 'healthy', assessment: { waste: false, reason: 'busy' } },
  adopted: { kind: 'healthy', assessment: { waste: false, reason: 'right-sized', closeAs: 'adopted' } },
  unlisted: { kind: 'healthy', assessment: null },
  gone: { kind: 'gone' },
} satisfies Record<string, Observation>;

/** A state of resource `a` (version 3, first seen 48 h ago, written 2 h ago, not warned). */
export function stateOf(status: FindingStatus, patch: Partial<ResourceState> = {}): ResourceState {
  return {
    sweep: 'things',
    ref: REF,
    owner: 'ana',
    team: 'risk',
    status,
    version: 3,
    firstSeenAt: ago(48),
    updatedAt: ago(2),
    actAfter: null,
    warnedAt: null,
    reason: 'idle',
    evidence: { idle: true },
    savings: SAVINGS,
    actionId: null,
    noticePending: null,
    hold: null,
    leaseUntil: null,
    ...patch,
  };
}

/** Every state the table rows start from. "Fresh": written 6 minutes ago, within the 20-minute lease. */
export const STATES = {
  none: undefined,
  watching: stateOf('watching', { reason: 'first seen wasteful-looking; watching', evidence: {} }),
  'pending, fresh, not warned': stateOf('pending', { updatedAt: ago(0.1), actAfter: later(24) }),
  'pending, not warned': stateOf('pending', { actAfter: later(22) }),
  'pending, not warned, overdue': stateOf('pending', { actAfter: ago(1) }),
  'pending, warned': stateOf('pending', { actAfter: later(22), warnedAt: ago(2) }),
  'pending, grace over': stateOf('pending', { actAfter: ago(1), warnedAt: ago(25) }),
  'acting, lease held': stateOf('acting', { actionId: 'act-old', updatedAt: ago(0.1), leaseUntil: later(0.2) }),
  'acting, lease over': stateOf('acting', { actionId: 'act-old', leaseUntil: ago(1) }),
  'acted, fresh': stateOf('acted', { actionId: 'act-old', updatedAt: ago(0.1) }),
  acted: stateOf('acted', { actionId: 'act-old', updatedAt: ago(48) }),
  exempt: stateOf('exempt'),
  'protected, told': stateOf('protected'),
  'protected, fresh notice': stateOf('protected', { noticePending: 'protected', updatedAt: ago(0.1) }),
  'protected, notice overdue': stateOf('protected', { noticePending: 'protected' }),
  'held, told': stateOf('protected', { hold: 'not acted on: its config is gone' }),
  'held, notice overdue': stateOf('protected', { hold: 'not acted on: its config is gone', noticePending: 'protected' }),
  'flagged, told 1 h ago': stateOf('flagged', { warnedAt: ago(1), decision: 'flagged' }),
  'flagged, told 25 h ago': stateOf('flagged', { warnedAt: ago(25), decision: 'flagged' }),
  'flagged, fresh, not told': stateOf('flagged', { updatedAt: ago(0.1), decision: 'flagged' }),
  'flagged, not told': stateOf('flagged', { decision: 'flagged' }),
  cleared: stateOf('cleared'),
  gone: stateOf('gone'),
} satisfies Record<string, ResourceState | undefined>;

/** A row's expectations: what is reported, written (`event:status`), told, and done. */
export interface Summary {
  readonly finding: string | null;
  readonly write: string | null;
  readonly notice: string | null;
  readonly effect: string;
}

/** The parts of a transition a table row checks. */
export function summary(t: Transition): Summary {
  return {
    finding: t.finding?.decision ?? null,
    write: t.write ? `${t.write.event.type}:${t.write.state?.next.status ?? '-'}` : null,
    notice: t.notice?.event ?? null,
    effect: t.effect.kind,
  };
}

/** Shorthand of a {@link Summary}: `finding write notice effect`, `-` for none. */
export function expected(line: string): Summary {
  const [finding, write, notice, effect] = line.trim().split(/\s+/);
  const or = (v: string | undefined) => (v === undefined || v === '-' ? null : v);
  return { finding: or(finding), write: or(write), notice: or(notice), effect: effect ?? 'none' };
}
