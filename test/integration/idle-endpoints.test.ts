import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { AwsClients } from '../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
// Bundled prices only: these tests count the sweep's own AWS calls and ledger writes; live
// prices (Price List calls, the price cache) are tested in pricing-sweeps.test.ts.
const config = parseConfig({ regions: [REGION], pricing: { live: false }, sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } } });
const IDLE = ['churn-model-v1', 'legacy-tabular', 'llm-summarizer-poc', 'vision-ab-test'];

let env: Record<string, string>;
let ledgerTable: string;

function sweep(at: Date, mode: 'report' | 'apply' = 'apply', clients: AwsClients = emulatorClients(), envOverride = env): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode, clock: fixedClock(at), env: envOverride, clients });
}
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const exists = (name: string) =>
  sagemaker()
    .send(new DescribeEndpointCommand({ EndpointName: name }))
    .then(
      () => true,
      () => false,
    );

beforeEach(async () => {
  ({ env } = await freshEstate(T0));
  ledgerTable = env.FINOPS_LEDGER_TABLE!;
});

describe('idle-endpoints against the emulator', () => {
  it('report mode finds exactly the idle endpoints, writes nothing, in few calls', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();

    expect(decisions(report)).toEqual({
      'churn-model-v1': 'pending',
      'legacy-tabular': 'pending',
      'llm-summarizer-poc': 'pending',
      'vision-ab-test': 'pending',
      'payments-scoring': 'protected',
      'research-sandbox': 'exempt',
    });
    const churn = report.findings.find((f) => f.resourceId === 'churn-model-v1')!;
    expect(churn).toMatchObject({
      resourceType: 'sagemaker:endpoint',
      arn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:endpoint\/churn-model-v1$/),
      owner: 'ana@example.com',
      team: 'risk',
      actAfter: addHours(T0, 24).toISOString(),
      estimatedMonthlySavingsUsd: 537.57, // 1 x ml.g4dn.xlarge at $0.7364/h x 730 h
    });
    expect(report.findings.find((f) => f.resourceId === 'legacy-tabular')).toMatchObject({ owner: 'unassigned', estimatedMonthlySavingsUsd: null });
    expect(report.errors).toEqual([]);

    expect(await ledgerItems(ledgerTable)).toEqual([]);
    expect(await emu.publishedMessages()).toEqual([]);
    const calls = await emu.recordedCalls();
    for (const write of ['DynamoDB.PutItem', 'DynamoDB.TransactWriteItems', 'DynamoDB.UpdateItem', 'SNS.Publish', 'SageMaker.DeleteEndpoint']) {
      expect(calls[write] ?? 0, write).toBe(0);
    }
    // Busy, young and bursty endpoints are never described: only the 7 quiet, old ones
    // (the 6 findings and the serverless one).
    expect(calls['SageMaker.DescribeEndpoint']).toBe(7);
    // Their tags: one Tagging API page for the region's 11 endpoints, instead of 7 ListTags.
    expect(calls['SageMaker.ListTags'] ?? 0).toBe(0);
    expect(calls['ResourceGroupsTaggingAPI.GetResources']).toBe(1);
    expect(calls['SageMaker.ListEndpoints']).toBe(1);
    expect(calls['SageMaker.ListInferenceComponents']).toBe(1);
    expect(calls['CloudWatch.GetMetricData']).toBe(1);
    const aws = Object.entries(calls)
      .filter(([op]) => !op.startsWith('DynamoDB.'))
      .reduce((s, [, n]) => s + n, 0);
    expect(aws).toBeLessThanOrEqual(/* pages */ 2 + /* metric batches */ 1 + 3 * 7);
    expect(aws).toBeLessThanOrEqual(/* pages */ 3 + /* metric batches */ 1 + /* tag pages */ 1 + 2 * 7);
  });

  it('apply mode warns, waits out the grace period, stops, keeps the config, and restores', async () => {
    const emu = emulator();
    const first = await sweep(T0);
    expect(decisions(first)).toMatchObject(Object.fromEntries(IDLE.map((n) => [n, 'pending'])));
    for (const name of IDLE) expect(await exists(name)).toBe(true);

    const warnings = await emu.publishedMessages();
    expect(warnings.map((m) => m.messageAttributes.owner?.value).sort()).toEqual(['ana@example.com', 'lee@example.com', 'raj@example.com', 'unassigned']);
    const ana = warnings.find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!;
    expect(ana.topicArn).toBe(env.FINOPS_NOTICES_TOPIC_ARN);
    expect(ana.messageAttributes).toMatchObject({
      sweep: { dataType: 'String', value: 'idle-endpoints' },
      event: { dataType: 'String.Array', value: '["pending"]' },
      team: { dataType: 'String.Array', value: '["risk","vision"]' },
    });
    expect(ana.subject).toBe('[FinOps AI] Idle SageMaker endpoints: 2 scheduled');
    expect(ana.message).toContain('churn-model-v1 (us-east-1, team risk) ~$537.57/month');
    expect(ana.message).toContain('not before 2026-11-24 09:00 UTC');
    expect(ana.message).toContain('Key=finops:exempt,Value=true');
    const lee = warnings.find((m) => m.messageAttributes.owner?.value === 'lee@example.com')!;
    expect(lee.messageAttributes.event?.value).toBe('["protected"]');

    const early = await sweep(addHours(T0, 12));
    expect(early.findings.filter((f) => f.decision === 'acted')).toEqual([]);
    expect(await emu.publishedMessages()).toHaveLength(4);

    const due = await sweep(addHours(T0, 25));
    expect(decisions(due)).toEqual({ ...Object.fromEntries(IDLE.map((n) => [n, 'acted'])), 'payments-scoring': 'protected', 'research-sandbox': 'exempt' });
    for (const name of IDLE) expect(await exists(name)).toBe(false);
    for (const name of ['payments-scoring', 'research-sandbox', 'fraud-detector', 'batch-scorer', 'new-model-rc']) expect(await exists(name)).toBe(true);
    await expect(sagemaker().send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'churn-model-v1-config' }))).resolves.toBeDefined();
    const stopped = (await emu.publishedMessages()).slice(4);
    expect(stopped.map((m) => m.messageAttributes.event?.value)).toEqual(['["acted"]', '["acted"]', '["acted"]']);
    expect(stopped.find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!.message).toMatch(/restore: finops-ai restore act-/);

    const actionId = due.findings.find((f) => f.resourceId === 'churn-model-v1')!.actionId!;
    const action = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`);
    expect(action).toMatchObject({
      status: 'in-force',
      owner: 'ana@example.com',
      team: 'risk',
      restoreData: {
        endpointName: 'churn-model-v1',
        endpointConfigName: 'churn-model-v1-config',
        tags: expect.arrayContaining([{ Key: 'owner', Value: 'ana@example.com' }]),
      },
      savings: { hourlyUsd: 0.7364, monthlyUsd: 537.57 },
    });

    const restored = await restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 35)), config, env, clients: emulatorClients(), sweepNamed });
    expect(restored).toMatchObject({ restoredResourceId: 'churn-model-v1', hoursInForce: 10, realizedSavingsUsd: 7.36 });
    const again = await sagemaker().send(new DescribeEndpointCommand({ EndpointName: 'churn-model-v1' }));
    expect(again.EndpointConfigName).toBe('churn-model-v1-config');
    const tags = await sagemaker().send(new ListTagsCommand({ ResourceArn: again.EndpointArn! }));
    expect(Object.fromEntries(tags.Tags!.map((t) => [t.Key, t.Value]))).toEqual({ owner: 'ana@example.com', team: 'risk', env: 'staging' });
    await expect(restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 36)), config, env, clients: emulatorClients(), sweepNamed })).rejects.toThrow(
      /already restored/,
    );

    const history = (await ledgerItems(ledgerTable))
      .filter((i) => i.pk === 'RES#sagemaker:endpoint#us-east-1#churn-model-v1' && String(i.sk).startsWith('EVENT#'))
      .map((i) => i.type);
    expect(history).toEqual(['detected', 'warned', 'acting', 'acted', 'notified', 'restoring', 'restored']);

    // The restored endpoint is young again: not idle, and its old finding stays closed.
    const after = await sweep(addHours(T0, 48));
    expect(after.findings.map((f) => f.resourceId)).not.toContain('churn-model-v1');
  });

  it('clears a finding whose endpoint gets traffic during the grace period', async () => {
    await sweep(T0);
    const cloudwatch = new CloudWatchClient({
      region: REGION,
      endpoint: inject('emulatorEndpoint'),
      credentials: CREDENTIALS,
      disableRequestCompression: true,
    });
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/SageMaker',
        MetricData: [
          {
            MetricName: 'Invocations',
            Dimensions: [
              { Name: 'EndpointName', Value: 'churn-model-v1' },
              { Name: 'VariantName', Value: 'AllTraffic' },
            ],
            Timestamp: addHours(T0, 2),
            Value: 3,
          },
        ],
      }),
    );
    const due = await sweep(addHours(T0, 25));
    expect(decisions(due)['churn-model-v1']).toBeUndefined();
    expect(await exists('churn-model-v1')).toBe(true);
    const state = (await ledgerItems(ledgerTable)).find((i) => i.pk === 'RES#sagemaker:endpoint#us-east-1#churn-model-v1' && i.sk === 'STATE#idle-endpoints');
    expect(state).toMatchObject({ status: 'cleared' });
  });

  it('two concurrent apply runs stop each endpoint once', async () => {
    const emu = emulator();
    await Promise.all([sweep(T0), sweep(T0)]);
    // Each resource is warned about exactly once, by whichever run recorded it first.
    const warned = (await emu.publishedMessages()).flatMap((m) => [...m.message.matchAll(/^ {2}\* (\S+) /gm)].map((x) => x[1]));
    expect(warned.sort()).toEqual([...IDLE, 'payments-scoring'].sort());
    await emu.startRecording();
    const [a, b] = await Promise.all([sweep(addHours(T0, 25), 'apply', emulatorClients()), sweep(addHours(T0, 25), 'apply', emulatorClients())]);
    await emu.stopRecording();
    const acted = [...a.findings, ...b.findings].filter((f) => f.decision === 'acted');
    expect(acted.map((f) => f.resourceId).sort()).toEqual(IDLE);
    expect((await emu.recordedCalls())['SageMaker.DeleteEndpoint']).toBe(IDLE.length);
    expect((await ledgerItems(ledgerTable)).filter((i) => String(i.pk).startsWith('ACTION#'))).toHaveLength(IDLE.length);
  });

  it('a throttled call on one resource does not stop the sweep; a transient one is retried', async () => {
    await sweep(T0);
    const clients = emulatorClients();
    const client = clients.get(SageMakerClient, REGION);
    const attempts: Record<string, number> = {};
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = (args.input as { EndpointName?: string }).EndpointName;
        if (context.commandName === 'DeleteEndpointCommand' && name) {
          attempts[name] = (attempts[name] ?? 0) + 1;
          if (name === 'churn-model-v1' || (name === 'llm-summarizer-poc' && attempts[name] === 1)) {
            throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
          }
        }
        return next(args);
      },
      { step: 'deserialize', name: 'injectThrottling' }, // below the retry middleware, so the SDK retries
    );
    const due = await sweep(addHours(T0, 25), 'apply', clients);
    expect(due.errors).toMatchObject([{ resourceId: 'churn-model-v1', error: 'ThrottlingException' }]);
    expect(attempts['churn-model-v1']).toBe(3); // maxAttempts
    expect(attempts['llm-summarizer-poc']).toBe(2);
    expect(decisions(due)).toMatchObject({ 'llm-summarizer-poc': 'acted', 'vision-ab-test': 'acted', 'legacy-tabular': 'acted' });
    expect(await exists('churn-model-v1')).toBe(true);

    const retry = await sweep(addHours(T0, 26));
    expect(decisions(retry)['churn-model-v1']).toBe('acted');
    expect(await exists('churn-model-v1')).toBe(false);
  });

  it('restore fails clearly when the endpoint config was deleted meanwhile', async () => {
    await sweep(T0);
    const due = await sweep(addHours(T0, 25));
    const actionId = due.findings.find((f) => f.resourceId === 'churn-model-v1')!.actionId!;
    await sagemaker().send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'churn-model-v1-config' }));
    await expect(restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 30)), config, env, clients: emulatorClients(), sweepNamed })).rejects.toThrow(
      /endpoint config "churn-model-v1-config" no longer exists; recreate it \(variants: AllTraffic: 1 x ml.g4dn.xlarge\)/,
    );
    const action = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`);
    expect(action).toMatchObject({ status: 'in-force' }); // can be retried once the config is back
  });
});

