import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { runSweep, type RunSweepOptions } from '../../../lib/engine/run-sweep.js';
import { savingsFrom, type Tags } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { Candidate, SweepDefinition } from '../../../lib/core/sweep.js';
import { restoreAction } from '../../../lib/engine/restore.js';
import { NotRestorableError } from '../../../lib/core/errors.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';

/** A toy world: resources that are waste or not, and a log of what was done to them. */
interface Thing {
  /** `watch`: wasteful-looking, becomes waste after 48 h of being watched. */
  waste: boolean | 'watch';
  tags: Tags;
  failAct?: boolean;
}
interface ThingData {
  [key: string]: string;
  id: string;
}

let world: Map<string, Thing>;
let actedOn: string[];
let restored: string[];

const sweep: SweepDefinition<Thing, SweepSettings, ThingData> = {
  name: 'things',
  title: 'Idle things',
  resourceType: 'test:thing',
  wording: { verb: 'stop', description: 'stop the thing', done: 'stopped' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(world.keys()),
      candidates: [...world.entries()].map(([id, thing]) => ({
        ref: { resourceType: 'test:thing', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: thing.tags,
        facts: thing,
      })),
    };
  },
  assess(candidate: Candidate<Thing>, _config, now, memory) {
    const watchedLongEnough = memory.watchingSince !== null && now.getTime() - new Date(memory.watchingSince).getTime() >= 48 * 3_600_000;
    if (candidate.facts.waste === 'watch' && !watchedLongEnough) return { waste: false, watch: true, reason: 'watching' };
    return candidate.facts.waste
      ? {
          waste: true,
          reason: 'idle',
          evidence: { idle: true },
          savings: savingsFrom([{ item: 't.small', quantity: 2, usdPerHour: 0.5, source: 'test table', sourceDate: '2026-01-01', regionBasis: 'stated' }], []),
        }
      : { waste: false, reason: 'busy' };
  },
  action: {
    name: 'stop-thing',
    restoreData: (c) => ({ id: c.ref.resourceId }),
    async act(data) {
      if (world.get(data.id)?.failAct) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      actedOn.push(data.id);
      world.delete(data.id);
      return { status: 'done', detail: `stopped ${data.id}` };
    },
    async restore(data) {
      restored.push(data.id);
      world.set(data.id, { waste: false, tags: {} });
      return { restoredResourceId: data.id, detail: 'back' };
    },
  },
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false };
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

beforeEach(() => {
  world = new Map();
  actedOn = [];
  restored = [];
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
});

