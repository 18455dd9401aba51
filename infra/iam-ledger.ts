/**
 * What each finops-ai Lambda calls on the ledger, as IAM actions on the table or
 * one of its indexes, and the statements that allow exactly that. Derived from
 * `DynamoDbLedger` (lib/ledger/dynamodb-ledger.ts); test/infra/ledger-calls.test.ts
 * replays its methods against a recording client and fails when the code calls
 * something these tables do not allow (or they allow what it no longer calls).
 *
 * `TransactWriteItems` has no IAM action of its own: each `Put` in it is
 * authorized as `dynamodb:PutItem` (the ledger's transactions hold only puts).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { LEDGER_KEYS } from '../lib/ledger/table-design.js';

/** The table itself, or one of its indexes by name. */
export type LedgerResource = 'table' | (typeof LEDGER_KEYS.indexes)[number]['name'];

/** IAM actions on the ledger, by what they are authorized on. */
export type LedgerAccess = Readonly<Partial<Record<LedgerResource, readonly `dynamodb:${string}`[]>>>;

/**
 * Every sweep, in either mode: the states of the inventoried resources
 * (`getStates`: BatchGetItem, also the team budgets' tightenings) and the open
 * findings of a region (`listOpen`: Query on `openFindings`). Report mode writes
 * nothing, so this is all it gets.
 */
export const SWEEP_LEDGER_READS: LedgerAccess = {
  table: ['dynamodb:BatchGetItem'],
  openFindings: ['dynamodb:Query'],
};

/**
 * Apply mode adds: `commit` (TransactWriteItems of puts: PutItem), `recordRun`
 * (PutItem), `getAction` (GetItem, to resume or cancel an unfinished action) and
 * `history` (Query on the table: after an ambiguous write, the run reads the
 * resource's history back to tell its own commit from another run's).
 * Never UpdateItem, DeleteItem, BatchWriteItem or Scan.
 */
export const SWEEP_LEDGER_WRITES: LedgerAccess = {
  table: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
};

/**
 * The weekly digest: `getStates` (BatchGetItem), `firstRun` (Query on the table),
 * `listOpen` and `listActions` (Query on `openFindings`), `weekRecords` (Query on
 * `byWeek`). Read only.
 */
export const DIGEST_LEDGER_READS: LedgerAccess = {
  table: ['dynamodb:BatchGetItem', 'dynamodb:Query'],
  openFindings: ['dynamodb:Query'],
  byWeek: ['dynamodb:Query'],
};

/** The union of several accesses. */
export function ledgerAccess(...parts: readonly LedgerAccess[]): LedgerAccess {
  const union: Partial<Record<LedgerResource, `dynamodb:${string}`[]>> = {};
  for (const part of parts) {
    for (const [resource, actions] of Object.entries(part) as [LedgerResource, readonly `dynamodb:${string}`[]][]) {
      union[resource] = [...new Set([...(union[resource] ?? []), ...actions])];
    }
  }
  return union;
}

/**
 * The statements that allow `access` on `table`: one per set of resources, each
 * resource named (the table's ARN, `<table ARN>/index/<name>`), never `index/*`.
 * A table encrypted with a customer key also gets the key grant (decrypt, and
 * encrypt when the access writes).
 *
 * @example
 * grantLedger(ledger, role, ledgerAccess(SWEEP_LEDGER_READS, SWEEP_LEDGER_WRITES));
 */
export function grantLedger(table: dynamodb.ITable, grantee: iam.IGrantable, access: LedgerAccess): void {
  const arnOf = (resource: LedgerResource) => (resource === 'table' ? table.tableArn : `${table.tableArn}/index/${resource}`);
  const resourcesByAction = new Map<string, LedgerResource[]>();
  for (const [resource, actions] of Object.entries(access) as [LedgerResource, readonly string[]][]) {
    for (const action of actions) resourcesByAction.set(action, [...(resourcesByAction.get(action) ?? []), resource]);
  }
  const actionsByResources = new Map<string, { actions: string[]; resources: LedgerResource[] }>();
  for (const [action, resources] of resourcesByAction) {
    const key = resources.join(',');
    const entry = actionsByResources.get(key) ?? { actions: [], resources };
    entry.actions.push(action);
    actionsByResources.set(key, entry);
  }
  for (const { actions, resources } of actionsByResources.values()) {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: resources.map(arnOf) }));
  }
  const writes = Object.values(access).some((actions) => actions.some((a) => !/:(Get|BatchGet|Query|Scan)/.test(a)));
  if (writes) table.encryptionKey?.grantEncryptDecrypt(grantee);
  else table.encryptionKey?.grantDecrypt(grantee);
}

/**
 * The live price cache (`lib/prices/dynamodb-price-cache.ts`): sweeps that declare
 * `priceKeys` write the list prices the Price List API gave them as `PRICE#...` items
 * of the ledger table, in both modes (`BatchWriteItem`; reads are `BatchGetItem`,
 * already granted). The condition keeps these writes off every other item.
 */
export function grantPriceCacheWrites(table: dynamodb.ITable, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PriceCacheWrites',
      actions: ['dynamodb:BatchWriteItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PRICE#*'] } },
    }),
  );
  table.encryptionKey?.grantEncryptDecrypt(grantee);
}
