import * as z from 'zod/mini';
import { sweepSettingsShape, type SweepSettings } from '../../core/settings.js';

/** Hourly: a token spike costs by the hour, and the sweep is cheap (a few calls per region). */
export const DEFAULT_SCHEDULE = 'rate(1 hour)';

const Usd = z.number().check(z.gt(0));

/**
 * Config of the token-spend sweep (`sweeps.token-spend`). Report-only: it never acts; in
 * `apply` mode it records findings and sends urgent notices, in `report` mode it only
 * reports.
 */
export const TokenSpendConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  /**
   * Hours between two notices about the same open spike (at most one reminder per this
   * many hours while it lasts; a new reason, e.g. the cap crossed, is told at once).
   * @default 6
   */
  renotifyHours: z._default(z.number().check(z.minimum(1), z.maximum(24 * 90)), 6),
  /** The last complete hours whose token cost is compared with the baseline. @default 3 */
  windowHours: z._default(z.int().check(z.minimum(1), z.maximum(24)), 3),
  /** Days of the baseline: the median cost of the same hours on each of the previous days. @default 14 */
  baselineDays: z._default(z.int().check(z.minimum(1), z.maximum(28)), 14),
  /** A window costing more than this many times its baseline is a spike. @default 3 */
  spikeFactor: z._default(z.number().check(z.gt(1), z.maximum(1000)), 3),
  /** A window costing less than this (USD) is never a spike, whatever its baseline. @default 5 */
  minWindowCostUsd: z._default(z.number().check(z.minimum(0)), 5),
  /**
   * For usage whose price is unknown (dollars cannot be compared): a window of fewer
   * tokens than this is never a spike; above it, tokens are compared with the baseline.
   * @default 1000000
   */
  minWindowTokens: z._default(z.number().check(z.minimum(0)), 1_000_000),
  /**
   * Daily cap (USD, UTC day) of every team's token spend in a region: over it, the team is
   * flagged whatever its baseline. The issue calls it `tokenSpend.dailyCapUsd`; it lives
   * with the sweep's other settings. @default - no cap
   */
  dailyCapUsd: z.optional(Usd),
  /** Caps of named teams (case-sensitive team tag values), replacing `dailyCapUsd` for them. @default {} */
  dailyCapUsdByTeam: z._default(z.record(z.string().check(z.minLength(1)), Usd), {}),
});

/** Resolved config of the token-spend sweep. */
export interface TokenSpendConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly windowHours: number;
  readonly baselineDays: number;
  readonly spikeFactor: number;
  readonly minWindowCostUsd: number;
  readonly minWindowTokens: number;
  readonly dailyCapUsd?: number | undefined;
  readonly dailyCapUsdByTeam: Readonly<Record<string, number>>;
  /** The shared tag keys, added by `sweepConfig` (the team tag names a profile's team). @default - `team` */
  readonly tagKeys?: { readonly team: string };
}
