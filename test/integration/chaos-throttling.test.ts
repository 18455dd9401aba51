/**
 * Chaos, fault class "throttling storm": half of the SageMaker and CloudWatch
 * requests of a run are throttled (every first attempt), and one endpoint's delete
 * is throttled on every attempt. The SDK retries within its budget; the report says
 * exactly what was done and what failed; nothing is lost or done twice.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { addHours } from '../../lib/core/clock.js';
import { chaosSweep, existing, idleEstate, ledgerActions, ledgerStates, notified, T0, withDecision } from '../support/fault-estate.js';
import { countSuccessfulCalls, fastRetries, throttleEveryOther } from '../support/fault-middleware.js';
import { emulatorClients, freshEstate, REGION } from '../support/integration.js';

const ESTATE = idleEstate(6);
const NAMES = ESTATE.map((e) => e.name);
const STUCK = 'idle-03';
/** Attempts per call of the test clients (`emulatorClients`). */
const MAX_ATTEMPTS = 3;
/** Standard retries without delays (see {@link fastRetries}: adaptive mode would take minutes here). */
const stormClients = () => emulatorClients(fastRetries(MAX_ATTEMPTS));

describe('chaos: throttling storm', () => {
  it('50% of SageMaker and CloudWatch requests throttled: the report is true, nothing lost or doubled, retries within budget', async () => {
    const { env } = await freshEstate(T0, ESTATE);
    await chaosSweep(T0, env, emulatorClients());

    const clients = stormClients();
    const sagemaker = clients.get(SageMakerClient, REGION);
    const calls = countSuccessfulCalls(sagemaker);
    const storm = [
      throttleEveryOther(sagemaker, { always: (command, input) => command === 'DeleteEndpointCommand' && input.EndpointName === STUCK }),
      throttleEveryOther(clients.get(CloudWatchClient, REGION)),
    ];
    const due = await chaosSweep(addHours(T0, 25), env, clients);

    const done = NAMES.filter((n) => n !== STUCK);
    expect(withDecision(due, 'acted')).toEqual(done);
    expect(due.errors).toMatchObject([{ resourceId: STUCK, error: 'ThrottlingException' }]);
    expect(due.errors).toHaveLength(1);
    expect(calls.DeleteEndpointCommand).toBe(done.length);
    expect(await existing(NAMES)).toEqual([STUCK]);
    expect(await notified('acted')).toEqual(done);
    // Every call was retried, none beyond the budget.
    for (const log of storm) {
      expect(log.injected.length).toBeGreaterThan(0);
      expect(log.maxAttemptsPerCall).toBeLessThanOrEqual(MAX_ATTEMPTS);
    }
    // The failed action handed its lease back: the next run finishes it, once.
    expect((await ledgerStates(env.FINOPS_LEDGER_TABLE!)).get(STUCK)).toMatchObject({ status: 'acting', leaseUntil: addHours(T0, 25).toISOString() });
    const calm = emulatorClients();
    const calmCalls = countSuccessfulCalls(calm.get(SageMakerClient, REGION));
    const next = await chaosSweep(addHours(T0, 26), env, calm);
    expect(next.errors).toEqual([]);
    expect(withDecision(next, 'acted')).toEqual([STUCK]);
    expect(calmCalls.DeleteEndpointCommand).toBe(1);
    const actions = await ledgerActions(env.FINOPS_LEDGER_TABLE!);
    expect(NAMES.map((n) => actions.get(n)?.length)).toEqual(NAMES.map(() => 1));
    expect(await existing(NAMES)).toEqual([]);
  });
});
