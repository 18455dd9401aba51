/**
 * The first state of a sweep's state machine: the (account, region) pairs its
 * Distributed Map runs over, from the bundled config's `accounts` and `regions`
 * ({@link listSweepPairs}). Event `{ sweep: '<name>' }`; returns `{ pairs, skipped }`.
 */
import { AwsClients } from '../aws/clients.js';
import { UnknownSweepError } from '../core/errors.js';
import type { AnySweep } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { parseConfigFor } from '../config/parse-config.js';
import { callerAccountId } from '../runtime/account-access.js';
import { homeRegion, resolveRegions } from '../runtime/deployment.js';
import { listSweepPairs, type SweepPairs } from '../runtime/list-sweep-pairs.js';
import { SWEEPS } from '../sweeps/registry.js';
import { loadBundledConfig } from './bundled-config.js';

/** The pairs Lambda's event. */
export interface PairsEvent {
  readonly sweep: string;
}

/** Options of {@link createPairsHandler}. */
export interface PairsHandlerOptions {
  /** @default - the config bundled with the Lambda, validated (other sweeps' sections kept) */
  readonly config?: AnyFinOpsConfig;
  /** Where a sweep's one global region is read. @default - the registry */
  readonly sweeps?: readonly Pick<AnySweep, 'name' | 'globalRegion'>[];
  /** @default - new clients with the config's `aws.maxAttempts` */
  readonly clients?: AwsClients;
}

/**
 * The pairs handler over a config.
 *
 * @example
 * const pairs = createPairsHandler({ config });
 * await pairs({ sweep: 'idle-endpoints' }) // { pairs: [{ sweep, accountId, accountName, region }, ...], skipped: [...] }
 */
export function createPairsHandler(options: PairsHandlerOptions = {}) {
  const config = options.config ?? loadBundledConfig((json, origin) => parseConfigFor(json, [], origin, { otherSweeps: 'keep' }), { label: 'pairs' });
  const sweeps = options.sweeps ?? SWEEPS;
  const clients = options.clients ?? new AwsClients({ maxAttempts: config.aws.maxAttempts });
  return async (event: PairsEvent, context?: { readonly invokedFunctionArn?: string }): Promise<SweepPairs> => {
    const sweep = sweeps.find((s) => s.name === event.sweep);
    if (!sweep)
      throw new UnknownSweepError(
        event.sweep,
        sweeps.map((s) => s.name),
      );
    const home = homeRegion(resolveRegions(config, undefined, process.env), process.env);
    const hubAccountId = await callerAccountId(clients, home, context?.invokedFunctionArn);
    return listSweepPairs(config, { clients, sweep, hubAccountId });
  };
}

let deployed: ReturnType<typeof createPairsHandler> | undefined;

/** The deployed pairs Lambda's entry (reads its bundled config on the first call). */
export async function handler(event: PairsEvent, context?: { readonly invokedFunctionArn?: string }): Promise<SweepPairs> {
  deployed ??= createPairsHandler();
  return deployed(event, context);
}
