/**
 * The ledger contract: what the engine and the digest rely on from any ledger, run
 * against the in-memory ledger (unit) and the DynamoDB ledger on the emulator
 * (integration) so that the two cannot drift apart.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LedgerConflictError } from '../../lib/core/errors.js';
import { savingsFrom, type ResourceRef } from '../../lib/core/finding.js';
import type { Ledger, ReportingLedger } from '../../lib/core/ledger-port.js';
import { resourceKey, type ActionRecord, type LedgerEvent, type ResourceState, type RunRecord } from '../../lib/core/ledger-records.js';

/** A ledger with the engine's and the digest's interfaces. */
export type ContractLedger = Ledger & ReportingLedger;

const T0 = '2026-11-16T09:00:00.000Z'; // Monday of 2026-W47
const T1 = '2026-11-17T09:00:00.000Z';
const T2 = '2026-11-24T09:00:00.000Z'; // 2026-W48

export function ref(id: string, region = 'us-east-1'): ResourceRef {
  return { resourceType: 'test:thing', resourceId: id, arn: `arn:test:${region}:${id}`, region };
}

const SAVINGS = savingsFrom(
  [{ item: 'ml.g5.xlarge', quantity: 2, usdPerHour: 1.408, source: 'AWS price list', sourceDate: '2026-11-01', regionBasis: 'stated', note: 'on demand' }],
  [],
);

/** A state with every field, optional ones included. */
export function stateOf(id: string, patch: Partial<ResourceState> = {}): ResourceState {
  return {
    sweep: 'things',
    ref: ref(id),
    owner: 'ana',
    team: 'risk',
    status: 'pending',
    version: 1,
    firstSeenAt: T0,
    updatedAt: T0,
    actAfter: T1,
    warnedAt: null,
    reason: 'idle for 7 days',
    evidence: { idleDays: 7, metrics: { invocations: [0, 0, 0] }, note: null, ok: true },
    savings: SAVINGS,
    actionId: null,
    noticePending: null,
    hold: null,
    leaseUntil: null,
    decision: null,
    ...patch,
  };
}

export function actionOf(actionId: string, patch: Partial<ActionRecord> = {}): ActionRecord {
  return {
    actionId,
    sweep: 'things',
    action: 'stop-thing',
    ref: ref('a'),
    owner: 'ana',
    team: 'risk',
    status: 'started',
    startedAt: T1,
    actedAt: null,
    restoredAt: null,
    restoreStartedAt: null,
    restoredResourceId: null,
    reason: 'idle for 7 days',
    savings: SAVINGS,
    savingsUntil: '2026-12-01T00:00:00.000Z',
    restoreData: { id: 'a', variants: [{ name: 'AllTraffic', count: 2 }], kept: true, weight: 0.5, none: null },
    detail: null,
    ...patch,
  };
}

export function eventOf(state: ResourceState, type: LedgerEvent['type'], at: string, detail: string = type): LedgerEvent {
  return {
    at,
    type,
    sweep: state.sweep,
    ref: state.ref,
    owner: state.owner,
    team: state.team,
    runId: 'run-1',
    fromStatus: null,
    toStatus: state.status,
    actionId: state.actionId,
    detail,
    monthlySavingsUsd: state.savings.monthlyUsd,
  };
}

function runOf(startedAt: string, patch: Partial<RunRecord> = {}): RunRecord {
  return {
    sweep: 'things',
    runId: `run-${startedAt}`,
    mode: 'apply',
    startedAt,
    regions: ['us-east-1'],
    findings: { pending: 2, acted: 1 },
    errors: 1,
    failures: ['us-east-1/a [act] ThrottlingException: Rate exceeded'],
    notices: 2,
    ...patch,
  };
}

