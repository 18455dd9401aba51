/**
 * Seeds EBS volumes on the local emulator, for the demo, the integration tests and
 * the benchmark: created with their tags, optionally backdated (through the
 * emulator's control surface; the AWS API cannot set a creation time) and
 * optionally attached to an instance.
 */
import { AttachVolumeCommand, CreateVolumeCommand, DescribeImagesCommand, EC2Client, RunInstancesCommand, type VolumeType } from '@aws-sdk/client-ec2';
import type { EmulatorControl } from './seed-endpoints.js';

/** One volume to seed. */
export interface SeedVolume {
  /** Stable name for the caller (also the `Name` tag). */
  readonly name: string;
  /** @default 'gp3' */
  readonly volumeType?: VolumeType;
  readonly sizeGiB: number;
  readonly iops?: number;
  readonly throughputMiBps?: number;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Attach to an instance (one instance is started for all attached volumes). @default false */
  readonly attached?: boolean;
  /** Days before `now` that the volume was created. @default - not backdated */
  readonly ageDays?: number;
  /** @default - the region's `a` zone */
  readonly availabilityZone?: string;
}

/** Options of {@link seedVolumes}. */
export interface SeedVolumesOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly volumes: readonly SeedVolume[];
  /** Needed only for volumes with `ageDays`. */
  readonly control?: EmulatorControl;
  readonly now?: Date;
  /** Volumes created at once. @default 8 */
  readonly concurrency?: number;
}

/** An EC2 client on the emulator. */
export function emulatorEc2(endpoint: string, region: string): EC2Client {
  return new EC2Client({ region, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
}

/**
 * Creates the volumes (attaching and backdating those that ask for it) and returns
 * their ids by name.
 *
 * @example
 * const ids = await seedVolumes({ endpoint, region: 'us-east-1', volumes: demoVolumes() });
 * ids.get('training-scratch'); // 'vol-0123...'
 */
export async function seedVolumes(options: SeedVolumesOptions): Promise<Map<string, string>> {
  const ec2 = emulatorEc2(options.endpoint, options.region);
  const ids = new Map<string, string>();
  const instances = new Map<string, string>();
  try {
    const queue = [...options.volumes];
    const worker = async () => {
      for (let v = queue.shift(); v; v = queue.shift()) ids.set(v.name, await createVolume(ec2, options.region, v));
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    let device = 0;
    for (const v of options.volumes) {
      const id = ids.get(v.name)!;
      if (v.attached) {
        const az = v.availabilityZone ?? `${options.region}a`;
        const instance = instances.get(az) ?? (await startInstance(ec2, az));
        instances.set(az, instance);
        await attachVolume(ec2, id, instance, device++);
      }
      if (v.ageDays !== undefined) {
        if (!options.control || !options.now) throw new Error(`seedVolumes: volume ${v.name} has ageDays but no control/now was given`);
        const createTime = new Date(options.now.getTime() - v.ageDays * 86_400_000).toISOString();
        await options.control('ec2/volume-create-time', { volumeId: id, createTime, region: options.region });
      }
    }
  } finally {
    ec2.destroy();
  }
  return ids;
}

const images = new WeakMap<EC2Client, Promise<string>>();

/** An image of the emulator's default set (looked up once per client: moto lists ~1,200 and ignores MaxResults). */
function imageId(ec2: EC2Client): Promise<string> {
  let image = images.get(ec2);
  if (!image) {
    image = ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], MaxResults: 5 })).then((out) => {
      const id = out.Images?.[0]?.ImageId;
      if (!id) throw new Error('seedVolumes: the emulator lists no image to start an instance from');
      return id;
    });
    images.set(ec2, image);
  }
  return image;
}

