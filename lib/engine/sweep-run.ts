/**
 * One run of one sweep: per region, inventory -> assess -> {@link transition} ->
 * perform. Every decision is the pure transition's; this class only reads the
 * inventory and the ledger, and performs what a transition says (ledger commits,
 * the sweep's action, flag and final record, owner notices), isolating each
 * resource's failure.
 */
import { ConcurrentRunError, errorMessage, errorName, LedgerOutcomeUnknownError, MissingEnvironmentError, RunDeadlineError } from '../core/errors.js';
import type { ConcurrentStep, Finding, InconclusiveResource, ResourceRef, SweepFailure, SweepReport } from '../core/finding.js';
import type { Ledger } from '../core/ledger-port.js';
import { isOpen, resourceKey, type ResourceState } from '../core/ledger-records.js';
import { standingOf, type ResourceStanding } from '../core/policy.js';
import type { SweepSettings } from '../core/settings.js';
import { silentLogger, type Candidate, type InventoryContext, type LoggerLike, type RegionContext } from '../core/sweep.js';
import { accountInArn, OWN_ACCOUNT, openScope, refInAccount, type SweptAccount } from '../core/swept-account.js';
import { transition, type NotWasteAssessment, type Observation, type QueuedNotice, type TransitionSettings } from '../core/transition.js';
import { resendOverdueNotice } from '../core/transition-notice.js';
import { newActionId } from './action-id.js';
import { sendOwnerNotices, type SentNotice } from './notices.js';
import { performTransition } from './perform.js';
import { RUN_SPECS, RunPrices } from './run-prices.js';
import { runRecordOf } from './run-record.js';
import type { RunSweepOptions } from './run-options.js';

/** Why a resource was not decided on when the run had to stop (see {@link RunSweepOptions.shouldStop}). */
export const DEFERRED_REASON = 'left for the next run: this run stopped before its deadline';

/** A resource decided on in this region, in the order the run handles it. */
interface Decision {
  readonly candidate: Candidate<unknown>;
  readonly seen: Observation;
  readonly settings: TransitionSettings;
}

/** The state of one run; see {@link runSweep}. */
export class SweepRun {
  readonly #o: RunSweepOptions;
  readonly #now: Date;
  readonly #runId: string;
  readonly #log: LoggerLike;
  readonly #settings: TransitionSettings;
  readonly #prices: RunPrices;
  readonly #account: SweptAccount;
  readonly #findings: Finding[] = [];
  readonly #errors: SweepFailure[] = [];
  readonly #inconclusive: InconclusiveResource[] = [];
  readonly #concurrent: ConcurrentStep[] = [];
  readonly #notices: QueuedNotice[] = [];
  #sent: SentNotice[] = [];
  #deferred = 0;

  constructor(options: RunSweepOptions, runId: string) {
    this.#o = options;
    this.#now = options.clock.now();
    this.#runId = runId;
    this.#log = options.logger ?? silentLogger;
    this.#settings = this.#settingsWith(options.config);
    this.#account = options.account ?? OWN_ACCOUNT;
    const configs = [options.config, ...[...(options.teamConfigs?.values() ?? [])].map((t) => t.config)];
    this.#prices = new RunPrices(options.sweep, configs, options.pricing, this.#now, this.#log);
  }

