/**
 * The launcher's Bedrock Provisioned Throughput (moto has none), through the real SDK
 * client: create (201, idempotency token, commitment term), list (filters, sort, pages),
 * get by name or ARN, delete (refused during a commitment term and while changing), tags
 * (the wrapped handlers, moto's own still answering other ARNs), the control ops, and
 * the names the recorder gives the REST calls.
 */
import {
  BedrockClient,
  CreateProvisionedModelThroughputCommand,
  DeleteProvisionedModelThroughputCommand,
  GetProvisionedModelThroughputCommand,
  ListProvisionedModelThroughputsCommand,
  ListTagsForResourceCommand,
  paginateListProvisionedModelThroughputs,
  type ListProvisionedModelThroughputsCommandInput,
  TagResourceCommand,
  UntagResourceCommand,
  type CreateProvisionedModelThroughputCommandInput,
} from '@aws-sdk/client-bedrock';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const MODEL = 'amazon.nova-2-lite-v1:0:256k';
const MODEL_ARN = `arn:aws:bedrock:${REGION}::foundation-model/${MODEL}`;
const client = (region = REGION) => new BedrockClient({ region, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const create = (input: Partial<CreateProvisionedModelThroughputCommandInput> & { provisionedModelName: string }) =>
  client().send(new CreateProvisionedModelThroughputCommand({ modelId: MODEL, modelUnits: 1, ...input }));

beforeEach(() => emulator().reset());

describe('Bedrock Provisioned Throughput on the emulator', () => {
  it('creates (HTTP 201) and describes a throughput in the real shape, by name and by ARN', async () => {
    const out = await create({ provisionedModelName: 'pt-a', modelUnits: 2, tags: [{ key: 'team', value: 'risk' }] });
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out.provisionedModelArn).toMatch(/^arn:aws:bedrock:us-east-1:\d{12}:provisioned-model\/[a-z0-9]{12}$/);
    const byName = await client().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: 'pt-a' }));
    const byArn = await client().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: out.provisionedModelArn }));
    expect(byArn).toEqual({ ...byName, $metadata: byArn.$metadata });
    expect(byName).toMatchObject({
      provisionedModelName: 'pt-a',
      provisionedModelArn: out.provisionedModelArn,
      modelArn: MODEL_ARN,
      desiredModelArn: MODEL_ARN,
      foundationModelArn: MODEL_ARN,
      modelUnits: 2,
      desiredModelUnits: 2,
      status: 'InService',
    });
    expect(byName.creationTime).toBeInstanceOf(Date);
    expect(byName.commitmentDuration).toBeUndefined();
    expect(byName.commitmentExpirationTime).toBeUndefined();
    const tags = await client().send(new ListTagsForResourceCommand({ resourceARN: out.provisionedModelArn }));
    expect(tags.tags).toEqual([{ key: 'team', value: 'risk' }]);
  });

  it('a commitment sets its expiration a term after creation; delete is refused until it passes', async () => {
    const { provisionedModelArn: arn } = await create({ provisionedModelName: 'pt-committed', commitmentDuration: 'SixMonths' });
    const pt = await client().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    expect(pt.commitmentDuration).toBe('SixMonths');
    const created = pt.creationTime!;
    const expected = new Date(created);
    expected.setUTCMonth(expected.getUTCMonth() + 6);
    expect(pt.commitmentExpirationTime?.toISOString().slice(0, 10)).toBe(expected.toISOString().slice(0, 10));

    await expect(client().send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/has a SixMonths commitment until .*; it can't be deleted before the commitment term is complete/),
      $metadata: { httpStatusCode: 400 },
    });
    await emulator().control('bedrock/provisioned-model-throughput', { provisionedModelId: 'pt-committed', commitmentExpirationTime: '2020-01-01T00:00:00Z' });
    await client().send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    await expect(client().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses to delete while Creating or Updating, and deletes a Failed one', async () => {
    await create({ provisionedModelName: 'pt-busy' });
    for (const status of ['Creating', 'Updating']) {
      await emulator().control('bedrock/provisioned-model-throughput', { provisionedModelId: 'pt-busy', status });
      await expect(client().send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: 'pt-busy' }))).rejects.toMatchObject({
        name: 'ConflictException',
      });
    }
    await emulator().control('bedrock/provisioned-model-throughput', { provisionedModelId: 'pt-busy', status: 'Failed', failureMessage: 'capacity' });
    const failed = await client().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: 'pt-busy' }));
    expect(failed).toMatchObject({ status: 'Failed', failureMessage: 'capacity' });
    await client().send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: 'pt-busy' }));
    await expect(client().send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: 'pt-busy' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('the same clientRequestToken answers the same ARN; with other parameters it is refused', async () => {
    const first = await create({ provisionedModelName: 'pt-token', clientRequestToken: 'restore-1' });
    const again = await create({ provisionedModelName: 'pt-token', clientRequestToken: 'restore-1' });
    expect(again.provisionedModelArn).toBe(first.provisionedModelArn);
    await expect(create({ provisionedModelName: 'pt-token', modelUnits: 3, clientRequestToken: 'restore-1' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/clientRequestToken was already used/),
    });
    // Without the token, a second throughput of the same name is refused.
    await expect(create({ provisionedModelName: 'pt-token' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/already exists/),
    });
  });

  it('validates names, model units, commitment and the model, which must be offered in the region', async () => {
    await expect(create({ provisionedModelName: 'bad name!' })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(create({ provisionedModelName: 'pt', modelUnits: 0 })).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(create({ provisionedModelName: 'pt', modelId: 'acme.unknown-model-v1:0' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'The provided model identifier is invalid.',
    });
    await emulator().control('bedrock/foundation-models', { withdraw: [MODEL] });
    await expect(create({ provisionedModelName: 'pt' })).rejects.toMatchObject({ message: 'The provided model identifier is invalid.' });
    await emulator().control('bedrock/foundation-models', { offer: [MODEL] });
    await expect(create({ provisionedModelName: 'pt', modelId: MODEL_ARN })).resolves.toMatchObject({ $metadata: { httpStatusCode: 201 } });
  });

  it('lists with filters, sorted by creation time, in pages of maxResults', async () => {
    for (let i = 0; i < 7; i++) {
      await create({ provisionedModelName: `pt-${i}`, modelId: i % 2 ? 'amazon.nova-micro-v1:0:128k' : MODEL });
      await emulator().control('bedrock/provisioned-model-throughput', {
        provisionedModelId: `pt-${i}`,
        creationTime: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
        ...(i === 3 ? { status: 'Updating' } : {}),
      });
    }
    const names: string[] = [];
    const pages: number[] = [];
    for await (const page of paginateListProvisionedModelThroughputs({ client: client(), pageSize: 3 }, { sortOrder: 'Ascending' })) {
      pages.push(page.provisionedModelSummaries?.length ?? 0);
      names.push(...(page.provisionedModelSummaries ?? []).map((s) => s.provisionedModelName!));
    }
    expect(pages).toEqual([3, 3, 1]);
    expect(names).toEqual(['pt-0', 'pt-1', 'pt-2', 'pt-3', 'pt-4', 'pt-5', 'pt-6']);
    const list = (input: ListProvisionedModelThroughputsCommandInput) =>
      client()
        .send(new ListProvisionedModelThroughputsCommand(input))
        .then((o) => o.provisionedModelSummaries?.map((s) => s.provisionedModelName));
    expect(await list({})).toEqual(['pt-6', 'pt-5', 'pt-4', 'pt-3', 'pt-2', 'pt-1', 'pt-0']); // newest first by default
    expect(await list({ statusEquals: 'Updating' })).toEqual(['pt-3']);
    expect(await list({ modelArnEquals: MODEL_ARN, sortOrder: 'Ascending' })).toEqual(['pt-0', 'pt-2', 'pt-4', 'pt-6']);
    expect(await list({ nameContains: '-5' })).toEqual(['pt-5']);
    expect(
      await list({ creationTimeAfter: new Date(Date.UTC(2026, 10, 2)), creationTimeBefore: new Date(Date.UTC(2026, 10, 5)), sortOrder: 'Ascending' }),
    ).toEqual(['pt-2', 'pt-3']);
    const summary = (await client().send(new ListProvisionedModelThroughputsCommand({ nameContains: 'pt-3' }))).provisionedModelSummaries![0]!;
    expect(summary).toMatchObject({ status: 'Updating', modelUnits: 1, creationTime: new Date(Date.UTC(2026, 10, 4)) });
    await expect(client().send(new ListProvisionedModelThroughputsCommand({ nextToken: 'not-a-token' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('tags its own ARNs and leaves every other ARN to moto', async () => {
    const { provisionedModelArn: arn } = await create({ provisionedModelName: 'pt-tags', tags: [{ key: 'owner', value: 'ana' }] });
    await client().send(
      new TagResourceCommand({
        resourceARN: arn,
        tags: [
          { key: 'team', value: 'risk' },
          { key: 'owner', value: 'lee' },
        ],
      }),
    );
    await client().send(new UntagResourceCommand({ resourceARN: arn, tagKeys: ['team'] }));
    expect((await client().send(new ListTagsForResourceCommand({ resourceARN: arn }))).tags).toEqual([{ key: 'owner', value: 'lee' }]);
    await expect(
      client().send(new TagResourceCommand({ resourceARN: arn, tags: Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: 'v' })) })),
    ).rejects.toMatchObject({ name: 'TooManyTagsException' });
    // An ARN that is not a provisioned model goes to moto's own handler, which does not know it.
    await expect(
      client().send(
        new ListTagsForResourceCommand({ resourceARN: 'arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1/abcdefghijkl' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // A provisioned-model ARN that does not exist is this module's not-found.
    await expect(
      client().send(new ListTagsForResourceCommand({ resourceARN: 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijkl' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
  });

  it('keeps regions apart, and the recorder names the REST calls', async () => {
    await create({ provisionedModelName: 'pt-east' });
    const west = await client('us-west-2').send(new ListProvisionedModelThroughputsCommand({}));
    expect(west.provisionedModelSummaries).toEqual([]);
    const emu = emulator();
    await emu.startRecording();
    await client().send(new ListProvisionedModelThroughputsCommand({}));
    const { provisionedModelArn: arn } = await create({ provisionedModelName: 'pt-rec' });
    await client().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    await client().send(new ListTagsForResourceCommand({ resourceARN: arn }));
    await client().send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: arn }));
    await emu.stopRecording();
    expect(await emu.recordedCalls()).toEqual({
      'Bedrock.ListProvisionedModelThroughputs': 1,
      'Bedrock.CreateProvisionedModelThroughput': 1,
      'Bedrock.GetProvisionedModelThroughput': 1,
      'Bedrock.ListTagsForResource': 1,
      'Bedrock.DeleteProvisionedModelThroughput': 1,
    });
  });

  it('control ops answer clear errors for unknown throughputs and bad values', async () => {
    await expect(emulator().control('bedrock/provisioned-model-throughput', { provisionedModelId: 'nope', status: 'Failed' })).rejects.toThrow(/not found/);
    await create({ provisionedModelName: 'pt-x' });
    await expect(emulator().control('bedrock/provisioned-model-throughput', { provisionedModelId: 'pt-x', status: 'Stopped' })).rejects.toThrow(
      /status must be one of Creating, InService, Updating, Failed/,
    );
    await expect(emulator().control('bedrock/foundation-models', { withdraw: 'x' })).rejects.toThrow(/withdraw must be a list/);
  });
});
