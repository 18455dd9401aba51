/**
 * Snapshot, then delete; restore from the snapshot. The Lambda never waits for a
 * snapshot: the first call starts it and reports `in-progress`, and a later run's
 * call deletes the volume once the snapshot is `completed`.
 *
 * The snapshot is found again by its tag `finops:action-id=<actionId>`. The volume
 * is tagged `finops:snapshot-id` when its snapshot starts, so a snapshot that
 * vanished later is told apart from one never taken: no delete, a clear error.
 *
 * Calls: phase 1 (snapshot) DescribeSnapshots + DescribeVolumes + CreateSnapshot +
 * CreateTags; each later run while pending: DescribeSnapshots; phase 2 (delete):
 * DescribeSnapshots + DeleteVolume. Snapshots disabled: DeleteVolume only.
 */
import {
  CreateSnapshotCommand,
  CreateTagsCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  type Snapshot,
  type Volume,
  type VolumeType,
} from '@aws-sdk/client-ec2';
import { NotRestorableError, RestoreError } from '../../core/errors.js';
import type { JsonValue } from '../../core/finding.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';

/** Tag on the snapshot (and the volume) naming the action that took it. */
export const ACTION_ID_TAG = 'finops:action-id';
/** Tag on the snapshot naming the volume it was taken from. */
export const SOURCE_VOLUME_TAG = 'finops:source-volume';
/** Tag on the volume naming the snapshot its action took. */
export const SNAPSHOT_ID_TAG = 'finops:snapshot-id';

/** What the ledger keeps to restore a deleted volume. */
export interface VolumeRestoreData {
  readonly [key: string]: JsonValue;
  readonly volumeId: string;
  readonly availabilityZone: string;
  readonly volumeType: string;
  readonly sizeGiB: number;
  readonly iops: number | null;
  readonly throughputMiBps: number | null;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | null;
  readonly tags: readonly { readonly Key: string; readonly Value: string }[];
  /** Whether a snapshot is taken before the delete (the rule's decision). */
  readonly snapshotKept: boolean;
  /** Why (not), e.g. "snapshots disabled for team ml-research (tag team=ml-research)". */
  readonly snapshotDecision: string;
}

/**
 * Snapshots the volume (tags copied, plus the source volume and action id) and
 * deletes it in a later call once the snapshot is completed. A volume already gone
 * counts as done; a snapshot in `error`, or gone after it was taken, stops the
 * delete with {@link NotRestorableError}.
 */
export async function snapshotAndDeleteVolume(data: VolumeRestoreData, ctx: RegionContext, actionId: string): Promise<ActOutcome> {
  const ec2 = ctx.clients.get(EC2Client, ctx.region);
  const id = data.volumeId;
  if (!data.snapshotKept) {
    const deleted = await deleteVolume(ec2, id);
    return { status: 'done', detail: `volume ${id} ${deleted ? 'deleted' : 'was already deleted'}; no snapshot kept: ${data.snapshotDecision}` };
  }

  const snapshot = await findSnapshot(ec2, actionId);
  if (!snapshot) {
    const volume = await describeVolume(ec2, id);
    if (!volume) return { status: 'done', detail: `volume ${id} no longer exists (deleted outside finops-ai); no snapshot was taken` };
    const taken = tagValue(volume, ACTION_ID_TAG) === actionId ? tagValue(volume, SNAPSHOT_ID_TAG) : undefined;
    if (taken) throw new NotRestorableError(id, `snapshot ${taken} taken by action ${actionId} no longer exists; the volume is not deleted`);
    if (volume.State !== 'available') throw new NotRestorableError(id, `volume is ${volume.State} (attached again?); neither snapshotted nor deleted`);
    return startSnapshot(ec2, data, actionId);
  }

  const snapshotId = snapshot.SnapshotId!;
  switch (snapshot.State) {
    case 'pending':
      return {
        status: 'in-progress',
        detail: `snapshot ${snapshotId} of ${id} is pending (${snapshot.Progress === undefined || snapshot.Progress === '' ? '0%' : snapshot.Progress}); the volume is kept until it completes`,
      };
    case 'completed': {
      const deleted = await deleteVolume(ec2, id).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'VolumeInUse') {
          throw new NotRestorableError(id, `volume was attached again after snapshot ${snapshotId} was taken; not deleted (the snapshot is kept)`);
        }
        throw error;
      });
      return { status: 'done', detail: `snapshot ${snapshotId} completed; volume ${id} ${deleted ? 'deleted' : 'was already deleted'}` };
    }
    default:
      throw new NotRestorableError(
        id,
        `snapshot ${snapshotId} is in state ${snapshot.State}${snapshot.StateMessage ? ` (${snapshot.StateMessage})` : ''}; the volume is not deleted`,
      );
  }
}

