import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom } from '../../../lib/core/finding.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

/** A sweep that declares no action (report-only) but whose rule asks for one on `b`. */
const sweep: SweepDefinition<{ act: boolean }, SweepSettings, never> = {
  name: 'advice',
  title: 'Advice',
  resourceType: 'test:box',
  wording: { verb: 'recommend', description: 'recommend a smaller box', done: 'recommended' },
  advisory: { decision: 'recommend', event: 'recommendation' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(['a', 'b']),
      candidates: ['a', 'b'].map((id) => ({
        ref: { resourceType: 'test:box', resourceId: id, arn: `arn:test:${id}`, region: ctx.region },
        tags: { owner: 'ana' },
        facts: { act: id === 'b' },
      })),
    };
  },
  assess: ({ facts }) => ({ waste: true, act: facts.act ? true : false, reason: 'too big', evidence: {}, savings: savingsFrom([], []) }),
  tagCommand: (ref, k, v) => `tag ${ref.resourceId} ${k}=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 day)', gracePeriodHours: 0, actOnProtected: false };

describe('a sweep without an action', () => {
  it.each(['report', 'apply'] as const)('%s mode: a waste assessment to act on is a typed error of that resource; the others go on', async (mode) => {
    const ledger = new MemoryLedger();
    const report = await runSweep({
      sweep,
      config: settings,
      policy,
      mode,
      regions: ['us-east-1'],
      clock: fixedClock('2026-11-23T09:00:00Z'),
      clients: new AwsClients(),
      ledger,
      notifier: new RecordingNotifier(),
    });
    expect(report.errors).toMatchObject([
      { resourceId: 'b', stage: 'resource', error: 'SweepActionMissingError', message: expect.stringContaining('declares no action') },
    ]);
    expect(report.findings.map((f) => [f.resourceId, f.decision])).toEqual([['a', 'recommend']]);
    expect([...ledger.states.values()].map((s) => s.ref.resourceId)).toEqual(mode === 'apply' ? ['a'] : []);
  });
});
