import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });

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
    await expect(emulator().control('sagemaker/endpoint-times', { name: 'missing', creationTime: '2026-01-01T00:00:00Z' })).rejects.toThrow(/endpoint 'missing' not found/);
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
