/**
 * The launcher's SageMaker inference components (moto has none), through the real SDK
 * client: the request and response shapes, ListInferenceComponents' filters and pages,
 * copy counts down to zero and back, tags on component ARNs (endpoint tags still
 * moto's), AWS's not-found error, the control op, and reset.
 */
import {
  AddTagsCommand,
  CreateInferenceComponentCommand,
  DeleteInferenceComponentCommand,
  DeleteTagsCommand,
  DescribeInferenceComponentCommand,
  ListInferenceComponentsCommand,
  ListTagsCommand,
  paginateListInferenceComponents,
  SageMakerClient,
  UpdateInferenceComponentRuntimeConfigCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { isNotFound } from '../../lib/aws/sagemaker.js';
import { seedComponentEndpoints } from '../../lib/local/seed-components.js';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const client = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const ARN = /^arn:aws:sagemaker:us-east-1:\d{12}:inference-component\/llm-a$/;

beforeEach(async () => {
  const emu = emulator();
  await emu.reset();
  await seedComponentEndpoints({
    endpoint: emu.endpoint,
    region: REGION,
    control: (p, b) => emu.control(p, b),
    now: T0,
    endpoints: [
      {
        name: 'host-1',
        instanceType: 'ml.g4dn.12xlarge',
        instanceCount: 1,
        managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 },
        ageDays: 30,
        tags: { owner: 'ana@example.com' },
        components: [
          { name: 'llm-a', copies: 2, accelerators: 1, memoryMb: 8192, ageDays: 20, tags: { team: 'nlp' } },
          { name: 'llm-b', copies: 1, accelerators: 2, memoryMb: 16384, ageDays: 10 },
        ],
      },
      {
        name: 'host-2',
        instanceType: 'ml.m5.large',
        instanceCount: 1,
        ageDays: 5,
        components: [{ name: 'tabular-c', copies: 1, cpuCores: 1, memoryMb: 1024, ageDays: 4 }],
      },
    ],
  });
});

