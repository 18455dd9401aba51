import { describe, expect, it } from 'vitest';
import type { LedgerWrite, ResourceState } from '../../../lib/core/ledger-records.js';
import { ledgerRequestToken } from '../../../lib/ledger/request-token.js';

const ref = { resourceType: 'sagemaker:endpoint', resourceId: 'churn', arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn', region: 'us-east-1' };
const state = { sweep: 'idle-endpoints', ref, version: 2 } as ResourceState;
const event = {
  at: '2026-11-23T09:00:00.000Z',
  type: 'warned',
  sweep: 'idle-endpoints',
  ref,
  owner: 'ana',
  team: null,
  runId: 'run-1',
  fromStatus: 'pending',
  toStatus: 'pending',
  actionId: null,
  detail: 'owner ana notified (pending)',
  monthlySavingsUsd: 1,
} as const;
const write: LedgerWrite = { state: { next: state, expectedVersion: 1 }, event };

describe('ledgerRequestToken', () => {
  it('is 32 hex characters (DynamoDB allows 36) and the same for the same write', () => {
    expect(ledgerRequestToken(write)).toMatch(/^[0-9a-f]{32}$/);
    expect(ledgerRequestToken(structuredClone(write))).toBe(ledgerRequestToken(write));
  });

  it('differs by run, resource, version, event and action step', () => {
    const variants: LedgerWrite[] = [
      { ...write, event: { ...event, runId: 'run-2' } },
      { ...write, event: { ...event, ref: { ...ref, resourceId: 'other' } } },
      { ...write, state: { next: { ...state, version: 3 }, expectedVersion: 2 } },
      { ...write, event: { ...event, type: 'acting' } },
      { ...write, event: { ...event, at: '2026-11-23T09:00:00.001Z' } },
      { event, action: { next: { actionId: 'act-1', status: 'restoring' } as never, expectedStatus: 'in-force' } },
      { event, action: { next: { actionId: 'act-1', status: 'in-force' } as never, expectedStatus: 'restoring' } },
    ];
    const tokens = new Set([write, ...variants].map(ledgerRequestToken));
    expect(tokens.size).toBe(variants.length + 1);
  });
});
