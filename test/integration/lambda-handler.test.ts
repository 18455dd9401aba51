import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { SweepHandlerResult } from '../../lib/lambda/sweep-handler.js';
import { CREDENTIALS, emulator, freshEstate, ledgerItems, REGION } from '../support/integration.js';
import { importLambdaAsset } from '../support/lambda-asset.js';

const context = { functionName: 'finops-ai-idle-endpoints', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const savedEnv = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) Reflect.deleteProperty(process.env, key);
  Object.assign(process.env, savedEnv);
});

describe('the idle-endpoints Lambda (its built asset) against the emulator', () => {
  it('runs the sweep in the deployed mode with the bundled config and env variables', async () => {
    // Endpoints backdated relative to the real clock: the Lambda always runs "now".
    const { env } = await freshEstate(new Date());
    Object.assign(process.env, env, {
      AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const { handler } = (await importLambdaAsset('idle-endpoints', {
      regions: [REGION],
      sweeps: { 'idle-endpoints': { mode: 'apply' } },
    })) as { handler: (event: unknown, context: Context) => Promise<SweepHandlerResult> };
    const result = await handler({}, context);
    expect(result).toEqual({ sweep: 'idle-endpoints', mode: 'apply', findings: { pending: 4, protected: 1, exempt: 1 }, errors: 0, notices: 4 });
    const states = (await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => i.kind === 'state');
    expect(states).toHaveLength(6);
    expect(await emulator().publishedMessages()).toHaveLength(4);
  });
});
