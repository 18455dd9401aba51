/**
 * Seeds an AWS organization on the local emulator, for the organization tests, bench
 * and demo: the hub (the emulator's default account) creates the organization and its
 * member accounts through the Organizations API; each member's FinOpsAiMember role is
 * created with the emulator's `iam/role` control op (what the StackSet deploys in AWS).
 */
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials } from '../aws/clients.js';

/** The emulator's default account: the hub (and the organization's management account). */
export const EMULATOR_HUB_ACCOUNT = '123456789012';

/** Where and as whom the seeding calls go. */
export interface OrgSeedTarget {
  readonly endpoint: string;
  readonly region: string;
  /** The hub's credentials. @default - the emulator's test credentials */
  readonly credentials?: AwsCredentials;
}

const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

function clientConfig(target: OrgSeedTarget) {
  return { region: target.region, endpoint: target.endpoint, credentials: target.credentials ?? TEST_CREDENTIALS, maxAttempts: 3 };
}

/**
 * Creates the organization and one member account per name (in one new OU when `ou`
 * is given); returns the accounts' ids by name and the OU's id.
 */
export async function seedOrganization(
  target: OrgSeedTarget,
  names: readonly string[],
  options: { readonly ou?: string } = {},
): Promise<{ readonly accounts: Map<string, string>; readonly ouId?: string }> {
  const org = new OrganizationsClient(clientConfig(target));
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ouId = options.ou ? (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: options.ou }))).OrganizationalUnit!.Id! : undefined;
    const accounts = new Map<string, string>();
    for (const name of names) {
      const status = await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
      const id = status.CreateAccountStatus!.AccountId!;
      accounts.set(name, id);
      if (ouId) await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }));
    }
    return { accounts, ...(ouId ? { ouId } : {}) };
  } finally {
    org.destroy();
  }
}

/** Closes a member account (Organizations `CloseAccount`: it becomes SUSPENDED). */
export async function closeAccount(target: OrgSeedTarget, accountId: string): Promise<void> {
  const org = new OrganizationsClient(clientConfig(target));
  try {
    await org.send(new CloseAccountCommand({ AccountId: accountId }));
  } finally {
    org.destroy();
  }
}

/** Credentials in a member account, through a role there (by default the account's OrganizationAccountAccessRole). */
export async function memberCredentials(
  target: OrgSeedTarget,
  accountId: string,
  role: { readonly name?: string; readonly externalId?: string } = {},
): Promise<AwsCredentials> {
  const sts = new STSClient(clientConfig(target));
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${role.name ?? 'OrganizationAccountAccessRole'}`,
        RoleSessionName: 'seed',
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
      }),
    );
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
  } finally {
    sts.destroy();
  }
}

/**
 * Creates the member role in `accountId`: trusted by the hub's account, with the
 * external id as a condition when given (the `FinOpsAiMemberRole` construct's trust).
 */
export async function seedMemberRole(
  control: (path: string, body?: unknown) => Promise<unknown>,
  accountId: string,
  role: { readonly name: string; readonly hubAccountId?: string; readonly externalId?: string },
): Promise<void> {
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${role.hubAccountId ?? EMULATOR_HUB_ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
        ...(role.externalId ? { Condition: { StringEquals: { 'sts:ExternalId': role.externalId } } } : {}),
      },
    ],
  };
  await control('iam/role', { accountId, roleName: role.name, trustPolicy: trust });
}
