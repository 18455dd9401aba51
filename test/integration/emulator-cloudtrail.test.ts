/**
 * The launcher's CloudTrail LookupEvents (moto has none), through the real SDK client:
 * the request and response shapes, paging at 50, newest first, the time range, one
 * lookup attribute, AWS's validation errors, and reset.
 */
import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;
const client = (region = REGION) => new CloudTrailClient({ region, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const byName = { AttributeKey: 'EventName' as const, AttributeValue: 'CreatePresignedNotebookInstanceUrl' };

function presigned(notebook: string, hoursBefore: number) {
  return {
    eventName: 'CreatePresignedNotebookInstanceUrl',
    eventTime: new Date(T0.getTime() - hoursBefore * HOUR).toISOString(),
    username: 'ana@example.com',
    requestParameters: { notebookInstanceName: notebook, sessionExpirationDurationInSeconds: 43200 },
    resources: [{ ResourceType: 'AWS::SageMaker::NotebookInstance', ResourceName: notebook }],
  };
}

beforeEach(() => emulator().reset());

describe('CloudTrail LookupEvents on the emulator', () => {
  it('returns seeded events in the real shape, newest first, with the record as CloudTrailEvent', async () => {
    await emulator().control('cloudtrail/events', {
      events: [
        presigned('nb-a', 5),
        presigned('nb-b', 2),
        { eventName: 'StopNotebookInstance', eventTime: new Date(T0.getTime() - HOUR).toISOString(), requestParameters: { notebookInstanceName: 'nb-a' } },
      ],
    });
    const out = await client().send(new LookupEventsCommand({ LookupAttributes: [byName], StartTime: new Date(T0.getTime() - 24 * HOUR), EndTime: T0 }));
    expect(out.NextToken).toBeUndefined();
    expect(out.Events?.map((e) => e.EventTime?.toISOString())).toEqual([
      new Date(T0.getTime() - 2 * HOUR).toISOString(),
      new Date(T0.getTime() - 5 * HOUR).toISOString(),
    ]);
    const [latest] = out.Events as [Event];
    expect(latest).toMatchObject({
      EventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      EventName: 'CreatePresignedNotebookInstanceUrl',
      EventSource: 'sagemaker.amazonaws.com',
      ReadOnly: 'false',
      Username: 'ana@example.com',
      Resources: [{ ResourceType: 'AWS::SageMaker::NotebookInstance', ResourceName: 'nb-b' }],
    });
    const record = JSON.parse(latest.CloudTrailEvent!);
    expect(record).toMatchObject({
      eventName: 'CreatePresignedNotebookInstanceUrl',
      eventSource: 'sagemaker.amazonaws.com',
      eventTime: '2026-11-23T07:00:00Z',
      awsRegion: REGION,
      eventID: latest.EventId,
      requestParameters: { notebookInstanceName: 'nb-b', sessionExpirationDurationInSeconds: 43200 },
      eventType: 'AwsApiCall',
      managementEvent: true,
      eventCategory: 'Management',
    });
  });

  it('pages at MaxResults (at most 50) with NextToken, within StartTime..EndTime inclusive', async () => {
    await emulator().control('cloudtrail/events', { events: Array.from({ length: 120 }, (_, i) => presigned(`nb-${i}`, i)) });
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateLookupEvents(
      { client: client() },
      { LookupAttributes: [byName], StartTime: new Date(T0.getTime() - 99 * HOUR), EndTime: T0 },
    )) {
      pages.push(page.Events?.length ?? 0);
      names.push(...(page.Events ?? []).map((e) => e.Resources?.[0]?.ResourceName ?? ''));
    }
    expect(pages).toEqual([50, 50]); // hours 0..99: 100 events
    expect(names.slice(0, 3)).toEqual(['nb-0', 'nb-1', 'nb-2']);
    expect(names.at(-1)).toBe('nb-99');
    const small = await client().send(
      new LookupEventsCommand({
        LookupAttributes: [byName],
        MaxResults: 7,
        StartTime: new Date(T0.getTime() - 10 * HOUR),
        EndTime: new Date(T0.getTime() - 4 * HOUR),
      }),
    );
    expect(small.Events?.map((e) => e.Resources?.[0]?.ResourceName)).toEqual(['nb-4', 'nb-5', 'nb-6', 'nb-7', 'nb-8', 'nb-9', 'nb-10']);
    expect(small.NextToken).toBeUndefined();
  });

  it('keeps events per region and drops them on reset', async () => {
    await emulator().control('cloudtrail/events', { region: 'eu-west-1', events: [presigned('nb-eu', 1)] });
    expect((await client().send(new LookupEventsCommand({ LookupAttributes: [byName] }))).Events).toEqual([]);
    expect((await client('eu-west-1').send(new LookupEventsCommand({ LookupAttributes: [byName] }))).Events).toHaveLength(1);
    await emulator().reset();
    expect((await client('eu-west-1').send(new LookupEventsCommand({ LookupAttributes: [byName] }))).Events).toEqual([]);
  });

  it('rejects what AWS rejects, with its exception names', async () => {
    await emulator().control('cloudtrail/events', { events: Array.from({ length: 3 }, (_, i) => presigned(`nb-${i}`, i)) });
    const fails = (input: LookupEventsCommandInput) =>
      client()
        .send(new LookupEventsCommand(input))
        .then(
          () => 'ok',
          (e: unknown) => (e as Error).name,
        );
    expect(await fails({ LookupAttributes: [byName, { AttributeKey: 'Username', AttributeValue: 'ana' }] })).toBe('InvalidLookupAttributesException');
    expect(await fails({ StartTime: T0, EndTime: new Date(T0.getTime() - HOUR) })).toBe('InvalidTimeRangeException');
    expect(await fails({ MaxResults: 51 })).toBe('InvalidMaxResultsException');
    const first = await client().send(new LookupEventsCommand({ LookupAttributes: [byName], MaxResults: 1 }));
    expect(
      await fails({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'ana@example.com' }], MaxResults: 1, NextToken: first.NextToken! }),
    ).toBe('InvalidNextTokenException');
    await expect(emulator().control('cloudtrail/events', { events: [{ eventName: 'X' }] })).rejects.toThrow(/eventName and eventTime/);
  });
});
