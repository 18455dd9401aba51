/**
 * EC2 instances of GPU and accelerator families, and the EBS volumes attached to them.
 *
 * Calls per region: DescribeInstances pages (1,000 a page, every instance not
 * terminated; the families are picked here) and DescribeVolumes for the volumes
 * attached to those instances (200 instance ids a call). Both return tags, so the
 * tagging API is not needed; a volume's parent is its instance, whose tags are in hand.
 */
import { EC2Client, paginateDescribeInstances, paginateDescribeVolumes, type Instance, type Volume } from '@aws-sdk/client-ec2';
import { DESCRIBE_VOLUMES_PAGE, volumeArn } from '../../aws/ebs.js';
import type { Tags } from '../../core/finding.js';
import { tagsFromList } from '../../core/policy.js';
import type { InstanceSpecs } from '../../core/price-port.js';
import { launchedInstance } from './creator.js';
import { RESOURCE_TYPES } from './facts.js';
import { iso, lacksRequired, type Found, type SourceContext, type SourceResult } from './source.js';

/** Filter values per DescribeVolumes call. */
export const INSTANCE_IDS_PER_CALL = 200;

/** An instance family's letters (`g` for `g5.xlarge`, `inf` for `inf2.xlarge`, `p` for `p4d.24xlarge`). */
export function familyLetters(instanceType: string): string {
  return /^[a-z]+/.exec(instanceType.toLowerCase())?.[0] ?? '';
}

/**
 * Whether an instance type has accelerators: its spec lists GPUs or accelerator chips,
 * or its family is one of `families`.
 *
 * @example
 * isAccelerated('g5.xlarge', specs, ['p', 'g']) // true
 * isAccelerated('c7g.large', specs, ['p', 'g']) // false (family c)
 */
export function isAccelerated(instanceType: string, specs: InstanceSpecs, families: readonly string[]): boolean {
  return families.includes(familyLetters(instanceType)) || (specs.instanceSpec(instanceType)?.gpuCount ?? 0) > 0;
}

/** The instances' and their volumes' results; the volumes' listing may fail on its own. */
export interface Ec2Results {
  readonly instances: SourceResult;
  readonly volumes: SourceResult | { readonly error: unknown };
}

interface Accelerated {
  readonly instance: Instance;
  readonly arn: string;
  readonly account: string;
  readonly tags: Tags;
  readonly createdAt: string | null;
}

/** Accelerated instances and their attached volumes missing a required tag. */
export async function ec2Source(s: SourceContext): Promise<Ec2Results> {
  const { ctx } = s;
  const ec2 = ctx.clients.get(EC2Client, ctx.region);
  const accelerated: Accelerated[] = [];
  const filters = [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }];
  for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, { Filters: filters })) {
    for (const r of page.Reservations ?? [])
      for (const i of r.Instances ?? []) {
        if (!i.InstanceId || !isAccelerated(i.InstanceType ?? '', ctx.specs, s.config.acceleratorFamilies)) continue;
        const partition = ctx.region.startsWith('cn-') ? 'aws-cn' : ctx.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
        accelerated.push({
          instance: i,
          arn: `arn:${partition}:ec2:${ctx.region}:${r.OwnerId ?? ''}:instance/${i.InstanceId}`,
          account: r.OwnerId ?? '',
          tags: tagsFromList(i.Tags),
          createdAt: creationTime(i),
        });
      }
  }
  const instances: Found[] = accelerated
    .filter((a) => lacksRequired(s, a.tags))
    .map(({ instance: i, arn, tags, createdAt }) => ({
      ref: { resourceType: RESOURCE_TYPES.instance, resourceId: i.InstanceId!, arn, region: ctx.region },
      tags,
      facts: {
        name: nameOf(tags, i.InstanceId!),
        status: i.State?.Name ?? 'unknown',
        createdAt,
        parents: [],
        usage: { kind: 'instance', instanceType: i.InstanceType!, running: ['pending', 'running'].includes(i.State?.Name ?? '') },
      },
      creation: launchedInstance(i.InstanceId!, createdAt),
    }));
  const instanceResult: SourceResult = { found: instances, seen: accelerated.map((a) => a.instance.InstanceId!), failures: [] };
  try {
    return { instances: instanceResult, volumes: await attachedVolumes(s, ec2, accelerated) };
  } catch (error) {
    return { instances: instanceResult, volumes: { error } };
  }
}

async function attachedVolumes(s: SourceContext, ec2: EC2Client, accelerated: readonly Accelerated[]): Promise<SourceResult> {
  const byId = new Map(accelerated.map((a) => [a.instance.InstanceId!, a]));
  const ids = [...byId.keys()];
  const volumes: Volume[] = [];
  for (let i = 0; i < ids.length; i += INSTANCE_IDS_PER_CALL) {
    const filter = { Filters: [{ Name: 'attachment.instance-id', Values: ids.slice(i, i + INSTANCE_IDS_PER_CALL) }] };
    for await (const page of paginateDescribeVolumes({ client: ec2, pageSize: DESCRIBE_VOLUMES_PAGE }, filter)) volumes.push(...(page.Volumes ?? []));
  }
  const found: Found[] = [];
  for (const v of volumes) {
    const tags = tagsFromList(v.Tags);
    const instanceId = v.Attachments?.find((a) => byId.has(a.InstanceId ?? ''))?.InstanceId;
    const parent = instanceId ? byId.get(instanceId) : undefined;
    if (!parent || !lacksRequired(s, tags)) continue;
    found.push({
      ref: { resourceType: RESOURCE_TYPES.volume, resourceId: v.VolumeId!, arn: volumeArn(s.ctx.region, v.VolumeId!, parent.account), region: s.ctx.region },
      tags,
      facts: {
        name: nameOf(tags, v.VolumeId!),
        status: v.State ?? 'unknown',
        createdAt: iso(v.CreateTime),
        parents: [{ what: `instance ${instanceId}`, tags: parent.tags }],
        usage: {
          kind: 'volume',
          volumeType: v.VolumeType ?? 'unknown',
          sizeGiB: v.Size ?? 0,
          iops: v.Iops ?? null,
          throughputMiBps: v.Throughput ?? null,
          instanceId: instanceId!,
        },
      },
      // A volume attached to an accelerated instance is usually created with it: its creator is the instance's.
      creation: launchedInstance(instanceId!, parent.createdAt, `via its instance ${instanceId}`),
    });
  }
  return { found, seen: volumes.map((v) => v.VolumeId!), failures: [] };
}

/** Its `Name` tag, else its id. */
function nameOf(tags: Tags, id: string): string {
  const name = tags.Name?.trim();
  return name === undefined || name === '' ? id : name;
}

/** When the instance was launched: its primary network interface's attach time (LaunchTime resets at each start). */
function creationTime(i: Instance): string | null {
  const primary = i.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0)?.Attachment?.AttachTime;
  return iso(primary ?? i.LaunchTime);
}
