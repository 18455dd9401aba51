import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import type { Notifier } from '../../../lib/core/notice-port.js';
import type { OwnerNotice } from '../../../lib/core/notice-port.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { TEST_POLICY as policy } from '../../support/engine-harness.js';

/**
 * Two additions for recommendation sweeps: an assessment that cannot decide
 * (`inconclusive`: reported, ledger untouched) and a recommendation that changed
 * (`changed`: notified before the next reminder is due).
 */
interface Box {
  verdict: 'recommend' | 'unknown' | 'fine';
  proposal: string;
}

let world: Map<string, Box>;

const sweep: SweepDefinition<Box, SweepSettings, { id: string }> = {
  name: 'boxes',
  title: 'Oversized boxes',
  resourceType: 'test:box',
  wording: { verb: 'recommend', description: 'recommend a smaller box', done: 'recommended' },
  advisory: { decision: 'recommend', event: 'recommendation' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(world.keys()),
      candidates: [...world.entries()].map(([id, box]) => ({
        ref: { resourceType: 'test:box', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: { owner: 'ana' },
        facts: box,
      })),
    };
  },
  assess({ facts }, _config, _now, memory) {
    if (facts.verdict === 'unknown') return { waste: false, inconclusive: true, reason: 'insufficient data: 3.0 of 7 days' };
    if (facts.verdict === 'fine') return { waste: false, reason: 'right-sized' };
    return {
      waste: true,
      act: false,
      reason: `use ${facts.proposal}`,
      evidence: { proposedConfig: facts.proposal },
      changed: memory.previous ? memory.previous.evidence.proposedConfig !== facts.proposal : false,
      savings: savingsFrom([], []),
    };
  },
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(7 days)', gracePeriodHours: 0, actOnProtected: true, renotifyHours: 24 * 28 };
const T0 = new Date('2026-11-23T06:00:00Z');

let ledger: MemoryLedger;
let sent: OwnerNotice[];
const notifier: Notifier = { publish: async (n) => void sent.push(n) };
const run = (at: Date, mode: 'apply' | 'report' = 'apply') =>
  runSweep({ sweep, config: settings, policy, mode, regions: ['us-east-1'], clock: fixedClock(at), clients: new AwsClients(), ledger, notifier });
const stateOf = (id: string) => [...ledger.states.values()].find((s) => s.ref.resourceId === id);

beforeEach(() => {
  world = new Map();
  ledger = new MemoryLedger();
  sent = [];
});

describe('inconclusive assessments', () => {
  it('are listed with their reason and owner, with no finding, notice or ledger write', async () => {
    world.set('young', { verdict: 'unknown', proposal: '' });
    const report = await run(T0);
    expect(report.findings).toEqual([]);
    expect(report.inconclusive).toEqual([
      {
        resourceType: 'test:box',
        resourceId: 'young',
        arn: 'arn:test:young',
        region: 'us-east-1',
        sweep: 'boxes',
        owner: 'ana',
        team: null,
        reason: 'insufficient data: 3.0 of 7 days',
      },
    ]);
    expect(ledger.events).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('leave an open recommendation open (not cleared) until the rule can decide again', async () => {
    world.set('box', { verdict: 'recommend', proposal: 'small' });
    await run(T0);
    world.get('box')!.verdict = 'unknown';
    const report = await run(addHours(T0, 24 * 7));
    expect(report.inconclusive?.map((r) => r.resourceId)).toEqual(['box']);
    expect(stateOf('box')).toMatchObject({ status: 'flagged' });
    world.get('box')!.verdict = 'fine';
    await run(addHours(T0, 24 * 14));
    expect(stateOf('box')).toMatchObject({ status: 'cleared' });
  });

  it('are absent from a report that has none', async () => {
    world.set('box', { verdict: 'fine', proposal: '' });
    expect(Object.keys(await run(T0))).not.toContain('inconclusive');
  });
});

describe('changed recommendations', () => {
  it('an unchanged recommendation waits for renotifyHours; a changed one is notified at once with its new evidence', async () => {
    world.set('box', { verdict: 'recommend', proposal: 'small' });
    await run(T0);
    await run(addHours(T0, 24 * 7));
    expect(sent).toHaveLength(1);

    world.get('box')!.proposal = 'tiny';
    await run(addHours(T0, 24 * 14));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toContain('proposedConfig: tiny');
    expect(stateOf('box')).toMatchObject({ status: 'flagged', firstSeenAt: T0.toISOString(), evidence: { proposedConfig: 'tiny' } });
    expect(ledger.events.filter((e) => e.type === 'reminded').map((e) => e.detail)).toEqual(['changed: use tiny']);

    await run(addHours(T0, 24 * 21));
    expect(sent).toHaveLength(2);
  });
});