/** Defines the contract's tests; `makeLedger` gives an empty ledger for each test. */
export function describeLedgerContract(name: string, makeLedger: () => Promise<ContractLedger>): void {
  describe(`the ledger contract: ${name}`, () => {
    let ledger: ContractLedger;
    beforeEach(async () => {
      ledger = await makeLedger();
    });

    /** Creates `state` (version 1) with a `detected` event. */
    async function create(state: ResourceState, at = state.updatedAt): Promise<void> {
      await ledger.commit({ state: { next: state, expectedVersion: null }, event: eventOf(state, 'detected', at) });
    }

    it('reads back every field of a state, optional ones included, keyed by resource', async () => {
      const full = stateOf('a', { noticePending: 'protected', hold: 'not restorable', decision: 'recommend', warnedAt: T0, leaseUntil: T1, actionId: 'act-1' });
      const bare = stateOf('b');
      const { noticePending: _n, hold: _h, decision: _d, ...withoutOptional } = bare;
      await create(full);
      await create(withoutOptional);
      const states = await ledger.getStates('things', [ref('a'), ref('b'), ref('absent')]);
      expect([...states.keys()].sort()).toEqual([resourceKey(ref('a')), resourceKey(ref('b'))]);
      expect(states.get(resourceKey(ref('a')))).toEqual(full);
      expect(states.get(resourceKey(ref('b')))).toEqual(withoutOptional);
    });

    it("keeps each sweep's state of a resource apart", async () => {
      await create(stateOf('a'));
      await create(stateOf('a', { sweep: 'others', status: 'flagged' }));
      expect(await ledger.getStates('nobody', [ref('a')])).toEqual(new Map());
      expect((await ledger.getStates('others', [ref('a')])).get(resourceKey(ref('a')))).toMatchObject({ sweep: 'others', status: 'flagged' });
      expect((await ledger.getStates('things', [ref('a'), ref('a')])).size).toBe(1);
    });

    it('creates a state only if none exists, and updates it only at the version it expects', async () => {
      const first = stateOf('a');
      await create(first);
      await expect(create(stateOf('a', { reason: 'second writer' }))).rejects.toBeInstanceOf(LedgerConflictError);
      const next = { ...first, status: 'exempt' as const, version: 2, updatedAt: T1 };
      const stale = ledger.commit({ state: { next, expectedVersion: 7 }, event: eventOf(next, 'exempted', T1) });
      await expect(stale).rejects.toMatchObject({ code: 'LEDGER_CONFLICT', resourceKey: resourceKey(ref('a')) });
      await ledger.commit({ state: { next, expectedVersion: 1 }, event: eventOf(next, 'exempted', T1) });
      expect((await ledger.getStates('things', [ref('a')])).get(resourceKey(ref('a')))).toMatchObject({ status: 'exempt', version: 2 });
      // A lost write leaves no trace, not even its event.
      expect((await ledger.history(ref('a'))).map((e) => e.type)).toEqual(['detected', 'exempted']);
    });

    it('writes an action record and its state together, or neither', async () => {
      const state = stateOf('a');
      await create(state);
      const acting = { ...state, status: 'acting' as const, version: 2, actionId: 'act-1', leaseUntil: T1 };
      const action = actionOf('act-1');
      const stale = ledger.commit({
        state: { next: acting, expectedVersion: 5 },
        action: { next: action, expectedStatus: null },
        event: eventOf(acting, 'acting', T1),
      });
      await expect(stale).rejects.toBeInstanceOf(LedgerConflictError);
      expect(await ledger.getAction('act-1')).toBeUndefined();

      await ledger.commit({
        state: { next: acting, expectedVersion: 1 },
        action: { next: action, expectedStatus: null },
        event: eventOf(acting, 'acting', T1),
      });
      expect(await ledger.getAction('act-1')).toEqual(action);
      const again = ledger.commit({ action: { next: action, expectedStatus: null }, event: eventOf(acting, 'acting', T1) });
      await expect(again).rejects.toBeInstanceOf(LedgerConflictError);
    });

    it('moves an action on only from the status it expects', async () => {
      const { noticePending: _n, hold: _h, decision: _d, ...state } = stateOf('a');
      const { restoreStartedAt: _r, savingsUntil: _s, ...started } = actionOf('act-1');
      await ledger.commit({ action: { next: started, expectedStatus: null }, event: eventOf(state, 'acting', T0) });
      expect(await ledger.getAction('act-1')).toEqual(started);
      const inForce: ActionRecord = { ...started, status: 'in-force', actedAt: T1, detail: 'stopped' };
      await expect(ledger.commit({ action: { next: inForce, expectedStatus: 'restoring' }, event: eventOf(state, 'acted', T1) })).rejects.toBeInstanceOf(
        LedgerConflictError,
      );
      await ledger.commit({ action: { next: inForce, expectedStatus: 'started' }, event: eventOf(state, 'acted', T1) });
      expect(await ledger.getAction('act-1')).toEqual(inForce);
      expect(await ledger.getAction('act-unknown')).toBeUndefined();
    });

    it("lists a sweep's open findings per region, and closed ones whose notice is undelivered", async () => {
      await create(stateOf('open'));
      await create(stateOf('acted-told', { status: 'acted' }));
      await create(stateOf('acted-untold', { status: 'acted', noticePending: 'acted', actionId: 'act-9' }));
      await create(stateOf('elsewhere', { ref: ref('elsewhere', 'eu-west-1') }));
      await create(stateOf('other-sweep', { sweep: 'others' }));
      const open = await ledger.listOpen('things', 'us-east-1');
      expect(open.map((s) => s.ref.resourceId).sort()).toEqual(['acted-untold', 'open']);
      expect((await ledger.listOpen('things', 'eu-west-1')).map((s) => s.ref.resourceId)).toEqual(['elsewhere']);

      // Closing a finding takes it off the list.
      const state = stateOf('open');
      const cleared = { ...state, status: 'cleared' as const, version: 2, updatedAt: T1 };
      await ledger.commit({ state: { next: cleared, expectedVersion: 1 }, event: eventOf(cleared, 'cleared', T1) });
      expect((await ledger.listOpen('things', 'us-east-1')).map((s) => s.ref.resourceId)).toEqual(['acted-untold']);
    });

    it("keeps two accounts' same-named resources apart and lists each account's open findings", async () => {
      const inA = { ...ref('same'), accountId: '111111111111' };
      const inB = { ...ref('same'), accountId: '222222222222' };
      await create(stateOf('same'));
      await create(stateOf('same', { ref: inA }));
      await create(stateOf('same', { ref: inB, status: 'exempt' }));
      const states = await ledger.getStates('things', [ref('same'), inA, inB]);
      expect(states.size).toBe(3);
      expect(states.get(resourceKey(inB))).toMatchObject({ status: 'exempt', ref: inB });
      expect(states.get(resourceKey(ref('same')))?.ref).toEqual(ref('same'));
      const accounts = async (scope?: string | null) => (await ledger.listOpen('things', 'us-east-1', scope)).map((s) => s.ref.accountId ?? 'own').sort();
      expect(await accounts()).toEqual(['111111111111', '222222222222', 'own']);
      expect(await accounts(null)).toEqual(['own']);
      expect(await accounts('222222222222')).toEqual(['222222222222']);
    });

    it("returns a resource's history oldest first, events of one instant in write order", async () => {
      const state = stateOf('a');
      await create(state, T1);
      await ledger.commit({ event: eventOf(state, 'warned', T1, 'second at T1') });
      await ledger.commit({ event: eventOf(state, 'notified', T1, 'third at T1') });
      await ledger.commit({ event: eventOf(state, 'watching', T0, 'earlier') });
      await ledger.commit({ event: eventOf(stateOf('b'), 'detected', T0, 'another resource') });
      const history = await ledger.history(ref('a'));
      expect(history.map((e) => e.detail)).toEqual(['earlier', 'detected', 'second at T1', 'third at T1']);
      expect(history[1]).toEqual(eventOf(state, 'detected', T1));
    });

    it("records runs; finds a sweep's first run and a week's runs and events", async () => {
      await ledger.recordRun(runOf(T1));
      await ledger.recordRun(runOf(T0, { findings: {}, failures: [], errors: 0 }));
      await ledger.recordRun(runOf(T2));
      await ledger.recordRun(runOf(T0, { sweep: 'others' }));
      expect(await ledger.firstRun('things')).toEqual(runOf(T0, { findings: {}, failures: [], errors: 0 }));
      expect(await ledger.firstRun('nobody')).toBeUndefined();

      await create(stateOf('a'), T1);
      await create(stateOf('b'), T0);
      await create(stateOf('c'), T2);
      const { events, runs } = await ledger.weekRecords('2026-W47');
      expect(runs.map((r) => [r.sweep, r.startedAt])).toEqual([
        ['others', T0],
        ['things', T0],
        ['things', T1],
      ]);
      expect(events.map((e) => [e.ref.resourceId, e.at])).toEqual([
        ['b', T0],
        ['a', T1],
      ]);
      expect((await ledger.weekRecords('2026-W48')).runs).toEqual([runOf(T2)]);
    });

    it('lists every action started before an instant, oldest first', async () => {
      const state = stateOf('a');
      for (const [id, startedAt] of [
        ['act-2', T1],
        ['act-1', T0],
        ['act-3', T2],
      ] as const) {
        await ledger.commit({ action: { next: actionOf(id, { startedAt }), expectedStatus: null }, event: eventOf(state, 'acting', startedAt) });
      }
      expect((await ledger.listActions(T2)).map((a) => a.actionId)).toEqual(['act-1', 'act-2']);
      expect(await ledger.listActions(T0)).toEqual([]);
      expect((await ledger.listActions('2027-01-01T00:00:00.000Z'))[2]).toEqual(actionOf('act-3', { startedAt: T2 }));
    });
  });
}
