/**
 * The launcher's CloudWatch fixes and the instance launch-time control op, which
 * the rightsizing sweep relies on: GetMetricData gives the statistics moto would
 * (per period from StartTime), ListMetrics lists a metric once whatever its number
 * of datapoints and dimensions, and LaunchTime can be backdated.
 */
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const config = () => ({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const START = new Date('2026-11-20T00:00:00Z');
const HOUR = 3_600_000;
const dims = [
  { Name: 'EndpointName', Value: 'ep' },
  { Name: 'VariantName', Value: 'AllTraffic' },
];

beforeEach(() => emulator().reset());

describe('CloudWatch on the emulator', () => {
  it('GetMetricData: hourly Average, Maximum and Sum per period from StartTime; other dimensions and names do not match', async () => {
    const cw = new CloudWatchClient({ ...config(), disableRequestCompression: true });
    // Two datapoints in each of the first 3 hours: 10 and 30, 20 and 40, 50 and 70.
    const values = [10, 30, 20, 40, 50, 70];
    await cw.send(
      new PutMetricDataCommand({
        Namespace: '/aws/sagemaker/Endpoints',
        MetricData: [
          ...values.map((Value, i) => ({
            MetricName: 'CPUUtilization',
            Dimensions: dims,
            Timestamp: new Date(START.getTime() + Math.floor(i / 2) * HOUR + (i % 2) * 60_000),
            Value,
          })),
          { MetricName: 'CPUUtilization', Dimensions: [{ Name: 'EndpointName', Value: 'other' }, dims[1]!], Timestamp: START, Value: 999 },
          { MetricName: 'MemoryUtilization', Dimensions: dims, Timestamp: START, Value: 999 },
        ],
      }),
    );
    const query = (Id: string, Stat: string) => ({
      Id,
      MetricStat: { Metric: { Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', Dimensions: dims }, Period: 3600, Stat },
    });
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: START,
        EndTime: new Date(START.getTime() + 24 * HOUR),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [query('avg', 'Average'), query('max', 'Maximum'), query('sum', 'Sum')],
      }),
    );
    const byId = Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, r]));
    expect(byId.avg?.Values).toEqual([20, 30, 60]);
    expect(byId.max?.Values).toEqual([30, 40, 70]);
    expect(byId.sum?.Values).toEqual([40, 60, 120]);
    expect(byId.avg?.Timestamps?.map((t: Date) => t.toISOString())).toEqual([0, 1, 2].map((h) => new Date(START.getTime() + h * HOUR).toISOString()));
    cw.destroy();
  });

  it('ListMetrics lists a two-dimension metric once, however many datapoints it has', async () => {
    const cw = new CloudWatchClient({ ...config(), disableRequestCompression: true });
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'CWAgent',
        MetricData: Array.from({ length: 48 }, (_, h) => ({
          MetricName: 'nvidia_smi_utilization_gpu',
          Dimensions: [
            { Name: 'InstanceId', Value: 'i-1' },
            { Name: 'index', Value: '0' },
          ],
          Timestamp: new Date(START.getTime() + h * HOUR),
          Value: h,
        })),
      }),
    );
    const out = await cw.send(new ListMetricsCommand({ Namespace: 'CWAgent', MetricName: 'nvidia_smi_utilization_gpu' }));
    expect(out.Metrics).toEqual([
      {
        Namespace: 'CWAgent',
        MetricName: 'nvidia_smi_utilization_gpu',
        Dimensions: [
          { Name: 'InstanceId', Value: 'i-1' },
          { Name: 'index', Value: '0' },
        ],
      },
    ]);
    cw.destroy();
  });
});

describe('ec2/instance-launch-time', () => {
  it('backdates an instance LaunchTime, and refuses an unknown instance', async () => {
    const ec2 = new EC2Client(config());
    const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }] }))).Images![0]!
      .ImageId!;
    const id = (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 'g5.xlarge' }))).Instances![0]!.InstanceId!;
    await emulator().control('ec2/instance-launch-time', { instanceId: id, launchTime: '2026-10-01T08:00:00Z', region: REGION });
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(described.Reservations![0]!.Instances![0]!.LaunchTime?.toISOString()).toBe('2026-10-01T08:00:00.000Z');
    await expect(
      emulator().control('ec2/instance-launch-time', { instanceId: 'i-missing', launchTime: '2026-10-01T08:00:00Z', region: REGION }),
    ).rejects.toThrow(/not found/);
    ec2.destroy();
  });
});
