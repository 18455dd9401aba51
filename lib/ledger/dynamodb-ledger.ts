import { ResourceNotFoundException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { LedgerConflictError, LedgerTableNotFoundError, LedgerUnprocessedKeysError } from '../core/errors.js';
import type { ResourceRef } from '../core/finding.js';
import type { Ledger, ReportingLedger } from '../core/ledger-port.js';
import {
  resourceKey,
  type ActionRecord,
  type ActionStatus,
  type LedgerEvent,
  type LedgerWrite,
  type ResourceState,
  type RunRecord,
} from '../core/ledger-records.js';
import {
  actionFromItem,
  actionItem,
  eventFromItem,
  eventItem,
  openPartition,
  resourcePartition,
  runFromItem,
  runItem,
  runPartition,
  stateFromItem,
  stateItem,
  type Item,
} from './item-mapping.js';
import { ledgerRequestToken } from './request-token.js';
import { ACTIONS_PARTITION } from './table-design.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The {@link Ledger} on one DynamoDB table (design in `table-design.ts`). Holds only
 * SDK calls; the items are built and parsed in `item-mapping.ts` (a malformed item
 * fails with {@link LedgerItemInvalidError} naming its key). Every write is one
 * `TransactWriteItems` whose conditions turn a lost race into {@link LedgerConflictError},
 * with a `ClientRequestToken` derived from the write ({@link ledgerRequestToken}) so
 * that the SDK's retry of a committed transaction is recognized as the same one.
 * A missing table fails with {@link LedgerTableNotFoundError} naming it and its region.
 */
export class DynamoDbLedger implements Ledger, ReportingLedger {
  readonly #doc: DynamoDBDocumentClient;
  readonly #client: DynamoDBClient;
  /** Orders events written at the same instant (a run's events share its clock). */
  #sequence = 0;

  /**
   * @param tableName the ledger table (`FINOPS_LEDGER_TABLE`).
   * @param client a DynamoDB client in the table's region.
   */
  constructor(
    readonly tableName: string,
    client: DynamoDBClient,
  ) {
    this.#client = client;
    this.#doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
  }

  async getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>> {
    return this.#named(() => this.#getStates(sweep, refs));
  }

  async #getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>> {
    const states = new Map<string, ResourceState>();
    const unique = [...new Map(refs.map((r) => [resourceKey(r), r])).keys()];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Item[] = unique.slice(i, i + 100).map((k) => ({ pk: resourcePartition(k), sk: `STATE#${sweep}` }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        if (attempt > 8) throw new LedgerUnprocessedKeysError(this.tableName, keys.length);
        const out = await this.#doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const state = stateFromItem(item);
          states.set(resourceKey(state.ref), state);
        }
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
      }
    }
    return states;
  }

  async listOpen(sweep: string, region: string, accountId?: string | null): Promise<ResourceState[]> {
    return this.#named(() => this.#listOpen(sweep, region, accountId));
  }

  async #listOpen(sweep: string, region: string, accountId: string | null | undefined): Promise<ResourceState[]> {
    const states: ResourceState[] = [];
    // A member account's keys start with its id (resourceKey): one range of the partition.
    const member = typeof accountId === 'string';
    const pages = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.tableName,
        IndexName: 'openFindings',
        KeyConditionExpression: member ? 'gsi4pk = :pk AND begins_with(gsi4sk, :account)' : 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': openPartition(sweep, region), ...(member ? { ':account': `${accountId}#` } : {}) },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) states.push(stateFromItem(item));
    // The own account's records are those without an account (the partition's other range).
    return accountId === null ? states.filter((s) => s.ref.accountId === undefined) : states;
  }

  async commit(write: LedgerWrite): Promise<void> {
    const items: TransactItem[] = [];
    if (write.state) items.push(this.#putState(write.state.next, write.state.expectedVersion));
    if (write.action) items.push(this.#putAction(write.action.next, write.action.expectedStatus));
    items.push({
      Put: {
        TableName: this.tableName,
        Item: eventItem(write.event, this.#sequence++),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    try {
      await this.#named(() => this.#doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: ledgerRequestToken(write) })));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new LedgerConflictError(resourceKey(write.event.ref), write.event.type, { cause: error });
      }
      throw error;
    }
  }

  async getAction(actionId: string): Promise<ActionRecord | undefined> {
    const out = await this.#named(() =>
      this.#doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `ACTION#${actionId}`, sk: 'ACTION' }, ConsistentRead: true })),
    );
    return out.Item ? actionFromItem(out.Item) : undefined;
  }

  async history(ref: ResourceRef): Promise<LedgerEvent[]> {
    return this.#named(() => this.#history(ref));
  }

  async #history(ref: ResourceRef): Promise<LedgerEvent[]> {
    const events: LedgerEvent[] = [];
    const pages = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': resourcePartition(resourceKey(ref)), ':event': 'EVENT#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) events.push(eventFromItem(item));
    return events;
  }

  async recordRun(run: RunRecord): Promise<void> {
    await this.#named(() => this.#doc.send(new PutCommand({ TableName: this.tableName, Item: runItem(run) })));
  }

  async listActions(before: string): Promise<ActionRecord[]> {
    return this.#named(() => this.#listActions(before));
  }

  async #listActions(before: string): Promise<ActionRecord[]> {
    const actions: ActionRecord[] = [];
    const pages = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.tableName,
        IndexName: 'openFindings',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk < :before',
        ExpressionAttributeValues: { ':pk': ACTIONS_PARTITION, ':before': before },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) actions.push(actionFromItem(item));
    return actions;
  }

  async weekRecords(week: string): Promise<{ events: LedgerEvent[]; runs: RunRecord[] }> {
    return this.#named(() => this.#weekRecords(week));
  }

  async #weekRecords(week: string): Promise<{ events: LedgerEvent[]; runs: RunRecord[] }> {
    const events: LedgerEvent[] = [];
    const runs: RunRecord[] = [];
    const pages = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.tableName,
        IndexName: 'byWeek',
        KeyConditionExpression: 'gsi1pk = :week',
        // Action records share the partition; the digest lists them all with listActions.
        FilterExpression: '#kind <> :action',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':week': `WEEK#${week}`, ':action': 'action' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        if (item.kind === 'run') runs.push(runFromItem(item));
        else if (item.kind === 'event') events.push(eventFromItem(item));
      }
    }
    return { events, runs };
  }

  async firstRun(sweep: string): Promise<RunRecord | undefined> {
    const out = await this.#named(() =>
      this.#doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
          ExpressionAttributeValues: { ':pk': runPartition(sweep), ':run': 'RUN#' },
          Limit: 1,
        }),
      ),
    );
    const item = out.Items?.[0];
    return item ? runFromItem(item) : undefined;
  }

  /** Runs `call`; a missing table becomes {@link LedgerTableNotFoundError} naming it and its region. */
  async #named<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ResourceNotFoundException) {
        const region = this.#client.config.region;
        throw new LedgerTableNotFoundError(this.tableName, typeof region === 'function' ? await region() : region, { cause: error });
      }
      throw error;
    }
  }

  #putState(state: ResourceState, expectedVersion: number | null): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: stateItem(state),
        ...(expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      },
    };
  }

  #putAction(action: ActionRecord, expectedStatus: ActionStatus | null): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: actionItem(action),
        ...(expectedStatus === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#status = :expected',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':expected': expectedStatus },
            }),
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
