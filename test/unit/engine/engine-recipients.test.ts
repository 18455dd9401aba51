/**
 * Second recipients of a notice (`Assessment.alsoNotify`, e.g. the creator of an
 * untagged resource): each gets the message about the finding, addressed to them; the
 * notice counts as delivered only once every message with it was published.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { composeOwnerNotices } from '../../../lib/notices/owner-notice.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

let world: Map<string, { creator: string | null }>;
const sweep: SweepDefinition<{ creator: string | null }, SweepSettings, never> = {
  name: 'untagged',
  title: 'Untagged things',
  resourceType: 'test:thing',
  wording: { verb: 'flag', description: 'flag it', done: 'flagged' },
  advisory: { decision: 'flagged', event: 'untagged' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(world.keys()),
      candidates: [...world.entries()].map(([id, facts]) => ({
        ref: { resourceType: 'test:thing', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: {},
        facts,
      })),
    };
  },
  assess: (c) => ({
    waste: true,
    act: false,
    reason: 'missing tags owner',
    evidence: { missing: 'owner' },
    savings: savingsFrom([], []),
    ...(c.facts.creator ? { alsoNotify: [c.facts.creator] } : {}),
  }),
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};
const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false, renotifyHours: 24 };
const T0 = new Date('2026-11-23T09:00:00Z');

let ledger: MemoryLedger;
let notifier: RecordingNotifier;
const run = (at: Date) =>
  runSweep({ sweep, config: settings, policy, mode: 'apply', regions: ['us-east-1'], clock: fixedClock(at), clients: new AwsClients(), ledger, notifier });
const warnedAt = (id: string) => [...ledger.states.values()].find((s) => s.ref.resourceId === id)?.warnedAt;

beforeEach(() => {
  world = new Map([
    ['a', { creator: 'dev@example.com' }],
    ['b', { creator: null }],
  ]);
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
});

describe('alsoNotify', () => {
  it('sends the finding to its owner (the fallback) and to each other recipient, and marks it delivered', async () => {
    const report = await run(T0);
    expect(report.findings.find((f) => f.resourceId === 'a')).toMatchObject({ owner: 'unassigned', alsoNotify: ['dev@example.com'], decision: 'flagged' });
    expect(notifier.sent.map((n) => [n.owner, n.items.map((i) => i.finding.resourceId), n.events])).toEqual([
      ['dev@example.com', ['a'], ['untagged']],
      ['unassigned', ['a', 'b'], ['untagged']],
    ]);
    expect(notifier.sent[0]!.body).toContain('Hello dev@example.com,');
    expect(notifier.sent[0]!.subject).toBe('[FinOps AI] Untagged things: 1 missing tags');
    expect(report.notices).toEqual([
      { owner: 'dev@example.com', events: ['untagged'], resources: 1 },
      { owner: 'unassigned', events: ['untagged'], resources: 2 },
    ]);
    expect(warnedAt('a')).toBe(T0.toISOString());
  });

  it('is not delivered while one of its messages fails: sent again by the next run', async () => {
    notifier.failFor.add('dev@example.com');
    const report = await run(T0);
    expect(report.errors).toEqual([expect.objectContaining({ resourceId: 'a', stage: 'notify' })]);
    expect(warnedAt('a')).toBeNull();
    expect(warnedAt('b')).toBe(T0.toISOString());
    notifier.failFor.clear();
    notifier.sent = [];
    await run(addHours(T0, 1));
    expect(notifier.sent.map((n) => [n.owner, n.items.map((i) => i.finding.resourceId)])).toEqual([
      ['dev@example.com', ['a']],
      ['unassigned', ['a']],
    ]);
    expect(warnedAt('a')).toBe(addHours(T0, 1).toISOString());
  });

  it('a recipient who is also the owner gets one message', () => {
    const finding = {
      resourceType: 't',
      resourceId: 'x',
      arn: 'arn',
      region: 'us-east-1',
      sweep: 's',
      owner: 'ana',
      team: null,
      decision: 'flagged' as const,
      reason: 'r',
      actAfter: null,
      estimatedMonthlySavingsUsd: 0,
      savings: savingsFrom([], []),
      evidence: {},
      alsoNotify: ['ana'],
    };
    const notices = composeOwnerNotices([{ event: 'untagged', finding }], {
      sweep: 's',
      sweepTitle: 'S',
      actionDescription: 'd',
      actionDone: 'done',
      exemptTagKey: 'finops:exempt',
      snoozeTagKey: 'finops:snooze-until',
      tagCommand: () => 'cmd',
      now: T0,
    });
    expect(notices.map((n) => n.owner)).toEqual(['ana']);
    expect(notices[0]!.body).toContain('MISSING TAGS: add the tags shown so that its cost is attributed (1)');
  });
});
