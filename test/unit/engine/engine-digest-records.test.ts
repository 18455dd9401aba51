import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { runSweep, type RunSweepOptions } from '../../../lib/engine/run-sweep.js';
import { savingsFrom, type Tags } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { Candidate, SweepDefinition } from '../../../lib/core/sweep.js';
import type { Notifier } from '../../../lib/core/notice-port.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { TEST_POLICY as policy } from '../../support/engine-harness.js';

/**
 * What the engine records for the weekly digest: a run record per apply-mode run,
 * the advisory decision on flagged findings, and when an action's saving ends.
 */
interface Item {
  kind: 'stop' | 'recommend' | 'broken';
  tags: Tags;
}

let world: Map<string, Item>;

function sweepWith(decision: 'flagged' | 'recommend'): SweepDefinition<Item, SweepSettings, { id: string }> {
  return {
    name: 'items',
    title: 'Items',
    resourceType: 'test:item',
    wording: { verb: 'stop', description: 'stop the item', done: 'stopped' },
    advisory: { decision, event: decision === 'recommend' ? 'recommendation' : 'runaway' },
    permissions: { inventory: [] },
    async inventory(ctx) {
      return {
        seen: new Set(world.keys()),
        candidates: [...world.entries()].map(([id, item]) => ({
          ref: { resourceType: 'test:item', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
          tags: item.tags,
          facts: item,
        })),
      };
    },
    assess(candidate: Candidate<Item>) {
      if (candidate.facts.kind === 'broken') throw new Error('cannot assess');
      return {
        waste: true,
        act: candidate.facts.kind === 'stop',
        reason: 'over its limit',
        evidence: {},
        savings: savingsFrom([{ item: 'x', quantity: 1, usdPerHour: 2, source: 'test', sourceDate: '2026-01-01', regionBasis: 'stated' }], []),
        savingsUntil: '2026-11-25T00:00:00.000Z',
      };
    },
    action: {
      name: 'stop-item',
      restoreData: (c) => ({ id: c.ref.resourceId }),
      async act() {
        return { status: 'done', detail: 'stopped' };
      },
      async restore(data) {
        return { restoredResourceId: data.id, detail: 'restored' };
      },
    },
    tagCommand: () => 'tag',
  };
}

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 hour)', gracePeriodHours: 1, actOnProtected: false, renotifyHours: 6 };
const notifier: Notifier = { publish: async () => undefined };
const T0 = new Date('2026-11-23T09:00:00Z');

let ledger: MemoryLedger;
function run(at: Date, decision: 'flagged' | 'recommend' = 'recommend', overrides: Partial<RunSweepOptions> = {}) {
  return runSweep({
    sweep: sweepWith(decision),
    config: settings,
    policy,
    mode: 'apply',
    regions: ['us-east-1', 'eu-west-1'],
    clock: fixedClock(at),
    clients: new AwsClients(),
    ledger,
    notifier,
    runId: `run-${at.toISOString()}`,
    ...overrides,
  });
}

beforeEach(() => {
  world = new Map();
  ledger = new MemoryLedger();
});

describe('run records', () => {
  it('an apply-mode run records its time, regions, findings by decision, errors and notices', async () => {
    world.set('a', { kind: 'recommend', tags: { owner: 'ana' } });
    world.set('b', { kind: 'stop', tags: { owner: 'bo' } });
    world.set('c', { kind: 'broken', tags: {} });
    await run(T0);
    expect(ledger.runs).toEqual([
      {
        sweep: 'items',
        runId: `run-${T0.toISOString()}`,
        mode: 'apply',
        startedAt: T0.toISOString(),
        regions: ['us-east-1', 'eu-west-1'],
        // Two regions, the same three items in each.
        findings: { recommend: 2, pending: 2 },
        errors: 2,
        failures: ['us-east-1/c [assess] Error: cannot assess', 'eu-west-1/c [assess] Error: cannot assess'],
        notices: 2,
      },
    ]);
  });

  it('a report-mode run writes nothing, not even a run record', async () => {
    world.set('a', { kind: 'recommend', tags: { owner: 'ana' } });
    await run(T0, 'recommend', { mode: 'report', notifier: undefined });
    expect(ledger.runs).toEqual([]);
  });

  it('a ledger that cannot record the run does not fail the sweep', async () => {
    ledger.recordRun = async () => {
      throw new Error('throttled');
    };
    const report = await run(T0);
    expect(report.errors).toEqual([]);
  });
});

describe('advisory decision on the state', () => {
  it('a recommendation is recorded with decision recommend, kept on reminders', async () => {
    world.set('a', { kind: 'recommend', tags: { owner: 'ana' } });
    await run(T0, 'recommend', { regions: ['us-east-1'] });
    const state = () => [...ledger.states.values()][0]!;
    expect(state()).toMatchObject({ status: 'flagged', decision: 'recommend' });
    await run(addHours(T0, 7), 'recommend', { regions: ['us-east-1'] });
    expect(ledger.events.map((e) => e.type)).toContain('reminded');
    expect(state()).toMatchObject({ status: 'flagged', decision: 'recommend' });
  });

  it('a flag is recorded with decision flagged', async () => {
    world.set('a', { kind: 'recommend', tags: { owner: 'ana' } });
    await run(T0, 'flagged', { regions: ['us-east-1'] });
    expect([...ledger.states.values()][0]).toMatchObject({ status: 'flagged', decision: 'flagged' });
  });
});

describe('savingsUntil', () => {
  it('is copied from the assessment to the action record', async () => {
    world.set('b', { kind: 'stop', tags: { owner: 'bo' } });
    await run(T0, 'flagged', { regions: ['us-east-1'] });
    await run(addHours(T0, 2), 'flagged', { regions: ['us-east-1'] });
    const [action] = [...ledger.actions.values()];
    expect(action).toMatchObject({ status: 'in-force', savingsUntil: '2026-11-25T00:00:00.000Z' });
  });
});
