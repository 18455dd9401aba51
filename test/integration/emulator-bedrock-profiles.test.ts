/**
 * The launcher's Bedrock inference profiles (moto has none), through the real SDK client:
 * create (from a foundation model, or from a system-defined cross-Region profile), get by id
 * or ARN, list by type and page, delete, tags, AWS's errors, reset; moto's own tag handlers
 * still serve every other ARN. And the `AWS/Bedrock` metrics seeding helper.
 */
import {
  BedrockClient,
  CreateInferenceProfileCommand,
  DeleteInferenceProfileCommand,
  GetInferenceProfileCommand,
  ListInferenceProfilesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-bedrock';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { listTokenModelIds, readTokenSeries } from '../../lib/aws/bedrock-tokens.js';
import { seedBedrockMetrics, steadyUsage } from '../../lib/local/seed-bedrock-tokens.js';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const client = (region = REGION) => new BedrockClient({ region, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const NOVA = `arn:aws:bedrock:${REGION}::foundation-model/amazon.nova-micro-v1:0`;
const create = (name: string, extra: Partial<ConstructorParameters<typeof CreateInferenceProfileCommand>[0]> = {}, region = REGION) =>
  client(region).send(new CreateInferenceProfileCommand({ inferenceProfileName: name, modelSource: { copyFrom: NOVA }, ...extra }));

beforeEach(() => emulator().reset());

describe('Bedrock application inference profiles on the emulator', () => {
  it('CreateInferenceProfile from a foundation model; Get by id and by ARN, in the real shape', async () => {
    const out = await create('nlp-chat', { description: 'NLP team chat', tags: [{ key: 'team', value: 'nlp' }] });
    expect(out).toMatchObject({
      status: 'ACTIVE',
      inferenceProfileArn: expect.stringMatching(/^arn:aws:bedrock:us-east-1:\d{12}:application-inference-profile\/[a-z0-9]{12}$/),
    });
    expect(out.$metadata.httpStatusCode).toBe(201);
    const id = out.inferenceProfileArn!.split('/').pop()!;
    const byId = await client().send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id }));
    expect(byId).toMatchObject({
      inferenceProfileName: 'nlp-chat',
      description: 'NLP team chat',
      inferenceProfileArn: out.inferenceProfileArn,
      inferenceProfileId: id,
      models: [{ modelArn: NOVA }],
      status: 'ACTIVE',
      type: 'APPLICATION',
    });
    expect(byId.createdAt).toBeInstanceOf(Date);
    const byArn = await client().send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: out.inferenceProfileArn }));
    expect(byArn.inferenceProfileId).toBe(id);
  });

  it('a copy of a system-defined cross-Region profile lists one model per destination Region (us-west-2: 2)', async () => {
    const system = 'arn:aws:bedrock:us-west-2::inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0';
    const out = await create('risk-haiku', { modelSource: { copyFrom: system } }, 'us-west-2');
    const got = await client('us-west-2').send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: out.inferenceProfileArn }));
    expect(got.models).toEqual([
      { modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0' },
      { modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0' },
    ]);
    const systems = await client('us-west-2').send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    expect(systems.inferenceProfileSummaries?.map((p) => [p.inferenceProfileId, p.type])).toEqual([
      ['us.anthropic.claude-3-haiku-20240307-v1:0', 'SYSTEM_DEFINED'],
    ]);
  });

  it('ListInferenceProfiles filters by type and pages with maxResults / nextToken', async () => {
    for (const name of ['a-profile', 'b-profile', 'c-profile']) await create(name);
    const first = await client().send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', maxResults: 2 }));
    expect(first.inferenceProfileSummaries?.map((p) => p.inferenceProfileName)).toEqual(['a-profile', 'b-profile']);
    expect(first.nextToken).toEqual(expect.any(String));
    const rest = await client().send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', maxResults: 2, nextToken: first.nextToken }));
    expect(rest.inferenceProfileSummaries?.map((p) => p.inferenceProfileName)).toEqual(['c-profile']);
    expect(rest.nextToken).toBeUndefined();
    // us-east-1 has no system-defined profile in the fixture.
    expect((await client().send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }))).inferenceProfileSummaries).toEqual([]);
  });

  it('clientRequestToken makes a retry return the same profile; a taken name is a ConflictException; bad input a ValidationException', async () => {
    const a = await create('retry-me', { clientRequestToken: 'token-1' });
    const b = await create('retry-me', { clientRequestToken: 'token-1' });
    expect(b.inferenceProfileArn).toBe(a.inferenceProfileArn);
    await expect(create('retry-me')).rejects.toMatchObject({ name: 'ConflictException' });
    await expect(create('bad name!')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      create('other-region', { modelSource: { copyFrom: 'arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-micro-v1:0' } }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client().send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'abcdefabcdef' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('tags: list, tag (merging), untag; delete; reset drops every profile', async () => {
    const { inferenceProfileArn: arn } = await create('tagged', { tags: [{ key: 'team', value: 'nlp' }] });
    await client().send(
      new TagResourceCommand({
        resourceARN: arn,
        tags: [
          { key: 'owner', value: 'ana@example.com' },
          { key: 'team', value: 'vision' },
        ],
      }),
    );
    expect((await client().send(new ListTagsForResourceCommand({ resourceARN: arn }))).tags).toEqual([
      { key: 'team', value: 'vision' },
      { key: 'owner', value: 'ana@example.com' },
    ]);
    await client().send(new UntagResourceCommand({ resourceARN: arn, tagKeys: ['owner'] }));
    expect((await client().send(new ListTagsForResourceCommand({ resourceARN: arn }))).tags).toEqual([{ key: 'team', value: 'vision' }]);
    await client().send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: arn }));
    await expect(client().send(new ListTagsForResourceCommand({ resourceARN: arn }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await create('gone-after-reset');
    await emulator().reset();
    expect((await client().send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }))).inferenceProfileSummaries).toEqual([]);
  });

  it("other ARNs fall through to moto's own tag handlers", async () => {
    // moto answers an ARN it does not hold with its own ResourceNotFoundException text.
    const job = 'arn:aws:bedrock:us-east-1:123456789012:model-customization-job/abc.def/abcdefabcdef';
    await expect(client().send(new ListTagsForResourceCommand({ resourceARN: job }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Resource ${job} not found`,
    });
  });
});

describe('AWS/Bedrock metrics seeding', () => {
  it('ListMetrics lists each ModelId once; GetMetricData sums them per hour', async () => {
    const end = new Date('2026-11-23T12:00:00Z');
    const target = { endpoint: inject('emulatorEndpoint'), region: REGION };
    const written = await seedBedrockMetrics(target, [
      steadyUsage('amazon.nova-micro-v1:0', { end, hours: 3, inputTokens: 1000, outputTokens: 200, invocations: 4 }),
      steadyUsage('abcdefabcdef', { end, hours: 2, inputTokens: 50, outputTokens: 5 }),
    ]);
    // 3 hours x 3 metrics + 2 hours x 2 metrics (no invocations given).
    expect(written).toBe(13);
    const cloudwatch = new CloudWatchClient({ region: REGION, endpoint: target.endpoint, credentials: CREDENTIALS });
    expect(await listTokenModelIds(cloudwatch)).toEqual(['abcdefabcdef', 'amazon.nova-micro-v1:0']);
    const series = await readTokenSeries(cloudwatch, ['amazon.nova-micro-v1:0'], ['InputTokenCount', 'Invocations'], {
      start: new Date(end.getTime() - 3 * 3_600_000),
      end,
      periodSeconds: 3600,
    });
    expect(series.get('amazon.nova-micro-v1:0')?.InputTokenCount.values).toEqual([1000, 1000, 1000]);
    expect(series.get('amazon.nova-micro-v1:0')?.Invocations.values).toEqual([4, 4, 4]);
  });
});
