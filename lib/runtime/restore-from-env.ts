/** Restores one recorded action with the ledger named in the environment (the CLI's `restore`). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import { ENV } from '../core/deployment-names.js';
import { MissingEnvironmentError } from '../core/errors.js';
import { restoreAction, type RestoreReport } from '../engine/restore.js';
import type { AnySweep } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import { DEFAULT_MEMBER_ROLE_NAME } from '../config/accounts-config.js';
import { AccountAccess, callerAccountId } from './account-access.js';
import { deploymentFromEnv, homeRegion, resolveRegions, type Env } from './deployment.js';

/** Options of {@link restoreFromEnv}. */
export interface RestoreFromEnvOptions {
  readonly actionId: string;
  readonly clock: Clock;
  readonly config: AnyFinOpsConfig;
  /**
   * The sweep that recorded the action, by the name the ledger kept (the CLI
   * passes the registry's `sweepNamed`).
   */
  readonly sweepNamed: (name: string) => AnySweep;
  /** @default process.env */
  readonly env?: Env;
  /** @default - new clients with the config's `aws.maxAttempts` */
  readonly clients?: AwsClients;
  /** The member role to assume for an action in a member account. @default - `accounts.roleName`, else 'FinOpsAiMember' */
  readonly roleName?: string;
}

/**
 * Restores one action using the ledger named by `FINOPS_LEDGER_TABLE`.
 *
 * @example
 * await restoreFromEnv({ actionId, clock: systemClock, config, sweepNamed });
 */
export async function restoreFromEnv(options: RestoreFromEnvOptions): Promise<RestoreReport> {
  const env = options.env ?? process.env;
  const deployment = deploymentFromEnv(env);
  if (!deployment.ledgerTable) throw new MissingEnvironmentError(ENV.ledgerTable, 'to restore (the ledger table name)');
  const clients = options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts });
  const home = homeRegion(resolveRegions(options.config, undefined, env), env);
  const accounts = options.config.accounts;
  const roleName = options.roleName ?? accounts?.roleName;
  const report = await restoreAction({
    actionId: options.actionId,
    ledger: new DynamoDbLedger(deployment.ledgerTable, clients.get(DynamoDBClient, home)),
    clients,
    clock: options.clock,
    sweepNamed: options.sweepNamed,
    // An action in a member account is restored through that account's role.
    clientsFor: async (accountId) => {
      if (accountId === undefined) return clients;
      const access = new AccountAccess({
        hubClients: clients,
        hubRegion: home,
        hubAccountId: await callerAccountId(clients, home),
        ...(roleName ? { roleName } : {}),
        ...(accounts?.externalId ? { externalId: accounts.externalId } : {}),
      });
      return access.clientsFor(accountId);
    },
  });
  return report.accountId ? { ...report, roleName: roleName ?? DEFAULT_MEMBER_ROLE_NAME } : report;
}
