/**
 * The one typed shape that flows from a sweep's decision to the ledger, the owner
 * notices, the CLI's JSON and the digest.
 */

/** A JSON value, for evidence and restore data that the ledger stores verbatim. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Resource tags as a plain map (last value wins when a key repeats). */
export type Tags = Readonly<Record<string, string>>;

/** Identity of one AWS resource. */
export interface ResourceRef {
  /** `service:kind`, e.g. `sagemaker:endpoint`, `ec2:volume`. */
  readonly resourceType: string;
  /** The resource's name or id, e.g. the endpoint name. */
  readonly resourceId: string;
  readonly arn: string;
  readonly region: string;
  /**
   * The 12-digit account the resource is in, when a run swept another account than
   * the deployment's own (a member account, through its role). Absent for the
   * deployment's own account: those resources keep the ledger keys they had before
   * accounts existed (see `resourceKey`).
   */
  readonly accountId?: string;
}

/**
 * What a run decided for one wasteful resource.
 * - `acted`: acted on in this run.
 * - `pending`: waste; the action follows at or after `actAfter` (never in report mode).
 * - `protected`: waste in a protected environment; reported, never acted on.
 * - `exempt`: waste, but exempted or snoozed by tag.
 * - `flagged`: waste the sweep only reports and notifies about (e.g. a runaway
 *   training job whose team has not asked for a stop); no action will follow.
 * - `recommend`: a cheaper configuration is recommended; never applied.
 */
export type Decision = 'acted' | 'pending' | 'protected' | 'exempt' | 'flagged' | 'recommend';

/**
 * `report` records nothing (no finding, notice, action or run record; the only
 * write it may make is the price cache of public list prices); `apply` records,
 * notifies and acts.
 */
export type SweepMode = 'report' | 'apply';

/** One priced component of a saving: "2 x ml.g4dn.xlarge at $0.7364/h (source, date)". */
export interface PricedComponent {
  readonly item: string;
  readonly quantity: number;
  readonly usdPerHour: number;
  readonly source: string;
  readonly sourceDate: string;
  /** `unstated`: the price source names no region (see lib/prices/README.md). */
  readonly regionBasis: 'stated' | 'unstated';
  readonly note?: string;
}

/** A discount off list prices that applied to a finding's figures. */
export interface SavingsDiscount {
  /** The service whose discount it is (`sagemaker`, `ec2`, `ebs`, `bedrock`). */
  readonly service: string;
  /** Percent off the list price (negative when a measured rate is above list). */
  readonly percent: number;
  /** Where the figure comes from, e.g. "Machine Learning Savings Plan, 1 year". */
  readonly note: string;
  /** `config`: `pricing.discounts.<service>`; `cost-explorer`: measured over the last full month. */
  readonly source: 'config' | 'cost-explorer';
}

/**
 * Money a finding would save, traceable to prices. `hourlyUsd` and `monthlyUsd` are
 * `null` when any component's price is unknown: a partial sum would understate
 * silently, so the unknown parts are listed instead.
 *
 * Every figure is at on-demand list prices. When a discount applies to the prices'
 * service (`pricing.discounts`, or a rate measured in Cost Explorer), the effective
 * figures stand beside the list ones with the discount that made them.
 */
export interface Savings {
  readonly hourlyUsd: number | null;
  /** `hourlyUsd` x 730 (AWS's hours-per-month convention). */
  readonly monthlyUsd: number | null;
  readonly components: readonly PricedComponent[];
  /**
   * Why a price is missing, one line per unknown component, with why no live price
   * was used when that is part of it (e.g. the Price List API was unreachable).
   */
  readonly unknown: readonly string[];
  /** `hourlyUsd` after `discount`. Present only with a discount; `null` when `hourlyUsd` is. */
  readonly effectiveHourlyUsd?: number | null;
  /** `monthlyUsd` after `discount`. Present only with a discount; `null` when `monthlyUsd` is. */
  readonly effectiveMonthlyUsd?: number | null;
  /** The discount behind the effective figures. @default - none: effective = list */
  readonly discount?: SavingsDiscount;
}

/** Hours per month used for every monthly figure (the convention of AWS price pages). */
export const HOURS_PER_MONTH = 730;