/** Starts one instance in `az` from an image of the emulator's default set. */
export async function startInstance(ec2: EC2Client, az: string): Promise<string> {
  const run = await ec2.send(
    new RunInstancesCommand({ ImageId: await imageId(ec2), MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', Placement: { AvailabilityZone: az } }),
  );
  return run.Instances![0]!.InstanceId!;
}

/**
 * Creates `count` attached (`in-use`) volumes in bulk: instances started with
 * `perInstance` EBS block device mappings each, 50 instances a call, every volume
 * tagged `tags`. For the benchmark, where a CreateVolume + AttachVolume per volume
 * would dominate. Returns the number of RunInstances calls.
 */
export async function seedAttachedVolumes(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly count: number;
  /** @default 20 */
  readonly perInstance?: number;
  /** @default 100 */
  readonly sizeGiB?: number;
  readonly tags?: Readonly<Record<string, string>>;
}): Promise<number> {
  const ec2 = emulatorEc2(options.endpoint, options.region);
  const perInstance = Math.min(options.perInstance ?? 20, 21);
  const letters = 'fghijklmnopqrstuvwxyz';
  const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  let left = options.count;
  let calls = 0;
  try {
    while (left > 0) {
      const instances = Math.min(50, Math.ceil(left / perInstance));
      const mappings = Math.min(perInstance, Math.ceil(left / instances));
      await ec2.send(
        new RunInstancesCommand({
          ImageId: await imageId(ec2),
          MinCount: instances,
          MaxCount: instances,
          InstanceType: 't3.micro',
          Placement: { AvailabilityZone: `${options.region}a` },
          BlockDeviceMappings: Array.from({ length: mappings }, (_, j) => ({
            DeviceName: `/dev/sd${letters[j]}`,
            Ebs: { VolumeSize: options.sizeGiB ?? 100, VolumeType: 'gp3' },
          })),
          ...(tags.length ? { TagSpecifications: [{ ResourceType: 'volume', Tags: tags }] } : {}),
        }),
      );
      calls++;
      left -= instances * mappings;
    }
  } finally {
    ec2.destroy();
  }
  return calls;
}

/** Attaches a volume as `/dev/sd[f-z]`, then `/dev/xvd..`. */
export async function attachVolume(ec2: EC2Client, volumeId: string, instanceId: string, index = 0): Promise<void> {
  const letters = 'fghijklmnopqrstuvwxyz';
  const device =
    index < letters.length
      ? `/dev/sd${letters[index]}`
      : `/dev/xvd${letters[Math.floor(index / letters.length) % letters.length]}${letters[index % letters.length]}`;
  await ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: device }));
}

async function createVolume(ec2: EC2Client, region: string, v: SeedVolume): Promise<string> {
  const tags = { Name: v.name, ...v.tags };
  const out = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: v.availabilityZone ?? `${region}a`,
      Size: v.sizeGiB,
      VolumeType: v.volumeType ?? 'gp3',
      ...(v.iops !== undefined ? { Iops: v.iops } : {}),
      ...(v.throughputMiBps !== undefined ? { Throughput: v.throughputMiBps } : {}),
      ...(v.encrypted ? { Encrypted: true, ...(v.kmsKeyId ? { KmsKeyId: v.kmsKeyId } : {}) } : {}),
      TagSpecifications: [{ ResourceType: 'volume', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }),
  );
  return out.VolumeId!;
}

/**
 * The demo's volumes: unattached ones of several types, one attached, one exempt,
 * one protected, one snapshot-disabled team, and one that is re-attached later.
 */
export function demoVolumes(): SeedVolume[] {
  return [
    {
      name: 'training-scratch',
      volumeType: 'gp3',
      sizeGiB: 500,
      iops: 6000,
      throughputMiBps: 250,
      tags: { owner: 'ana@example.com', team: 'risk', env: 'dev' },
    },
    { name: 'notebook-home', volumeType: 'gp2', sizeGiB: 200, encrypted: true, tags: { owner: 'raj@example.com', team: 'vision', env: 'staging' } },
    { name: 'feature-cache', volumeType: 'io2', sizeGiB: 100, iops: 10_000, tags: { owner: 'lee@example.com', team: 'ml-platform', env: 'dev' } },
    { name: 'scratch-nosnap', volumeType: 'st1', sizeGiB: 1000, tags: { owner: 'kim@example.com', team: 'sandbox', env: 'dev' } },
    { name: 'gpu-node-root', volumeType: 'gp3', sizeGiB: 100, attached: true, tags: { owner: 'ana@example.com', team: 'risk' } },
    { name: 'dataset-archive', volumeType: 'sc1', sizeGiB: 2000, tags: { owner: 'raj@example.com', team: 'vision', 'finops:exempt': 'true' } },
    { name: 'payments-db-spare', volumeType: 'io1', sizeGiB: 50, iops: 2500, tags: { owner: 'lee@example.com', team: 'payments', env: 'prod' } },
    { name: 'eval-results', volumeType: 'gp3', sizeGiB: 50, tags: { owner: 'ana@example.com', team: 'risk', env: 'dev' } },
  ];
}
