/**
 * The engine with owner-action links: pending notices carry the minter's links (the
 * same in every language), a failing minter never holds a warning back, and the
 * engine honours what the links apply (a snooze tag, an exempt tag, an act-now
 * deadline), with a fresh warning and grace period once a snooze is over.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { savingsFrom, type Tags } from '../../../lib/core/finding.js';
import { resourceKey } from '../../../lib/core/ledger-records.js';
import type { LinkSubject, OwnerLinkMinter } from '../../../lib/core/owner-actions.js';
import { earlyActState } from '../../../lib/core/owner-decisions.js';
import type { SweepSettings } from '../../../lib/core/settings.js';
import type { SweepDefinition } from '../../../lib/core/sweep.js';
import { runSweep, type RunSweepOptions } from '../../../lib/engine/run-sweep.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

interface Endpoint {
  idle: boolean;
  tags: Tags;
}
let world: Map<string, Endpoint>;
let stopped: string[];

const sweep: SweepDefinition<Endpoint, SweepSettings, { id: string }> = {
  name: 'idle-endpoints',
  title: 'Idle SageMaker endpoints',
  resourceType: 'sagemaker:endpoint',
  wording: { verb: 'stop', description: 'stop the endpoint', done: 'stopped' },
  permissions: { inventory: [] },
  async inventory(ctx) {
    return {
      seen: new Set(world.keys()),
      candidates: [...world.entries()].map(([id, e]) => ({
        ref: { resourceType: 'sagemaker:endpoint', resourceId: id, arn: `arn:aws:sagemaker:${ctx.region}:1:endpoint/${id}`, region: ctx.region },
        tags: e.tags,
        facts: e,
      })),
    };
  },
  assess: (candidate) =>
    candidate.facts.idle
      ? {
          waste: true,
          reason: 'no invocations',
          evidence: {},
          savings: savingsFrom([{ item: 'ml.m5.large', quantity: 1, usdPerHour: 0.115, source: 'test', sourceDate: '2026-01-01', regionBasis: 'stated' }], []),
        }
      : { waste: false, reason: 'busy' },
  action: {
    name: 'stop-endpoint',
    restoreData: (c) => ({ id: c.ref.resourceId }),
    async act(data) {
      stopped.push(data.id);
      world.delete(data.id);
      return { status: 'done', detail: `stopped ${data.id}` };
    },
    async restore(data) {
      return { restoredResourceId: data.id, detail: 'back' };
    },
  },
  tagCommand: (ref, k, v) => `aws sagemaker add-tags --resource-arn ${ref.arn} --tags Key=${k},Value=${v}`,
};

const settings: SweepSettings = { enabled: true, mode: 'apply', schedule: 'rate(1 hour)', gracePeriodHours: 24, actOnProtected: false };
const T0 = new Date('2026-11-23T09:00:00Z');

/** A minter that records what it was asked, returning one link per choice. */
class FakeMinter implements OwnerLinkMinter {
  readonly calls: { subject: LinkSubject; runId: string }[] = [];
  failing = false;
  async mint(subject: LinkSubject, origin: { runId: string; at: Date }) {
    if (this.failing) throw new Error('KMS: AccessDeniedException');
    this.calls.push({ subject, runId: origin.runId });
    const id = subject.finding.resourceId;
    return [
      { choice: 'keep-7d' as const, url: `https://links.example/?choice=keep-7d&resource=${id}&token=t1` },
      { choice: 'keep-until' as const, url: `https://links.example/?choice=keep-until&resource=${id}&token=t2`, until: '2027-02-21' },
      { choice: 'act-now' as const, url: `https://links.example/?choice=act-now&resource=${id}&token=t3` },
    ];
  }
}

let ledger: MemoryLedger;
let notifier: RecordingNotifier;
let minter: FakeMinter;
const warnings: unknown[] = [];
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
    links: minter,
    presentation: { timeZone: 'UTC', noticeLocales: ['en', 'ja'] },
    logger: { debug() {}, info() {}, warn: (...args: unknown[]) => warnings.push(args), error() {} },
    ...overrides,
  });
}
const stateOf = (id: string) =>
  ledger.states.get(`idle-endpoints|${resourceKey({ resourceType: 'sagemaker:endpoint', region: 'us-east-1', resourceId: id, arn: '' })}`)!;

beforeEach(() => {
  world = new Map([
    ['churn', { idle: true, tags: { owner: 'ana@example.com', team: 'risk' } }],
    ['payments', { idle: true, tags: { owner: 'lee@example.com', env: 'prod' } }],
  ]);
  stopped = [];
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
  minter = new FakeMinter();
  warnings.length = 0;
});

