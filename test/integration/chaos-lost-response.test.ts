/**
 * Chaos, fault class "lost response after commit": a ledger transaction commits,
 * its response is lost (a 500), the SDK retries it. On moto (which ignores
 * `ClientRequestToken`) the retry's conditions then fail; the run must tell its own
 * committed write from another run's and report exactly what happened in AWS.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { addHours } from '../../lib/core/clock.js';
import { chaosSweep, existing, idleEstate, ledgerActions, ledgerStates, notified, T0, withDecision } from '../support/fault-estate.js';
import { countSuccessfulCalls, fastRetries, loseCommitResponses } from '../support/fault-middleware.js';
import { emulatorClients, freshEstate, REGION } from '../support/integration.js';

describe('chaos: lost responses after commit', () => {
  it('30% of ledger commits lose their response over 30 endpoints and 2 runs: the reports and notices are true', async () => {
    const NAMES = idleEstate(30).map((e) => e.name);
    const { env } = await freshEstate(T0, idleEstate(30));
    const clients = emulatorClients(fastRetries());
    const faults = loseCommitResponses(clients.get(DynamoDBClient, REGION), { rate: 0.3, seed: 19 });
    const calls = countSuccessfulCalls(clients.get(SageMakerClient, REGION));

    const first = await chaosSweep(T0, env, clients);
    expect(first.errors).toEqual([]);
    expect(withDecision(first, 'pending')).toEqual(NAMES);
    // Every resource reported pending had its warning delivered and recorded.
    expect(await notified('pending')).toEqual(NAMES);
    const warned = await ledgerStates(env.FINOPS_LEDGER_TABLE!);
    for (const name of NAMES)
      expect({ name, status: warned.get(name)?.status, warnedAt: warned.get(name)?.warnedAt }).toEqual({ name, status: 'pending', warnedAt: T0.toISOString() });

    const second = await chaosSweep(addHours(T0, 25), env, clients);
    expect(second.errors).toEqual([]);
    expect(withDecision(second, 'acted')).toEqual(NAMES);
    expect(await existing(NAMES)).toEqual([]);
    // Every deleted endpoint is in the report and in an `acted` notice, once.
    expect(await notified('acted')).toEqual(NAMES);
    // No double action, no resource left `acting`.
    expect(calls.DeleteEndpointCommand).toBe(NAMES.length);
    const states = await ledgerStates(env.FINOPS_LEDGER_TABLE!);
    expect(NAMES.filter((n) => states.get(n)?.status !== 'acted')).toEqual([]);
    const actions = await ledgerActions(env.FINOPS_LEDGER_TABLE!);
    expect(NAMES.filter((n) => actions.get(n)?.length !== 1 || actions.get(n)![0]!.status !== 'in-force')).toEqual([]);

    // The faults did happen, on every kind of write, and the SDK retried each once.
    expect(faults.injected.length).toBeGreaterThanOrEqual(20);
    for (const type of ['detected', 'warned', 'acting', 'acted', 'notified']) expect(faults.injected.join('\n')).toContain(type);
    expect(faults.maxAttemptsPerCall).toBe(2);
  }, 180_000); // 30 endpoints, 2 runs: a few hundred emulator calls, slow on a loaded machine

  it('a retried transaction carries the same deterministic ClientRequestToken, so DynamoDB recognizes it', async () => {
    const NAMES = idleEstate(10).map((e) => e.name);
    const { env } = await freshEstate(T0, idleEstate(10));
    const clients = emulatorClients(fastRetries());
    const faults = loseCommitResponses(clients.get(DynamoDBClient, REGION), { rate: 0.3, seed: 7, honourTokens: true });
    const first = await chaosSweep(T0, env, clients);
    const second = await chaosSweep(addHours(T0, 25), env, clients);
    expect([first.errors, second.errors]).toEqual([[], []]);
    expect(second.concurrent).toBeUndefined();
    expect(withDecision(second, 'acted')).toEqual(NAMES);
    expect(await notified('acted')).toEqual(NAMES);

    // Each token is ≤ 36 characters; a token sent twice is exactly a lost response retried.
    const tokens = [...faults.tokens.entries()];
    expect(tokens.every(([token]) => /^[0-9a-f]{32}$/.test(token))).toBe(true);
    expect(tokens.filter(([, sent]) => sent === 2)).toHaveLength(faults.injected.length);
    expect(tokens.filter(([, sent]) => sent > 2)).toEqual([]);
    expect(faults.injected.length).toBeGreaterThan(0);
  });
});
