import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { MissingEnvironmentError } from '../core/errors.js';
import type { SweepMode, SweepReport } from '../core/finding.js';
import type { Ledger } from '../core/ledger-port.js';
import type { Notifier } from '../core/notice-port.js';
import type { OwnershipPolicy } from '../core/policy.js';
import type { SweepSettings } from '../core/settings.js';
import type { AnySweep, LoggerLike, RegionContext } from '../core/sweep.js';
import { SweepRun } from './sweep-run.js';

export { newActionId } from './action-id.js';

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
  readonly logger?: LoggerLike | undefined;
  /**
   * Settings by team that replace `config` for that team's resources (e.g. stricter
   * limits while the team is over budget), with why, which is added to the reason
   * of the team's findings. @default - none
   */
  readonly teamConfigs?: ReadonlyMap<string, { readonly config: SweepSettings; readonly because: string }> | undefined;
  /** Identifies this run in ledger history. @default - random */
  readonly runId?: string | undefined;
  /**
   * How long a run may hold a resource's action before another run may resume it
   * (covers a run killed mid-action). Keep it above the Lambda timeout.
   * @default 20
   */
  readonly leaseMinutes?: number | undefined;
}

/**
 * Runs one sweep: inventory -> pure assessment -> pure {@link transition} ->
 * (apply) ledger writes, actions and owner notices. The one engine behind every
 * Lambda and the CLI; it owns what must be the same for every sweep:
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
 * @throws MissingEnvironmentError apply mode without a ledger or a notifier
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
  const run = new SweepRun({ ...options, regions }, options.runId ?? `run-${randomBytes(6).toString('hex')}`);
  for (const region of regions) await run.region(region);
  await run.sendNotices();
  if (options.mode === 'apply') await run.recordRun();
  return run.report();
}
