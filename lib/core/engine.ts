import { randomBytes } from 'node:crypto';
import type { AwsClients } from '../aws/clients.js';
import type { Ledger } from '../ledger/ledger.js';
import {
  isOpen,
  MAX_RUN_FAILURES,
  resourceKey,
  type ActionRecord,
  type FindingStatus,
  type LedgerEvent,
  type LedgerEventType,
  type ResourceState,
} from '../ledger/records.js';
import { composeOwnerNotices, type NoticeEvent, type NoticeItem } from '../notices/owner-notice.js';
import type { Notifier } from '../notices/notifier.js';
import { addHours, type Clock } from './clock.js';
import { errorMessage, errorName, LedgerConflictError, MissingEnvironmentError, NotRestorableError } from './errors.js';
import type { Decision, Finding, InconclusiveResource, SweepFailure, SweepMode, SweepReport } from './finding.js';
import { standingOf, type OwnershipPolicy, type ResourceStanding } from './policy.js';
import type { SweepSettings } from './settings.js';
import { silentLogger, type AnySweep, type Assessment, type Candidate, type LoggerLike, type RegionContext } from './sweep.js';

type Healthy = Extract<Assessment, { waste: false }>;

/** Everything one run of one sweep needs. */
export interface RunSweepOptions {
  readonly sweep: AnySweep;
  /** The sweep's resolved config (shared settings plus its own fields). */
  readonly config: SweepSettings;
  readonly policy: OwnershipPolicy;
  readonly mode: SweepMode;
  readonly regions: readonly string[];
  readonly clock: Clock;
  readonly clients: AwsClients;
  /** Required in apply mode. In report mode it is only read, when given. */
  readonly ledger?: Ledger;
  /** Required in apply mode; never used in report mode. */
  readonly notifier?: Notifier;
  readonly logger?: LoggerLike;
  /**
   * Settings by team that replace `config` for that team's resources (e.g. stricter
   * limits while the team is over budget), with why, which is added to the reason
   * of the team's findings. @default - none
   */
  readonly teamConfigs?: ReadonlyMap<string, { readonly config: SweepSettings; readonly because: string }>;
  /** Identifies this run in ledger history. @default - random */
  readonly runId?: string;
  /**
   * How long a run may hold a resource's action before another run may resume it
   * (covers a run killed mid-action). Keep it above the Lambda timeout.
   * @default 20
   */
  readonly leaseMinutes?: number;
}

/**
 * Runs one sweep: inventory -> pure assessment -> findings -> (apply) ledger,
 * notices and actions. The one engine behind every Lambda and the CLI; it owns
 * what must be the same for every sweep:
 *
 * - report mode writes nothing anywhere (the ledger, when given, is only read);
 * - exempt and snoozed resources are reported, never acted on; protected ones are
 *   reported and their owner told, never acted on unless the sweep's
 *   `actOnProtected` is set;
 * - the first sighting records a `pending` finding with `actAfter` = now + grace and
 *   warns the owner; the action runs only at or after `actAfter`, only once the
 *   warning was delivered, and only if the resource is still waste;
 * - every state change is a conditional ledger write, so concurrent or retried runs
 *   act at most once per resource, and what is needed to restore is written before
 *   the action runs;
 * - one resource's failure is recorded in `errors` and the sweep goes on.
 *
 * @example
 * const report = await runSweep({ sweep: idleEndpointSweep, config, policy, mode: 'report',
 *   regions: ['us-east-1'], clock: systemClock, clients: new AwsClients() });
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepReport> {
  if (options.mode === 'apply') {
    if (!options.ledger) throw new MissingEnvironmentError('FINOPS_LEDGER_TABLE', 'to run a sweep in apply mode');
    if (!options.notifier) throw new MissingEnvironmentError('FINOPS_NOTICES_TOPIC_ARN', 'to run a sweep in apply mode');
  }
  const regions = options.sweep.globalRegion ? [options.sweep.globalRegion] : options.regions;
  const run = new SweepRun({ ...options, regions });
  for (const region of regions) await run.region(region);
  await run.sendNotices();
  if (options.mode === 'apply') await run.recordRun();
  return run.report();
}

interface Pending {
  readonly event: NoticeEvent;
  readonly finding: Finding;
  /** The state this run wrote; a pending warning marks it warned once delivered. */
  readonly state: ResourceState | null;
}