describe('runSweep', () => {
  it('report mode decides but writes nothing and notifies no one', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    const report = await run(T0, { mode: 'report', notifier: undefined });
    expect(report.findings).toMatchObject([
      { resourceId: 'a', decision: 'pending', actAfter: addHours(T0, 24).toISOString(), estimatedMonthlySavingsUsd: 730 },
    ]);
    expect(ledger.events).toHaveLength(0);
    expect(notifier.sent).toHaveLength(0);
    expect(actedOn).toEqual([]);
  });

  it('report mode past the deadline says it would act, and does not', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    await run(T0);
    const report = await run(addHours(T0, 25), { mode: 'report' });
    expect(report.findings[0]).toMatchObject({ decision: 'pending', reason: expect.stringContaining('would stop now (report mode)') });
    expect(actedOn).toEqual([]);
  });

  it('apply mode without a ledger fails fast naming the variable', async () => {
    await expect(run(T0, { ledger: undefined })).rejects.toThrow(/FINOPS_LEDGER_TABLE/);
  });

  it('warns first, waits out the grace period, then acts once', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana', team: 'risk' } });
    const first = await run(T0);
    expect(first.findings[0]).toMatchObject({ decision: 'pending', owner: 'ana', team: 'risk' });
    expect(notifier.sent.map((n) => [n.owner, n.events])).toEqual([['ana', ['pending']]]);
    expect(actedOn).toEqual([]);

    const early = await run(addHours(T0, 23.9));
    expect(early.findings[0]).toMatchObject({ decision: 'pending', actAfter: addHours(T0, 24).toISOString() });
    expect(notifier.sent).toHaveLength(1); // no repeat warning
    expect(actedOn).toEqual([]);

    const due = await run(addHours(T0, 24));
    expect(due.findings[0]).toMatchObject({ decision: 'acted', actionId: expect.stringMatching(/^act-/) });
    expect(actedOn).toEqual(['a']);
    expect(notifier.sent.at(-1)).toMatchObject({ owner: 'ana', events: ['acted'] });

    const action = ledger.actions.get(due.findings[0]!.actionId!)!;
    expect(action).toMatchObject({ status: 'in-force', restoreData: { id: 'a' }, actedAt: addHours(T0, 24).toISOString() });
    expect((await ledger.history(due.findings[0]!)).map((e) => e.type)).toEqual(['detected', 'warned', 'acting', 'acted', 'notified']);
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'acted', noticePending: null });

    const again = await run(addHours(T0, 48));
    expect(again.findings).toEqual([]);
    expect(actedOn).toEqual(['a']);
  });

  it('writes the restore data before the action runs', async () => {
    world.set('a', { waste: true, tags: {} });
    await run(T0);
    const act = sweep.action!.act;
    let seenAtActTime: unknown;
    sweep.action!.act = async (data, ctx, actionId) => {
      seenAtActTime = [...ledger.actions.values()][0];
      return act(data, ctx, actionId);
    };
    try {
      await run(addHours(T0, 24));
    } finally {
      sweep.action!.act = act;
    }
    expect(seenAtActTime).toMatchObject({ status: 'started', restoreData: { id: 'a' } });
  });

  it('clears a finding that recovers during the grace period', async () => {
    world.set('a', { waste: true, tags: {} });
    await run(T0);
    world.get('a')!.waste = false;
    const report = await run(addHours(T0, 30));
    expect(report.findings).toEqual([]);
    expect(actedOn).toEqual([]);
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'cleared' });
  });

  it('marks a finding gone when the resource disappears on its own', async () => {
    world.set('a', { waste: true, tags: {} });
    await run(T0);
    world.delete('a');
    await run(addHours(T0, 30));
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'gone' });
  });

  it('never acts on exempt or snoozed resources, and sends them no notice', async () => {
    world.set('x', { waste: true, tags: { owner: 'ana', 'finops:exempt': 'true' } });
    world.set('s', { waste: true, tags: { owner: 'ana', 'finops:snooze-until': '2026-12-31' } });
    await run(T0);
    const later = await run(addHours(T0, 48));
    expect(later.findings.map((f) => [f.resourceId, f.decision])).toEqual([
      ['x', 'exempt'],
      ['s', 'exempt'],
    ]);
    expect(actedOn).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });

  it('exempting a pending resource cancels the action', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    await run(T0);
    world.get('a')!.tags = { owner: 'ana', 'finops:exempt': 'true' };
    const report = await run(addHours(T0, 30));
    expect(report.findings[0]).toMatchObject({ decision: 'exempt' });
    expect(actedOn).toEqual([]);
  });

  it('reports protected waste and tells the owner once, never acting', async () => {
    world.set('p', { waste: true, tags: { owner: 'lee', env: 'prod' } });
    await run(T0);
    const later = await run(addHours(T0, 48));
    expect(later.findings[0]).toMatchObject({ decision: 'protected', reason: expect.stringContaining('env=prod') });
    expect(actedOn).toEqual([]);
    expect(notifier.sent.map((n) => n.events)).toEqual([['protected']]);
  });

  it('acts on protected waste only when the config allows it', async () => {
    world.set('p', { waste: true, tags: { env: 'prod' } });
    const allow = { config: { ...settings, actOnProtected: true } };
    await run(T0, allow);
    await run(addHours(T0, 24), allow);
    expect(actedOn).toEqual(['p']);
  });

  it('sends one message per owner per run, covering all their resources', async () => {
    world.set('a1', { waste: true, tags: { owner: 'ana', team: 'risk' } });
    world.set('a2', { waste: true, tags: { owner: 'ana', team: 'nlp' } });
    world.set('b1', { waste: true, tags: { owner: 'bob' } });
    world.set('u1', { waste: true, tags: {} });
    const report = await run(T0);
    expect(notifier.sent.map((n) => [n.owner, n.items.length, n.teams])).toEqual([
      ['ana', 2, ['nlp', 'risk']],
      ['bob', 1, []],
      ['unassigned', 1, []],
    ]);
    expect(report.notices).toHaveLength(3);
  });

  it('does not act while the owner was never warned, and warns again with a fresh grace period', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    notifier.failFor.add('ana');
    const first = await run(T0);
    expect(first.errors).toMatchObject([{ resourceId: 'a', stage: 'notify' }]);
    notifier.failFor.clear();
    const due = await run(addHours(T0, 30));
    expect(actedOn).toEqual([]);
    expect(due.findings[0]).toMatchObject({ decision: 'pending', actAfter: addHours(T0, 54).toISOString() });
    expect(notifier.sent.map((n) => n.events)).toEqual([['pending']]);
    await run(addHours(T0, 54));
    expect(actedOn).toEqual(['a']);
  });

  it('sends an undelivered "acted" or "protected" notice again on the next run, once', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    world.set('p', { waste: true, tags: { owner: 'lee', env: 'prod' } });
    await run(T0);
    notifier.sent = [];
    notifier.failFor = new Set(['ana', 'lee']);
    const due = await run(addHours(T0, 24));
    expect(due.errors.map((e) => e.stage)).toEqual(['notify']); // ana's acted notice
    expect(actedOn).toEqual(['a']);
    notifier.failFor.clear();
    await run(addHours(T0, 25));
    expect(notifier.sent.map((n) => [n.owner, n.events])).toEqual([['ana', ['acted']]]);
    expect(notifier.sent[0]!.body).toContain('restore: finops-ai restore act-');
    await run(addHours(T0, 26));
    expect(notifier.sent).toHaveLength(1);

    // A protected notice that failed is retried too.
    world.set('q', { waste: true, tags: { owner: 'kim', env: 'prod' } });
    notifier.failFor.add('kim');
    await run(addHours(T0, 27));
    notifier.failFor.clear();
    await run(addHours(T0, 28));
    await run(addHours(T0, 29));
    expect(notifier.sent.filter((n) => n.owner === 'kim').map((n) => n.events)).toEqual([['protected']]);
  });

  it('leaves an undelivered notice written moments ago to the run that wrote it (a concurrent run)', async () => {
    world.set('p', { waste: true, tags: { owner: 'lee', env: 'prod' } });
    notifier.failFor.add('lee'); // as if the writing run had not delivered it yet
    await run(T0);
    notifier.failFor.clear();
    await run(addHours(T0, 0.25)); // within the 20-minute lease: not sent twice
    expect(notifier.sent).toHaveLength(0);
    await run(addHours(T0, 0.5)); // older than the lease: undelivered, so sent again
    expect(notifier.sent.map((n) => [n.owner, n.events])).toEqual([['lee', ['protected']]]);
  });

  it('isolates a failing resource: the others are still acted on', async () => {
    world.set('bad', { waste: true, tags: {}, failAct: true });
    world.set('good', { waste: true, tags: {} });
    await run(T0);
    const report = await run(addHours(T0, 24));
    expect(actedOn).toEqual(['good']);
    expect(report.errors).toMatchObject([{ resourceId: 'bad', error: 'ThrottlingException' }]);
    // The failed action is retried by the next run, once.
    world.get('bad')!.failAct = false;
    const retry = await run(addHours(T0, 25));
    expect(actedOn).toEqual(['good', 'bad']);
    expect(retry.findings.find((f) => f.resourceId === 'bad')).toMatchObject({ decision: 'acted' });
    expect(ledger.actions.size).toBe(2);
  });

  it('two concurrent runs act once per resource', async () => {
    for (const id of ['a', 'b', 'c']) world.set(id, { waste: true, tags: { owner: 'ana' } });
    await Promise.all([run(T0), run(T0)]);
    expect(ledger.events.filter((e) => e.type === 'detected')).toHaveLength(3);
    expect(notifier.sent.flatMap((n) => n.items.map((i) => i.finding.resourceId)).sort()).toEqual(['a', 'b', 'c']); // each warned once
    const [r1, r2] = await Promise.all([run(addHours(T0, 24)), run(addHours(T0, 24))]);
    expect(actedOn.sort()).toEqual(['a', 'b', 'c']);
    expect(ledger.actions.size).toBe(3);
    const acted = [...r1.findings, ...r2.findings].filter((f) => f.decision === 'acted');
    expect(acted).toHaveLength(3);
  });

  it('resumes an action a killed run left behind, after its lease', async () => {
    world.set('a', { waste: true, tags: {} });
    await run(T0);
    const act = sweep.action!.act;
    sweep.action!.act = () => new Promise(() => {}); // the run "dies" mid-action
    void run(addHours(T0, 24));
    await new Promise((r) => setTimeout(r, 10));
    sweep.action!.act = act;
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'acting' });
    const tooSoon = await run(addHours(T0, 24.1));
    expect(actedOn).toEqual([]);
    expect(tooSoon.findings).toEqual([]);
    const resumed = await run(addHours(T0, 25));
    expect(actedOn).toEqual(['a']);
    expect(resumed.findings[0]).toMatchObject({ decision: 'acted' });
    expect(ledger.actions.size).toBe(1);
  });

  it('restores an action once, with realized savings from hours in force', async () => {
    world.set('a', { waste: true, tags: {} });
    await run(T0);
    const due = await run(addHours(T0, 24));
    const actionId = due.findings[0]!.actionId!;
    const options = { actionId, ledger, clients: new AwsClients(), clock: fixedClock(addHours(T0, 34)), sweepNamed: () => sweep };
    const report = await restoreAction(options);
    expect(report).toMatchObject({ restoredResourceId: 'a', hoursInForce: 10, realizedSavingsUsd: 10 });
    expect(restored).toEqual(['a']);
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'restored' });
    await expect(restoreAction(options)).rejects.toThrow(/already restored/);
    await expect(restoreAction({ ...options, actionId: 'act-nope' })).rejects.toThrow(/No action with id "act-nope"/);
  });

  it('remembers a wasteful-looking resource and lets the rule measure how long', async () => {
    world.set('w', { waste: 'watch', tags: { owner: 'ana' } });
    expect((await run(T0)).findings).toEqual([]);
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'watching', firstSeenAt: T0.toISOString() });
    expect((await run(addHours(T0, 47))).findings).toEqual([]);
    expect(notifier.sent).toEqual([]);
    const waste = await run(addHours(T0, 48));
    expect(waste.findings[0]).toMatchObject({ decision: 'pending', actAfter: addHours(T0, 72).toISOString() });
    expect(notifier.sent.map((n) => n.events)).toEqual([['pending']]);
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'pending', firstSeenAt: T0.toISOString() });
  });

  it('a watched resource that stops looking wasteful is cleared, and watching restarts from zero', async () => {
    world.set('w', { waste: 'watch', tags: {} });
    await run(T0);
    world.get('w')!.waste = false;
    await run(addHours(T0, 24));
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'cleared' });
    world.get('w')!.waste = 'watch';
    await run(addHours(T0, 30));
    expect((await run(addHours(T0, 60))).findings).toEqual([]); // 30 h watched, not 48
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'watching', firstSeenAt: addHours(T0, 30).toISOString() });
  });

  /** Leaves 'a' acting: its action "dies" mid-way at T0+24 h. */
  async function leaveActing() {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    await run(T0);
    const act = sweep.action!.act;
    sweep.action!.act = () => new Promise(() => {});
    void run(addHours(T0, 24));
    await new Promise((r) => setTimeout(r, 10));
    sweep.action!.act = act;
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'acting' });
  }

  it('abandons an unfinished action when the resource is used again, never resuming it', async () => {
    await leaveActing();
    world.get('a')!.waste = false;
    await run(addHours(T0, 25));
    expect(actedOn).toEqual([]);
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'cleared' });
    expect([...ledger.actions.values()][0]).toMatchObject({ status: 'cancelled' });
    await expect(
      restoreAction({
        actionId: [...ledger.actions.keys()][0]!,
        ledger,
        clients: new AwsClients(),
        clock: fixedClock(addHours(T0, 26)),
        sweepNamed: () => sweep,
      }),
    ).rejects.toThrow(/cancelled/);
  });

  it('abandons an unfinished action when the resource is exempted meanwhile', async () => {
    await leaveActing();
    world.get('a')!.tags = { owner: 'ana', 'finops:exempt': 'true' };
    const report = await run(addHours(T0, 25));
    expect(actedOn).toEqual([]);
    expect(report.findings[0]).toMatchObject({ decision: 'exempt' });
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'exempt' });
    expect([...ledger.actions.values()][0]).toMatchObject({ status: 'cancelled' });
  });

  it('keeps a finding as it is when its resource fails to be described in this run', async () => {
    world.set('p', { waste: true, tags: { owner: 'lee', env: 'prod' } });
    await run(T0);
    const inventory = sweep.inventory;
    sweep.inventory = async (ctx, cfg) => {
      const inv = await inventory(ctx, cfg);
      return { ...inv, candidates: [], failures: [{ resourceId: 'p', error: new Error('Rate exceeded') }] };
    };
    try {
      const report = await run(addHours(T0, 1));
      expect(report.errors).toMatchObject([{ resourceId: 'p', stage: 'inventory' }]);
    } finally {
      sweep.inventory = inventory;
    }
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'protected' });
    await run(addHours(T0, 2));
    expect(notifier.sent.map((n) => n.events)).toEqual([['protected']]); // told once, not again
  });

  it('never retries an action the sweep refuses as not restorable, and tells the owner', async () => {
    world.set('a', { waste: true, tags: { owner: 'ana' } });
    await run(T0);
    const act = sweep.action!.act;
    let attempts = 0;
    sweep.action!.act = async () => {
      attempts++;
      throw new NotRestorableError('a', 'its config is gone');
    };
    try {
      const report = await run(addHours(T0, 24));
      expect(report.findings[0]).toMatchObject({ decision: 'protected', reason: expect.stringContaining('its config is gone') });
      await run(addHours(T0, 48));
    } finally {
      sweep.action!.act = act;
    }
    expect(attempts).toBe(1);
    expect(notifier.sent.map((n) => n.events)).toEqual([['pending'], ['protected']]);
  });

  it('refuses a second restore while the first is running', async () => {
    world.set('a', { waste: true, tags: {} });
    await run(T0);
    const due = await run(addHours(T0, 24));
    const actionId = due.findings[0]!.actionId!;
    const restore = sweep.action!.restore;
    let release!: () => void;
    sweep.action!.restore = (data, ctx, id) => new Promise((resolve) => (release = () => resolve(restore(data, ctx, id))));
    try {
      const options = { actionId, ledger, clients: new AwsClients(), clock: fixedClock(addHours(T0, 30)), sweepNamed: () => sweep };
      const first = restoreAction(options);
      await new Promise((r) => setTimeout(r, 10));
      await expect(restoreAction(options)).rejects.toThrow(/another restore of this action/);
      release();
      await expect(first).resolves.toMatchObject({ restoredResourceId: 'a' });
    } finally {
      sweep.action!.restore = restore;
    }
    expect(restored).toEqual(['a']);
  });

  it('isolates an inventory failure to its region', async () => {
    world.set('a', { waste: true, tags: {} });
    const inventory = sweep.inventory;
    sweep.inventory = async (ctx, cfg) => {
      if (ctx.region === 'eu-west-1') throw new Error('boom');
      return inventory(ctx, cfg);
    };
    try {
      const report = await run(T0, { regions: ['eu-west-1', 'us-east-1'] });
      expect(report.errors).toMatchObject([{ region: 'eu-west-1', stage: 'inventory', message: 'boom' }]);
      expect(report.findings.map((f) => f.region)).toEqual(['us-east-1']);
    } finally {
      sweep.inventory = inventory;
    }
  });
});
