/**
 * The engine in one account of an organization: a member account's resources are
 * keyed with their account (apart from the own account's same-named ones), its open
 * findings are its own, its protection applies to every resource, and findings,
 * failures, notices and the run record name it.
 */
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import { resourceKey } from '../../../lib/core/ledger-records.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import type { SweptAccount } from '../../../lib/core/swept-account.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

const MEMBER = '111122223333';
let present = ['box'];

const sweep: SweepDefinition<object, SweepSettings, { id: string }> = {
  name: 'boxes',
  title: 'Idle boxes',
  resourceType: 'test:box',
  wording: { verb: 'stop', description: 'stop the box', done: 'stopped' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(present),
      candidates: present.map((id) => ({
        ref: { resourceType: 'test:box', resourceId: id, arn: `arn:aws:test:${ctx.region}:${ctx.accountId ?? ''}:box/${id}`, region: ctx.region },
        tags: { owner: 'ana' },
        facts: {},
      })),
    };
  },
  assess: () => ({ waste: true, reason: 'idle', evidence: {}, savings: savingsFrom([], []) }),
  action: {
    name: 'stop-box',
    restoreData: (c) => ({ id: c.ref.resourceId }),
    act: async () => ({ status: 'done', detail: 'stopped' }),
    restore: async (d) => ({ restoredResourceId: d.id, detail: 'started' }),
  },
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false };

function run(ledger: MemoryLedger, notifier: RecordingNotifier, account?: SweptAccount, at = '2026-11-23T09:00:00Z') {
  return runSweep({
    sweep,
    config: settings,
    policy,
    mode: 'apply',
    regions: ['us-east-1'],
    clock: fixedClock(at),
    clients: new AwsClients(),
    ledger,
    notifier,
    ...(account ? { account } : {}),
  });
}

describe('the engine in an account of an organization', () => {
  it("keys a member account's resources with the account, apart from the own account's same-named one", async () => {
    present = ['box'];
    const ledger = new MemoryLedger();
    const notifier = new RecordingNotifier();
    const own = await run(ledger, notifier, { own: true, accountId: '123456789012' });
    const member = await run(ledger, notifier, { own: false, accountId: MEMBER, accountName: 'ml-sandbox' });
    expect(own.findings[0]).toMatchObject({ resourceId: 'box', decision: 'pending', accountId: '123456789012' });
    expect(member.findings[0]).toMatchObject({ resourceId: 'box', decision: 'pending', accountId: MEMBER, accountName: 'ml-sandbox' });
    expect(member).toMatchObject({ accountId: MEMBER, accountName: 'ml-sandbox' });
    // The own account's key is the one it had before accounts; the member's carries its id.
    expect([...ledger.states.keys()].sort()).toEqual(['boxes|111122223333#test:box#us-east-1#box', 'boxes|test:box#us-east-1#box']);
    expect(resourceKey(member.findings[0]!)).toBe(`${MEMBER}#test:box#us-east-1#box`);
    expect(notifier.sent.map((n) => n.account)).toEqual(['123456789012', `ml-sandbox (${MEMBER})`]);
    expect(notifier.sent[1]!.body).toContain(`Account: ml-sandbox (${MEMBER}).`);
    expect(ledger.runs.map((r) => [r.accountId, r.accountName, r.ownAccount])).toEqual([
      ['123456789012', undefined, true],
      [MEMBER, 'ml-sandbox', false],
    ]);
  });

  it("a member account's run never closes another account's open findings as gone", async () => {
    present = ['box'];
    const ledger = new MemoryLedger();
    const notifier = new RecordingNotifier();
    await run(ledger, notifier, { own: false, accountId: MEMBER });
    present = [];
    // The own account has no box: its run must not see the member's open finding.
    await run(ledger, notifier, { own: true, accountId: '123456789012' }, '2026-11-23T10:00:00Z');
    expect(ledger.states.get(`boxes|${MEMBER}#test:box#us-east-1#box`)?.status).toBe('pending');
    // Without an account (a single-account deployment), the same: only refs without an account are its own.
    await run(ledger, notifier, undefined, '2026-11-23T11:00:00Z');
    expect(ledger.states.get(`boxes|${MEMBER}#test:box#us-east-1#box`)?.status).toBe('pending');
  });

  it('protects every resource of a protected account', async () => {
    present = ['box'];
    const ledger = new MemoryLedger();
    const report = await run(ledger, new RecordingNotifier(), {
      own: false,
      accountId: MEMBER,
      protectedBecause: `protected account ${MEMBER} (accounts.protectedAccountIds)`,
    });
    expect(report.findings[0]).toMatchObject({ decision: 'protected', reason: `idle; protected account ${MEMBER} (accounts.protectedAccountIds)` });
  });
});
