import { randomBytes } from 'node:crypto';
import { MissingEnvironmentError } from '../core/errors.js';
import type { SweepReport } from '../core/finding.js';
import type { RunSweepOptions } from './run-options.js';
import { SweepRun } from './sweep-run.js';

export { newActionId } from './action-id.js';
export type { RunSweepOptions } from './run-options.js';

/**
 * Runs one sweep: inventory -> pure assessment -> pure {@link transition} ->
 * (apply) ledger writes, actions and owner notices. The one engine behind every
 * Lambda and the CLI; it owns what must be the same for every sweep:
 *
 * - report mode records nothing (the ledger, when given, is only read; its price
 *   cache of public list prices is refreshed, see `RunSweepOptions.pricing`);
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
