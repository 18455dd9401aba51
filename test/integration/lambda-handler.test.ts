import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const context = { functionName: 'finops-ai-idle-endpoints', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const savedEnv = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

describe('functions/idle-endpoints (the Lambda entry) against the emulator', () => {
  it('runs the sweep in the deployed mode with the deployed config and env variables', async () => {
    // Endpoints backdated relative to the real clock: the Lambda always runs "now".
    const { env } = await freshEstate(new Date());
    Object.assign(process.env, env, {
      AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      FINOPS_CONFIG: JSON.stringify({ regions: [REGION], sweeps: { 'idle-endpoints': { mode: 'apply' } } }),
    });
    const { handler } = await import('../../functions/idle-endpoints.js');
    const result = await handler({}, context);
    expect(result).toEqual({ sweep: 'idle-endpoints', mode: 'apply', findings: { pending: 4, protected: 1, exempt: 1 }, errors: 0, notices: 4 });
    const states = (await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => i.kind === 'state');
    expect(states).toHaveLength(6);
    expect(await emulator().publishedMessages()).toHaveLength(4);
  });
});
