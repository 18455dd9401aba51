/**
 * The launcher's notebook-instance additions: Stop/StartNotebookInstance only from the
 * statuses AWS allows (with its ValidationException text), LastModifiedTime set on both,
 * and the `sagemaker/notebook-instance` control op (status, backdating).
 */
import {
  CreateNotebookInstanceCommand,
  DescribeNotebookInstanceCommand,
  SageMakerClient,
  StartNotebookInstanceCommand,
  StopNotebookInstanceCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const describeNotebook = (name: string) => sagemaker().send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }));
const ROLE = 'arn:aws:iam::123456789012:role/notebook';

beforeEach(async () => {
  await emulator().reset();
  await sagemaker().send(new CreateNotebookInstanceCommand({ NotebookInstanceName: 'nb', InstanceType: 'ml.t3.medium', RoleArn: ROLE, VolumeSizeInGB: 20 }));
});

describe('SageMaker notebook instances on the emulator', () => {
  it('stops only an InService notebook and starts only a Stopped one, as AWS does', async () => {
    const created = await describeNotebook('nb');
    expect(created).toMatchObject({ NotebookInstanceStatus: 'InService', VolumeSizeInGB: 20, InstanceType: 'ml.t3.medium' });
    await expect(sagemaker().send(new StartNotebookInstanceCommand({ NotebookInstanceName: 'nb' }))).rejects.toThrow(
      /^Status \(InService\) not in \(\[Stopped, Failed\]\)\. Unable to transition to \(Pending\) for Notebook Instance \(arn:aws:sagemaker:us-east-1:\d{12}:notebook-instance\/nb\)$/,
    );
    await sagemaker().send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb' }));
    expect((await describeNotebook('nb')).NotebookInstanceStatus).toBe('Stopped');
    const again = await sagemaker()
      .send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb' }))
      .catch((e: unknown) => e);
    expect(again).toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/^Status \(Stopped\) not in \(\[InService\]\)\. Unable to transition to \(Stopping\)/),
    });
    await sagemaker().send(new StartNotebookInstanceCommand({ NotebookInstanceName: 'nb' }));
    expect((await describeNotebook('nb')).NotebookInstanceStatus).toBe('InService');
  });

  it('sets a status and backdates with sagemaker/notebook-instance; stop and start set LastModifiedTime', async () => {
    const out = await emulator().control('sagemaker/notebook-instance', {
      name: 'nb',
      status: 'Updating',
      creationTime: '2020-01-01T00:00:00Z',
      lastModifiedTime: '2020-01-10T00:00:00Z',
    });
    expect(out).toEqual({ name: 'nb', status: 'Updating', creationTime: '2020-01-01T00:00:00Z', lastModifiedTime: '2020-01-10T00:00:00Z' });
    const updating = await describeNotebook('nb');
    expect(updating.CreationTime?.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    await expect(sagemaker().send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb' }))).rejects.toThrow(
      /Status \(Updating\) not in \(\[InService\]\)/,
    );

    await emulator().control('sagemaker/notebook-instance', { name: 'nb', status: 'InService' });
    await sagemaker().send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb' }));
    const stopped = await describeNotebook('nb');
    expect(stopped.LastModifiedTime!.getTime()).toBeGreaterThan(new Date('2020-01-10T00:00:00Z').getTime());
    expect(stopped.CreationTime?.toISOString()).toBe('2020-01-01T00:00:00.000Z');

    await expect(emulator().control('sagemaker/notebook-instance', { name: 'nb', status: 'Running' })).rejects.toThrow(/status must be one of/);
    await expect(emulator().control('sagemaker/notebook-instance', { name: 'gone' })).rejects.toThrow(/notebook instance 'gone' not found/);
    await expect(describeNotebook('gone')).rejects.toMatchObject({ name: 'ValidationException', message: 'RecordNotFound' });
  });
});
