/**
 * A run that must stop before its deadline (`shouldStop`, from the Lambda's time
 * left) starts nothing new: the resources left are listed as inconclusive "left for
 * the next run" with their ledger state untouched, a region not begun is an error,
 * queued notices still go out, and the next run picks up the rest (issue 19).
 * `shouldStop` here counts calls: no timing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import type { OwnerNotice, Notifier } from '../../../lib/core/notice-port.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { DEFERRED_REASON } from '../../../lib/engine/sweep-run.js';
import { TEST_POLICY as policy } from '../../support/engine-harness.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

let world: Map<string, string[]>;

/** Boxes by region, each one waste to flag. */
const sweep: SweepDefinition<null, SweepSettings, { id: string }> = {
  name: 'boxes',
  title: 'Idle boxes',
  resourceType: 'test:box',
  wording: { verb: 'flag', description: 'flag the box', done: 'flagged' },
  advisory: { decision: 'flagged', event: 'runaway' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    const ids = world.get(ctx.region) ?? [];
    return {
      seen: new Set(ids),
      candidates: ids.map((id) => ({
        ref: { resourceType: 'test:box', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: { owner: 'ana', team: 'ml' },
        facts: null,
      })),
    };
  },
  assess: () => ({ waste: true, act: false, reason: 'idle', evidence: {}, savings: savingsFrom([], []) }),
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 24, actOnProtected: false, renotifyHours: 24 };
const T0 = new Date('2026-11-23T06:00:00Z');

let ledger: MemoryLedger;
let sent: OwnerNotice[];
const notifier: Notifier = { publish: async (n) => void sent.push(n) };
/** `shouldStop` that answers `true` from its `n+1`-th question on. */
const stopAfter = (n: number) => {
  let asked = 0;
  return () => ++asked > n;
};
const run = (shouldStop?: () => boolean) =>
  runSweep({
    sweep,
    config: settings,
    policy,
    mode: 'apply',
    regions: ['eu-west-1', 'us-east-1'],
    clock: fixedClock(T0),
    clients: new AwsClients(),
    ledger,
    notifier,
    shouldStop,
  });

beforeEach(() => {
  world = new Map([
    ['eu-west-1', ['a', 'b', 'c', 'd']],
    ['us-east-1', ['e']],
  ]);
  ledger = new MemoryLedger();
  sent = [];
});

describe('a run that must stop before its deadline', () => {
  it('leaves the rest for the next run: inconclusive, ledger untouched; the region not begun is an error', async () => {
    // Asked before eu-west-1 (no), a (no), b (no), then c, d and us-east-1 (yes).
    const report = await run(stopAfter(3));
    expect(report.findings.map((f) => f.resourceId)).toEqual(['a', 'b']);
    expect(report.inconclusive).toEqual(
      ['c', 'd'].map((id) => ({
        resourceType: 'test:box',
        resourceId: id,
        arn: `arn:test:${id}`,
        region: 'eu-west-1',
        sweep: 'boxes',
        owner: 'ana',
        team: 'ml',
        reason: DEFERRED_REASON,
      })),
    );
    expect(report.errors).toEqual([expect.objectContaining({ region: 'us-east-1', stage: 'deadline', error: 'RunDeadlineError' })]);
    expect(report.errors[0]!.message).toMatch(/next run sweeps it/);
    expect([...ledger.states.values()].map((s) => s.ref.resourceId).sort()).toEqual(['a', 'b']);
    // What was decided is still told: one message for ana.
    expect(sent).toHaveLength(1);
  });

  it('the next run (with time enough) decides the rest', async () => {
    await run(stopAfter(3));
    const next = await run();
    expect(next.inconclusive).toBeUndefined();
    expect(next.errors).toEqual([]);
    expect([...ledger.states.values()].map((s) => s.ref.resourceId).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('defers open findings it had no time to look at, without closing them', async () => {
    await run();
    world.set('eu-west-1', []);
    const report = await run(stopAfter(1));
    // Gone from the inventory, so each would close as gone: none is, every one is left for the next run.
    expect(report.inconclusive?.map((r) => r.resourceId)).toEqual(['a', 'b', 'c', 'd']);
    expect([...ledger.states.values()].filter((s) => s.ref.region === 'eu-west-1').every((s) => s.status === 'flagged')).toBe(true);
  });

  it('never asked to stop, runs as before', async () => {
    const report = await run(() => false);
    expect(report.findings).toHaveLength(5);
    expect(report.inconclusive).toBeUndefined();
  });
});