  async region(region: string): Promise<void> {
    const { sweep, config } = this.#o;
    if (this.#stopping()) {
      this.#fail(region, undefined, 'deadline', new RunDeadlineError(region));
      return;
    }
    const teamSettings = [...(this.#o.teamConfigs?.values() ?? [])].map((t) => t.config);
    const account = this.#account;
    const ctx: InventoryContext = {
      region,
      ...(account.accountId ? { accountId: account.accountId } : {}),
      clients: this.#o.clients,
      now: this.#now,
      logger: this.#log,
      specs: RUN_SPECS,
      ...(teamSettings.length ? { teamSettings } : {}),
    };
    let inventory;
    try {
      inventory = await sweep.inventory(ctx, config);
      // A member account's resources are keyed with their account (the own account's as before).
      if (!account.own) inventory = { ...inventory, candidates: inventory.candidates.map((c) => ({ ...c, ref: refInAccount(c.ref, account) })) };
    } catch (error) {
      this.#fail(region, undefined, 'inventory', error);
      return;
    }
    // Resources that failed to be described or assessed keep their ledger state as is:
    // "unknown this run" must not read as "no longer waste".
    const failed = new Set<string>();
    // Types that could not be listed at all: every open finding of theirs stays as it is.
    const unlisted = new Set<string>();
    for (const failure of inventory.failures ?? []) {
      failed.add(failure.resourceId);
      if (failure.resourceType) unlisted.add(failure.resourceType);
      this.#fail(region, failure.resourceId, 'inventory', failure.error);
    }
    let states = new Map<string, ResourceState>();
    let open: ResourceState[] = [];
    if (this.#o.ledger) {
      try {
        states = await this.#o.ledger.getStates(
          sweep.name,
          inventory.candidates.map((c) => c.ref),
        );
        open = await this.#o.ledger.listOpen(sweep.name, region, openScope(account));
      } catch (error) {
        this.#fail(region, undefined, 'ledger', error);
        return;
      }
    }
    // The candidates' prices, resolved once for the region; a price never fails the sweep.
    const prices = await this.#prices.forRegion(region, inventory.candidates);

    const wasteful: Decision[] = [];
    const watched: Decision[] = [];
    const healthy = new Map<string, NotWasteAssessment>();
    for (const candidate of inventory.candidates) {
      try {
        const state = states.get(resourceKey(candidate.ref));
        const live = state && isOpen(state.status) ? state : null;
        const standing = this.#standingOf(candidate);
        const override = standing.team === null ? undefined : this.#o.teamConfigs?.get(standing.team);
        const settings = override ? this.#settingsWith(override.config) : this.#settings;
        const memory = {
          watchingSince: live?.firstSeenAt ?? null,
          previous: live && { status: live.status, reason: live.reason, evidence: live.evidence, firstSeenAt: live.firstSeenAt },
          latest: state ? { status: state.status, updatedAt: state.updatedAt, evidence: state.evidence } : null,
        };
        let assessment = prices.effective(candidate, sweep.assess(candidate, settings.config, this.#now, memory, prices.book));
        if (assessment.waste && override) assessment = { ...assessment, reason: `${assessment.reason} (${override.because})` };
        if (assessment.waste) {
          wasteful.push({ candidate, settings, seen: { kind: 'waste', candidate, assessment, standing, actionId: newActionId(this.#now) } });
        } else if (assessment.inconclusive) {
          // Undecided this run: like a failure, its ledger state stays as it is.
          failed.add(candidate.ref.resourceId);
          const t = transition(state, { kind: 'inconclusive', candidate, standing, reason: assessment.reason }, this.#now, settings);
          if (t.inconclusive) this.#inconclusive.push(t.inconclusive);
        } else if (assessment.watch) watched.push({ candidate, settings: this.#settings, seen: { kind: 'watch', candidate, standing } });
        else healthy.set(resourceKey(candidate.ref), assessment);
      } catch (error) {
        failed.add(candidate.ref.resourceId);
        this.#fail(region, candidate.ref.resourceId, 'assess', error);
      }
    }

    const decided = new Set<string>();
    for (const { candidate, seen, settings } of [...wasteful, ...watched]) {
      const key = resourceKey(candidate.ref);
      decided.add(key);
      if (this.#stopping()) {
        this.#defer(candidate.ref, this.#standingOf(candidate));
        continue;
      }
      await this.#isolated(region, candidate.ref.resourceId, () => this.#decide(ctx, states.get(key), seen, settings));
    }
    for (const state of open) {
      if (!isOpen(state.status)) {
        // Closed, listed only because its owner notice was not delivered: send it again.
        const resend = resendOverdueNotice(state, this.#now, this.#settings);
        if (resend.notice) this.#notices.push(resend.notice);
        continue;
      }
      if (decided.has(resourceKey(state.ref)) || failed.has(state.ref.resourceId) || unlisted.has(state.ref.resourceType)) continue;
      if (this.#stopping()) {
        this.#defer(state.ref, state);
        continue;
      }
      const seen: Observation = inventory.seen.has(state.ref.resourceId)
        ? { kind: 'healthy', assessment: healthy.get(resourceKey(state.ref)) ?? null }
        : { kind: 'gone' };
      await this.#isolated(region, state.ref.resourceId, () => this.#decide(ctx, state, seen, this.#settings));
    }
  }

  /** Sends one message per owner; marks delivered notices in the ledger so that the action may follow. */
  async sendNotices(): Promise<void> {
    if (this.#o.mode !== 'apply' || this.#notices.length === 0) return;
    if (!this.#o.notifier) throw new MissingEnvironmentError('FINOPS_NOTICES_TOPIC_ARN', 'to run a sweep in apply mode');
    this.#sent = await sendOwnerNotices(this.#notices, {
      sweep: this.#o.sweep,
      policy: this.#o.policy,
      notifier: this.#o.notifier,
      ledger: this.#ledger,
      now: this.#now,
      settings: this.#settings,
      presentation: this.#o.presentation ?? { timeZone: 'UTC', noticeLocales: ['en'] },
      fail: (region, resourceId, error) => this.#fail(region, resourceId, 'notify', error),
      isolated: (region, resourceId, work) => this.#isolated(region, resourceId, work),
      links: this.#o.links,
      log: this.#log,
      account: this.#account,
    });
  }

  /**
   * Records that this apply-mode run finished (the digest checks schedules and
   * counts failures from these). Best effort: a lost record only makes the digest
   * report the run as missing, so it never fails the sweep.
   */
  async recordRun(): Promise<void> {
    try {
      await this.#ledger.recordRun(runRecordOf(this.report(), this.#runId, this.#account));
    } catch (error) {
      this.#log.warn('Could not record the run in the ledger', { error: errorMessage(error) });
    }
  }

  report(): SweepReport {
    const { accountId, accountName } = this.#account;
    return {
      sweep: this.#o.sweep.name,
      mode: this.#o.mode,
      now: this.#now.toISOString(),
      regions: [...this.#o.regions],
      ...(accountId ? { accountId } : {}),
      ...(accountName ? { accountName } : {}),
      findings: this.#findings.map((f) => this.#named(f)),
      errors: this.#errors,
      notices: this.#sent,
      ...(this.#inconclusive.length > 0 ? { inconclusive: this.#inconclusive } : {}),
      ...(this.#concurrent.length > 0 ? { concurrent: this.#concurrent } : {}),
    };
  }

  async #decide(ctx: RegionContext, state: ResourceState | undefined, seen: Observation, settings: TransitionSettings): Promise<void> {
    await performTransition(transition(state, seen, this.#now, settings), 'decision', {
      ctx,
      sweep: this.#o.sweep,
      ledger: () => this.#ledger,
      now: this.#now,
      settings,
      log: this.#log,
      findings: this.#findings,
      notices: this.#notices,
      fail: (stage, error) => this.#fail(ctx.region, resourceIdOf(seen, state), stage, error),
    });
  }

  /** A finding with the account it is in: the run's, else the one its ARN names. */
  #named(finding: Finding): Finding {
    const accountId = finding.accountId ?? this.#account.accountId ?? accountInArn(finding.arn);
    const { accountName } = this.#account;
    if (!accountId) return finding;
    return { ...finding, accountId, ...(accountName && accountId === this.#account.accountId ? { accountName } : {}) };
  }

  /** Owner, team, exemption and protection from the resource's tags, and from its account's rules. */
  #standingOf(candidate: Candidate<unknown>): ResourceStanding {
    const standing = standingOf(candidate.tags, this.#o.policy, this.#now);
    const { exemptBecause, protectedBecause } = this.#account;
    return {
      ...standing,
      exemptBecause: standing.exemptBecause ?? exemptBecause ?? null,
      protectedBecause: standing.protectedBecause ?? protectedBecause ?? null,
    };
  }

  /** `true` once the run must start nothing new. */
  #stopping(): boolean {
    return this.#o.shouldStop?.() === true;
  }

  /** Leaves a resource for the next run: listed as inconclusive, its ledger state untouched. */
  #defer(ref: ResourceRef, who: { readonly owner: string; readonly team: string | null }): void {
    if (this.#deferred++ === 0)
      this.#log.warn('Stopping before the deadline; the resources left are for the next run', { sweep: this.#o.sweep.name, region: ref.region });
    this.#inconclusive.push({ ...ref, sweep: this.#o.sweep.name, owner: who.owner, team: who.team, reason: DEFERRED_REASON });
  }

  #settingsWith(config: SweepSettings): TransitionSettings {
    return { sweep: this.#o.sweep, mode: this.#o.mode, config, runId: this.#runId, leaseMinutes: this.#o.leaseMinutes ?? 20 };
  }

  get #ledger(): Ledger {
    if (!this.#o.ledger) throw new MissingEnvironmentError('FINOPS_LEDGER_TABLE', 'to run a sweep in apply mode');
    return this.#o.ledger;
  }

  async #isolated(region: string, resourceId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof ConcurrentRunError) {
        // Another run changed this resource first (read back from the ledger); it owns this step.
        const { by, status } = error;
        this.#log.info('Concurrent run handled this resource', { resourceId, region, by, status });
        this.#concurrent.push({ sweep: this.#o.sweep.name, region, resourceId, by, status });
        return;
      }
      this.#fail(region, resourceId, error instanceof LedgerOutcomeUnknownError ? 'ledger' : 'resource', error);
    }
  }

  #fail(region: string, resourceId: string | undefined, stage: string, error: unknown): void {
    this.#log.error('Sweep step failed', { sweep: this.#o.sweep.name, region, resourceId, stage, error: errorMessage(error) });
    this.#errors.push({
      sweep: this.#o.sweep.name,
      region,
      ...(this.#account.accountId ? { accountId: this.#account.accountId } : {}),
      ...(resourceId ? { resourceId } : {}),
      stage,
      error: errorName(error),
      message: errorMessage(error),
    });
  }
}

function resourceIdOf(seen: Observation, state: ResourceState | undefined): string | undefined {
  return 'candidate' in seen ? seen.candidate.ref.resourceId : state?.ref.resourceId;
}