class SweepRun {
  readonly #o: RunSweepOptions;
  readonly #now: Date;
  readonly #runId: string;
  readonly #log: LoggerLike;
  readonly #findings: Finding[] = [];
  readonly #errors: SweepFailure[] = [];
  readonly #inconclusive: InconclusiveResource[] = [];
  readonly #notices: Pending[] = [];
  readonly #sent: { owner: string; events: string[]; resources: number }[] = [];

  constructor(options: RunSweepOptions) {
    this.#o = options;
    this.#now = options.clock.now();
    this.#runId = options.runId ?? `run-${randomBytes(6).toString('hex')}`;
    this.#log = options.logger ?? silentLogger;
  }

  get #apply(): boolean {
    return this.#o.mode === 'apply';
  }

  async region(region: string): Promise<void> {
    const { sweep, config } = this.#o;
    const teamSettings = [...(this.#o.teamConfigs?.values() ?? [])].map((t) => t.config);
    const ctx: RegionContext = { region, clients: this.#o.clients, now: this.#now, logger: this.#log, ...(teamSettings.length ? { teamSettings } : {}) };
    let inventory;
    try {
      inventory = await sweep.inventory(ctx, config);
    } catch (error) {
      this.#fail(region, undefined, 'inventory', error);
      return;
    }
    // Resources that failed to be described or assessed keep their ledger state as is:
    // "unknown this run" must not read as "no longer waste".
    const failed = new Set<string>();
    for (const failure of inventory.failures ?? []) {
      failed.add(failure.resourceId);
      this.#fail(region, failure.resourceId, 'inventory', failure.error);
    }
    let states = new Map<string, ResourceState>();
    let open: ResourceState[] = [];
    if (this.#o.ledger) {
      try {
        states = await this.#o.ledger.getStates(sweep.name, inventory.candidates.map((c) => c.ref));
        open = await this.#o.ledger.listOpen(sweep.name, region);
      } catch (error) {
        this.#fail(region, undefined, 'ledger', error);
        return;
      }
    }

    const wasteful: {
      candidate: Candidate<unknown>;
      assessment: Extract<Assessment, { waste: true }>;
      standing: ResourceStanding;
      config: SweepSettings;
    }[] = [];
    const watched: Candidate<unknown>[] = [];
    const healthy = new Map<string, Healthy>();
    for (const candidate of inventory.candidates) {
      try {
        const state = states.get(resourceKey(candidate.ref));
        const live = state && isOpen(state.status) ? state : null;
        const standing = standingOf(candidate.tags, this.#o.policy, this.#now);
        const override = standing.team === null ? undefined : this.#o.teamConfigs?.get(standing.team);
        let assessment = sweep.assess(candidate, override?.config ?? config, this.#now, {
          watchingSince: live?.firstSeenAt ?? null,
          previous: live && { status: live.status, reason: live.reason, evidence: live.evidence, firstSeenAt: live.firstSeenAt },
          latest: state ? { status: state.status, updatedAt: state.updatedAt, evidence: state.evidence } : null,
        });
        if (assessment.waste && override) assessment = { ...assessment, reason: `${assessment.reason} (${override.because})` };
        if (assessment.waste) wasteful.push({ candidate, assessment, standing, config: override?.config ?? config });
        else if (assessment.inconclusive) {
          // Undecided this run: like a failure, its ledger state stays as it is.
          failed.add(candidate.ref.resourceId);
          this.#inconclusive.push({ ...candidate.ref, sweep: sweep.name, owner: standing.owner, team: standing.team, reason: assessment.reason });
        } else if (assessment.watch) watched.push(candidate);
        else healthy.set(resourceKey(candidate.ref), assessment);
      } catch (error) {
        failed.add(candidate.ref.resourceId);
        this.#fail(region, candidate.ref.resourceId, 'assess', error);
      }
    }

    const wasteKeys = new Set<string>();
    for (const { candidate, assessment, standing, config: settings } of wasteful) {
      const key = resourceKey(candidate.ref);
      wasteKeys.add(key);
      await this.#isolated(region, candidate.ref.resourceId, () =>
        this.#handleWaste(ctx, candidate, assessment, standing, states.get(key), settings),
      );
    }
    for (const candidate of watched) {
      const key = resourceKey(candidate.ref);
      wasteKeys.add(key);
      await this.#isolated(region, candidate.ref.resourceId, () => this.#watch(candidate, states.get(key)));
    }
    for (const state of open) {
      const key = resourceKey(state.ref);
      if (!isOpen(state.status)) {
        // Closed, listed only because its owner notice was not delivered: send it again.
        if (this.#apply && this.#noticeOverdue(state) && state.actionId) {
          this.#notices.push({ event: state.noticePending!, finding: this.#findingFromState(state, 'acted', state.actionId), state });
        }
        continue;
      }
      if (wasteKeys.has(key) || failed.has(state.ref.resourceId)) continue;
      await this.#isolated(region, state.ref.resourceId, () =>
        this.#handleNoLongerWaste(ctx, state, inventory.seen.has(state.ref.resourceId), healthy.get(key)),
      );
    }
  }

  async #handleWaste(
    ctx: RegionContext,
    candidate: Candidate<unknown>,
    assessment: Extract<Assessment, { waste: true }>,
    standing: ResourceStanding,
    state: ResourceState | undefined,
    config: SweepSettings,
  ): Promise<void> {
    const live = state && isOpen(state.status) ? state : undefined;
    const finding = (decision: Decision, reason: string, actAfter: string | null, actionId?: string): Finding => ({
      ...assessment.fields, // first: a sweep's field never overrides the common ones
      ...candidate.ref,
      sweep: this.#o.sweep.name,
      owner: standing.owner,
      team: standing.team,
      decision,
      reason,
      actAfter,
      estimatedMonthlySavingsUsd: assessment.savings.monthlyUsd,
      ...(actionId ? { actionId } : {}),
      savings: assessment.savings,
      evidence: assessment.evidence,
    });
    const nextState = (status: FindingStatus, patch: Partial<ResourceState> = {}): ResourceState => ({
      sweep: this.#o.sweep.name,
      ref: candidate.ref,
      owner: standing.owner,
      team: standing.team,
      status,
      version: (state?.version ?? 0) + 1,
      firstSeenAt: live?.firstSeenAt ?? this.#now.toISOString(),
      updatedAt: this.#now.toISOString(),
      actAfter: null,
      warnedAt: null,
      reason: assessment.reason,
      evidence: assessment.evidence,
      savings: assessment.savings,
      actionId: null,
      leaseUntil: null,
      ...patch,
    });

    const advisory = assessment.act === false;
    const keepBecause =
      standing.exemptBecause ??
      (config.actOnProtected ? null : standing.protectedBecause) ??
      (advisory ? 'the action is no longer enabled for this resource' : null);
    if (live?.status === 'acting') {
      if (!keepBecause) {
        await this.#resumeOrWait(ctx, live, (actionId) => finding('acted', assessment.reason, null, actionId));
        return;
      }
      // Exempted, protected or no longer to be acted on while an action was unfinished:
      // abandon it, never resume. A later run records it as what it now is.
      const status = standing.exemptBecause ? 'exempt' : keepBecause === standing.protectedBecause ? 'protected' : 'flagged';
      if (this.#apply) await this.#cancelAction(live, status, keepBecause, false, status === 'flagged' ? this.#advisory(assessment).decision : undefined);
      this.#findings.push(finding(status === 'flagged' ? this.#advisory(assessment).decision : status, `${assessment.reason}; ${keepBecause}`, null));
      return;
    }
    if (state?.status === 'acted' && this.#now.getTime() - new Date(state.updatedAt).getTime() < this.#leaseMs()) {
      // A concurrent run acted on it after this run's inventory was taken: the listing is stale.
      this.#log.info('Acted on by a concurrent run; skipping', { resource: resourceKey(candidate.ref) });
      return;
    }

    if (live?.hold) {
      const f = finding('protected', `${assessment.reason}; ${live.hold}`, null);
      this.#findings.push(f);
      if (this.#apply && this.#noticeOverdue(live)) this.#notices.push({ event: 'protected', finding: f, state: live });
      return;
    }

    if (standing.exemptBecause) {
      const f = finding('exempt', `${assessment.reason}; ${standing.exemptBecause}`, null);
      this.#findings.push(f);
      if (this.#apply && live?.status !== 'exempt') await this.#write(state, nextState('exempt'), 'exempted', standing.exemptBecause);
      return;
    }

    if (standing.protectedBecause && !config.actOnProtected) {
      const f = finding('protected', `${assessment.reason}; ${standing.protectedBecause}`, null);
      this.#findings.push(f);
      if (this.#apply && live?.status !== 'protected') {
        const written = await this.#write(state, nextState('protected', { noticePending: 'protected' }), 'protected', standing.protectedBecause);
        this.#notices.push({ event: 'protected', finding: f, state: written });
      } else if (this.#apply && live && this.#noticeOverdue(live)) {
        this.#notices.push({ event: 'protected', finding: f, state: live });
      }
      return;
    }

    if (advisory) {
      await this.#flag(ctx, candidate, assessment, state, live, finding(this.#advisory(assessment).decision, assessment.reason, null), nextState, config);
      return;
    }

    if (live?.status !== 'pending') {
      const actAfter = addHours(this.#now, config.gracePeriodHours).toISOString();
      const f = finding('pending', assessment.reason, actAfter);
      this.#findings.push(f);
      if (this.#apply) {
        const written = await this.#write(state, nextState('pending', { actAfter }), 'detected', assessment.reason);
        this.#notices.push({ event: 'pending', finding: f, state: written });
      }
      return;
    }

    const actAfter = new Date(live.actAfter ?? this.#now.toISOString());
    if (!live.warnedAt && this.#now.getTime() - new Date(live.updatedAt).getTime() < this.#leaseMs()) {
      // Another run recorded this moments ago and its warning is on its way.
      this.#findings.push(finding('pending', assessment.reason, live.actAfter));
      return;
    }
    if (!live.warnedAt) {
      // The warning never reached the owner (a run died before sending it, or SNS
      // failed): warn now, and give the full grace period from this warning.
      const due = new Date(Math.max(actAfter.getTime(), addHours(this.#now, config.gracePeriodHours).getTime())).toISOString();
      const f = finding('pending', assessment.reason, due);
      this.#findings.push(f);
      if (this.#apply) {
        const written = await this.#write(state, nextState('pending', { actAfter: due, firstSeenAt: live.firstSeenAt }), 'detected', 'owner not yet warned; warning again');
        this.#notices.push({ event: 'pending', finding: f, state: written });
      }
      return;
    }
    if (this.#now.getTime() < actAfter.getTime()) {
      this.#findings.push(finding('pending', assessment.reason, live.actAfter));
      return;
    }
    if (!this.#apply) {
      this.#findings.push(finding('pending', `${assessment.reason}; grace period over: would ${this.#o.sweep.wording.verb} now (report mode)`, live.actAfter));
      return;
    }

    const sweepAction = this.#o.sweep.action;
    if (!sweepAction) throw new Error(`sweep ${this.#o.sweep.name} declares no action, but assessed ${candidate.ref.resourceId} as one to act on`);
    const actionId = newActionId(this.#now);
    const action: ActionRecord = {
      actionId,
      sweep: this.#o.sweep.name,
      action: sweepAction.name,
      ref: candidate.ref,
      owner: standing.owner,
      team: standing.team,
      status: 'started',
      startedAt: this.#now.toISOString(),
      actedAt: null,
      restoredAt: null,
      restoredResourceId: null,
      reason: assessment.reason,
      savings: assessment.savings,
      savingsUntil: assessment.savingsUntil ?? null,
      restoreData: sweepAction.restoreData(candidate),
      detail: null,
    };
    const acting = nextState('acting', {
      firstSeenAt: live.firstSeenAt,
      actAfter: live.actAfter,
      warnedAt: live.warnedAt,
      actionId,
      leaseUntil: this.#lease(),
    });
    await this.#o.ledger!.commit({
      state: { next: acting, expectedVersion: live.version },
      action: { next: action, expectedStatus: null },
      event: this.#event('acting', acting, live.status, actionId, `${this.#o.sweep.wording.verb}: ${assessment.reason}`),
    });
    await this.#perform(ctx, acting, action, (id) => finding('acted', assessment.reason, null, id));
  }

  /**
   * A report-only finding: recorded and notified when first seen, then reminded at
   * most every `renotifyHours` while it lasts (each reminder refreshes its evidence),
   * or at once when the assessment says it escalated.
   */
  async #flag(
    ctx: RegionContext,
    candidate: Candidate<unknown>,
    assessment: Extract<Assessment, { waste: true }>,
    state: ResourceState | undefined,
    live: ResourceState | undefined,
    f: Finding,
    nextState: (status: FindingStatus, patch?: Partial<ResourceState>) => ResourceState,
    config: SweepSettings,
  ): Promise<void> {
    this.#findings.push(f);
    if (!this.#apply) return;
    const { event, decision } = this.#advisory(assessment);
    if (live?.status !== 'flagged') {
      const written = await this.#write(state, nextState('flagged', { decision }), 'flagged', assessment.reason);
      if (this.#o.sweep.flag) {
        await this.#o.sweep.flag(candidate, ctx, assessment).catch((error: unknown) => this.#fail(ctx.region, candidate.ref.resourceId, 'flag', error));
      }
      this.#notices.push({ event, finding: f, state: written });
      return;
    }
    const sinceWrite = this.#now.getTime() - new Date(live.updatedAt).getTime();
    // Not yet delivered, but recorded moments ago: another run's notice is on its way.
    if (!live.warnedAt && sinceWrite < this.#leaseMs()) return;
    if (assessment.escalated && live.warnedAt) {
      // Not yet told about what it is now: notify now. `warnedAt` is reset so that an
      // undelivered notice is sent again by a later run, as for a first flag.
      const escalated = nextState('flagged', { warnedAt: null, decision });
      const written = await this.#write(state, escalated, 'flagged', `escalated: ${assessment.reason}`);
      this.#notices.push({ event, finding: f, state: written });
      return;
    }
    const renotifyMs = (config.renotifyHours ?? 24) * 3_600_000;
    if (live.warnedAt && !assessment.changed && this.#now.getTime() - new Date(live.warnedAt).getTime() < renotifyMs) return;
    const reminder = nextState('flagged', { warnedAt: live.warnedAt, decision });
    const why = !live.warnedAt ? 'owner not yet notified' : assessment.changed ? 'changed' : 'reminder';
    const written = await this.#write(state, reminder, 'reminded', `${why}: ${assessment.reason}`);
    this.#notices.push({ event, finding: f, state: written });
  }

  #advisory(assessment: Extract<Assessment, { waste: true }>): NonNullable<AnySweep['advisory']> {
    const advisory = assessment.advisory ?? this.#o.sweep.advisory;
    if (!advisory) throw new Error(`sweep ${this.#o.sweep.name} assessed a finding as report-only (act: false) but defines no advisory wording`);
    return advisory;
  }

  /** Remembers a wasteful-looking resource (no finding, no notice) so the rule can measure how long it stays so. */
  async #watch(candidate: Candidate<unknown>, state: ResourceState | undefined): Promise<void> {
    if (!this.#apply || (state && isOpen(state.status))) return;
    const standing = standingOf(candidate.tags, this.#o.policy, this.#now);
    const at = this.#now.toISOString();
    const next: ResourceState = {
      sweep: this.#o.sweep.name,
      ref: candidate.ref,
      owner: standing.owner,
      team: standing.team,
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
    await this.#write(state, next, 'watching', next.reason);
  }

  /** An open finding whose resource is not waste in this run: recovered, gone, or mid-action. */
  async #handleNoLongerWaste(ctx: RegionContext, state: ResourceState, exists: boolean, healthy: Healthy | undefined): Promise<void> {
    const healthyReason = healthy?.reason;
    if (state.status === 'acting' && !exists) {
      // The resource is gone: finishing the action only confirms it (act treats "gone" as done).
      await this.#resumeOrWait(ctx, state, (actionId) => this.#findingFromState(state, 'acted', actionId));
      return;
    }
    if (!this.#apply) return;
    if (state.status === 'acting') {
      // Still there but no longer waste (used again, modified): abandon the unfinished action.
      const leaseOver = !state.leaseUntil || new Date(state.leaseUntil).getTime() <= this.#now.getTime();
      if (leaseOver) await this.#cancelAction(state, 'cleared', `no longer waste${healthyReason ? `: ${healthyReason}` : ''}`);
      return;
    }
    let status: FindingStatus = exists ? (healthy?.closeAs ?? 'cleared') : 'gone';
    let detail = exists ? `${status === 'adopted' ? 'recommendation adopted' : 'no longer waste'}${healthyReason ? `: ${healthyReason}` : ''}` : 'resource no longer exists';
    let evidence = state.evidence;
    if (!exists && this.#o.sweep.finalRecord) {
      const final = await this.#o.sweep.finalRecord(state, ctx);
      if (final) ({ status, detail, evidence = state.evidence } = final);
    }
    const next: ResourceState = {
      ...state,
      status,
      version: state.version + 1,
      updatedAt: this.#now.toISOString(),
      actAfter: null,
      leaseUntil: null,
      noticePending: null,
      evidence,
    };
    await this.#o.ledger!.commit({ state: { next, expectedVersion: state.version }, event: this.#event(status, next, state.status, null, detail) });
  }

  /** Abandons the unfinished action of an `acting` resource and moves it to `status` (held: never acted on while open). */
  async #cancelAction(
    state: ResourceState,
    status: FindingStatus,
    why: string,
    hold = false,
    decision?: ResourceState['decision'],
  ): Promise<ResourceState> {
    const action = state.actionId ? await this.#o.ledger!.getAction(state.actionId) : undefined;
    const next: ResourceState = {
      ...state,
      status,
      version: state.version + 1,
      updatedAt: this.#now.toISOString(),
      actAfter: null,
      leaseUntil: null,
      reason: `${state.reason}; ${why}`,
      hold: hold ? why : null,
      noticePending: hold ? 'protected' : null,
      ...(decision ? { decision } : {}),
    };
    await this.#o.ledger!.commit({
      state: { next, expectedVersion: state.version },
      ...(action && action.status === 'started' ? { action: { next: { ...action, status: 'cancelled' as const, detail: `cancelled: ${why}` }, expectedStatus: 'started' as const } } : {}),
      event: this.#event('cancelled', next, state.status, state.actionId, `unfinished action cancelled: ${why}`),
    });
    return next;
  }

  /** Resumes an action left `acting` by a run that died, once its lease expired. */
  async #resumeOrWait(ctx: RegionContext, state: ResourceState, acted: (actionId: string) => Finding): Promise<void> {
    const leaseOver = !state.leaseUntil || new Date(state.leaseUntil).getTime() <= this.#now.getTime();
    if (!this.#apply || !leaseOver || !state.actionId) {
      this.#log.info('Action in progress in another run; leaving it', { resource: resourceKey(state.ref), actionId: state.actionId });
      return;
    }
    const action = await this.#o.ledger!.getAction(state.actionId);
    if (!action) throw new Error(`ledger state is acting with action ${state.actionId}, but that action record is missing`);
    const acting: ResourceState = { ...state, version: state.version + 1, updatedAt: this.#now.toISOString(), leaseUntil: this.#lease() };
    await this.#o.ledger!.commit({
      state: { next: acting, expectedVersion: state.version },
      event: this.#event('acting', acting, state.status, action.actionId, 'resuming an action a previous run did not finish'),
    });
    await this.#perform(ctx, acting, action, acted);
  }

  async #perform(ctx: RegionContext, acting: ResourceState, action: ActionRecord, acted: (actionId: string) => Finding): Promise<void> {
    const ledger = this.#o.ledger!;
    let outcome;
    try {
      const sweepAction = this.#o.sweep.action;
      if (!sweepAction) throw new Error(`sweep ${this.#o.sweep.name} declares no action to perform ${action.actionId}`);
      outcome = await sweepAction.act(action.restoreData, ctx, action.actionId);
    } catch (error) {
      if (error instanceof NotRestorableError) {
        // Acting would lose what a restore needs: never retry; tell the owner it is kept.
        const kept = await this.#cancelAction(acting, 'protected', `not acted on: ${error.message}`, true);
        const f = { ...acted(action.actionId), decision: 'protected' as const, reason: kept.reason, actAfter: null };
        delete (f as { actionId?: string }).actionId;
        this.#findings.push(f);
        this.#notices.push({ event: 'protected', finding: f, state: kept });
        return;
      }
      // Release the lease so the next run retries at once; the ledger keeps the action started.
      const released: ResourceState = { ...acting, version: acting.version + 1, updatedAt: this.#now.toISOString(), leaseUntil: this.#now.toISOString() };
      await ledger
        .commit({ state: { next: released, expectedVersion: acting.version }, event: this.#event('act-progress', released, 'acting', action.actionId, `failed: ${errorMessage(error)}`) })
        .catch((e: unknown) => this.#log.warn('Could not release the action lease', { error: errorMessage(e) }));
      throw error;
    }
    const at = this.#now.toISOString();
    if (outcome.status === 'in-progress') {
      const waiting: ResourceState = { ...acting, version: acting.version + 1, updatedAt: at, leaseUntil: at };
      await ledger.commit({
        state: { next: waiting, expectedVersion: acting.version },
        action: { next: { ...action, detail: outcome.detail }, expectedStatus: 'started' },
        event: this.#event('act-progress', waiting, 'acting', action.actionId, outcome.detail),
      });
      this.#findings.push({ ...acted(action.actionId), decision: 'pending', reason: `${action.reason}; in progress: ${outcome.detail}`, actAfter: null });
      return;
    }
    const done: ResourceState = { ...acting, status: 'acted', version: acting.version + 1, updatedAt: at, leaseUntil: null, noticePending: 'acted' };
    await ledger.commit({
      state: { next: done, expectedVersion: acting.version },
      action: { next: { ...action, status: 'in-force', actedAt: at, detail: outcome.detail }, expectedStatus: 'started' },
      event: this.#event('acted', done, 'acting', action.actionId, outcome.detail),
    });
    const f = acted(action.actionId);
    this.#findings.push(f);
    this.#notices.push({ event: 'acted', finding: f, state: done });
  }

  /** Sends one message per owner; marks delivered pending warnings so the action may follow. */
  async sendNotices(): Promise<void> {
    if (!this.#apply || this.#notices.length === 0) return;
    const { sweep, policy } = this.#o;
    const notices = composeOwnerNotices(
      this.#notices.map((n): NoticeItem => ({ event: n.event, finding: n.finding })),
      {
        sweep: sweep.name,
        sweepTitle: sweep.title,
        actionDescription: sweep.wording.description,
        actionDone: sweep.wording.done,
        exemptTagKey: policy.tagKeys.exempt,
        snoozeTagKey: policy.tagKeys.snoozeUntil,
        tagCommand: (ref, key, value) => sweep.tagCommand(ref, key, value),
        now: this.#now,
        ...(sweep.advisory?.urgent ? { urgentEvent: sweep.advisory.event } : {}),
      },
    );
    for (const notice of notices) {
      try {
        await this.#o.notifier!.publish(notice);
      } catch (error) {
        for (const item of notice.items) this.#fail(item.finding.region, item.finding.resourceId, 'notify', error);
        continue;
      }
      this.#sent.push({ owner: notice.owner, events: [...notice.events], resources: notice.items.length });
      const delivered = new Set(notice.items.map((i) => i.finding));
      for (const pending of this.#notices.filter((n) => delivered.has(n.finding))) {
        await this.#isolated(pending.finding.region, pending.finding.resourceId, () => this.#recordNotice(pending));
      }
    }
  }

  async #recordNotice(pending: Pending): Promise<void> {
    const state = pending.state;
    if (!state) return;
    const detail = `owner ${state.owner} notified (${pending.event})`;
    if (pending.event === 'pending' || state.status === 'flagged') {
      const warned: ResourceState = { ...state, version: state.version + 1, warnedAt: this.#now.toISOString() };
      await this.#o.ledger!.commit({ state: { next: warned, expectedVersion: state.version }, event: this.#event('warned', warned, state.status, null, detail) });
    } else {
      const delivered: ResourceState = { ...state, version: state.version + 1, noticePending: null };
      await this.#o.ledger!.commit({ state: { next: delivered, expectedVersion: state.version }, event: this.#event('notified', delivered, state.status, state.actionId, detail) });
    }
  }

  /**
   * Records that this apply-mode run finished (the digest checks schedules and
   * counts failures from these). Best effort: a lost record only makes the digest
   * report the run as missing, so it never fails the sweep.
   */
  async recordRun(): Promise<void> {
    const report = this.report();
    const findings: Record<string, number> = {};
    for (const f of report.findings) findings[f.decision] = (findings[f.decision] ?? 0) + 1;
    try {
      await this.#o.ledger!.recordRun({
        sweep: report.sweep,
        runId: this.#runId,
        mode: report.mode,
        startedAt: report.now,
        regions: report.regions,
        findings,
        errors: report.errors.length,
        failures: report.errors
          .slice(0, MAX_RUN_FAILURES)
          .map((e) => `${e.region}${e.resourceId ? `/${e.resourceId}` : ''} [${e.stage}] ${e.error}: ${e.message}`.slice(0, 300)),
        notices: report.notices.length,
      });
    } catch (error) {
      this.#log.warn('Could not record the run in the ledger', { error: errorMessage(error) });
    }
  }

  report(): SweepReport {
    return {
      sweep: this.#o.sweep.name,
      mode: this.#o.mode,
      now: this.#now.toISOString(),
      regions: [...this.#o.regions],
      findings: this.#findings,
      errors: this.#errors,
      notices: this.#sent,
      ...(this.#inconclusive.length > 0 ? { inconclusive: this.#inconclusive } : {}),
    };
  }

  async #write(previous: ResourceState | undefined, next: ResourceState, type: LedgerEventType, detail: string): Promise<ResourceState> {
    await this.#o.ledger!.commit({
      state: { next, expectedVersion: previous?.version ?? null },
      event: this.#event(type, next, previous?.status ?? null, null, detail),
    });
    return next;
  }

  #event(type: LedgerEventType, state: ResourceState, from: FindingStatus | null, actionId: string | null, detail: string): LedgerEvent {
    return {
      at: this.#now.toISOString(),
      type,
      sweep: state.sweep,
      ref: state.ref,
      owner: state.owner,
      team: state.team,
      runId: this.#runId,
      fromStatus: from,
      toStatus: state.status,
      actionId: actionId ?? state.actionId,
      detail,
      monthlySavingsUsd: state.savings.monthlyUsd,
    };
  }

  #findingFromState(state: ResourceState, decision: Decision, actionId: string): Finding {
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

  /**
   * An acted/protected notice still undelivered, and not written moments ago: a
   * concurrent run that just wrote it is sending it now, so only an older one is
   * sent again (at least once, without doubling the news of a race).
   */
  #noticeOverdue(state: ResourceState): boolean {
    return Boolean(state.noticePending) && this.#now.getTime() - new Date(state.updatedAt).getTime() >= this.#leaseMs();
  }

  #leaseMs(): number {
    return (this.#o.leaseMinutes ?? 20) * 60_000;
  }

  #lease(): string {
    return new Date(this.#now.getTime() + this.#leaseMs()).toISOString();
  }

  async #isolated(region: string, resourceId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof LedgerConflictError) {
        // Another run changed this resource first; it owns this step.
        this.#log.info('Concurrent run handled this resource', { resourceId, region });
        return;
      }
      this.#fail(region, resourceId, 'resource', error);
    }
  }

  #fail(region: string, resourceId: string | undefined, stage: string, error: unknown): void {
    this.#log.error('Sweep step failed', { sweep: this.#o.sweep.name, region, resourceId, stage, error: errorMessage(error) });
    this.#errors.push({
      sweep: this.#o.sweep.name,
      region,
      ...(resourceId ? { resourceId } : {}),
      stage,
      error: errorName(error),
      message: errorMessage(error),
    });
  }
}

/** `act-20261127T0900-1a2b3c4d`: sortable by time, unique by its random suffix. */
export function newActionId(now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `act-${stamp}-${randomBytes(4).toString('hex')}`;
}
