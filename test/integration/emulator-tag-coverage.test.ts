/**
 * The launcher's moto fixes for what tag-coverage reads (emulated_tag_coverage.py),
 * through the real SDK clients: GetResources of endpoint configs and of Studio
 * domains (moto 5.2.1 fails on both), only resources with tags returned, and Bedrock
 * ListCustomModels' creationTime in RFC 3339.
 */
import { BedrockClient, CreateModelCustomizationJobCommand, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { CreateDomainCommand, CreateEndpointConfigCommand, CreateModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const config = () => ({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const ROLE = 'arn:aws:iam::123456789012:role/sagemaker';
const tagging = () => new ResourceGroupsTaggingAPIClient(config());
const arnsOf = async (type: string) =>
  ((await tagging().send(new GetResourcesCommand({ ResourceTypeFilters: [type] }))).ResourceTagMappingList ?? []).map((m) => [m.ResourceARN, m.Tags]);

beforeEach(() => emulator().reset());

describe('moto fixes for tag-coverage on the emulator', () => {
  it('GetResources lists tagged endpoint configs (moto fails on them), never the untagged ones', async () => {
    const sagemaker = new SageMakerClient(config());
    await sagemaker.send(new CreateModelCommand({ ModelName: 'm', ExecutionRoleArn: ROLE, PrimaryContainer: { Image: 'i' } }));
    for (const [name, tags] of [
      ['tagged-config', [{ Key: 'team', Value: 'search' }]],
      ['bare-config', []],
    ] as const) {
      await sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: name,
          ProductionVariants: [{ VariantName: 'A', ModelName: 'm', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
          Tags: [...tags],
        }),
      );
    }
    expect(await arnsOf('sagemaker:endpoint-config')).toEqual([
      [expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:endpoint-config\/tagged-config$/), [{ Key: 'team', Value: 'search' }]],
    ]);
  });

  it('GetResources works with a Studio domain created without tags (moto fails), and lists a tagged one', async () => {
    const sagemaker = new SageMakerClient(config());
    const domain = (name: string, tags: { Key: string; Value: string }[]) =>
      sagemaker.send(
        new CreateDomainCommand({ DomainName: name, AuthMode: 'IAM', DefaultUserSettings: { ExecutionRole: ROLE }, SubnetIds: ['s'], VpcId: 'v', Tags: tags }),
      );
    await domain('bare', []);
    expect(await arnsOf('sagemaker:domain')).toEqual([]);
    await domain('tagged', [{ Key: 'owner', Value: 'ana' }]);
    expect(await arnsOf('sagemaker:domain')).toEqual([[expect.stringMatching(/:domain\/d-tagged$/), [{ Key: 'owner', Value: 'ana' }]]]);
  });

  it('Bedrock ListCustomModels answers creationTime in RFC 3339 (moto writes a zoneless local time)', async () => {
    const bedrock = new BedrockClient(config());
    await bedrock.send(
      new CreateModelCustomizationJobCommand({
        jobName: 'j',
        customModelName: 'support-llm',
        roleArn: ROLE,
        baseModelIdentifier: 'amazon.titan-text-express-v1',
        trainingDataConfig: { s3Uri: 's3://b/t' },
        outputDataConfig: { s3Uri: 's3://b/o' },
        hyperParameters: {},
      }),
    );
    const out = await bedrock.send(new ListCustomModelsCommand({}));
    expect(out.modelSummaries).toEqual([
      expect.objectContaining({ modelName: 'support-llm', modelArn: expect.stringMatching(/:custom-model\/support-llm$/), creationTime: expect.any(Date) }),
    ]);
    expect(Number.isNaN(out.modelSummaries![0]!.creationTime!.getTime())).toBe(false);
  });
});
