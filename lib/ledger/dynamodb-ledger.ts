import { randomBytes } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
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
import type { ResourceRef } from '../core/finding.js';
import { isoWeekOf } from '../core/iso-week.js';
import { LedgerConflictError } from '../core/errors.js';
import type { Ledger, ReportingLedger } from './ledger.js';
import {
  isOpen,
  resourceKey,
  type ActionRecord,
  type LedgerEvent,
  type LedgerWrite,
  type ResourceState,
  type RunRecord,
} from './records.js';
import { ACTIONS_PARTITION, UNALLOCATED_TEAM } from './table-design.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'kind'];

/**
 * The {@link Ledger} on one DynamoDB table (design in `table-design.ts`). Holds only
 * SDK calls and the item mapping; every write is one `TransactWriteItems` whose
 * conditions turn a lost race into {@link LedgerConflictError}.
 */
export class DynamoDbLedger implements Ledger, ReportingLedger {
  readonly #doc: DynamoDBDocumentClient;
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
    this.#doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
  }

  async getStates(sweep: string, refs: readonly ResourceRef[]): Promise<Map<string, ResourceState>> {
    const states = new Map<string, ResourceState>();
    const unique = [...new Map(refs.map((r) => [resourceKey(r), r])).keys()];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Item[] = unique.slice(i, i + 100).map((k) => ({ pk: `RES#${k}`, sk: `STATE#${sweep}` }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(2000, 50 * 2 ** attempt));
        if (attempt > 8) throw new Error(`DynamoDB kept ${keys.length} keys unprocessed in BatchGetItem on ${this.tableName}`);
        const out = await this.#doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const state = toState(item);
          states.set(resourceKey(state.ref), state);
        }
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
      }
    }
    return states;
  }

  async listOpen(sweep: string, region: string): Promise<ResourceState[]> {
    const states: ResourceState[] = [];
    const pages = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.tableName,
        IndexName: 'openFindings',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': openKey(sweep, region) },
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) states.push(toState(item));
    return states;
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
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new LedgerConflictError(resourceKey(write.event.ref), write.event.type, { cause: error });
      }
      throw error;
    }
  }

  async getAction(actionId: string): Promise<ActionRecord | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `ACTION#${actionId}`, sk: 'ACTION' }, ConsistentRead: true }),
    );
    return out.Item ? (stripKeys(out.Item) as unknown as ActionRecord) : undefined;
  }

  async history(ref: ResourceRef): Promise<LedgerEvent[]> {
    const events: LedgerEvent[] = [];
    const pages = paginateQuery(
      { client: this.#doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
        ExpressionAttributeValues: { ':pk': `RES#${resourceKey(ref)}`, ':event': 'EVENT#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) events.push(stripKeys(item) as unknown as LedgerEvent);
    return events;
  }

  async recordRun(run: RunRecord): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...run,
          pk: runPartition(run.sweep),
          sk: `RUN#${run.startedAt}#${run.runId}`,
          kind: 'run',
          gsi1pk: `WEEK#${isoWeekOf(new Date(run.startedAt))}`,
          gsi1sk: `${run.startedAt}#RUN#${run.sweep}#${run.runId}`,
        },
      }),
    );
  }

  async listActions(before: string): Promise<ActionRecord[]> {
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
    for await (const page of pages) for (const item of page.Items ?? []) actions.push(stripKeys(item) as unknown as ActionRecord);
    return actions;
  }

  async weekRecords(week: string): Promise<{ events: LedgerEvent[]; runs: RunRecord[] }> {
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
        if (item.kind === 'run') runs.push(stripKeys(item) as unknown as RunRecord);
        else if (item.kind === 'event') events.push(stripKeys(item) as unknown as LedgerEvent);
      }
    }
    return { events, runs };
  }

  async firstRun(sweep: string): Promise<RunRecord | undefined> {
    const out = await this.#doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
        ExpressionAttributeValues: { ':pk': runPartition(sweep), ':run': 'RUN#' },
        Limit: 1,
      }),
    );
    const item = out.Items?.[0];
    return item ? (stripKeys(item) as unknown as RunRecord) : undefined;
  }

  #putState(state: ResourceState, expectedVersion: number | null): TransactItem {
    const key = resourceKey(state.ref);
    const item: Item = {
      ...state,
      pk: `RES#${key}`,
      sk: `STATE#${state.sweep}`,
      kind: 'state',
      gsi2pk: teamKey(state.team),
      gsi2sk: `STATE#${state.sweep}#${key}`,
      gsi3pk: `OWNER#${state.owner}`,
      gsi3sk: `STATE#${state.sweep}#${key}`,
      // Listed with the open findings while open, or while an owner notice is undelivered.
      ...(isOpen(state.status) || state.noticePending ? { gsi4pk: openKey(state.sweep, state.ref.region), gsi4sk: key } : {}),
    };
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ...(expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      },
    };
  }

  #putAction(action: ActionRecord, expectedStatus: ActionRecord['status'] | null): TransactItem {
    const item: Item = {
      ...action,
      pk: `ACTION#${action.actionId}`,
      sk: 'ACTION',
      kind: 'action',
      gsi1pk: `WEEK#${isoWeekOf(new Date(action.startedAt))}`,
      gsi1sk: `${action.startedAt}#ACTION#${action.actionId}`,
      gsi2pk: teamKey(action.team),
      gsi2sk: `ACTION#${action.startedAt}#${action.actionId}`,
      gsi3pk: `OWNER#${action.owner}`,
      gsi3sk: `ACTION#${action.startedAt}#${action.actionId}`,
      // Every action in one sparse partition: the digest reads them all (they are few).
      gsi4pk: ACTIONS_PARTITION,
      gsi4sk: `${action.startedAt}#${action.actionId}`,
    };
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
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

function eventItem(event: LedgerEvent, sequence: number): Item {
  const key = resourceKey(event.ref);
  const nonce = `${String(sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  return {
    ...event,
    pk: `RES#${key}`,
    sk: `EVENT#${event.at}#${nonce}#${event.sweep}#${event.type}`,
    kind: 'event',
    gsi1pk: `WEEK#${isoWeekOf(new Date(event.at))}`,
    gsi1sk: `${event.at}#${key}#${nonce}`,
    gsi2pk: teamKey(event.team),
    gsi2sk: `EVENT#${event.at}#${key}#${nonce}`,
    gsi3pk: `OWNER#${event.owner}`,
    gsi3sk: `EVENT#${event.at}#${key}#${nonce}`,
  };
}

function runPartition(sweep: string): string {
  return `RUN#${sweep}`;
}

function openKey(sweep: string, region: string): string {
  return `OPEN#${sweep}#${region}`;
}

function teamKey(team: string | null): string {
  return `TEAM#${team ?? UNALLOCATED_TEAM}`;
}

function toState(item: Item): ResourceState {
  return stripKeys(item) as unknown as ResourceState;
}

function stripKeys(item: Item): Item {
  const copy: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
