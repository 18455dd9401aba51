/**
 * Inference components in the idle-endpoint sweep, on the emulator: idle components
 * are findings of their own (priced as their share of the endpoint's instances, the
 * cold-start trade-off stated), scaled to zero copies after the grace period (action
 * `scale-component-to-zero`), and restored to their recorded copy count; a component
 * not InService is never touched.
 */
import {
  DeleteInferenceComponentCommand,
  DescribeEndpointCommand,
  DescribeInferenceComponentCommand,
  SageMakerClient,
  UpdateInferenceComponentRuntimeConfigCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import { ActionRefusedError } from '../../lib/core/errors.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { silentLogger } from '../../lib/core/sweep.js';
import { parseConfig } from '../../lib/config.js';
import { demoComponentEstate, seedComponentEndpoints, type SeedComponentEndpoint } from '../../lib/local/seed-components.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { IdleEndpointSweep } from '../../lib/sweeps/idle-endpoints/index.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const config = parseConfig({ regions: [REGION], pricing: { live: false }, sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } } });
const BATCH_HOST: SeedComponentEndpoint = {
  name: 'batch-ic-host',
  instanceType: 'ml.g4dn.xlarge',
  instanceCount: 1,
  managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 1 },
  ageDays: 30,
  tags: { owner: 'lee@example.com', team: 'risk' },
  components: [{ name: 'nightly-batch-ic', copies: 1, accelerators: 1, memoryMb: 4096, ageDays: 30 }],
};
const EXEMPT_HOST: SeedComponentEndpoint = {
  name: 'research-ic-host',
  instanceType: 'ml.g4dn.xlarge',
  instanceCount: 1,
  ageDays: 30,
  tags: { owner: 'zoe@example.com', team: 'research', 'finops:exempt': 'true' },
  components: [{ name: 'research-ic', copies: 1, accelerators: 1, memoryMb: 4096, ageDays: 30 }],
};

let env: Record<string, string>;
const sweep = (at: Date, mode: 'report' | 'apply' = 'apply'): Promise<SweepReport> =>
  runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode, clock: fixedClock(at), env, clients: emulatorClients() });
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const copies = async (name: string) => (await sagemaker().send(new DescribeInferenceComponentCommand({ InferenceComponentName: name }))).RuntimeConfig;

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  const emu = emulator();
  await seedComponentEndpoints({
    endpoint: emu.endpoint,
    region: REGION,
    control: (p, b) => emu.control(p, b),
    endpoints: [...demoComponentEstate(), BATCH_HOST, EXEMPT_HOST],
    now: T0,
  });
});

