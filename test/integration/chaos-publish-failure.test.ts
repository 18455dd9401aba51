/**
 * Chaos, fault class "publish failure": SNS fails for a whole run. No action may
 * follow a warning that was not delivered; the next run sends the warning again and
 * gives the full grace period from it. A topic that does not exist is named.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SNSClient } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { addHours } from '../../lib/core/clock.js';
import { chaosSweep, existing, idleEstate, ledgerStates, notified, T0, withDecision } from '../support/fault-estate.js';
import { countSuccessfulCalls, failCommand, fastRetries } from '../support/fault-middleware.js';
import { emulatorClients, freshEstate, REGION } from '../support/integration.js';

const ESTATE = idleEstate(4);
const NAMES = ESTATE.map((e) => e.name);

describe('chaos: publish failure', () => {
  it('SNS fails for a run: nothing is acted on without a delivered warning, and the warning is sent again', async () => {
    const { env } = await freshEstate(T0, ESTATE);
    const down = emulatorClients(fastRetries());
    const outage = failCommand(down.get(SNSClient, REGION), 'PublishCommand', () => true);
    const first = await chaosSweep(T0, env, down);
    expect(withDecision(first, 'pending')).toEqual(NAMES);
    expect(first.errors.map((e) => [e.resourceId, e.stage, e.error]).sort()).toEqual(NAMES.map((n) => [n, 'notify', 'InternalServerError']));
    expect(first.notices).toEqual([]);
    expect(outage.injected.length).toBeGreaterThan(0);
    const states = await ledgerStates(env.FINOPS_LEDGER_TABLE!);
    expect(NAMES.map((n) => states.get(n)?.warnedAt)).toEqual(NAMES.map(() => null));

    // Past the first deadline, but never warned: warned now, with a new grace period.
    const clients = emulatorClients(fastRetries());
    const calls = countSuccessfulCalls(clients.get(SageMakerClient, REGION));
    const second = await chaosSweep(addHours(T0, 25), env, clients);
    expect(second.errors).toEqual([]);
    expect(second.findings.map((f) => [f.resourceId, f.decision, f.actAfter])).toEqual(NAMES.map((n) => [n, 'pending', addHours(T0, 49).toISOString()]));
    expect(calls.DeleteEndpointCommand).toBeUndefined();
    expect(await existing(NAMES)).toEqual(NAMES);
    expect(await notified('pending')).toEqual(NAMES);

    const third = await chaosSweep(addHours(T0, 49), env, clients);
    expect(withDecision(third, 'acted')).toEqual(NAMES);
    expect(calls.DeleteEndpointCommand).toBe(NAMES.length);
    expect(await notified('acted')).toEqual(NAMES);
  });

  it('a notices topic that does not exist is named in every failure, and nothing is acted on', async () => {
    const { env } = await freshEstate(T0, ESTATE);
    const missing = env.FINOPS_NOTICES_TOPIC_ARN!.replace(/[^:]+$/, 'no-such-topic');
    const report = await chaosSweep(T0, { ...env, FINOPS_NOTICES_TOPIC_ARN: missing }, emulatorClients(fastRetries()));
    expect(report.errors).toHaveLength(NAMES.length);
    for (const e of report.errors) {
      expect(e).toMatchObject({
        stage: 'notify',
        error: 'NoticesTopicNotFoundError',
        message: `SNS topic ${missing} not found; check FINOPS_NOTICES_TOPIC_ARN.`,
      });
    }
    const due = await chaosSweep(addHours(T0, 25), { ...env, FINOPS_NOTICES_TOPIC_ARN: missing }, emulatorClients(fastRetries()));
    expect(withDecision(due, 'acted')).toEqual([]);
    expect(await existing(NAMES)).toEqual(NAMES);
  });

  it('a ledger table that does not exist is named with its region and variable', async () => {
    const { env } = await freshEstate(T0, ESTATE);
    const report = await chaosSweep(T0, { ...env, FINOPS_LEDGER_TABLE: 'no-such-ledger' }, emulatorClients(fastRetries()));
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([
      {
        sweep: 'idle-endpoints',
        region: REGION,
        stage: 'ledger',
        error: 'LedgerTableNotFoundError',
        message: `Ledger table "no-such-ledger" not found in ${REGION}; check FINOPS_LEDGER_TABLE and the region (AWS_REGION).`,
      },
    ]);
  });
});
