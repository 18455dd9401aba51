import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { Candidate, SweepDefinition } from '../../../lib/core/sweep.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';

/**
 * Report-only findings whose assessment brings its own wording (`advisory`) and
 * says when it became more serious (`escalated`): a sweep that flags runaways
 * urgently and also recommends settings, and a recommendation that turns into a
 * runaway, which its owner must hear about at once, not at the next reminder.
 */
interface Job {
  level: 'advice' | 'runaway';
}

let world: Map<string, Job>;
let flaggedWith: string[];

const sweep: SweepDefinition<Job, SweepSettings, { id: string }> = {
  name: 'jobs',
  title: 'Runaway jobs',
  resourceType: 'test:job',
  wording: { verb: 'stop', description: 'stop the job', done: 'stopped' },
  advisory: { decision: 'flagged', event: 'runaway', urgent: true },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(world.keys()),
      candidates: [...world.entries()].map(([id, job]) => ({
        ref: { resourceType: 'test:job', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: { owner: 'ana' },
        facts: job,
      })),
    };
  },
  assess(candidate: Candidate<Job>, _config, _now, memory) {
    const runaway = candidate.facts.level === 'runaway';
    return {
      waste: true,
      act: false,
      reason: runaway ? 'over its limit' : 'no stopping condition',
      evidence: { kind: candidate.facts.level },
      savings: savingsFrom([], []),
      ...(runaway ? {} : { advisory: { decision: 'recommend' as const, event: 'recommendation' as const } }),
      escalated: runaway && memory.previous?.status === 'flagged' && memory.previous.evidence.kind !== 'runaway',
    };
  },
  async flag(_candidate, _ctx, assessment) {
    flaggedWith.push(assessment.reason);
  },
  action: {
    name: 'stop-job',
    restoreData: (c) => ({ id: c.ref.resourceId }),
    async act() {
      return { status: 'done', detail: 'stopped' };
    },
    async restore(data) {
      return { restoredResourceId: data.id, detail: '' };
    },
  },
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 hour)', gracePeriodHours: 2, actOnProtected: false, renotifyHours: 24 };
const T0 = new Date('2026-11-23T09:00:00Z');

let ledger: MemoryLedger;
let notifier: RecordingNotifier;
const run = (at: Date) =>
  runSweep({ sweep, config: settings, policy, mode: 'apply', regions: ['us-east-1'], clock: fixedClock(at), clients: new AwsClients(), ledger, notifier });
const state = () => [...ledger.states.values()][0];

beforeEach(() => {
  world = new Map([['j', { level: 'advice' }]]);
  flaggedWith = [];
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
});

describe('per-finding advisory wording and escalation', () => {
  it("a finding's own wording overrides the sweep's: decision recommend, event recommendation, not urgent", async () => {
    const report = await run(T0);
    expect(report.findings).toMatchObject([{ resourceId: 'j', decision: 'recommend' }]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ events: ['recommendation'], subject: '[FinOps AI] Runaway jobs: 1 recommended' });
    expect(state()).toMatchObject({ status: 'flagged', warnedAt: T0.toISOString() });
    // The flag hook is told what it flags (here a recommendation), so it can tell a runaway from advice.
    expect(flaggedWith).toEqual(['no stopping condition']);
  });

  it('a recommendation that becomes a runaway is notified at once, urgent, then reminded on the usual interval', async () => {
    await run(T0);
    world.get('j')!.level = 'runaway';
    const escalated = await run(addHours(T0, 1));
    expect(escalated.findings).toMatchObject([{ decision: 'flagged', reason: 'over its limit' }]);
    expect(notifier.sent).toHaveLength(2);
    expect(notifier.sent[1]).toMatchObject({ events: ['runaway'], subject: expect.stringMatching(/^\[FinOps AI\] URGENT Runaway jobs: 1 runaway/) });
    expect(state()).toMatchObject({ status: 'flagged', firstSeenAt: T0.toISOString(), warnedAt: addHours(T0, 1).toISOString(), evidence: { kind: 'runaway' } });
    expect(ledger.events.map((e) => [e.type, e.detail])).toEqual([
      ['flagged', 'no stopping condition'],
      ['warned', 'owner ana notified (recommendation)'],
      ['flagged', 'escalated: over its limit'],
      ['warned', 'owner ana notified (runaway)'],
    ]);
    // Escalated once: from now on the interval applies again.
    await run(addHours(T0, 2));
    await run(addHours(T0, 24.9));
    expect(notifier.sent).toHaveLength(2);
    await run(addHours(T0, 25));
    expect(notifier.sent).toHaveLength(3);
  });

  it('an escalation whose notice was not delivered is sent again by a later run', async () => {
    await run(T0);
    world.get('j')!.level = 'runaway';
    notifier.failing = true;
    const failed = await run(addHours(T0, 1));
    expect(failed.errors).toMatchObject([{ stage: 'notify' }]);
    expect(state()).toMatchObject({ warnedAt: null });
    notifier.failing = false;
    await run(addHours(T0, 2));
    expect(notifier.sent).toMatchObject([{ events: ['recommendation'] }, { events: ['runaway'] }]);
    expect(state()).toMatchObject({ warnedAt: addHours(T0, 2).toISOString() });
  });

  it('two concurrent runs notify an escalation once', async () => {
    await run(T0);
    world.get('j')!.level = 'runaway';
    await Promise.all([run(addHours(T0, 1)), run(addHours(T0, 1))]);
    expect(notifier.sent.filter((n) => n.events.includes('runaway'))).toHaveLength(1);
  });
});
