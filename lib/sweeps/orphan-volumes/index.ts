import type { SweepDeclaration } from '../../core/sweep-declaration.js';
import { PRICE_LIST_GRANT } from '../../prices/price-list-grant.js';
import { ACTION_ID_TAG, restoreVolume, SNAPSHOT_ID_TAG, snapshotAndDeleteVolume, type VolumeRestoreData } from './actions.js';
import { DEFAULT_SCHEDULE, OrphanVolumesConfigSchema, type OrphanVolumesConfig } from './config.js';
import { inventoryVolumes, type VolumeCandidateFacts } from './inventory.js';
import { assessOrphanVolume, orphanVolumePriceKeys } from './rule.js';

const VOLUME = 'arn:{partition}:ec2:*:{account}:volume/*';
/** Snapshot ARNs carry no account (`arn:aws:ec2:us-east-1::snapshot/snap-1`). */
const SNAPSHOT = 'arn:{partition}:ec2:*::snapshot/*';

/**
 * Deletes orphan (unattached) EBS volumes once they have stayed unattached for
 * `minUnattachedDays`, after a snapshot that restore recreates them from.
 */
export const OrphanVolumeSweep = {
  name: 'orphan-volumes',
  title: 'Orphan EBS volumes',
  description: 'finds EBS volumes unattached for days',
  defaultSchedule: DEFAULT_SCHEDULE,
  configSchema: OrphanVolumesConfigSchema,
  resourceType: 'ec2:volume',
  wording: {
    verb: 'snapshot and delete',
    description: 'snapshot the volume, then delete it once the snapshot is complete (restore recreates it from the snapshot)',
    done: 'snapshotted and deleted',
  },
  permissions: {
    // DescribeVolumes and DescribeSnapshots support no resource-level permissions.
    // Plus live EBS prices (both modes price).
    inventory: [{ actions: ['ec2:DescribeVolumes'], resources: ['*'] }, PRICE_LIST_GRANT],
    act: [
      { actions: ['ec2:DescribeSnapshots'], resources: ['*'] },
      { actions: ['ec2:CreateSnapshot'], resources: [VOLUME, SNAPSHOT] },
      // Tags on the new snapshot, only as it is created (they copy the volume's tags) ...
      { actions: ['ec2:CreateTags'], resources: [SNAPSHOT], conditions: { StringEquals: { 'ec2:CreateAction': 'CreateSnapshot' } } },
      // ... and the markers on the volume, no other key.
      { actions: ['ec2:CreateTags'], resources: [VOLUME], conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [SNAPSHOT_ID_TAG, ACTION_ID_TAG] } } },
      { actions: ['ec2:DeleteVolume'], resources: [VOLUME] },
    ],
    restore: [
      { actions: ['ec2:DescribeSnapshots'], resources: ['*'] },
      { actions: ['ec2:CreateVolume'], resources: [VOLUME, SNAPSHOT] },
      { actions: ['ec2:CreateTags'], resources: [VOLUME] },
    ],
  },
  inventory: inventoryVolumes,
  priceKeys: orphanVolumePriceKeys,
  assess: assessOrphanVolume,
  action: {
    name: 'snapshot-and-delete-volume',
    restoreData: ({ facts }) => ({
      volumeId: facts.volumeId,
      availabilityZone: facts.availabilityZone,
      volumeType: facts.volumeType,
      sizeGiB: facts.sizeGiB,
      iops: facts.iops,
      throughputMiBps: facts.throughputMiBps,
      encrypted: facts.encrypted,
      kmsKeyId: facts.kmsKeyId,
      tags: facts.tagList.map((t) => ({ ...t })),
      snapshotKept: facts.snapshot.keep,
      snapshotDecision: facts.snapshot.reason,
    }),
    act: snapshotAndDeleteVolume,
    restore: restoreVolume,
  },
  tagCommand: (ref, key, value) => `aws ec2 create-tags --region ${ref.region} --resources ${ref.resourceId} --tags Key=${key},Value=${value}`,
} as const satisfies SweepDeclaration<VolumeCandidateFacts, OrphanVolumesConfig, VolumeRestoreData>;