describe('engine with owner-action links', () => {
  it('a pending notice carries its links, minted once, in every language; other notices none', async () => {
    const report = await run(T0);
    expect(minter.calls.map((c) => [c.subject.finding.resourceId, c.subject.state.status, c.subject.state.actAfter, c.runId.startsWith('run-')])).toEqual([
      ['churn', 'pending', addHours(T0, 24).toISOString(), true],
    ]);
    const ana = notifier.sent.filter((n) => n.owner === 'ana@example.com');
    expect(ana.map((n) => n.locale)).toEqual(['en', 'ja']);
    for (const notice of ana) {
      expect(notice.items[0]!.links).toHaveLength(3);
      expect(notice.body).toContain('https://links.example/?choice=keep-7d&resource=churn&token=t1');
      expect(notice.body).toContain('https://links.example/?choice=act-now&resource=churn&token=t3');
    }
    expect(ana[0]!.body).toMatch(/answer: {2,}one click; the page asks for a reason before anything changes/);
    expect(ana[0]!.body).toMatch(/ {8}keep until 2027-02-21: https:\/\/links\.example\/\?choice=keep-until/);
    expect(ana[0]!.body).toContain('Or answer with a link under a scheduled resource');
    expect(ana[1]!.body).toContain('2027-02-21 まで残す: https://links.example/?choice=keep-until');
    // The tag command stays beside the links.
    expect(ana[0]!.body).toContain('Key=finops:exempt,Value=true');
    const lee = notifier.sent.find((n) => n.owner === 'lee@example.com')!;
    expect(lee.items[0]!.links).toBeUndefined();
    expect(lee.body).not.toContain('links.example');
    expect(report.errors).toEqual([]);
  });

  it('links that cannot be signed never hold the warning back', async () => {
    minter.failing = true;
    const report = await run(T0);
    expect(report.errors).toEqual([]);
    const ana = notifier.sent.find((n) => n.owner === 'ana@example.com')!;
    expect(ana.items[0]!.links).toBeUndefined();
    expect(ana.body).toContain('Key=finops:exempt,Value=true');
    expect(stateOf('churn').warnedAt).toBe(T0.toISOString());
    expect(JSON.stringify(warnings)).toContain('could not be signed');
  });

  it('report mode mints nothing', async () => {
    await run(T0, { mode: 'report' });
    expect(minter.calls).toEqual([]);
  });

  it('a snoozed resource is left alone, then idle again at expiry gets a fresh notice and a new grace period', async () => {
    await run(T0);
    // The owner pressed "keep 7 days" an hour later: the endpoint wrote the tag.
    world.get('churn')!.tags = { ...world.get('churn')!.tags, 'finops:snooze-until': addHours(T0, 1 + 7 * 24).toISOString() };
    const during = await run(addHours(T0, 25));
    expect(during.findings.find((f) => f.resourceId === 'churn')).toMatchObject({ decision: 'exempt' });
    expect(stopped).toEqual([]);
    expect(stateOf('churn').status).toBe('exempt');

    minter.calls.length = 0;
    const sentBefore = notifier.sent.length;
    const expired = addHours(T0, 2 + 7 * 24);
    const after = await run(expired);
    expect(after.findings.find((f) => f.resourceId === 'churn')).toMatchObject({ decision: 'pending', actAfter: addHours(expired, 24).toISOString() });
    expect(stopped).toEqual([]);
    const fresh = notifier.sent.slice(sentBefore).filter((n) => n.owner === 'ana@example.com');
    expect(fresh.map((n) => n.events)).toEqual([['pending'], ['pending']]);
    expect(minter.calls.map((c) => c.subject.state.actAfter)).toEqual([addHours(expired, 24).toISOString()]);

    const due = await run(addHours(expired, 25));
    expect(due.findings.find((f) => f.resourceId === 'churn')).toMatchObject({ decision: 'acted' });
    expect(stopped).toEqual(['churn']);
  });

  it('act-now (the endpoint moved the deadline to now) acts at the next run, before the grace period is over', async () => {
    await run(T0);
    const state = stateOf('churn');
    await ledger.commit({
      state: { next: earlyActState(state, addHours(T0, 2)), expectedVersion: state.version },
      event: { ...ledger.events.at(-1)!, type: 'owner-decided', at: addHours(T0, 2).toISOString() },
    });
    const next = await run(addHours(T0, 3));
    expect(next.findings.find((f) => f.resourceId === 'churn')).toMatchObject({ decision: 'acted' });
    expect(stopped).toEqual(['churn']);
  });

  it('act-now still needs apply mode: a report run acts on nothing', async () => {
    await run(T0);
    const state = stateOf('churn');
    await ledger.commit({ state: { next: earlyActState(state, addHours(T0, 2)), expectedVersion: state.version }, event: ledger.events.at(-1)! });
    const report = await run(addHours(T0, 3), { mode: 'report' });
    expect(report.findings.find((f) => f.resourceId === 'churn')?.decision).toBe('pending');
    expect(stopped).toEqual([]);
  });
});
