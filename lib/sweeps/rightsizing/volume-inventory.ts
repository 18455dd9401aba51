/**
 * AWS side of EBS volume rightsizing.
 *
 * Calls per region: DescribeVolumes pages (every volume is a candidate: a volume
 * changed to gp3 must be seen to be marked adopted), then GetMetricData batches for
 * the attached io1/io2 volumes at or below 16,000 IOPS that are old enough to have
 * `minDataDays` of data (read and write bytes, two queries each).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import { accountOfArn, DESCRIBE_VOLUMES_PAGE, volumeArn } from '../../aws/ebs.js';
import type { MetricQuery } from '../../aws/metric-data.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { RightsizingConfig } from './config.js';
import { RESOURCE_TYPES, type VolumeFacts } from './facts.js';
import { hourlySeries, HOUR_SECONDS } from './metric-window.js';
import { sumByTimestamp } from './series.js';
import { GP3_LIMITS } from './volume-rule.js';

type Config = Pick<RightsizingConfig, 'lookbackDays' | 'minDataDays'>;

/** Lists every volume; attached io1/io2 volumes that gp3 could hold get their throughput. */
export async function inventoryRightsizingVolumes(ctx: RegionContext, config: Config): Promise<Inventory<VolumeFacts>> {
  const ec2 = ctx.clients.get(EC2Client, ctx.region);
  const volumes: Volume[] = [];
  for await (const page of paginateDescribeVolumes({ client: ec2, pageSize: DESCRIBE_VOLUMES_PAGE }, {})) {
    volumes.push(...(page.Volumes ?? []).filter((v) => v.VolumeId));
  }
  const oldEnough = ctx.now.getTime() - config.minDataDays * 86_400_000;
  const measured = volumes
    .filter((v) => v.State === 'in-use' && (v.VolumeType === 'io1' || v.VolumeType === 'io2') && (v.Iops ?? 0) <= GP3_LIMITS.maxIops)
    .filter((v) => (v.CreateTime?.getTime() ?? 0) <= oldEnough)
    .map((v) => v.VolumeId!);
  const queries: MetricQuery[] = measured.flatMap((id) =>
    ['VolumeReadBytes', 'VolumeWriteBytes'].map((metricName) => ({
      namespace: 'AWS/EBS',
      metricName,
      dimensions: [{ Name: 'VolumeId', Value: id }],
      stat: 'Sum',
    })),
  );
  const series = await hourlySeries(ctx.clients.get(CloudWatchClient, ctx.region), queries, ctx.now, config.lookbackDays);
  const throughput = new Map(
    measured.map((id, i) => {
      const bytes = sumByTimestamp([series[2 * i]!, series[2 * i + 1]!]);
      return [id, { timestamps: bytes.timestamps, values: bytes.values.map((b) => b / HOUR_SECONDS / 1_048_576) }] as const;
    }),
  );

  const candidates = volumes.map((v): Candidate<VolumeFacts> => {
    const id = v.VolumeId!;
    const points = throughput.get(id);
    return {
      ref: {
        resourceType: RESOURCE_TYPES.volume,
        resourceId: id,
        arn: volumeArn(ctx.region, id, ctx.accountId ?? accountOfArn(v.KmsKeyId)),
        region: ctx.region,
      },
      tags: tagsFromList(v.Tags),
      facts: {
        kind: 'volume',
        volumeId: id,
        state: v.State ?? 'unknown',
        volumeType: v.VolumeType ?? 'unknown',
        sizeGiB: v.Size ?? 0,
        iops: v.Iops ?? null,
        throughputMiBps: v.Throughput ?? null,
        createTime: (v.CreateTime ?? new Date(0)).toISOString(),
        ...(points ? { throughput: points } : {}),
      },
    };
  });
  return { candidates, seen: new Set(volumes.map((v) => v.VolumeId!)) };
}
