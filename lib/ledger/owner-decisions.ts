/**
 * The owner decisions on the ledger table (items in `owner-decision-items.ts`): the
 * {@link OwnerDecisionStore} of the owner-action endpoint and the
 * {@link OwnerDecisionReader} of the weekly digest. Holds only SDK calls; every write
 * is conditional, and a lost condition is a `false` claim or a {@link LedgerConflictError}.
 *
 * Calls: the endpoint `GetItem` (a token's use, a finding's state) and `PutItem`
 * (claims, and in one `TransactWriteItems` the decision, its event and act-now's
 * state, all puts); the digest `Query` on `byWeek` and `openFindings`.
 */
import { ConditionalCheckFailedException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateQuery, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { LedgerConflictError } from '../core/errors.js';
import type { ResourceRef } from '../core/finding.js';
import { resourceKey, type ResourceState } from '../core/ledger-records.js';
import {
  STALE_CLAIM_MS,
  type DecisionWrite,
  type LinkUse,
  type OwnerDecision,
  type OwnerDecisionReader,
  type OwnerDecisionStore,
} from '../core/owner-decisions.js';
import { eventItem, resourcePartition, stateFromItem, stateItem } from './item-mapping.js';
import { claimItem, decisionFromItem, decisionItem, decisionsPartition, linkKey, linkUseFromItem, SNOOZES_PARTITION } from './owner-decision-items.js';

/** The owner decisions of one ledger table. */
export class DynamoDbOwnerDecisions implements OwnerDecisionStore, OwnerDecisionReader {
  readonly #doc: DynamoDBDocumentClient;

  /**
   * @param tableName the ledger table (`FINOPS_LEDGER_TABLE`)
   * @param client a DynamoDB client in the table's region
   */
  constructor(
    readonly tableName: string,
    client: DynamoDBClient,
  ) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false } });
  }

  async state(sweep: string, ref: ResourceRef): Promise<ResourceState | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: resourcePartition(resourceKey(ref)), sk: `STATE#${sweep}` }, ConsistentRead: true }),
    );
    return out.Item ? stateFromItem(out.Item) : undefined;
  }

  async linkUse(tokenId: string): Promise<LinkUse | undefined> {
    const out = await this.#doc.send(new GetCommand({ TableName: this.tableName, Key: linkKey(tokenId), ConsistentRead: true }));
    return out.Item ? linkUseFromItem(out.Item) : undefined;
  }

  async claim(tokenId: string, claimedAt: string, now: Date): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: claimItem(tokenId, 'claimed', claimedAt),
          // Never used, given back, or held by a request that died (its claim is stale).
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :released OR (#status = :claimed AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed', ':stale': new Date(now.getTime() - STALE_CLAIM_MS).toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(tokenId: string, claimedAt: string): Promise<void> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: claimItem(tokenId, 'released', claimedAt),
          ConditionExpression: '#status = :claimed AND claimedAt = :mine',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':mine': claimedAt },
        }),
      );
    } catch (error) {
      // Taken over meanwhile: that request owns the token now.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async apply(write: DecisionWrite): Promise<void> {
    const { decision, claimedAt, event, state } = write;
    const items = [
      {
        Put: {
          TableName: this.tableName,
          Item: decisionItem(decision, claimedAt),
          ConditionExpression: '#status = :claimed AND claimedAt = :mine',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':mine': claimedAt },
        },
      },
      { Put: { TableName: this.tableName, Item: eventItem(event, 0), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(state
        ? [
            {
              Put: {
                TableName: this.tableName,
                Item: stateItem(state.next),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': state.expectedVersion },
              },
            },
          ]
        : []),
    ];
    // The same decision retried by the SDK is the same transaction (DynamoDB dedupes it for 10 minutes).
    const token = createHash('sha256').update(`${decision.tokenId}|${claimedAt}`).digest('hex').slice(0, 32);
    try {
      await this.#doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new LedgerConflictError(resourceKey(decision.ref), `owner decision ${decision.choice}`, { cause: error });
      }
      throw error;
    }
  }

  async decisionsInWeek(week: string): Promise<OwnerDecision[]> {
    return this.#query({ IndexName: 'byWeek', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': decisionsPartition(week) } });
  }

  async snoozesUntilAfter(from: string): Promise<OwnerDecision[]> {
    return this.#query({
      IndexName: 'openFindings',
      KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk >= :from',
      ExpressionAttributeValues: { ':pk': SNOOZES_PARTITION, ':from': from },
    });
  }

  async #query(input: { IndexName: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, string> }): Promise<OwnerDecision[]> {
    const decisions: OwnerDecision[] = [];
    for await (const page of paginateQuery({ client: this.#doc }, { TableName: this.tableName, ...input })) {
      for (const item of page.Items ?? []) decisions.push(decisionFromItem(item));
    }
    return decisions;
  }
}
