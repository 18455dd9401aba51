import type { FindingStatus, ResourceState } from './ledger-records.js';
import type { ActionWording, AdvisoryWording, IamGrant } from './sweep-parts.js';
import type { JsonValue, ResourceRef, Savings, Tags } from './finding.js';
import type { InstanceSpecs, PriceBookPort, PriceKey } from './price-port.js';
import type { SweepSettings } from './settings.js';

export type * from './sweep-parts.js';

/** The minimal logger the engine needs; Powertools' `Logger` satisfies it. */
export interface LoggerLike {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** A logger that drops everything. */
export const silentLogger: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Builds and caches SDK clients, one per service and region (`AwsClients` in
 * lib/aws satisfies it), so core names no SDK.
 */
export interface ClientFactory {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any SDK v3 client constructor
  get<C>(ctor: new (config: any) => C, region: string): C;
}

/** What an adapter gets to work in one region. */
export interface RegionContext {
  readonly region: string;
  /**
   * The 12-digit account swept, when the run knows it: an adapter that builds an ARN
   * the API does not return (EBS volumes) takes the account from here.
   */
  readonly accountId?: string;
  readonly clients: ClientFactory;
  readonly now: Date;
  readonly logger: LoggerLike;
  /**
   * Other settings that apply to some teams' resources in this run (stricter limits
   * of teams over budget). An inventory's cheap pre-filter must let through what any
   * of them, not only the sweep's own config, could find.
   */
  readonly teamSettings?: readonly SweepSettings[];
}

/** What an inventory gets: the region's context and the instance specs its pre-filter may read. */
export interface InventoryContext extends RegionContext {
  /**
   * Instance specs (vCPUs, memory, GPUs) of the bundled table. An inventory gets no
   * prices: live prices are resolved after it, for the keys of its candidates.
   */
  readonly specs: InstanceSpecs;
}

/** A resource that may be waste, with the facts its rule needs. */
export interface Candidate<Facts> {
  readonly ref: ResourceRef;
  readonly tags: Tags;
  readonly facts: Facts;
}

/** What an adapter found in one region. */
export interface Inventory<Facts> {
  /** Resources worth deciding on (the cheap pre-filter passed), described in full. */
  readonly candidates: readonly Candidate<Facts>[];
  /**
   * Ids of every resource of this type that exists in the region, candidate or not:
   * an open finding whose resource is here but not a candidate has recovered; one
   * whose resource is absent is gone.
   */
  readonly seen: ReadonlySet<string>;
  /**
   * Resources the adapter could not describe; the engine reports them and goes on.
   * With `resourceType`, the failure is the listing of every resource of that type
   * (`resourceId` then names what failed, e.g. the type): their open findings are left
   * as they are, never closed as gone.
   */
  readonly failures?: readonly { readonly resourceId: string; readonly error: unknown; readonly resourceType?: string }[];
}

/** What the ledger remembers of a resource, for rules that need time to decide. */
export interface ResourceMemory {
  /**
   * When this resource was first seen wasteful-looking in the current open period
   * (ISO-8601), or `null` when this is the first sighting (or no ledger is available).
   */
  readonly watchingSince: string | null;
  /**
   * The open finding this resource has, if any: lets a rule compare with what it
   * said last time (e.g. whether a recommendation was adopted).
   */
  readonly previous?: {
    readonly status: FindingStatus;
    readonly reason: string;
    readonly evidence: { readonly [key: string]: JsonValue };
    readonly firstSeenAt: string;
  } | null;
  /**
   * The resource's latest ledger state for this sweep, open or closed (e.g. `acted`
   * with the evidence of the action in force). `null`: none, or no ledger.
   */
  readonly latest?: {
    readonly status: FindingStatus;
    readonly updatedAt: string;
    readonly evidence: { readonly [key: string]: JsonValue };
  } | null;
}

/** A pure rule's verdict on one candidate. */
export type Assessment =
  | {
      readonly waste: false;
      readonly reason: string;
      /**
       * `true`: looks wasteful but not for long enough yet (e.g. a volume unattached for
       * less than `minUnattachedDays`). The engine remembers it (ledger status
       * `watching`, no notice) and passes `watchingSince` on later runs.
       */
      readonly watch?: boolean;
      /**
       * How an open finding closes: `adopted` when the owner applied what was
       * recommended (or something cheaper). @default 'cleared'
       */
      readonly closeAs?: 'cleared' | 'adopted';
      /**
       * `true`: the rule cannot decide this run (e.g. too few days of metrics). The
       * resource is listed in the report's `inconclusive` with `reason`; no finding,
       * no notice, and its ledger state is left as it is: "unknown this run" must not
       * read as "no longer waste".
       */
      readonly inconclusive?: boolean;
    }
  | {
      readonly waste: true;
      /** One sentence an owner understands: why this is waste. */
      readonly reason: string;
      readonly evidence: { readonly [key: string]: JsonValue };
      readonly savings: Savings;
      /**
       * `false`: report and notify only, never act (the finding reads as the sweep's
       * `advisory.decision`, e.g. `flagged` or `recommend`). Owners are reminded at
       * most every `renotifyHours` while it lasts. @default true
       */
      readonly act?: boolean;
      /**
       * Headline figures a sweep's JSON contract promises at the top level of its
       * findings (e.g. `costSoFarUsd`, `current`, `proposed`). Keep them in `evidence`
       * too when they matter later: only evidence is stored in the ledger.
       */
      readonly fields?: { readonly [key: string]: JsonValue };
      /**
       * Report-only findings (`act: false`): how this one reads, instead of the sweep's
       * `advisory` (e.g. a sweep that flags runaways urgently and also recommends
       * settings). @default - the sweep's `advisory`
       */
      readonly advisory?: AdvisoryWording;
      /**
       * Report-only findings: the resource's open flag became more serious than what
       * its owner was last told (e.g. a recommendation that is now a runaway), so the
       * owner is notified in this run instead of at the next `renotifyHours` reminder.
       * @default false
       */
      readonly escalated?: boolean;
      /**
       * `act: false` only: what this finding says differs from `memory.previous` in a
       * way its owner must hear about (e.g. a different recommendation), so the owner
       * is notified in this run instead of at the next `renotifyHours` reminder.
       */
      readonly changed?: boolean;
      /**
       * ISO-8601 instant after which acting saves nothing more even if never undone
       * (e.g. when a training job would have hit its `MaxRuntimeInSeconds`). Copied to
       * the action record; the digest stops counting realized savings there.
       * @default - the saving lasts until the action is restored
       */
      readonly savingsUntil?: string | null;
      /**
       * Who else gets this finding's notice besides the resource's owner (e.g. the
       * creator of an untagged resource, whose notice otherwise goes to the fallback
       * owner): each gets the same message, addressed to them.
       * @default - the owner only
       */
      readonly alsoNotify?: readonly string[];
    };

/** Result of an action. `in-progress` means a later run must call `act` again (e.g. a snapshot still running). */
export type ActOutcome = { readonly status: 'done'; readonly detail: string } | { readonly status: 'in-progress'; readonly detail: string };

/** Result of a restore. */
export interface RestoreOutcome {
  /** Id of the resource that now exists again (may differ from the original, e.g. a new volume). */
  readonly restoredResourceId: string;
  readonly detail: string;
}

/** The last word on a finding whose resource left the inventory (see {@link SweepDefinition.finalRecord}). */
export interface FinalRecord {
  /** `ended`: it finished on its own (e.g. a training job completed); `gone`: deleted. */
  readonly status: 'ended' | 'gone';
  /** One line for the ledger history, e.g. "Completed after 31.0 h; cost $842.10". */
  readonly detail: string;
  /** Replaces the finding's evidence (e.g. the final cost). */
  readonly evidence?: { readonly [key: string]: JsonValue };
}

/**
 * What a sweep does to a wasteful resource, and how that is undone. Sweeps that
 * only report (recommendations) have none.
 *
 * `RestoreData` is everything needed to undo the action; the engine writes it to
 * the ledger before the action runs.
 */
export interface SweepAction<Facts, RestoreData extends JsonValue> {
  /** Name of the action recorded in the ledger, e.g. `stop-endpoint`. */
  readonly name: string;
  /**
   * The ledger's name of the action on this candidate, for a sweep whose candidates
   * are of several kinds and whose `act` does a different thing to each (e.g.
   * `scale-component-to-zero` beside `stop-endpoint`). Pure.
   * @default - `name`
   */
  nameFor?(candidate: Candidate<Facts>): string;
  /** Pure: what must be kept to undo the action on this candidate. */
  restoreData(candidate: Candidate<Facts>): RestoreData;
  /**
   * Performs the action. Must treat "already done / already gone" as done, so a
   * resumed run is safe. `in-progress` makes a later run call it again with the same
   * `actionId` (e.g. to delete a volume once its snapshot completed).
   */
  act(data: RestoreData, ctx: RegionContext, actionId: string): Promise<ActOutcome>;
  /** Undoes the action from what was kept. Throws {@link RestoreError} when that is impossible. */
  restore(data: RestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome>;
}

/**
 * A sweep: an inventory adapter, a pure rule, and optionally an action with its
 * restore. The engine ({@link runSweep}) owns everything else: modes, exemptions,
 * protection, grace period, ledger, notices, idempotency and error isolation.
 */
export interface SweepDefinition<Facts, Config extends SweepSettings, RestoreData extends JsonValue> {
  /** Registry name, e.g. `idle-endpoints`; also the CLI sub-command. */
  readonly name: string;
  /** Human title, e.g. "Idle SageMaker endpoints". */
  readonly title: string;
  /** The `resourceType` of its findings, e.g. `sagemaker:endpoint`. */
  readonly resourceType: string;
  readonly wording: ActionWording;
  /**
   * IAM the scheduled Lambda needs: `inventory` always, `act` in apply mode.
   * `restore` is for the operator's CLI. Sweeps without an action declare only `inventory`.
   */
  readonly permissions: {
    readonly inventory: readonly IamGrant[];
    readonly act?: readonly IamGrant[];
    readonly restore?: readonly IamGrant[];
  };
  /**
   * The permissions for this config, when they depend on it (e.g. an `aws:TagKeys`
   * condition on the tag keys the config lets the sweep write): the infra grants these
   * instead of `permissions`, whose actions they must keep (the guard is derived from
   * `permissions.act`). @default - `permissions`
   */
  permissionsFor?(config: Config): SweepDefinition<Facts, Config, RestoreData>['permissions'];
  /**
   * For a global service (e.g. AWS Budgets): the one region the sweep runs in,
   * whatever regions are configured.
   */
  readonly globalRegion?: string;
  /**
   * `false` when this config gives the sweep nothing to do (e.g. no team budgets):
   * the CDK construct then deploys no Lambda for it. @default - always configured
   */
  isConfigured?(config: Config): boolean;
  /** Required when `assess` can return `act: false` without its own `advisory`. */
  readonly advisory?: AdvisoryWording;
  /**
   * The config for a team over its AI budget, from the stricter settings it
   * configured (`budgets.teams[].tightened.<sweep>`, validated by the declaration's
   * `tightenedSchema`).
   * @default - those settings replace the config's
   */
  tighten?(config: Config, stricter: { readonly [key: string]: unknown }): Config;
  /** Lists and describes resources in one region (AWS calls only, no decisions beyond a cheap pre-filter). */
  inventory(ctx: InventoryContext, config: Config): Promise<Inventory<Facts>>;
  /**
   * Pure: the prices `assess` will look up for this candidate (e.g. SageMaker hosting
   * of each variant's instance type in its region). After the inventory, the engine
   * resolves the keys of every candidate at once (the AWS Price List API, through its
   * cache) and hands `assess` a book that answers them live first. A lookup whose key
   * is not declared gets the bundled price or none, with a note saying it was not
   * resolved live. `specs` lists instance families (for sizes a rule may propose).
   * @default - no live prices: `assess` gets the bundled book
   */
  priceKeys?(candidate: Candidate<Facts>, config: Config, specs: InstanceSpecs): readonly PriceKey[];
  /**
   * Pure: is this candidate waste as of `now`, why, and what would acting save, priced
   * from `prices` (the run's book: live prices for the declared keys, then the bundled
   * tables, then unknown with the reason).
   */
  assess(candidate: Candidate<Facts>, config: Config, now: Date, memory: ResourceMemory, prices: PriceBookPort): Assessment;
  /**
   * What the sweep does to waste, and its undo. Absent: the sweep only reports, and
   * every waste assessment must be `act: false`. @default - report-only sweep
   */
  readonly action?: SweepAction<Facts, RestoreData>;
  /** Shell command an owner can run to set tag `key=value` on the resource (shown in notices). */
  tagCommand(ref: ResourceRef, key: string, value: string): string;
  /**
   * Apply mode, when a resource is first flagged (`act: false`): marks it where its
   * owner sees it (e.g. a tag). `assessment` tells a flag from a recommendation.
   * Failures are reported; the finding stands.
   */
  flag?(candidate: Candidate<Facts>, ctx: RegionContext, assessment: Extract<Assessment, { waste: true }>): Promise<void>;
  /**
   * Apply mode, when a resource with an open finding is no longer in the inventory:
   * its final record (e.g. how a training job ended and what it cost). `null` or
   * absent: the finding closes as `gone`.
   */
  finalRecord?(state: ResourceState, ctx: RegionContext): Promise<FinalRecord | null>;
}

/** A sweep of any facts, config and restore data (for registries and the engine's callers). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySweep = SweepDefinition<any, any, any>;