/** Sums priced components into {@link Savings}; unknown components make the total `null`. */
export function savingsFrom(components: readonly PricedComponent[], unknown: readonly string[]): Savings {
  if (unknown.length > 0) return { hourlyUsd: null, monthlyUsd: null, components, unknown };
  const hourly = components.reduce((sum, c) => sum + c.usdPerHour * c.quantity, 0);
  return { hourlyUsd: roundUsd(hourly, 6), monthlyUsd: roundUsd(hourly * HOURS_PER_MONTH, 2), components, unknown };
}

/** Rounds a dollar amount half away from zero to `decimals` places. */
export function roundUsd(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON)) / factor;
}

/** One resource in a run's output (the CLI's `--json` `findings[]`). */
export interface Finding extends ResourceRef {
  readonly sweep: string;
  readonly owner: string;
  readonly team: string | null;
  readonly decision: Decision;
  readonly reason: string;
  /** ISO-8601; when the action may happen. `null` for protected/exempt/acted. */
  readonly actAfter: string | null;
  readonly estimatedMonthlySavingsUsd: number | null;
  /** Set when `decision` is `acted`. */
  readonly actionId?: string;
  readonly savings: Savings;
  readonly evidence: { readonly [key: string]: JsonValue };
  /** The account's name in AWS Organizations, when the run knew it. */
  readonly accountName?: string;
  /** Who else gets this finding's notice besides `owner` (its assessment's `alsoNotify`). */
  readonly alsoNotify?: readonly string[];
  /** A sweep's own headline fields (its assessment's `fields`), e.g. `costSoFarUsd`. */
  readonly [field: string]: unknown;
}

/** A resource the run could not process; the rest of the sweep went on. */
export interface SweepFailure {
  readonly sweep: string;
  readonly region: string;
  /** The account swept, when the run knew it. */
  readonly accountId?: string;
  /** Absent when the failure is not tied to one resource (e.g. listing a region). */
  readonly resourceId?: string;
  /** Where it failed: `inventory`, `ledger`, `act`, `notify`, ... */
  readonly stage: string;
  readonly error: string;
  readonly message: string;
}

/** A resource the sweep looked at but could not decide on this run (e.g. insufficient data). */
export interface InconclusiveResource extends ResourceRef {
  readonly sweep: string;
  readonly owner: string;
  readonly team: string | null;
  /** Why, e.g. "insufficient data: 3.5 of 7 days of metrics since the endpoint was last modified". */
  readonly reason: string;
}

/**
 * A resource whose step this run left to another run: its ledger write lost to that
 * run's (read back from the ledger), so that run warned or acted, not this one.
 */
export interface ConcurrentStep {
  readonly sweep: string;
  readonly region: string;
  readonly resourceId: string;
  /** The other run's id (from the resource's history). */
  readonly by: string;
  /** The resource's status as that run left it; `null` when none is recorded. */
  readonly status: string | null;
}

/** The result of one sweep run (the CLI's `--json` document). */
export interface SweepReport {
  readonly sweep: string;
  readonly mode: SweepMode;
  readonly now: string;
  readonly regions: readonly string[];
  /** The account swept, when the run knew it (a run of one account and region pair, or the CLI's `--accounts`). */
  readonly accountId?: string;
  /** Its name in AWS Organizations, when known. */
  readonly accountName?: string;
  readonly findings: readonly Finding[];
  readonly errors: readonly SweepFailure[];
  /** Owner messages sent in this run. */
  readonly notices: readonly { readonly owner: string; readonly events: readonly string[]; readonly resources: number }[];
  /** Resources that could not be decided on (no finding, ledger untouched); present when there are any. */
  readonly inconclusive?: readonly InconclusiveResource[];
  /** Resources whose step another run took (a lost race, named); present when there are any. */
  readonly concurrent?: readonly ConcurrentStep[];
}

/** What a restore did. */
export interface RestoreReport {
  readonly actionId: string;
  readonly sweep: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly region: string;
  /** The account of the resource, when it is not the deployment's own. */
  readonly accountId?: string;
  /** The role assumed in that account to restore. */
  readonly roleName?: string;
  readonly restoredResourceId: string;
  readonly actedAt: string | null;
  readonly restoredAt: string;
  /** Hours the action was in force. */
  readonly hoursInForce: number | null;
  /** Hourly price x hours in force; `null` when the price was unknown. */
  readonly realizedSavingsUsd: number | null;
  readonly detail: string;
}
