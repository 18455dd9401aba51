/**
 * How the hub reaches an account: its own with its own credentials, a member account
 * through `arn:<partition>:iam::<account>:role/<roleName>` (STS AssumeRole with the
 * external id), credentials cached per account for the life of this object (one
 * Lambda invocation, or one CLI command).
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients.js';
import { AccountAccessError, errorMessage, errorName } from '../core/errors.js';
import { partitionOfRegion } from '../core/regions.js';
import { DEFAULT_MEMBER_ROLE_NAME } from '../config/accounts-config.js';

/** Options of {@link AccountAccess}. */
export interface AccountAccessOptions {
  /** The hub's clients (its own credentials): the own account's, and the STS caller. */
  readonly hubClients: AwsClients;
  /** The hub's region (STS is called there). */
  readonly hubRegion: string;
  /** The deployment's own account: reached without a role. */
  readonly hubAccountId: string;
  /** @default 'FinOpsAiMember' */
  readonly roleName?: string;
  /** @default - none */
  readonly externalId?: string | undefined;
  /** @default 'finops-ai' */
  readonly sessionName?: string;
}

/** Reaches accounts for one invocation; see the module comment. */
export class AccountAccess {
  readonly hubClients: AwsClients;
  readonly hubAccountId: string;
  readonly roleName: string;
  readonly #o: AccountAccessOptions;
  readonly #sessions = new Map<string, Promise<AwsClients>>();

  constructor(options: AccountAccessOptions) {
    this.#o = options;
    this.hubClients = options.hubClients;
    this.hubAccountId = options.hubAccountId;
    this.roleName = options.roleName ?? DEFAULT_MEMBER_ROLE_NAME;
  }

  /** `true` for the deployment's own account. */
  isOwn(accountId: string): boolean {
    return accountId === this.hubAccountId;
  }

  /** The member role's ARN in `accountId`. */
  roleArn(accountId: string): string {
    return `arn:${partitionOfRegion(this.#o.hubRegion) ?? 'aws'}:iam::${accountId}:role/${this.roleName}`;
  }

  /**
   * Clients signed for `accountId`: the hub's own for its own account, else the member
   * role's (assumed once; a failed attempt is forgotten, so a retry assumes again).
   *
   * @throws AccountAccessError naming the account and the role when AssumeRole fails
   */
  clientsFor(accountId: string): Promise<AwsClients> {
    if (this.isOwn(accountId)) return Promise.resolve(this.hubClients);
    let session = this.#sessions.get(accountId);
    if (!session) {
      session = this.#assume(accountId);
      session.catch(() => this.#sessions.delete(accountId));
      this.#sessions.set(accountId, session);
    }
    return session;
  }

  async #assume(accountId: string): Promise<AwsClients> {
    const roleArn = this.roleArn(accountId);
    try {
      const out = await this.hubClients.get(STSClient, this.#o.hubRegion).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.#o.sessionName ?? 'finops-ai',
          ...(this.#o.externalId ? { ExternalId: this.#o.externalId } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return this.hubClients.withCredentials({
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      });
    } catch (error) {
      throw new AccountAccessError(accountId, roleArn, `${errorName(error)}: ${errorMessage(error)}`, { cause: error });
    }
  }
}

/**
 * The account of the caller: from the Lambda's own ARN when given (no call), else
 * STS GetCallerIdentity (one call).
 *
 * @example
 * await callerAccountId(clients, 'us-east-1', context.invokedFunctionArn) // '123456789012'
 */
export async function callerAccountId(clients: AwsClients, region: string, invokedFunctionArn?: string): Promise<string> {
  const fromArn = /^arn:[^:]+:lambda:[^:]*:(\d{12}):/.exec(invokedFunctionArn ?? '')?.[1];
  if (fromArn) return fromArn;
  const identity = await clients.get(STSClient, region).send(new GetCallerIdentityCommand({}));
  if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account');
  return identity.Account;
}