describe('idle inference components against the emulator', () => {
  it('report mode: each idle component is a finding priced as its share, with the scale-to-zero recommendation and its cold start', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();

    // The busy and the young component are no findings; no endpoint hosting components is stopped whole.
    // translate-beta-ic's endpoint keeps 1 instance (MinInstanceCount 1): copies at zero would save nothing, so it is only recommended.
    expect(decisions(report)).toEqual({
      'llama-summarizer-ic': 'pending',
      'nightly-batch-ic': 'pending',
      'translate-beta-ic': 'recommend',
      'research-ic': 'exempt',
    });
    expect(report.errors).toEqual([]);
    const alone = report.findings.find((f) => f.resourceId === 'llama-summarizer-ic')!;
    expect(alone).toMatchObject({
      resourceType: 'sagemaker:inference-component',
      arn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:inference-component\/llama-summarizer-ic$/),
      owner: 'ana@example.com', // its endpoint's tags
      team: 'nlp',
      estimatedMonthlySavingsUsd: 3569.7, // its endpoint's only component: 1 x ml.g4dn.12xlarge at $4.89/h x 730 h
      evidence: {
        invocations: 0,
        copyCount: 2,
        host: '1 x ml.g4dn.12xlarge',
        instanceShare: 1,
        releasableInstances: 1,
        recommendation: { copyCount: 0, endpointMinInstanceCount: 0, currentEndpointMinInstanceCount: 0 },
      },
    });
    expect(alone.reason).toMatch(/^no invocations in the last 7 days on inference component llama-summarizer-ic \(2 copies on endpoint genai-playground\)/);
    expect(alone.reason).toContain('scale-out policy on NoCapacityInvocationFailures');
    expect(alone.reason).toContain("the endpoint's managed instance scaling can then release instances down to MinInstanceCount 0");
    expect(alone.reason).toContain('cold start');
    const shared = report.findings.find((f) => f.resourceId === 'translate-beta-ic')!;
    expect(shared).toMatchObject({ owner: 'mia@example.com', team: 'nlp' }); // its own owner tag wins
    expect(shared.reason).toContain("set the endpoint's ManagedInstanceScaling MinInstanceCount to 0 as well (now MinInstanceCount 1)");
    // What the recommendation saves: one copy holding 1 of the instance's 4 GPUs, a quarter of $4.89/h x 730 h.
    expect(shared.estimatedMonthlySavingsUsd).toBe(892.43);
    expect(shared.savings.components).toMatchObject([{ quantity: 0.25, usdPerHour: 4.89, item: expect.stringContaining('1 x 1 of 4 accelerators') }]);

    const calls = await emu.recordedCalls();
    expect(calls['SageMaker.ListInferenceComponents']).toBe(1);
    expect(calls['SageMaker.DescribeInferenceComponent']).toBe(4); // the quiet, old ones only
    expect(calls['SageMaker.ListTags']).toBe(4); // each quiet component's own tags
    expect(calls['ResourceGroupsTaggingAPI.GetResources']).toBe(1); // their 4 endpoints' tags: one page for the region's 5 endpoints
    expect(calls['SageMaker.DescribeEndpoint']).toBe(4);
    expect(calls['SageMaker.UpdateInferenceComponentRuntimeConfig'] ?? 0).toBe(0);
    expect(await ledgerItems(env.FINOPS_LEDGER_TABLE!)).toEqual([]);
  });

  it('apply mode: warns, scales idle components to zero after the grace period, keeps the endpoint, and restores the copy count', async () => {
    const emu = emulator();
    const first = await sweep(T0);
    expect(decisions(first)).toMatchObject({ 'llama-summarizer-ic': 'pending', 'translate-beta-ic': 'recommend' });
    const warning = (await emu.publishedMessages()).find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!;
    expect(warning.message).toContain('llama-summarizer-ic (us-east-1, team nlp)');
    expect(warning.message).toContain('cold start');
    expect(warning.message).toContain('scale it to zero copies');

    const due = await sweep(addHours(T0, 25));
    expect(decisions(due)).toEqual({ 'llama-summarizer-ic': 'acted', 'nightly-batch-ic': 'acted', 'translate-beta-ic': 'recommend', 'research-ic': 'exempt' });
    expect(await copies('llama-summarizer-ic')).toEqual({ DesiredCopyCount: 0, CurrentCopyCount: 0 });
    expect(await copies('translate-beta-ic')).toEqual({ DesiredCopyCount: 1, CurrentCopyCount: 1 });
    expect(await copies('chat-assistant-ic')).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    expect(await copies('research-ic')).toEqual({ DesiredCopyCount: 1, CurrentCopyCount: 1 });
    await expect(sagemaker().send(new DescribeEndpointCommand({ EndpointName: 'genai-playground' }))).resolves.toMatchObject({ EndpointStatus: 'InService' });

    const actionId = due.findings.find((f) => f.resourceId === 'llama-summarizer-ic')!.actionId!;
    const items = await ledgerItems(env.FINOPS_LEDGER_TABLE!);
    expect(items.find((i) => i.pk === `ACTION#${actionId}`)).toMatchObject({
      action: 'scale-component-to-zero',
      status: 'in-force',
      owner: 'ana@example.com',
      restoreData: {
        kind: 'inference-component',
        componentName: 'llama-summarizer-ic',
        endpointName: 'genai-playground',
        variantName: 'AllTraffic',
        copyCount: 2,
      },
      savings: { hourlyUsd: 4.89, monthlyUsd: 3569.7 },
    });

    // Scaled to zero, it is no longer idle waste: the next run leaves it alone.
    const after = await sweep(addHours(T0, 30));
    expect(after.findings.map((f) => f.resourceId)).not.toContain('llama-summarizer-ic');

    const restored = await restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 35)), config, env, clients: emulatorClients(), sweepNamed });
    expect(restored).toMatchObject({ restoredResourceId: 'llama-summarizer-ic', hoursInForce: 10, realizedSavingsUsd: 48.9 });
    expect(await copies('llama-summarizer-ic')).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
    const history = (await ledgerItems(env.FINOPS_LEDGER_TABLE!))
      .filter((i) => i.pk === 'RES#sagemaker:inference-component#us-east-1#llama-summarizer-ic' && String(i.sk).startsWith('EVENT#'))
      .map((i) => i.type);
    expect(history).toEqual(['detected', 'warned', 'acting', 'acted', 'notified', 'restoring', 'restored']);
  });

  it('never acts on a component that is not InService', async () => {
    await sweep(T0);
    await emulator().control('sagemaker/inference-component', { name: 'llama-summarizer-ic', region: REGION, status: 'Updating' });
    const emu = emulator();
    await emu.startRecording();
    const due = await sweep(addHours(T0, 25));
    await emu.stopRecording();
    expect(decisions(due)['llama-summarizer-ic']).toBeUndefined();
    expect(decisions(due)['nightly-batch-ic']).toBe('acted');
    expect((await emu.recordedCalls())['SageMaker.UpdateInferenceComponentRuntimeConfig']).toBe(1); // nightly-batch-ic only
    expect(await copies('llama-summarizer-ic')).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });

    // And the action itself refuses one that left InService after the inventory looked.
    const ctx = { region: REGION, clients: emulatorClients(), now: addHours(T0, 25), logger: silentLogger };
    const data = {
      kind: 'inference-component',
      componentName: 'llama-summarizer-ic',
      componentArn: 'x',
      endpointName: 'genai-playground',
      variantName: 'AllTraffic',
      copyCount: 2,
    } as const;
    await expect(IdleEndpointSweep.action.act(data, ctx)).rejects.toBeInstanceOf(ActionRefusedError);
    expect(await copies('llama-summarizer-ic')).toEqual({ DesiredCopyCount: 2, CurrentCopyCount: 2 });
  });

  it('restore leaves a component its owner already woke up, and fails clearly when it was deleted', async () => {
    await sweep(T0);
    const due = await sweep(addHours(T0, 25));
    const byName = (name: string) => due.findings.find((f) => f.resourceId === name)!.actionId!;
    const ctx = { region: REGION, clients: emulatorClients(), now: addHours(T0, 26), logger: silentLogger };
    const client = ctx.clients.get(SageMakerClient, REGION);
    await client.send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: 'nightly-batch-ic', DesiredRuntimeConfig: { CopyCount: 3 } }));
    const woke = await restoreFromEnv({
      actionId: byName('nightly-batch-ic'),
      clock: fixedClock(addHours(T0, 27)),
      config,
      env,
      clients: emulatorClients(),
      sweepNamed,
    });
    expect(woke).toMatchObject({ restoredResourceId: 'nightly-batch-ic' });
    expect(await copies('nightly-batch-ic')).toEqual({ DesiredCopyCount: 3, CurrentCopyCount: 3 });

    await client.send(new DeleteInferenceComponentCommand({ InferenceComponentName: 'llama-summarizer-ic' }));
    await expect(
      restoreFromEnv({ actionId: byName('llama-summarizer-ic'), clock: fixedClock(addHours(T0, 27)), config, env, clients: emulatorClients(), sweepNamed }),
    ).rejects.toThrow(
      /inference component "llama-summarizer-ic" no longer exists; recreate it on endpoint genai-playground \(variant AllTraffic\) with 2 copies/,
    );
  });
});
