/**
 * Ambiguous ledger writes: a commit whose response was lost, one that failed after
 * committing, another run's write landing first, and a ledger that cannot be read
 * back. The run must report exactly what happened: its own committed write is a
 * success, another run's is named in `concurrent`, and what it cannot tell is an error.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { LoggerLike, SweepDefinition } from '../../../lib/core/sweep.js';
import { restoreAction } from '../../../lib/engine/restore.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';
import { every, FaultyLedger, ofType } from '../../support/fault-ledger.js';

let world: Set<string>;
let actedOn: string[];
let ledger: FaultyLedger;
let notifier: RecordingNotifier;
let logs: { level: string; message: string; extra: Record<string, unknown> }[];

const sweep: SweepDefinition<null, SweepSettings, { id: string }> = {
  name: 'things',
  title: 'Idle things',
  resourceType: 'test:thing',
  wording: { verb: 'stop', description: 'stop the thing', done: 'stopped' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(world),
      candidates: [...world].map((id) => ({
        ref: { resourceType: 'test:thing', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: { owner: 'ana' },
        facts: null,
      })),
    };
  },
  assess: () => ({
    waste: true,
    reason: 'idle',
    evidence: {},
    savings: savingsFrom([{ item: 't.small', quantity: 1, usdPerHour: 1, source: 'test', sourceDate: '2026-01-01', regionBasis: 'stated' }], []),
  }),
  action: {
    name: 'stop-thing',
    restoreData: (c) => ({ id: c.ref.resourceId }),
    async act(data) {
      if (world.has(data.id)) actedOn.push(data.id);
      world.delete(data.id);
      return { status: 'done', detail: `stopped ${data.id}` };
    },
    async restore(data) {
      world.add(data.id);
      return { restoredResourceId: data.id, detail: 'back' };
    },
  },
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false };
const T0 = new Date('2026-11-23T09:00:00Z');
const logger: LoggerLike = {
  debug: (message, ...extra) => logs.push({ level: 'debug', message, extra: Object.assign({}, ...extra) }),
  info: (message, ...extra) => logs.push({ level: 'info', message, extra: Object.assign({}, ...extra) }),
  warn: (message, ...extra) => logs.push({ level: 'warn', message, extra: Object.assign({}, ...extra) }),
  error: (message, ...extra) => logs.push({ level: 'error', message, extra: Object.assign({}, ...extra) }),
};

function run(at: Date, runId?: string) {
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
    logger,
    ...(runId ? { runId } : {}),
  });
}
const types = (id: string) => ledger.inner.events.filter((e) => e.ref.resourceId === id).map((e) => e.type);

beforeEach(() => {
  world = new Set(['a', 'b']);
  actedOn = [];
  ledger = new FaultyLedger();
  notifier = new RecordingNotifier();
  logs = [];
});

describe('reconciled ledger writes', () => {
  it('a lost response on every write: the run recognizes its own writes and reports what happened', async () => {
    ledger.fail(every, 'lost-response');
    const first = await run(T0);
    expect(first.errors).toEqual([]);
    expect(first.concurrent).toBeUndefined();
    expect(first.findings.map((f) => [f.resourceId, f.decision])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ]);
    expect(notifier.sent.flatMap((n) => n.items.map((i) => [i.finding.resourceId, i.event]))).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ]);
    expect([...ledger.inner.states.values()].map((s) => [s.status, s.warnedAt])).toEqual([
      ['pending', T0.toISOString()],
      ['pending', T0.toISOString()],
    ]);

    const due = await run(addHours(T0, 25));
    expect(due.errors).toEqual([]);
    expect(due.findings.map((f) => [f.resourceId, f.decision])).toEqual([
      ['a', 'acted'],
      ['b', 'acted'],
    ]);
    expect(actedOn).toEqual(['a', 'b']);
    expect(notifier.sent.at(-1)?.items.map((i) => [i.finding.resourceId, i.event])).toEqual([
      ['a', 'acted'],
      ['b', 'acted'],
    ]);
    expect(types('a')).toEqual(['detected', 'warned', 'acting', 'acted', 'notified']);
    expect(ledger.injected).toHaveLength(10);
    expect(logs.filter((l) => l.message.includes('Concurrent'))).toEqual([]);
  });

  it('a write that committed but whose retries all failed is a success; one that did not commit is an error', async () => {
    ledger.fail(ofType('detected'), 'committed-then-500');
    const first = await run(T0);
    expect(first.errors).toEqual([]);
    expect(notifier.sent).toHaveLength(1);

    ledger.heal();
    ledger.fail(ofType('acting'), 'not-committed-500');
    const due = await run(addHours(T0, 25));
    expect(due.errors).toMatchObject([
      { resourceId: 'a', error: 'InternalServerError' },
      { resourceId: 'b', error: 'InternalServerError' },
    ]);
    expect(due.findings).toEqual([]);
    expect(actedOn).toEqual([]);
  });

  it('the action ran but recording it failed for good: the resource is reported acted, with the error', async () => {
    await run(T0);
    ledger.fail(ofType('acted'), 'not-committed-500');
    const due = await run(addHours(T0, 25));
    expect(actedOn).toEqual(['a', 'b']);
    expect(due.findings.map((f) => [f.resourceId, f.decision])).toEqual([
      ['a', 'acted'],
      ['b', 'acted'],
    ]);
    expect(due.errors).toMatchObject([
      {
        resourceId: 'a',
        error: 'ActionNotRecordedError',
        message: expect.stringMatching(/^a: action act-\S+ ran, but recording it in the ledger failed \(We encountered an internal error/),
      },
      { resourceId: 'b', error: 'ActionNotRecordedError' },
    ]);

    // The next run, after the lease, finishes the record once and tells the owner.
    ledger.heal();
    world = new Set();
    const next = await run(addHours(T0, 26));
    expect(next.findings.map((f) => [f.resourceId, f.decision])).toEqual([
      ['a', 'acted'],
      ['b', 'acted'],
    ]);
    expect(next.errors).toEqual([]);
    expect(actedOn).toEqual(['a', 'b']);
    expect(ledger.inner.actions.size).toBe(2);
  });

  it('another run wrote first: the step is left to it, named in the report and logged at info', async () => {
    world = new Set(['a']);
    ledger.raceBefore = { filter: ofType('detected'), runId: 'run-other' };
    const report = await run(T0, 'run-mine');
    expect(report.errors).toEqual([]);
    expect(report.concurrent).toEqual([{ sweep: 'things', region: 'us-east-1', resourceId: 'a', by: 'run-other', status: 'pending' }]);
    expect(notifier.sent).toEqual([]); // the other run warns
    expect(logs.filter((l) => l.level === 'info' && l.message.includes('oncurrent'))).toMatchObject([
      { extra: { resourceId: 'a', by: 'run-other', status: 'pending' } },
    ]);
  });

  it('a conflict that cannot be read back is an error in the report, never an info log', async () => {
    world = new Set(['a']);
    ledger.failReadsAfterFault = true;
    ledger.fail(ofType('detected'), 'lost-response');
    const report = await run(T0);
    expect(report.errors).toMatchObject([
      { resourceId: 'a', stage: 'ledger', error: 'LedgerOutcomeUnknownError', message: expect.stringContaining('test:thing#us-east-1#a') },
    ]);
    expect(report.concurrent).toBeUndefined();
    expect(logs.filter((l) => l.level === 'info')).toEqual([]);
    expect(notifier.sent).toEqual([]);
  });

  it('a restore whose claim lost its response goes on and restores once', async () => {
    world = new Set(['a']);
    await run(T0);
    const due = await run(addHours(T0, 25));
    const actionId = due.findings[0]!.actionId!;
    ledger.fail(ofType('restoring', 'restored'), 'lost-response');
    const restored = await restoreAction({ actionId, ledger, clients: new AwsClients(), clock: fixedClock(addHours(T0, 30)), sweepNamed: () => sweep });
    expect(restored).toMatchObject({ restoredResourceId: 'a', hoursInForce: 5 });
    expect(ledger.inner.actions.get(actionId)).toMatchObject({ status: 'restored' });
    expect(types('a').slice(-2)).toEqual(['restoring', 'restored']);
  });
});
