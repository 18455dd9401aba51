/**
 * The owner-action endpoint's ledger permissions against what its store calls, as
 * test/infra/ledger-calls.test.ts does for the sweeps and the digest: each method of
 * `DynamoDbOwnerDecisions` runs against a recording client.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { OwnerDecision } from '../../lib/core/owner-decisions.js';
import { DynamoDbOwnerDecisions } from '../../lib/ledger/owner-decisions.js';
import { DIGEST_LEDGER_READS } from '../../infra/iam-ledger.js';

const ref = { resourceType: 'sagemaker:endpoint', region: 'us-east-1', resourceId: 'ep-1', arn: 'arn:aws:sagemaker:us-east-1:1:endpoint/ep-1' };

function recording(): { store: DynamoDbOwnerDecisions; calls: Map<string, Set<string>>; keys: string[] } {
  const calls = new Map<string, Set<string>>();
  const keys: string[] = [];
  const record = (resource: string, action: string) => calls.set(resource, (calls.get(resource) ?? new Set()).add(action));
  const client = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const input = args.input as {
        IndexName?: string;
        Key?: { pk: { S: string } };
        Item?: { pk: { S: string } };
        TransactItems?: { Put: { Item: { pk: { S: string } } } }[];
      };
      const command = context.commandName ?? '';
      if (command === 'TransactWriteItemsCommand') {
        for (const item of input.TransactItems ?? []) {
          record('table', 'dynamodb:PutItem');
          keys.push(item.Put.Item.pk.S);
        }
      } else {
        record(input.IndexName ?? 'table', `dynamodb:${command.replace(/Command$/, '')}`);
        const pk = input.Key?.pk.S ?? input.Item?.pk.S;
        if (pk) keys.push(pk);
      }
      return { output: { $metadata: {} } as never, response: {} };
    },
    { step: 'build', name: 'recordOwnerDecisionCall' },
  );
  return { store: new DynamoDbOwnerDecisions('ledger', client), calls, keys };
}

const decision: OwnerDecision = {
  tokenId: 'tok',
  choice: 'act-now',
  sweep: 'idle-endpoints',
  ref,
  owner: 'ana@example.com',
  team: null,
  noticeRunId: 'run-1',
  noticeAt: '2026-01-01T00:00:00.000Z',
  reason: 'done',
  until: null,
  tag: null,
  decidedAt: '2026-01-01T01:00:00.000Z',
  monthlySavingsUsd: null,
};

describe('owner-action ledger calls', () => {
  it('the endpoint gets and puts, only LINK# and RES# items', async () => {
    const { store, calls, keys } = recording();
    const state = {
      sweep: 'idle-endpoints',
      ref,
      owner: 'ana@example.com',
      team: null,
      status: 'pending' as const,
      version: 2,
      firstSeenAt: 'x',
      updatedAt: 'x',
      actAfter: 'x',
      warnedAt: 'x',
      reason: 'r',
      evidence: {},
      savings: { hourlyUsd: null, monthlyUsd: null, components: [], unknown: [] },
      actionId: null,
      leaseUntil: null,
    };
    await store.state('idle-endpoints', ref);
    await store.linkUse('tok');
    await store.claim('tok', '2026-01-01T01:00:00.000Z', new Date('2026-01-01T01:00:00Z'));
    await store.release('tok', '2026-01-01T01:00:00.000Z');
    await store.apply({
      decision,
      claimedAt: '2026-01-01T01:00:00.000Z',
      event: {
        at: 'x',
        type: 'owner-decided',
        sweep: 'idle-endpoints',
        ref,
        owner: 'a',
        team: null,
        runId: 'r',
        fromStatus: null,
        toStatus: null,
        actionId: null,
        detail: 'd',
        monthlySavingsUsd: null,
      },
      state: { next: state, expectedVersion: 2 },
    });
    expect(Object.fromEntries([...calls].map(([r, a]) => [r, [...a].sort()]))).toEqual({ table: ['dynamodb:GetItem', 'dynamodb:PutItem'] });
    expect(keys.every((k) => k.startsWith('LINK#') || k.startsWith('RES#'))).toBe(true);
  });

  it('the digest queries only what DIGEST_LEDGER_READS grants', async () => {
    const { store, calls } = recording();
    await store.decisionsInWeek('2026-W01');
    await store.snoozesUntilAfter('2026-01-05T00:00:00.000Z');
    for (const [resource, actions] of calls)
      for (const action of actions) expect(DIGEST_LEDGER_READS[resource as keyof typeof DIGEST_LEDGER_READS]).toContain(action);
    expect([...calls.keys()].sort()).toEqual(['byWeek', 'openFindings']);
  });
});
