/**
 * Seeds an AI estate with tag gaps on the local emulator, for the tag-coverage demo
 * and integration test: SageMaker endpoints (one with tagged parents), a notebook, a
 * running pipeline training job and an ended one, a processing job, a Studio domain,
 * GPU instances with their volumes, a Bedrock custom model and provisioned throughput, and the CloudTrail
 * Create* events that name some creators.
 */
import { BedrockClient, CreateModelCustomizationJobCommand, CreateProvisionedModelThroughputCommand } from '@aws-sdk/client-bedrock';
import {
  CreateVolumeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  AttachVolumeCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateDomainCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateNotebookInstanceCommand,
  CreatePipelineCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
  type ProductionVariantInstanceType,
  type TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import type { EmulatorControl } from './seed-endpoints.js';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ACCOUNT = '123456789012';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The role the jobs run as: a parent with `team` and `env`. */
export const TRAINING_ROLE = { name: 'ml-training', tags: { team: 'platform', env: 'dev' } } as const;
/** The pipeline that launched `train-bert`: a parent with `owner` and `team`. */
export const PIPELINE = { name: 'nlp-pipeline', tags: { owner: 'raj@example.com', team: 'nlp' } } as const;

/** What was seeded, by name. */
export interface TagCoverageEstate {
  readonly gpuBox: string;
  readonly p3Idle: string;
  readonly cpuBox: string;
  readonly rootVolume: string;
  readonly dataVolume: string;
}

/**
 * Creates the estate as of `now` (backdated through the emulator's control surface)
 * and the CloudTrail events of three creations.
 *
 * @example
 * const estate = await seedTagCoverageEstate({ endpoint, region: 'us-east-1', control: emu.control, now });
 */
export async function seedTagCoverageEstate(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly now: Date;
}): Promise<TagCoverageEstate> {
  const { region, now, control } = options;
  const config = { region, endpoint: options.endpoint, credentials: CREDENTIALS };
  const sagemaker = new SageMakerClient(config);
  const ec2 = new EC2Client(config);
  const iam = new IAMClient(config);
  const bedrock = new BedrockClient(config);
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${TRAINING_ROLE.name}`;
  const events: object[] = [];
  try {
    await iam.send(new CreateRoleCommand({ RoleName: TRAINING_ROLE.name, AssumeRolePolicyDocument: '{}', Tags: tagList(TRAINING_ROLE.tags) }));

    // Endpoints: `ranker` has no tag but its config and model have some; `tabular` has an owner only; `checkout-scorer` has all.
    const endpoint = async (
      name: string,
      type: ProductionVariantInstanceType,
      count: number,
      tags: Record<string, string>,
      parents: Record<string, string>[],
    ) => {
      await sagemaker.send(
        new CreateModelCommand({
          ModelName: `${name}-model`,
          ExecutionRoleArn: roleArn,
          PrimaryContainer: { Image: 'model:latest' },
          Tags: tagList(parents[1] ?? {}),
        }),
      );
      await sagemaker.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: `${name}-config`,
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: `${name}-model`, InstanceType: type, InitialInstanceCount: count }],
          Tags: tagList(parents[0] ?? {}),
        }),
      );
      await sagemaker.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: `${name}-config`, Tags: tagList(tags) }));
      const created = new Date(now.getTime() - 20 * DAY).toISOString();
      await control('sagemaker/endpoint-times', { name, region, creationTime: created, lastModifiedTime: created });
    };
    await endpoint('ranker', 'ml.g4dn.xlarge', 2, {}, [{ team: 'search' }, { team: 'search', env: 'staging' }]);
    await endpoint('tabular', 'ml.m5.large', 1, { owner: 'lee@example.com' }, []);
    await endpoint('checkout-scorer', 'ml.g4dn.xlarge', 1, { owner: 'lee@example.com', team: 'risk', env: 'prod' }, []);
    const ranker = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'ranker' }));
    events.push(created('CreateEndpoint', ranker.CreationTime!, 'dev@example.com', { endpointName: 'ranker', endpointConfigName: 'ranker-config' }));

    await sagemaker.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: 'nb-scratch',
        InstanceType: 'ml.t3.medium',
        RoleArn: roleArn,
        Tags: tagList({ owner: 'ana@example.com', team: 'risk' }),
      }),
    );
    await control('sagemaker/notebook-instance', {
      name: 'nb-scratch',
      region,
      status: 'InService',
      creationTime: new Date(now.getTime() - 10 * DAY).toISOString(),
    });

    await sagemaker.send(
      new CreatePipelineCommand({
        PipelineName: PIPELINE.name,
        PipelineDefinition: JSON.stringify({ Version: '2020-12-01', Steps: [] }),
        RoleArn: roleArn,
        Tags: tagList(PIPELINE.tags),
      }),
    );
    const execution = `arn:aws:sagemaker:${region}:${ACCOUNT}:pipeline/${PIPELINE.name}/execution/7x2kq9`;
    const job = async (name: string, count: number, tags: Record<string, string>) =>
      sagemaker.send(
        new CreateTrainingJobCommand({
          TrainingJobName: name,
          AlgorithmSpecification: { TrainingImage: 'train:latest', TrainingInputMode: 'File' },
          RoleArn: roleArn,
          OutputDataConfig: { S3OutputPath: 's3://ml-artifacts/out' },
          ResourceConfig: { InstanceType: 'ml.p3.2xlarge' as TrainingInstanceType, InstanceCount: count, VolumeSizeInGB: 50 },
          StoppingCondition: { MaxRuntimeInSeconds: 24 * 3600 },
          Tags: tagList(tags),
        }),
      );
    await job('train-bert', 1, { 'sagemaker:pipeline-execution-arn': execution });
    await control('sagemaker/training-job', {
      name: 'train-bert',
      region,
      status: 'InProgress',
      trainingStartTime: new Date(now.getTime() - 5 * HOUR).toISOString(),
    });
    await job('train-old', 2, {});
    await control('sagemaker/training-job-end', {
      name: 'train-old',
      region,
      trainingEndTime: new Date(now.getTime() - 3 * DAY).toISOString(),
      billableTimeInSeconds: 3600,
    });
    const old = await sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'train-old' }));
    events.push(created('CreateTrainingJob', old.CreationTime!, 'raj@example.com', { trainingJobName: 'train-old' }));

    await sagemaker.send(
      new CreateProcessingJobCommand({
        ProcessingJobName: 'prep-data',
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: 'prep:latest' },
        RoleArn: roleArn,
      }),
    );
    await sagemaker.send(
      new CreateDomainCommand({
        DomainName: 'studio-main',
        AuthMode: 'IAM',
        DefaultUserSettings: { ExecutionRole: roleArn },
        SubnetIds: ['subnet-1'],
        VpcId: 'vpc-1',
      }),
    );

    // EC2: a tagged GPU box with an untagged data volume (and root volume), an untagged stopped p3, a CPU box (not AI).
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 }))).Images?.[0]?.ImageId;
    const run = async (type: _InstanceType, tags: Record<string, string>) => {
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: type,
          Placement: { AvailabilityZone: `${region}a` },
          ...(Object.keys(tags).length ? { TagSpecifications: [{ ResourceType: 'instance', Tags: tagList(tags) }] } : {}),
        }),
      );
      return out.Instances![0]!;
    };
    const gpuBox = await run('g4dn.xlarge', { Name: 'gpu-box', owner: 'mia@example.com', team: 'vision', env: 'dev' });
    const p3 = await run('p3.2xlarge', {});
    const cpuBox = await run('c5.large', {});
    await ec2.send(new StopInstancesCommand({ InstanceIds: [p3.InstanceId!] }));
    const data = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 100, VolumeType: 'gp3' }));
    await ec2.send(new AttachVolumeCommand({ VolumeId: data.VolumeId!, InstanceId: gpuBox.InstanceId!, Device: '/dev/sdf' }));
    const p3Launch = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [p3.InstanceId!] }))).Reservations![0]!.Instances![0]!;
    const launchedAt = p3Launch.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0)?.Attachment?.AttachTime ?? p3Launch.LaunchTime!;
    events.push({
      ...created('RunInstances', launchedAt, 'ops@example.com', { instanceType: 'p3.2xlarge' }),
      eventSource: 'ec2.amazonaws.com',
      responseElements: { instancesSet: { items: [{ instanceId: p3.InstanceId }] } },
    });

    await bedrock.send(
      new CreateModelCustomizationJobCommand({
        jobName: 'support-llm-tune',
        customModelName: 'support-llm',
        roleArn,
        baseModelIdentifier: 'amazon.titan-text-express-v1',
        trainingDataConfig: { s3Uri: 's3://ml-data/support/train.jsonl' },
        outputDataConfig: { s3Uri: 's3://ml-artifacts/support' },
        hyperParameters: {},
        customModelTags: [{ key: 'team', value: 'support' }],
      }),
    );
    // A Provisioned Throughput of a base model, untagged (one model unit, no commitment).
    await bedrock.send(
      new CreateProvisionedModelThroughputCommand({ provisionedModelName: 'chat-pt', modelId: 'amazon.nova-2-lite-v1:0:256k', modelUnits: 1 }),
    );
    await control('cloudtrail/events', { region, events });

    const rootVolume = gpuBox.BlockDeviceMappings?.[0]?.Ebs?.VolumeId ?? '';
    return { gpuBox: gpuBox.InstanceId!, p3Idle: p3.InstanceId!, cpuBox: cpuBox.InstanceId!, rootVolume, dataVolume: data.VolumeId! };
  } finally {
    for (const c of [sagemaker, ec2, iam, bedrock]) c.destroy();
  }
}

/** A CloudTrail event of the emulator's `cloudtrail/events` control op. */
function created(eventName: string, at: Date, username: string, requestParameters: Record<string, unknown>): Record<string, unknown> {
  return { eventName, eventTime: at.toISOString(), username, requestParameters };
}