describe('SageMaker inference components on the emulator', () => {
  it('describes a component in the real shape, with its runtime config and specification', async () => {
    const out = await client().send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-a' }));
    expect(out).toMatchObject({
      InferenceComponentName: 'llm-a',
      InferenceComponentArn: expect.stringMatching(ARN),
      EndpointName: 'host-1',
      EndpointArn: expect.stringMatching(/:endpoint\/host-1$/),
      VariantName: 'AllTraffic',
      InferenceComponentStatus: 'InService',
      RuntimeConfig: { DesiredCopyCount: 2, CurrentCopyCount: 2 },
      Specification: { ModelName: 'llm-a-model', ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: 1, MinMemoryRequiredInMb: 8192 } },
      CreationTime: new Date(T0.getTime() - 20 * 86_400_000),
      LastModifiedTime: new Date(T0.getTime() - 20 * 86_400_000),
    });
  });

  it('lists summaries, filtered by endpoint, sorted and paged', async () => {
    const all = await client().send(new ListInferenceComponentsCommand({}));
    expect(all.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(['tabular-c', 'llm-b', 'llm-a']); // newest first by default
    expect(all.InferenceComponents?.[2]).toEqual({
      CreationTime: new Date(T0.getTime() - 20 * 86_400_000),
      InferenceComponentArn: expect.stringMatching(ARN),
      InferenceComponentName: 'llm-a',
      EndpointArn: expect.stringMatching(/:endpoint\/host-1$/),
      EndpointName: 'host-1',
      VariantName: 'AllTraffic',
      InferenceComponentStatus: 'InService',
      LastModifiedTime: new Date(T0.getTime() - 20 * 86_400_000),
    });
    const onHost1 = await client().send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'host-1', SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(onHost1.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(['llm-a', 'llm-b']);
    const pages: string[][] = [];
    for await (const page of paginateListInferenceComponents({ client: client(), pageSize: 2 }, {})) {
      pages.push((page.InferenceComponents ?? []).map((c) => c.InferenceComponentName!));
    }
    expect(pages).toEqual([['tabular-c', 'llm-b'], ['llm-a']]);
    await expect(client().send(new ListInferenceComponentsCommand({ MaxResults: 101 }))).rejects.toThrow(/MaxResults/);
  });

  it('scales copies to zero and back, and refuses a component that is not InService', async () => {
    const arn = await client().send(
      new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: 'llm-a', DesiredRuntimeConfig: { CopyCount: 0 } }),
    );
    expect(arn.InferenceComponentArn).toMatch(ARN);
    const zero = await client().send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-a' }));
    expect(zero.RuntimeConfig).toEqual({ DesiredCopyCount: 0, CurrentCopyCount: 0 });
    expect(zero.LastModifiedTime!.getTime()).toBeGreaterThan(T0.getTime() - 20 * 86_400_000);
    await client().send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: 'llm-a', DesiredRuntimeConfig: { CopyCount: 2 } }));
    expect((await client().send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-a' }))).RuntimeConfig).toEqual({
      DesiredCopyCount: 2,
      CurrentCopyCount: 2,
    });

    await emulator().control('sagemaker/inference-component', { name: 'llm-b', status: 'Updating' });
    await expect(
      client().send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: 'llm-b', DesiredRuntimeConfig: { CopyCount: 0 } })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('status Updating') });
    await expect(
      client().send(new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: 'llm-a', DesiredRuntimeConfig: { CopyCount: -1 } })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('keeps tags on component ARNs (AddTags, ListTags, DeleteTags) and leaves endpoint tags to moto', async () => {
    const { InferenceComponentArn: arn } = await client().send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-a' }));
    expect((await client().send(new ListTagsCommand({ ResourceArn: arn! }))).Tags).toEqual([{ Key: 'team', Value: 'nlp' }]);
    await client().send(new AddTagsCommand({ ResourceArn: arn!, Tags: [{ Key: 'finops:exempt', Value: 'true' }] }));
    await client().send(new DeleteTagsCommand({ ResourceArn: arn!, TagKeys: ['team'] }));
    expect((await client().send(new ListTagsCommand({ ResourceArn: arn! }))).Tags).toEqual([{ Key: 'finops:exempt', Value: 'true' }]);
    const endpointArn = arn!.replace('inference-component/llm-a', 'endpoint/host-1');
    expect((await client().send(new ListTagsCommand({ ResourceArn: endpointArn }))).Tags).toEqual([{ Key: 'owner', Value: 'ana@example.com' }]);
  });

  it('answers a missing component as AWS does, deletes, and is emptied by reset', async () => {
    const missing = await client()
      .send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'nope' }))
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^Could not find inference component "arn:aws:sagemaker:.*\/nope"\.$/),
    });
    expect(isNotFound(missing)).toBe(true);
    await expect(
      client().send(
        new CreateInferenceComponentCommand({
          InferenceComponentName: 'llm-a',
          EndpointName: 'host-1',
          VariantName: 'AllTraffic',
          Specification: { ModelName: 'llm-a-model', ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } },
          RuntimeConfig: { CopyCount: 1 },
        }),
      ),
    ).rejects.toThrow(/already existing inference component/);
    await expect(
      client().send(new CreateInferenceComponentCommand({ InferenceComponentName: 'x', EndpointName: 'no-such-endpoint', RuntimeConfig: { CopyCount: 1 } })),
    ).rejects.toThrow(/Could not find endpoint/);

    await client().send(new DeleteInferenceComponentCommand({ InferenceComponentName: 'llm-b' }));
    const left = await client().send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'host-1' }));
    expect(left.InferenceComponents?.map((c) => c.InferenceComponentName)).toEqual(['llm-a']);
    await expect(emulator().control('sagemaker/inference-component', { name: 'llm-b' })).rejects.toThrow(/not found/);

    await emulator().reset();
    expect((await client().send(new ListInferenceComponentsCommand({}))).InferenceComponents).toEqual([]);
  });
});
