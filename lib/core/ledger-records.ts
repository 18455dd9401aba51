/**
 * What the ledger records: finding states, actions, history events and run records.
 * Core owns these types (the engine computes every record; a ledger only stores
 * them), so the engine depends on no ledger implementation.
 */
import type { Decision, JsonValue, ResourceRef, Savings, SweepMode } from './finding.js';

/**
 * Where a resource stands with one sweep.
 * Open (the finding is live): `watching` (wasteful-looking, not for long enough
 * yet; no notice), `pending`, `protected`, `exempt`, `acting`, `flagged` (reported
 * and notified only: a flag or a recommendation).
 * Closed: `acted` (action in force), `cleared` (recovered), `gone` (deleted by
 * someone else), `restored` (action undone), `adopted` (the owner applied the
 * recommendation), `ended` (the resource finished on its own, e.g. a training job
 * that completed). A closed finding reopens when the resource is waste again.
 */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Every {@link FindingStatus}, open ones first. */
export const FINDING_STATUSES = [
  'watching',
  'pending',
  'protected',
  'exempt',
  'acting',
  'flagged',
  'acted',
  'cleared',
  'gone',
  'restored',
  'adopted',
  'ended',
] as const;

/** Statuses of a live finding. */
export const OPEN_STATUSES: readonly FindingStatus[] = ['watching', 'pending', 'protected', 'exempt', 'acting', 'flagged'];

