/**
 * Chaos, fault class "kill between delete and record": the process dies after an
 * endpoint was deleted in AWS and before the ledger recorded it (`kill -9`
 * simulated: from that request on, nothing the process sends reaches AWS). The next
 * run, once the lease is over, finishes the action, counts it once and tells the
 * owner; the action can be restored.
 */
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import { restoreFromEnv } from '../../lib/runtime.js';
import { CHAOS_CONFIG, chaosSweep, existing, idleEstate, ledgerActions, ledgerStates, notified, T0, withDecision } from '../support/fault-estate.js';
import { countSuccessfulCalls, eventTypesOf, fastRetries, killProcessAt } from '../support/fault-middleware.js';
import { emulatorClients, freshEstate, REGION } from '../support/integration.js';

const ESTATE = idleEstate(3);
const NAMES = ESTATE.map((e) => e.name);

describe('chaos: killed between delete and record', () => {
  it('the next run resumes the action, counts it once, tells the owner, and restore works', async () => {
    const { env } = await freshEstate(T0, ESTATE);
    await chaosSweep(T0, env, emulatorClients());

    const doomed = emulatorClients(fastRetries());
    const killedCalls = countSuccessfulCalls(doomed.get(SageMakerClient, REGION));
    const kill = killProcessAt(
      doomed.get(DynamoDBClient, REGION),
      [doomed.get(SageMakerClient, REGION), doomed.get(SNSClient, REGION), doomed.get(CloudWatchClient, REGION)],
      (request) => eventTypesOf(request).includes('acted'),
    );
    await chaosSweep(addHours(T0, 25), env, doomed); // its report dies with the process
    expect(kill.killed).toBe(true);
    expect(killedCalls.DeleteEndpointCommand).toBe(1);
    const [victim] = NAMES;
    expect(await existing(NAMES)).toEqual(NAMES.slice(1));
    const left = await ledgerStates(env.FINOPS_LEDGER_TABLE!);
    expect(NAMES.map((n) => left.get(n)?.status)).toEqual(['acting', 'pending', 'pending']);

    // Within the lease the action is left to the (dead) run; after it, resumed.
    const clients = emulatorClients(fastRetries());
    const calls = countSuccessfulCalls(clients.get(SageMakerClient, REGION));
    const tooSoon = await chaosSweep(addHours(T0, 25.1), env, clients);
    expect(withDecision(tooSoon, 'acted')).toEqual(NAMES.slice(1));
    const resumed = await chaosSweep(addHours(T0, 26), env, clients);
    expect(resumed.errors).toEqual([]);
    expect(withDecision(resumed, 'acted')).toEqual([victim]);
    expect(calls.DeleteEndpointCommand).toBe(NAMES.length - 1); // the victim was already gone
    expect(await notified('acted')).toEqual(NAMES);

    const actions = await ledgerActions(env.FINOPS_LEDGER_TABLE!);
    expect(NAMES.map((n) => actions.get(n)?.map((a) => a.status))).toEqual(NAMES.map(() => ['in-force']));
    const actionId = String(actions.get(victim!)![0]!.actionId);
    const restored = await restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 30)), config: CHAOS_CONFIG, env, clients: emulatorClients(), sweepNamed });
    expect(restored).toMatchObject({ restoredResourceId: victim, actedAt: addHours(T0, 26).toISOString() });
    expect(await existing(NAMES)).toEqual([victim]);
  });
});