/**
 * Creates a volume from the action's snapshot in the original availability zone,
 * with the original type, size, IOPS, throughput, encryption key and tags.
 */
export async function restoreVolume(data: VolumeRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  if (!data.snapshotKept) {
    throw new RestoreError(actionId, `no snapshot was kept of volume ${data.volumeId} (${data.snapshotDecision}), so its data cannot be restored`);
  }
  const ec2 = ctx.clients.get(EC2Client, ctx.region);
  const snapshot = await findSnapshot(ec2, actionId);
  if (!snapshot) throw new RestoreError(actionId, `the snapshot of volume ${data.volumeId} (tag ${ACTION_ID_TAG}=${actionId}) no longer exists`);
  if (snapshot.State !== 'completed') throw new RestoreError(actionId, `snapshot ${snapshot.SnapshotId} is ${snapshot.State}; restore once it is completed`);
  const type = data.volumeType;
  const tags = data.tags.filter((t) => !t.Key.startsWith('aws:'));
  const created = await ec2.send(
    new CreateVolumeCommand({
      SnapshotId: snapshot.SnapshotId!,
      AvailabilityZone: data.availabilityZone,
      VolumeType: type as VolumeType,
      Size: data.sizeGiB,
      ...(data.iops !== null && ['gp3', 'io1', 'io2'].includes(type) ? { Iops: data.iops } : {}),
      ...(data.throughputMiBps !== null && type === 'gp3' ? { Throughput: data.throughputMiBps } : {}),
      ...(data.encrypted ? { Encrypted: true, ...(data.kmsKeyId ? { KmsKeyId: data.kmsKeyId } : {}) } : {}),
      ...(tags.length ? { TagSpecifications: [{ ResourceType: 'volume', Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) }] } : {}),
      ClientToken: `finops-restore-${actionId}`.slice(0, 64),
    }),
  );
  const volumeId = created.VolumeId!;
  return {
    restoredResourceId: volumeId,
    detail: `volume ${volumeId} created from snapshot ${snapshot.SnapshotId} in ${data.availabilityZone} (${data.sizeGiB} GiB ${type}) with ${tags.length} tags; the snapshot is kept`,
  };
}

async function startSnapshot(ec2: EC2Client, data: VolumeRestoreData, actionId: string): Promise<ActOutcome> {
  const copied = data.tags.filter((t) => !t.Key.startsWith('aws:') && t.Key !== ACTION_ID_TAG && t.Key !== SOURCE_VOLUME_TAG && t.Key !== SNAPSHOT_ID_TAG);
  const snapshot = await ec2.send(
    new CreateSnapshotCommand({
      VolumeId: data.volumeId,
      Description: `finops-ai: ${data.volumeId} before delete (action ${actionId})`,
      TagSpecifications: [
        {
          ResourceType: 'snapshot',
          Tags: [...copied, { Key: SOURCE_VOLUME_TAG, Value: data.volumeId }, { Key: ACTION_ID_TAG, Value: actionId }],
        },
      ],
    }),
  );
  const snapshotId = snapshot.SnapshotId!;
  await ec2.send(
    new CreateTagsCommand({
      Resources: [data.volumeId],
      Tags: [
        { Key: SNAPSHOT_ID_TAG, Value: snapshotId },
        { Key: ACTION_ID_TAG, Value: actionId },
      ],
    }),
  );
  return { status: 'in-progress', detail: `snapshot ${snapshotId} of ${data.volumeId} started; the volume is deleted in a later run once it completes` };
}

/** The snapshot this action took, or `undefined`. */
async function findSnapshot(ec2: EC2Client, actionId: string): Promise<Snapshot | undefined> {
  const out = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: `tag:${ACTION_ID_TAG}`, Values: [actionId] }] }));
  return out.Snapshots?.[0];
}

async function describeVolume(ec2: EC2Client, volumeId: string): Promise<Volume | undefined> {
  try {
    return (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
  } catch (error) {
    if (isVolumeNotFound(error)) return undefined;
    throw error;
  }
}

/** Deletes a volume; `false` when it was already gone. */
async function deleteVolume(ec2: EC2Client, volumeId: string): Promise<boolean> {
  try {
    await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    return true;
  } catch (error) {
    if (isVolumeNotFound(error)) return false;
    throw error;
  }
}

function tagValue(volume: Volume, key: string): string | undefined {
  return volume.Tags?.find((t) => t.Key === key)?.Value;
}

/** EC2 reports a missing volume as `InvalidVolume.NotFound`. */
export function isVolumeNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'InvalidVolume.NotFound';
}