/** `true` for a live finding. */
export function isOpen(status: FindingStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The ledger's current record of one resource for one sweep. */
export interface ResourceState {
  readonly sweep: string;
  readonly ref: ResourceRef;
  readonly owner: string;
  readonly team: string | null;
  readonly status: FindingStatus;
  /** Optimistic-lock counter; every write expects the version it read. */
  readonly version: number;
  /** When this finding (this open period) was first recorded. */
  readonly firstSeenAt: string;
  readonly updatedAt: string;
  /** Earliest instant the action may run (pending only). */
  readonly actAfter: string | null;
  /**
   * When the owner's warning for the current pending period was delivered (for a
   * `flagged` finding: when the owner was last notified). `null`: not yet.
   */
  readonly warnedAt: string | null;
  readonly reason: string;
  readonly evidence: { readonly [key: string]: JsonValue };
  readonly savings: Savings;
  /** The action of the current or last acting period. */
  readonly actionId: string | null;
  /**
   * An `acted` or `protected` notice not yet delivered to the owner; later runs send
   * it again until it is (the finding stays listed as open meanwhile).
   */
  readonly noticePending?: 'acted' | 'protected' | null;
  /**
   * Why this resource must not be acted on for as long as the finding stays open
   * (e.g. the action was refused because it could not be restored). Cleared when
   * the finding closes.
   */
  readonly hold?: string | null;
  /** While `acting`: the run holding the action may work until this instant; after it, another run may resume. */
  readonly leaseUntil: string | null;
  /**
   * For a finding of a report-only sweep (status `flagged`, and kept once it
   * closes): the sweep's advisory decision, `flagged` or `recommend`. Lets a reader
   * (the digest) tell a recommendation from a flag without knowing the sweep.
   */
  readonly decision?: Extract<Decision, 'flagged' | 'recommend'> | null;
}

/**
 * Lifecycle of an action. `cancelled`: an unfinished action abandoned because the
 * resource became exempt, protected or no longer waste, or could not be restored.
 */
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** Every {@link ActionStatus}. */
export const ACTION_STATUSES = ['started', 'in-force', 'restoring', 'restored', 'cancelled'] as const;

/** One action and everything needed to undo it. */
export interface ActionRecord {
  readonly actionId: string;
  readonly sweep: string;
  /** e.g. `stop-endpoint`. */
  readonly action: string;
  readonly ref: ResourceRef;
  readonly owner: string;
  readonly team: string | null;
  readonly status: ActionStatus;
  readonly startedAt: string;
  /** When the action took effect; realized savings run from here. */
  readonly actedAt: string | null;
  readonly restoredAt: string | null;
  /** When the current (or last) restore claimed the action; a `restoring` claim older than 20 minutes is stale. */
  readonly restoreStartedAt?: string | null;
  readonly restoredResourceId: string | null;
  readonly reason: string;
  /** The savings estimate, with the prices used, at the time of the action. */
  readonly savings: Savings;
  /**
   * When the saving stops accruing even if the action is never undone (e.g. when a
   * stopped training job would have hit its `MaxRuntimeInSeconds` anyway). `null` or
   * absent: it accrues until the action is restored.
   */
  readonly savingsUntil?: string | null;
  /** Written before the action runs. */
  readonly restoreData: JsonValue;
  /** Progress notes of the action (e.g. "snapshot snap-1 pending"). */
  readonly detail: string | null;
}

/** What happened, appended to a resource's history (never updated). */
export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** Every {@link LedgerEventType}. */
export const LEDGER_EVENT_TYPES = [
  'watching',
  'detected',
  'flagged',
  'reminded',
  'warned',
  'protected',
  'exempted',
  'cleared',
  'gone',
  'acting',
  'act-progress',
  'acted',
  'cancelled',
  'restoring',
  'restored',
  'adopted',
  'ended',
  'notified',
  /** An owner answered a notice by link (see `lib/core/owner-decisions.ts`). */
  'owner-decided',
] as const;

/** One history entry. */
export interface LedgerEvent {
  readonly at: string;
  readonly type: LedgerEventType;
  readonly sweep: string;
  readonly ref: ResourceRef;
  readonly owner: string;
  readonly team: string | null;
  readonly runId: string;
  readonly fromStatus: FindingStatus | null;
  readonly toStatus: FindingStatus | null;
  readonly actionId: string | null;
  readonly detail: string;
  /** Estimated monthly savings at the time of the event (`null` when unknown or not applicable). */
  readonly monthlySavingsUsd: number | null;
}

/**
 * One apply-mode run of one sweep, recorded when it finishes, so the digest can
 * tell a sweep that did not run (or died mid-run) from a quiet estate, and count
 * its failures. Report-mode runs write nothing anywhere, so they record no run.
 */
export interface RunRecord {
  readonly sweep: string;
  readonly runId: string;
  readonly mode: SweepMode;
  /** The run's clock (ISO-8601): when it started deciding. */
  readonly startedAt: string;
  readonly regions: readonly string[];
  /** Findings of the run, counted by decision. */
  readonly findings: { readonly [decision: string]: number };
  /** Resources (or regions) the run could not process. */
  readonly errors: number;
  /** The first failures, one line each (`region/resource [stage] Error: message`), at most {@link MAX_RUN_FAILURES}. */
  readonly failures: readonly string[];
  /** Owner messages sent. */
  readonly notices: number;
  /** The account the run swept, when it knew it (runs of one account and region pair). */
  readonly accountId?: string;
  /** That account's name in AWS Organizations, when known. */
  readonly accountName?: string;
  /** `true`: the account is the deployment's own (its resources' records carry no `accountId`). */
  readonly ownAccount?: boolean;
}

/** Failure lines kept in a {@link RunRecord}. */
export const MAX_RUN_FAILURES = 5;

/**
 * One atomic ledger write: the resource's next state and/or an action record, plus a
 * history event, all or nothing. Conditions make concurrent runs safe: the state
 * must still be at `expectedVersion` (`null`: must not exist), the action at
 * `expectedStatus` (`null`: must not exist).
 */
export interface LedgerWrite {
  readonly state?: { readonly next: ResourceState; readonly expectedVersion: number | null };
  readonly action?: { readonly next: ActionRecord; readonly expectedStatus: ActionStatus | null };
  readonly event: LedgerEvent;
}

/**
 * Stable key of a resource across sweeps' records: `<resourceType>#<region>#<resourceId>`,
 * prefixed with `<accountId>#` for a resource of a member account. A resource of the
 * deployment's own account has no `accountId` on its ref, so its key is the one it had
 * before accounts existed; two accounts' same-named resources never share a key.
 *
 * @example
 * resourceKey({ resourceType: 'sagemaker:endpoint', resourceId: 'e1', arn, region: 'us-east-1', accountId: '111122223333' })
 * // => '111122223333#sagemaker:endpoint#us-east-1#e1'
 */
export function resourceKey(ref: ResourceRef): string {
  const key = `${ref.resourceType}#${ref.region}#${ref.resourceId}`;
  return ref.accountId ? `${ref.accountId}#${key}` : key;
}
