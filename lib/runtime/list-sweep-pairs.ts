/**
 * The (account, region) pairs one sweep covers: the first state of the sweep's state
 * machine (the pairs Lambda) and of the local Map runner. Accounts come from the
 * `accounts` config (AWS Organizations, or a list; without it, the hub's own account),
 * regions from the config (or the sweep's one global region). What is left out is
 * reported, never dropped silently: accounts not ACTIVE, excluded ones, and regions
 * not enabled in an account.
 */
import type { AwsClients } from '../aws/clients.js';
import { errorMessage, errorName } from '../core/errors.js';
import type { AnySweep, LoggerLike } from '../core/sweep.js';
import { silentLogger } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { AccountAccess, callerAccountId } from './account-access.js';
import { homeRegion, resolveRegions, type Env } from './deployment.js';
import { runMap } from './map-runner.js';
import { organizationAccounts } from './organization-accounts.js';
import { disabledRegions, isOptInRegion } from './region-enablement.js';

/** One item of the Map: one sweep over one region of one account. */
export interface SweepPair {
  readonly sweep: string;
  readonly accountId: string;
  /** The account's name in AWS Organizations (source `organization` only). */
  readonly accountName?: string;
  readonly region: string;
}

/** An account (`region: null`) or an account's region left out, and why. */
export interface SkippedPair {
  readonly accountId: string;
  readonly region: string | null;
  readonly reason: string;
}

/** What {@link listSweepPairs} returns (the pairs Lambda's result). */
export interface SweepPairs {
  readonly pairs: SweepPair[];
  readonly skipped: SkippedPair[];
}

/** Options of {@link listSweepPairs}. */
export interface ListSweepPairsOptions {
  /** The hub's clients (Organizations, STS). */
  readonly clients: AwsClients;
  /** The sweep, by name or declaration (a global sweep covers its one region). */
  readonly sweep: string | Pick<AnySweep, 'name' | 'globalRegion'>;
  /** @default process.env */
  readonly env?: Env;
  /** The hub's own account. @default - STS GetCallerIdentity */
  readonly hubAccountId?: string;
  /** How member accounts are reached, for the check of opt-in regions. @default - from `config.accounts` */
  readonly access?: AccountAccess;
  /** Accounts checked at once for opt-in regions. @default 10 */
  readonly concurrency?: number;
  readonly logger?: LoggerLike;
}

/**
 * Lists the pairs. Calls: none for the accounts without `accounts` (STS
 * GetCallerIdentity once when the hub's account is not given), `ListAccounts` pages
 * (or per OU) for `organization`; and only when a configured region is an opt-in one,
 * per account AssumeRole and one EC2 `DescribeRegions`.
 *
 * @example
 * const { pairs, skipped } = await listSweepPairs(config, { clients, sweep: 'idle-endpoints' });
 */
export async function listSweepPairs(config: AnyFinOpsConfig, options: ListSweepPairsOptions): Promise<SweepPairs> {
  const env = options.env ?? process.env;
  const sweep = typeof options.sweep === 'string' ? { name: options.sweep } : options.sweep;
  const configured = resolveRegions(config, undefined, env);
  const regions = sweep.globalRegion ? [sweep.globalRegion] : configured;
  const home = homeRegion(configured, env);
  const hubAccountId = options.hubAccountId ?? (await callerAccountId(options.clients, home));
  const skipped: SkippedPair[] = [];
  const accounts: { id: string; name?: string }[] = [];
  const excluded = new Set(config.accounts?.excludeIds ?? []);
  const candidates =
    config.accounts === undefined
      ? [{ id: hubAccountId, state: 'ACTIVE' }]
      : config.accounts.source === 'list'
        ? (config.accounts.ids ?? []).map((id) => ({ id, state: 'ACTIVE' }))
        : await organizationAccounts(options.clients, home, config.accounts.organizationalUnits);
  for (const account of candidates) {
    if (excluded.has(account.id)) skipped.push({ accountId: account.id, region: null, reason: 'excluded by accounts.excludeIds' });
    else if (account.state !== 'ACTIVE') skipped.push({ accountId: account.id, region: null, reason: `account is ${account.state}, not ACTIVE` });
    else accounts.push({ id: account.id, ...('name' in account && account.name ? { name: account.name } : {}) });
  }

  const access =
    options.access ??
    new AccountAccess({
      hubClients: options.clients,
      hubRegion: home,
      hubAccountId,
      ...(config.accounts ? { roleName: config.accounts.roleName, externalId: config.accounts.externalId } : {}),
    });
  const log = options.logger ?? silentLogger;
  const disabled = regions.some(isOptInRegion)
    ? await runMap(accounts, {
        concurrency: options.concurrency ?? 10,
        retry: { attempts: 1 },
        run: async (account) => disabledRegions(await access.clientsFor(account.id), regions),
        // The account cannot be reached: its pairs stay, and fail named when they run.
        onFailure: (account, error) => {
          log.warn('Could not check the regions enabled in an account', { accountId: account.id, error: `${errorName(error)}: ${errorMessage(error)}` });
          return Promise.resolve(new Map<string, string>());
        },
      })
    : accounts.map(() => new Map<string, string>());

  const pairs: SweepPair[] = [];
  accounts.forEach((account, i) => {
    for (const region of regions) {
      const status = disabled[i]!.get(region);
      if (status) skipped.push({ accountId: account.id, region, reason: `region not enabled in the account (opt-in status ${status})` });
      else pairs.push({ sweep: sweep.name, accountId: account.id, ...(account.name ? { accountName: account.name } : {}), region });
    }
  });
  return { pairs, skipped };
}
