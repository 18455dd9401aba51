/**
 * The inputs and outputs of the engine's pure decisions ({@link transition} and the
 * follow-ups in `transition-action.ts`): what a run learned about one resource,
 * and what it must write, report, tell and do about it.
 */
import type { Decision, Finding, InconclusiveResource, SweepMode } from './finding.js';
import type { ActionRecord, FindingStatus, LedgerWrite, ResourceState } from './ledger-records.js';
import type { NoticeEvent } from './notice-port.js';
import type { ResourceStanding } from './policy.js';
import type { SweepSettings } from './settings.js';
import type { AnySweep, Assessment, Candidate } from './sweep.js';

/** A rule's verdict that a candidate is waste. */
export type WasteAssessment = Extract<Assessment, { waste: true }>;
/** A rule's verdict that a candidate is not waste (healthy, watched or inconclusive). */
export type NotWasteAssessment = Extract<Assessment, { waste: false }>;
/** The decision of a report-only finding. */
export type AdvisoryDecision = Extract<Decision, 'flagged' | 'recommend'>;

/**
 * What this run learned about one resource.
 * - `waste`: a candidate its rule assessed as waste; `actionId` names the action
 *   this run would start (the runner draws a fresh one; the transition stays pure).
 * - `watch`: wasteful-looking, not for long enough yet.
 * - `inconclusive`: the rule could not decide; the ledger is left as it is.
 * - `healthy`: the resource exists and is not waste (`assessment` `null`: it is
 *   not even a candidate).
 * - `gone`: the resource is no longer in the inventory.
 */
export type Observation =
  | {
      readonly kind: 'waste';
      readonly candidate: Candidate<unknown>;
      readonly assessment: WasteAssessment;
      readonly standing: ResourceStanding;
      readonly actionId: string;
    }
  | { readonly kind: 'watch'; readonly candidate: Candidate<unknown>; readonly standing: ResourceStanding }
  | { readonly kind: 'inconclusive'; readonly candidate: Candidate<unknown>; readonly standing: ResourceStanding; readonly reason: string }
  | { readonly kind: 'healthy'; readonly assessment: NotWasteAssessment | null }
  | { readonly kind: 'gone' };

/** What a transition needs to know about the sweep (a {@link SweepDefinition} is one). */
export type TransitionSweep = Pick<AnySweep, 'name' | 'wording' | 'advisory' | 'action' | 'finalRecord'>;

/** The run-wide inputs of a transition. */
export interface TransitionSettings {
  readonly sweep: TransitionSweep;
  /** `report` decides only: no write, no notice, no effect but `none`. */
  readonly mode: SweepMode;
  /** The settings for this resource (its team's stricter ones while over budget). */
  readonly config: SweepSettings;
  /** Identifies the run in ledger history. */
  readonly runId: string;
  /**
   * How long a run may hold a resource's action, and how long a fresh write of
   * another run is left to it (its notice is on its way).
   */
  readonly leaseMinutes: number;
}

/** An owner notice to send; once delivered, the ledger records it (see `noticeDelivered`). */
export interface QueuedNotice {
  readonly event: NoticeEvent;
  readonly finding: Finding;
  /** The state the notice is about, as this run wrote (or read) it. */
  readonly state: ResourceState;
}

/** An unfinished action to abandon; the runner reads its record, then calls `cancelAction`. */
export interface Cancellation {
  /** The `acting` state. */
  readonly state: ResourceState;
  readonly to: FindingStatus;
  readonly why: string;
  /** `true`: never acted on while the finding stays open (`hold`), and the owner is told (`protected`). */
  readonly hold: boolean;
  /** The advisory decision, when it becomes a report-only finding. */
  readonly decision?: AdvisoryDecision;
  /** The finding reported once the cancellation is committed. */
  readonly finding: Finding | null;
}

/** The effect the runner performs after committing the transition's write. */
export type Effect =
  | { readonly kind: 'none' }
  /** Run the sweep's action (its record, `started`, is in the write), then call `afterAct`. */
  | { readonly kind: 'act'; readonly acting: ResourceState; readonly action: ActionRecord; readonly acted: Finding }
  /** The action is under way (e.g. a snapshot): a later run resumes it. */
  | { readonly kind: 'wait'; readonly detail: string }
  /** Read the action record of this `acting` state, then call `resumeAction` (a run died mid-action). */
  | { readonly kind: 'resume'; readonly state: ResourceState; readonly actionId: string; readonly acted: Finding }
  /** Read the action record, then call `cancelAction`. */
  | { readonly kind: 'cancel'; readonly cancel: Cancellation }
  /** Mark the resource where its owner sees it (`SweepDefinition.flag`); a failure is reported, the finding stands. */
  | { readonly kind: 'flag'; readonly candidate: Candidate<unknown>; readonly assessment: WasteAssessment }
  /** Ask the sweep for the final record of a resource gone from the inventory, then call `closeGone`. */
  | { readonly kind: 'final-record'; readonly state: ResourceState };

/** Everything one decision about one resource amounts to. */
export interface Transition {
  /** The resource's state after this transition: the one written, else the one read. */
  readonly next: ResourceState | undefined;
  /** The one atomic ledger write (next state, action record, history event), or `null`. */
  readonly write: LedgerWrite | null;
  /** The finding this run reports about the resource, or `null`. */
  readonly finding: Finding | null;
  /** The owner notice to send once `write` is committed, or `null`. */
  readonly notice: QueuedNotice | null;
  readonly effect: Effect;
  /** A resource the rule could not decide on (listed in the report, not a finding). */
  readonly inconclusive: InconclusiveResource | null;
  /** Why this run leaves the resource alone, for the log (e.g. an action of another run). */
  readonly note: string | null;
}