describe('finops-ai CLI against the emulator', () => {
  const exec = promisify(execFile);
  const cli = (args: string[], extraEnv: Record<string, string> = {}) =>
    exec(process.execPath, ['bin/finops-ai.mjs', ...args], {
      env: { ...process.env, AWS_ENDPOINT_URL: inject('emulatorEndpoint'), AWS_REGION: REGION, ...CREDENTIALS_ENV, ...extraEnv },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (error: unknown) => {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );
  const CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };

  it('--json prints the documented contract and exits 0', async () => {
    const r = await cli(['sweep', 'idle-endpoints', '--json', '--now', addHours(T0, 1).toISOString()]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['sweep', 'mode', 'now', 'regions', 'findings', 'errors']));
    expect(doc).toMatchObject({ sweep: 'idle-endpoints', mode: 'report', now: addHours(T0, 1).toISOString(), regions: [REGION], errors: [] });
    expect(doc.findings).toHaveLength(6);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'resourceType',
          'resourceId',
          'arn',
          'region',
          'owner',
          'team',
          'decision',
          'reason',
          'actAfter',
          'estimatedMonthlySavingsUsd',
        ]),
      );
    }
  });

  it('apply, then restore by action id, through the CLI', async () => {
    const local = await cli(['init-local']);
    expect(local.code).toBe(0);
    const vars = Object.fromEntries(
      local.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/^export /, '').split('=', 2) as [string, string]),
    );
    expect(Object.keys(vars)).toEqual(['FINOPS_LEDGER_TABLE', 'FINOPS_NOTICES_TOPIC_ARN', 'FINOPS_DIGEST_TOPIC_ARN', 'FINOPS_DIGEST_BUCKET']);
    expect((await cli(['sweep', 'idle-endpoints', '--apply', '--now', T0.toISOString()], vars)).code).toBe(0);
    const due = await cli(['sweep', 'idle-endpoints', '--apply', '--json', '--now', addHours(T0, 25).toISOString()], vars);
    const churn = JSON.parse(due.stdout).findings.find((f: { resourceId: string }) => f.resourceId === 'churn-model-v1');
    expect(churn).toMatchObject({ decision: 'acted', actionId: expect.stringMatching(/^act-/) });
    const restore = await cli(['restore', churn.actionId, '--json', '--now', addHours(T0, 26).toISOString()], vars);
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ actionId: churn.actionId, restoredResourceId: 'churn-model-v1', hoursInForce: 1 });
    expect(await exists('churn-model-v1')).toBe(true);
  });

  it('exits 3 when some resources failed and still reports the rest', async () => {
    // An endpoint whose config is gone could not be restored after a stop: it is never a candidate.
    await sagemaker().send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'llm-summarizer-poc-config' }));
    const r = await cli(['sweep', 'idle-endpoints', '--json', '--now', addHours(T0, 1).toISOString()]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.errors).toMatchObject([{ resourceId: 'llm-summarizer-poc', stage: 'inventory', message: expect.stringContaining('could not be undone') }]);
    expect(doc.findings.map((f: { resourceId: string }) => f.resourceId)).toContain('churn-model-v1');
  });

  it('exits 1 when nothing could be swept (every region failed)', async () => {
    const r = await cli(['sweep', 'idle-endpoints', '--json'], { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing could be swept/);
    expect(JSON.parse(r.stdout).errors).toMatchObject([{ region: REGION, stage: 'inventory' }]);
  });

  it('exits 1 with a clear message when there are no credentials', async () => {
    const r = await exec(process.execPath, ['bin/finops-ai.mjs', 'sweep', 'idle-endpoints'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: '/nonexistent',
        AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
        AWS_REGION: REGION,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_CONFIG_FILE: '/nonexistent/config',
      },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AWS credentials are missing or were rejected/);
  });
});
