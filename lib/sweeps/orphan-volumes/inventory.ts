/**
 * AWS side of the orphan-volume sweep: what it reads, in as few calls as the API allows.
 *
 * Calls per region: `ceil(volumes / 500)` DescribeVolumes pages, nothing else. Tags
 * come inline with each volume, so there is no per-volume call.
 *
 * Why one unfiltered listing rather than a server-side `status=available` filter:
 * the engine needs `seen`, the id of every volume that exists (a watched volume
 * attached again must read as "recovered", not "gone"). A filtered listing for the
 * candidates plus an unfiltered one for `seen` costs `pages(available) + pages(all)`
 * calls; the unfiltered listing alone, filtered locally on `State`, costs
 * `pages(all)`: never more, and one page fewer per 500 unattached volumes.
 */
import { EC2Client, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import { accountOfArn, DESCRIBE_VOLUMES_PAGE, volumeArn } from '../../aws/ebs.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { OrphanVolumesConfig } from './config.js';
import { snapshotDecision, type SnapshotDecision, type VolumeFacts } from './rule.js';

/** Facts plus what the action and restore need: the raw tags and the snapshot decision. */
export interface VolumeCandidateFacts extends VolumeFacts {
  readonly tagList: readonly { readonly Key: string; readonly Value: string }[];
  /**
   * The rule's {@link snapshotDecision} for this volume, taken here because the
   * engine's `restoreData` sees only the candidate, not the config.
   */
  readonly snapshot: SnapshotDecision;
}

/** Lists every volume of the region; the unattached ones are candidates. */
export async function inventoryVolumes(ctx: RegionContext, config: OrphanVolumesConfig): Promise<Inventory<VolumeCandidateFacts>> {
  const ec2 = ctx.clients.get(EC2Client, ctx.region);
  const seen = new Set<string>();
  const candidates: Candidate<VolumeCandidateFacts>[] = [];
  for await (const page of paginateDescribeVolumes({ client: ec2, pageSize: DESCRIBE_VOLUMES_PAGE }, {})) {
    for (const volume of page.Volumes ?? []) {
      if (!volume.VolumeId) continue;
      seen.add(volume.VolumeId);
      if (volume.State !== 'available') continue;
      candidates.push(toCandidate(volume, ctx.region, config, ctx.accountId));
    }
  }
  return { candidates, seen };
}

function toCandidate(volume: Volume, region: string, config: OrphanVolumesConfig, accountId: string | undefined): Candidate<VolumeCandidateFacts> {
  const tagList = (volume.Tags ?? []).filter((t) => t.Key !== undefined).map((t) => ({ Key: t.Key!, Value: t.Value ?? '' }));
  const tags = tagsFromList(tagList);
  const volumeId = volume.VolumeId!;
  return {
    ref: { resourceType: 'ec2:volume', resourceId: volumeId, arn: volumeArn(region, volumeId, accountId ?? accountOf(volume)), region },
    tags,
    facts: {
      volumeId,
      state: volume.State ?? 'unknown',
      volumeType: volume.VolumeType ?? 'unknown',
      sizeGiB: volume.Size ?? 0,
      iops: volume.Iops ?? null,
      throughputMiBps: volume.Throughput ?? null,
      availabilityZone: volume.AvailabilityZone ?? '',
      encrypted: volume.Encrypted ?? false,
      kmsKeyId: volume.KmsKeyId ?? null,
      createTime: (volume.CreateTime ?? new Date(0)).toISOString(),
      tagList,
      snapshot: snapshotDecision(tags, config),
    },
  };
}

/** The account id when the run does not know it: the one the volume names (its KMS key ARN or outpost ARN), if any. */
function accountOf(volume: Volume): string {
  return accountOfArn(volume.KmsKeyId ?? volume.OutpostArn);
}
