import type { Locale } from '../format/locale-config.js';
import type { Clock } from '../core/clock.js';
import type { SweepMode } from '../core/finding.js';
import type { Ledger } from '../core/ledger-port.js';
import type { Notifier } from '../core/notice-port.js';
import type { OwnerLinkMinter } from '../core/owner-actions.js';
import type { OwnershipPolicy } from '../core/policy.js';
import type { SweepSettings } from '../core/settings.js';
import type { AnySweep, LoggerLike, RegionContext } from '../core/sweep.js';
import type { SweptAccount } from '../core/swept-account.js';
import type { RunPricing } from './run-prices.js';

/** Everything one run of one sweep needs. */
export interface RunSweepOptions {
  readonly sweep: AnySweep;
  /** The sweep's resolved config (shared settings plus its own fields). */
  readonly config: SweepSettings;
  readonly policy: OwnershipPolicy;
  readonly mode: SweepMode;
  readonly regions: readonly string[];
  readonly clock: Clock;
  /** The AWS clients the sweep's inventory and action use. */
  readonly clients: RegionContext['clients'];
  /** Required in apply mode. In report mode it is only read, when given. */
  readonly ledger?: Ledger | undefined;
  /** Required in apply mode; never used in report mode. */
  readonly notifier?: Notifier | undefined;
  /**
   * Signs one-click answers (keep, exempt, act now) into pending notices.
   * @default - none: notices print the tag commands only
   */
  readonly links?: OwnerLinkMinter | undefined;
  readonly logger?: LoggerLike | undefined;
  /**
   * Settings by team that replace `config` for that team's resources (e.g. stricter
   * limits while the team is over budget), with why, which is added to the reason
   * of the team's findings. @default - none
   */
  readonly teamConfigs?: ReadonlyMap<string, { readonly config: SweepSettings; readonly because: string }> | undefined;
  /**
   * Live prices (the AWS Price List API and its cache) and discounts, for sweeps that
   * declare `priceKeys`; built from the config by `pricingFor`.
   * @default - the bundled price tables only, list prices
   */
  readonly pricing?: RunPricing | undefined;
  /** Identifies this run in ledger history. @default - random */
  readonly runId?: string | undefined;
  /**
   * How long a run may hold a resource's action before another run may resume it
   * (covers a run killed mid-action). Keep it above the Lambda timeout.
   * @default 20
   */
  readonly leaseMinutes?: number | undefined;
  /**
   * Languages and time zone of owner notices: one message per language in
   * `noticeLocales` (each subscription filters on its own). @default - English, UTC
   */
  readonly presentation?: { readonly timeZone: string; readonly noticeLocales: readonly Locale[] } | undefined;
  /**
   * Asked before each region and each resource: `true` once the run must start
   * nothing new (e.g. its Lambda's deadline is near). The resources left are listed
   * in `inconclusive` ("left for the next run", ledger untouched), a region not begun
   * in `errors` (`RunDeadlineError`); queued notices are still sent.
   * @default - never stops
   */
  readonly shouldStop?: (() => boolean) | undefined;
  /**
   * The account swept: a member account's resources get `accountId` on their refs
   * (their own ledger keys), its findings, failures, notices and run record name it,
   * and `protectedBecause`/`exemptBecause` apply to every resource in it.
   * `clients` must already be that account's (its role's credentials).
   * @default - the deployment's own account, not looked up (as before accounts)
   */
  readonly account?: SweptAccount | undefined;
}
