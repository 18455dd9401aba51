import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../lib/core/ledger-records.js';
import { accountDirectory, accountsSection, namedRef } from '../../../lib/digest/account-section.js';

const run = (patch: Partial<RunRecord>): RunRecord => ({
  sweep: 'idle-endpoints',
  runId: 'r',
  mode: 'apply',
  startedAt: '2026-11-23T09:00:00.000Z',
  regions: ['us-east-1'],
  findings: {},
  errors: 0,
  failures: [],
  notices: 0,
  ...patch,
});
const ref = { resourceType: 'sagemaker:endpoint', resourceId: 'e', arn: 'arn', region: 'us-east-1' };

describe('the digest by account', () => {
  it('adds nothing for a deployment whose runs name no account', () => {
    const directory = accountDirectory([run({})]);
    expect(namedRef(ref, directory)).toBe(ref);
    expect(accountsSection({ actions: [], pending: [], recommendations: [] }, [run({})], directory)).toEqual({});
  });

  it("names lines from the runs (the own account's lines too) and sums each account's row", () => {
    const runs = [
      run({ accountId: '123456789012', ownAccount: true }),
      run({ accountId: '111122223333', accountName: 'ml-sandbox', ownAccount: false }),
      run({ accountId: '444455556666', accountName: 'no-role', errors: 1 }),
    ];
    const directory = accountDirectory(runs);
    expect(namedRef(ref, directory)).toEqual({ ...ref, accountId: '123456789012' });
    expect(namedRef({ ...ref, accountId: '111122223333' }, directory)).toEqual({ ...ref, accountId: '111122223333', accountName: 'ml-sandbox' });
    const { accounts } = accountsSection(
      {
        actions: [{ accountId: '111122223333', tookEffectThisWeek: true, realizedUsd: 10, projectedMonthlyUsd: 500 }],
        pending: [{ accountId: '123456789012', monthlyUsd: 100 }, { monthlyUsd: 50 }],
        recommendations: [],
      },
      runs,
      directory,
    );
    expect(accounts?.rows.map((r) => [r.accountId, r.accountName, r.own, r.actions, r.realizedUsd, r.pendingCount, r.pendingMonthlyUsd, r.failedRuns])).toEqual(
      [
        ['111122223333', 'ml-sandbox', false, 1, 10, 0, 0, 0],
        ['123456789012', null, true, 0, 0, 2, 150, 0],
        ['444455556666', 'no-role', false, 0, 0, 0, 0, 1],
      ],
    );
  });
});
