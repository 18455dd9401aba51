/**
 * Seeds SageMaker notebook instances and their opens (`CreatePresignedNotebookInstanceUrl`
 * CloudTrail events) on the local emulator, for the demo and the benchmark. Status and
 * times go through the emulator's control surface (`sagemaker/notebook-instance`).
 */
import { CreateNotebookInstanceCommand, SageMakerClient, type _InstanceType } from '@aws-sdk/client-sagemaker';
import { mapWithConcurrency } from '../aws/concurrency.js';
import type { EmulatorControl } from './seed-endpoints.js';

/** One notebook instance to seed. */
export interface SeedNotebook {
  readonly name: string;
  /** @default 'ml.t3.medium' */
  readonly instanceType?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** @default 'InService' */
  readonly status?: string;
  /** Hours before `now` it was created and last started. @default 48 */
  readonly startedHoursAgo?: number;
  /** Hours before `now` of each time someone opened it. @default - never */
  readonly openedHoursAgo?: readonly number[];
}

const HOUR = 3_600_000;

/** Creates the notebooks, sets their status and times, and seeds their opens. */
export async function seedNotebooks(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly now: Date;
  readonly notebooks: readonly SeedNotebook[];
  /** Parallel calls. @default 8 */
  readonly concurrency?: number;
}): Promise<void> {
  const { now, region } = options;
  const sagemaker = new SageMakerClient({ region, endpoint: options.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  try {
    await mapWithConcurrency(options.notebooks, options.concurrency ?? 8, async (n) => {
      await sagemaker.send(
        new CreateNotebookInstanceCommand({
          NotebookInstanceName: n.name,
          InstanceType: (n.instanceType ?? 'ml.t3.medium') as _InstanceType,
          RoleArn: 'arn:aws:iam::123456789012:role/notebooks',
          VolumeSizeInGB: 20,
          Tags: Object.entries(n.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      const started = new Date(now.getTime() - (n.startedHoursAgo ?? 48) * HOUR).toISOString();
      await options.control('sagemaker/notebook-instance', {
        region,
        name: n.name,
        status: n.status ?? 'InService',
        creationTime: started,
        lastModifiedTime: started,
      });
    });
    const events = options.notebooks.flatMap((n) =>
      (n.openedHoursAgo ?? []).map((h) => ({
        eventName: 'CreatePresignedNotebookInstanceUrl',
        eventTime: new Date(now.getTime() - h * HOUR).toISOString(),
        username: n.tags?.owner ?? 'someone',
        requestParameters: { notebookInstanceName: n.name, sessionExpirationDurationInSeconds: 43200 },
      })),
    );
    for (let i = 0; i < events.length; i += 1000) await options.control('cloudtrail/events', { region, events: events.slice(i, i + 1000) });
  } finally {
    sagemaker.destroy();
  }
}
