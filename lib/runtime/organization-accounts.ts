/**
 * The accounts of an AWS organization, as the hub (the management account or a
 * delegated administrator) lists them: `ListAccounts` for the whole organization, or
 * per organizational unit `ListAccountsForParent` and, for the OUs nested in it,
 * `ListOrganizationalUnitsForParent`, recursively. Pages of 20 (the API's largest).
 */
import {
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
} from '@aws-sdk/client-organizations';
import type { ClientFactory } from '../core/sweep.js';

/** One account as Organizations lists it. */
export interface OrganizationAccount {
  readonly id: string;
  readonly name?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`, ... (`State`, else the older `Status`). */
  readonly state: string;
}

/**
 * Every account of the organization, or of the given OUs (and the OUs under them),
 * each once, in the order listed.
 *
 * @example
 * await organizationAccounts(clients, 'us-east-1', ['ou-ab12-abcdefgh'])
 * // [{ id: '111122223333', name: 'ml-sandbox', state: 'ACTIVE' }, ...]
 */
export async function organizationAccounts(clients: ClientFactory, region: string, parents?: readonly string[]): Promise<OrganizationAccount[]> {
  const client = clients.get(OrganizationsClient, region);
  const found = new Map<string, OrganizationAccount>();
  const add = (account: Account) => {
    if (account.Id && !found.has(account.Id))
      found.set(account.Id, { id: account.Id, ...(account.Name ? { name: account.Name } : {}), state: account.State ?? account.Status ?? 'UNKNOWN' });
  };
  if (!parents) {
    for await (const page of paginateListAccounts({ client, pageSize: 20 }, {})) for (const a of page.Accounts ?? []) add(a);
    return [...found.values()];
  }
  const queue = [...parents];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const parent = queue.shift()!;
    if (visited.has(parent)) continue;
    visited.add(parent);
    for await (const page of paginateListAccountsForParent({ client, pageSize: 20 }, { ParentId: parent })) for (const a of page.Accounts ?? []) add(a);
    for await (const page of paginateListOrganizationalUnitsForParent({ client, pageSize: 20 }, { ParentId: parent })) {
      for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) queue.push(ou.Id);
    }
  }
  return [...found.values()];
}
