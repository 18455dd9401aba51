/**
 * The ledger's single-table design, shared by the DynamoDB ledger and the CDK
 * `LedgerTable` so the two can never disagree.
 *
 * | item      | pk                 | sk                                  | byWeek (gsi1)          | byTeam (gsi2) / byOwner (gsi3) | openFindings (gsi4)      |
 * |-----------|--------------------|-------------------------------------|------------------------|--------------------------------|--------------------------|
 * | state     | `RES#<resource>`   | `STATE#<sweep>`                     | -                      | `STATE#<sweep>#<resource>`     | `OPEN#<sweep>#<region>` while open |
 * | event     | `RES#<resource>`   | `EVENT#<at>#<seq>-<nonce>#<sweep>#<type>` | `WEEK#<iso week>`      | `EVENT#<at>#<resource>`        | -                        |
 * | action    | `ACTION#<id>`      | `ACTION`                            | `WEEK#<iso week>`      | `ACTION#<startedAt>#<id>`      | `ACTIONS` (sk `<startedAt>#<id>`) |
 * | run       | `RUN#<sweep>`      | `RUN#<startedAt>#<runId>`           | `WEEK#<iso week>`      | -                              | -                        |
 *
 * `<resource>` is {@link resourceKey}: `<resourceType>#<region>#<resourceId>`.
 * Access patterns: one resource's history (pk); findings and actions by week (byWeek);
 * by team (byTeam, pk `TEAM#<team>` or `TEAM#~unallocated`); by owner (byOwner,
 * pk `OWNER#<owner>`); a sweep's live findings per region (openFindings, sparse);
 * every action record (openFindings, partition `ACTIONS`: few, read whole by the
 * digest); a sweep's apply-mode runs, first one first (pk `RUN#<sweep>`).
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const LEDGER_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'byWeek', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'byTeam', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'byOwner', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { name: 'openFindings', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const;

/** Team partition value for resources without a team tag. */
export const UNALLOCATED_TEAM = '~unallocated';

/** openFindings partition that lists every action record (sort key `<startedAt>#<actionId>`). */
export const ACTIONS_PARTITION = 'ACTIONS';

/**
 * The `CreateTable` request of a ledger table of this design (on-demand, string
 * keys, every index projecting all attributes), as the local emulator and the
 * tests create it; the CDK construct declares the same design.
 */
export function ledgerTableRequest(tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([LEDGER_KEYS.partitionKey, LEDGER_KEYS.sortKey]);
  for (const index of LEDGER_KEYS.indexes) attributes.add(index.partitionKey).add(index.sortKey);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: LEDGER_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: LEDGER_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: LEDGER_KEYS.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
