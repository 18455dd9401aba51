import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { runSweep, type RunSweepOptions } from '../../../lib/engine/run-sweep.js';
import { savingsFrom, type Tags } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { Candidate, SweepDefinition } from '../../../lib/core/sweep.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';

/**
 * Report-only findings (Assessment `act: false`): flags and recommendations are
 * recorded, notified, reminded at most every `renotifyHours`, and closed as
 * adopted, cleared or with the sweep's final record.
 */
interface Job {
  /** `flag`: report only; `stop`: the action may follow; `ok`: fine; `cheaper`: recommendation adopted. */
  state: 'flag' | 'stop' | 'ok' | 'cheaper';
  tags: Tags;
  costSoFar: number;
}

let world: Map<string, Job>;
let flagged: string[];
let stopped: string[];
let ended: Map<string, string>;

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
        tags: job.tags,
        facts: job,
      })),
    };
  },
  assess(candidate: Candidate<Job>, _config, _now, memory) {
    const { state, costSoFar } = candidate.facts;
    if (state === 'ok' || state === 'cheaper') {
      return { waste: false, reason: 'fine', ...(state === 'cheaper' && memory.previous?.status === 'flagged' ? { closeAs: 'adopted' as const } : {}) };
    }
    return {
      waste: true,
      act: state === 'stop',
      reason: 'over its limit',
      evidence: { costSoFarUsd: costSoFar },
      fields: { costSoFarUsd: costSoFar },
      savings: savingsFrom([{ item: 'ml.p3.2xlarge', quantity: 1, usdPerHour: 3.825, source: 'test', sourceDate: '2026-01-01', regionBasis: 'stated' }], []),
    };
  },
  action: {
    name: 'stop-job',
    restoreData: (c) => ({ id: c.ref.resourceId }),
    async act(data) {
      stopped.push(data.id);
      world.delete(data.id);
      return { status: 'done', detail: 'stopped' };
    },
    async restore(data) {
      return { restoredResourceId: data.id, detail: 'not restorable' };
    },
  },
  async flag(candidate) {
    flagged.push(candidate.ref.resourceId);
  },
  async finalRecord(state) {
    const how = ended.get(state.ref.resourceId);
    return how ? { status: 'ended', detail: how, evidence: { ...state.evidence, final: how } } : null;
  },
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 hour)', gracePeriodHours: 2, actOnProtected: false, renotifyHours: 6 };
const T0 = new Date('2026-11-23T09:00:00Z');

let ledger: MemoryLedger;
let notifier: RecordingNotifier;
function run(at: Date, overrides: Partial<RunSweepOptions> = {}) {
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
    ...overrides,
  });
}
const stateOf = (id: string) => [...ledger.states.values()].find((s) => s.ref.resourceId === id);

beforeEach(() => {
  world = new Map();
  flagged = [];
  stopped = [];
  ended = new Map();
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
});

describe('report-only findings', () => {
  it('report mode returns the advisory decision and writes nothing', async () => {
    world.set('j', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    const report = await run(T0, { mode: 'report', notifier: undefined });
    expect(report.findings).toMatchObject([{ resourceId: 'j', decision: 'flagged', actAfter: null, costSoFarUsd: 100 }]);
    expect(ledger.events).toHaveLength(0);
    expect(flagged).toEqual([]);
  });

  it('flags once with an urgent notice, then reminds at most every renotifyHours, never acting', async () => {
    world.set('j', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    await run(T0);
    expect(flagged).toEqual(['j']);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({
      owner: 'ana',
      events: ['runaway'],
      subject: expect.stringMatching(/^\[FinOps AI\] URGENT Runaway jobs: 1 runaway/),
    });
    expect(notifier.sent[0]!.body).toContain('costSoFarUsd: 100');
    expect(stateOf('j')).toMatchObject({ status: 'flagged', warnedAt: T0.toISOString() });

    world.get('j')!.costSoFar = 160;
    await run(addHours(T0, 5.9));
    expect(notifier.sent).toHaveLength(1);

    await run(addHours(T0, 6));
    expect(notifier.sent).toHaveLength(2);
    expect(notifier.sent[1]!.body).toContain('costSoFarUsd: 160');
    expect(stateOf('j')).toMatchObject({
      status: 'flagged',
      firstSeenAt: T0.toISOString(),
      warnedAt: addHours(T0, 6).toISOString(),
      evidence: { costSoFarUsd: 160 },
    });
    expect(ledger.events.map((e) => e.type)).toEqual(['flagged', 'warned', 'reminded', 'warned']);
    expect(flagged).toEqual(['j']);
    expect(stopped).toEqual([]);
  });

  it('notifies again on the next run when the first notice was not delivered', async () => {
    world.set('j', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    notifier.failing = true;
    const first = await run(T0);
    expect(first.errors).toMatchObject([{ stage: 'notify' }]);
    notifier.failing = false;
    await run(addHours(T0, 1));
    expect(notifier.sent).toHaveLength(1);
    expect(stateOf('j')).toMatchObject({ warnedAt: addHours(T0, 1).toISOString() });
  });

  it('exempt and protected resources are reported as such and never flagged', async () => {
    world.set('e', { state: 'flag', tags: { owner: 'ana', 'finops:exempt': 'true' }, costSoFar: 1 });
    world.set('p', { state: 'stop', tags: { owner: 'ana', env: 'prod' }, costSoFar: 1 });
    const report = await run(T0);
    expect(Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]))).toEqual({ e: 'exempt', p: 'protected' });
    expect(flagged).toEqual([]);
  });

  it('a flag becomes a scheduled action when the action is enabled, and acts after the grace period', async () => {
    world.set('j', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    await run(T0);
    world.get('j')!.state = 'stop';
    const scheduled = await run(addHours(T0, 1));
    expect(scheduled.findings[0]).toMatchObject({ decision: 'pending', actAfter: addHours(T0, 3).toISOString() });
    const acted = await run(addHours(T0, 3));
    expect(acted.findings[0]).toMatchObject({ decision: 'acted' });
    expect(stopped).toEqual(['j']);
  });

  it('closes as adopted when the rule says the recommendation was applied', async () => {
    world.set('j', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    await run(T0);
    world.get('j')!.state = 'cheaper';
    await run(addHours(T0, 24));
    expect(stateOf('j')).toMatchObject({ status: 'adopted' });
    expect(ledger.events.at(-1)).toMatchObject({ type: 'adopted', detail: 'recommendation adopted: fine' });
  });

  it('closes with the sweep final record when the resource leaves the inventory, else as gone', async () => {
    world.set('done', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    world.set('vanished', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 100 });
    await run(T0);
    world.clear();
    ended.set('done', 'Completed after 30 h; cost $114.75');
    await run(addHours(T0, 1));
    expect(stateOf('done')).toMatchObject({ status: 'ended', evidence: { costSoFarUsd: 100, final: 'Completed after 30 h; cost $114.75' } });
    expect(stateOf('vanished')).toMatchObject({ status: 'gone' });
    expect(ledger.events.filter((e) => e.type === 'ended')).toMatchObject([{ detail: 'Completed after 30 h; cost $114.75' }]);
  });

  it('a sweep without advisory wording fails the resource, not the run', async () => {
    world.set('j', { state: 'flag', tags: { owner: 'ana' }, costSoFar: 1 });
    const { advisory: _, ...plain } = sweep;
    const report = await run(T0, { sweep: plain });
    expect(report.errors).toMatchObject([{ resourceId: 'j', message: expect.stringContaining('defines no advisory wording') }]);
  });
});
