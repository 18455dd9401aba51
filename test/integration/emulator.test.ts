import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateSnapshotCommand, CreateVolumeCommand, DescribeSnapshotsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  ListEndpointsCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const config = () => ({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const sagemaker = () => new SageMakerClient(config());

async function createTrainingJob(name: string): Promise<void> {
  await sagemaker().send(
    new CreateTrainingJobCommand({
      TrainingJobName: name,
      AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/train:latest', TrainingInputMode: 'File' },
      RoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
      OutputDataConfig: { S3OutputPath: 's3://bucket/output' },
      ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 8, VolumeSizeInGB: 50 },
      StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
    }),
  );
}

beforeEach(() => emulator().reset());

describe('the emulator control surface (state the AWS API cannot produce)', () => {
  it('puts a training job InProgress with an old start time, and StopTrainingJob works', async () => {
    await createTrainingJob('runaway-llm');
    const started = '2026-11-20T08:00:00Z';
    await emulator().control('sagemaker/training-job', { name: 'runaway-llm', status: 'InProgress', trainingStartTime: started });
    const running = await sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: 'runaway-llm' }));
    expect(running.TrainingJobStatus).toBe('InProgress');
    expect(running.TrainingStartTime?.toISOString()).toBe(new Date(started).toISOString());
    const listed = await sagemaker().send(new ListTrainingJobsCommand({ StatusEquals: 'InProgress' }));
    expect(listed.TrainingJobSummaries?.map((j) => j.TrainingJobName)).toContain('runaway-llm');

    await sagemaker().send(new StopTrainingJobCommand({ TrainingJobName: 'runaway-llm' }));
    expect((await sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: 'runaway-llm' }))).TrainingJobStatus).toBe('Stopped');
    await expect(sagemaker().send(new StopTrainingJobCommand({ TrainingJobName: 'runaway-llm' }))).rejects.toThrow(/status Stopped/);
    await expect(sagemaker().send(new StopTrainingJobCommand({ TrainingJobName: 'nope' }))).rejects.toThrow(/Could not find training job/);
  });

  it('answers unknown resources and bad input with a clear error', async () => {
    await expect(emulator().control('sagemaker/endpoint-times', { name: 'missing', creationTime: '2026-01-01T00:00:00Z' })).rejects.toThrow(
      /endpoint 'missing' not found/,
    );
    await expect(emulator().control('sagemaker/training-job', { status: 'InProgress' })).rejects.toThrow(/missing required field 'name'/);
    await expect(emulator().control('no/such-op', {})).rejects.toThrow(/unknown emulator operation/);
  });

  it('counts requests per operation with the recorder', async () => {
    const emu = emulator();
    await emu.startRecording();
    await sagemaker().send(new ListTrainingJobsCommand({}));
    await sagemaker().send(new ListTrainingJobsCommand({}));
    await emu.stopRecording();
    expect(await emu.recordedCalls()).toEqual({ 'SageMaker.ListTrainingJobs': 2 });
  });
});

describe('the emulator harness', () => {
  it('backdates an endpoint and sets its status; DescribeEndpoint and ListEndpoints show it', async () => {
    const sm = sagemaker();
    await sm.send(new CreateModelCommand({ ModelName: 'm', ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker', PrimaryContainer: { Image: 'img' } }));
    await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'c',
        ProductionVariants: [{ VariantName: 'v', ModelName: 'm', InitialInstanceCount: 1, InstanceType: 'ml.g4dn.xlarge' }],
      }),
    );
    await sm.send(new CreateEndpointCommand({ EndpointName: 'old', EndpointConfigName: 'c' }));
    const created = '2026-09-01T12:00:00.000Z';
    await emulator().control('sagemaker/endpoint-times', { name: 'old', creationTime: '2026-09-01T14:00:00+02:00' });
    const described = await sm.send(new DescribeEndpointCommand({ EndpointName: 'old' }));
    expect(described.CreationTime?.toISOString()).toBe(created);
    expect(described.LastModifiedTime?.toISOString()).toBe(created);
    const listed = await sm.send(new ListEndpointsCommand({ CreationTimeBefore: new Date('2026-10-01T00:00:00Z') }));
    expect(listed.Endpoints?.map((e) => [e.EndpointName, e.CreationTime?.toISOString()])).toEqual([['old', created]]);

    await emulator().control('sagemaker/endpoint-status', { name: 'old', status: 'Updating' });
    expect((await sm.send(new DescribeEndpointCommand({ EndpointName: 'old' }))).EndpointStatus).toBe('Updating');
  });

  it('backdates EBS volumes and makes snapshots pending', async () => {
    const ec2 = new EC2Client(config());
    const { VolumeId } = await ec2.send(new CreateVolumeCommand({ Size: 8, AvailabilityZone: 'us-east-1a' }));
    await emulator().control('ec2/volume-create-time', { volumeId: VolumeId, createTime: '2026-01-02T03:04:05Z' });
    const volumes = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [VolumeId!] }));
    expect(volumes.Volumes?.[0]?.CreateTime?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    const { SnapshotId } = await ec2.send(new CreateSnapshotCommand({ VolumeId }));
    await emulator().control('ec2/snapshot-state', { snapshotId: SnapshotId, state: 'pending' });
    const pending = await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'status', Values: ['pending'] }] }));
    expect(pending.Snapshots?.map((s) => [s.SnapshotId, s.State])).toEqual([[SnapshotId, 'pending']]);
    await expect(emulator().control('ec2/snapshot-state', { snapshotId: SnapshotId, state: 'lost' })).rejects.toThrow(/HTTP 400.*state must be one of/);
  });

  it('lists published SNS messages with subject and attributes', async () => {
    const sns = new SNSClient(config());
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'notices' }));
    await sns.send(
      new PublishCommand({
        TopicArn,
        Subject: 'Idle endpoint',
        Message: 'body',
        MessageAttributes: { owner: { DataType: 'String', StringValue: 'team-a' }, count: { DataType: 'Number', StringValue: '2' } },
      }),
    );
    await sns.send(new PublishCommand({ TopicArn, Message: 'plain' }));
    const messages = await emulator().publishedMessages();
    expect(messages.map(({ messageId, ...rest }) => rest)).toEqual([
      {
        topicArn: TopicArn,
        subject: 'Idle endpoint',
        message: 'body',
        messageAttributes: { owner: { dataType: 'String', value: 'team-a' }, count: { dataType: 'Number', value: '2' } },
      },
      { topicArn: TopicArn, message: 'plain', messageAttributes: {} },
    ]);
    expect(messages[0]?.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names recorded calls per protocol (AWS JSON, query) and accepts gzipped PutMetricData', async () => {
    const emu = emulator();
    await emu.startRecording();
    await sagemaker().send(new ListEndpointsCommand({})); // AWS JSON 1.1, X-Amz-Target SageMaker.*
    const cloudwatch = new CloudWatchClient(config()); // AWS JSON 1.0, GraniteServiceVersion20100801.*
    const now = Date.now();
    // Over the SDK's 10 KiB threshold, so the body is sent gzip-compressed.
    const data = Array.from({ length: 150 }, (_, i) => ({
      MetricName: 'Invocations',
      Dimensions: [
        { Name: 'EndpointName', Value: `endpoint-with-a-long-name-${i}` },
        { Name: 'VariantName', Value: 'AllTraffic' },
      ],
      Timestamp: new Date(now - 60_000),
      Value: 1,
    }));
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'AWS/SageMaker', MetricData: data }));
    const got = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - 3_600_000),
        EndTime: new Date(now + 60_000),
        MetricDataQueries: [
          {
            Id: 'q',
            MetricStat: { Metric: { Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: data[7]!.Dimensions }, Period: 3600, Stat: 'Sum' },
          },
        ],
      }),
    );
    expect(got.MetricDataResults?.[0]?.Values).toEqual([1]);
    await new DynamoDBClient(config()).send(new ListTablesCommand({})); // AWS JSON 1.0, DynamoDB_20120810.*
    await new SNSClient(config()).send(new CreateTopicCommand({ Name: 't' })); // query: Action=
    await new EC2Client(config()).send(new DescribeVolumesCommand({})); // EC2 query: Action=
    await emu.publishedMessages(); // emulator-internal: not counted
    await emu.stopRecording();
    await sagemaker().send(new ListEndpointsCommand({})); // after stopRecording: not counted
    expect(await emu.recordedCalls()).toEqual({
      'SageMaker.ListEndpoints': 1,
      'CloudWatch.PutMetricData': 1,
      'CloudWatch.GetMetricData': 1,
      'DynamoDB.ListTables': 1,
      'SNS.CreateTopic': 1,
      'EC2.DescribeVolumes': 1,
    });
  });
});
