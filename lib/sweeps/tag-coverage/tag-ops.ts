/**
 * Reading, adding and removing tags on one covered resource, through its own service
 * (SageMaker ListTags/AddTags/DeleteTags, EC2 DescribeVolumes/CreateTags/DeleteTags,
 * Bedrock ListTagsForResource/TagResource/UntagResource): what auto-attribution and
 * its restore call. `read` answers `null` for a resource that no longer exists.
 */
import { BedrockClient, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-bedrock';
import { CreateTagsCommand, DeleteTagsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AddTagsCommand, DeleteTagsCommand as DeleteSageMakerTagsCommand, paginateListTags, SageMakerClient, type Tag } from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import type { ResourceRef, Tags } from '../../core/finding.js';
import { tagsFromList } from '../../core/policy.js';
import type { RegionContext } from '../../core/sweep.js';

/** Tag calls on one resource. */
export interface TagOps {
  /** Its tags, or `null` when it no longer exists. */
  read(): Promise<Tags | null>;
  add(tags: Readonly<Record<string, string>>): Promise<void>;
  /** Removes each tag only while it still has the value given (EC2 checks it in the call itself). */
  remove(tags: Readonly<Record<string, string>>): Promise<void>;
}

const pairs = (tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** The tag calls of `ref`'s service, in `ctx`'s region. */
export function tagOpsFor(ref: ResourceRef, ctx: RegionContext): TagOps {
  switch (ref.resourceType.split(':')[0]) {
    case 'ec2':
      return ec2Volume(ref.resourceId, ctx.clients.get(EC2Client, ctx.region));
    case 'bedrock':
      return bedrock(ref.arn, ctx.clients.get(BedrockClient, ctx.region));
    default:
      return sagemaker(ref.arn, ctx.clients.get(SageMakerClient, ctx.region));
  }
}

function sagemaker(arn: string, client: SageMakerClient): TagOps {
  return {
    async read() {
      try {
        const list: Tag[] = [];
        for await (const page of paginateListTags({ client }, { ResourceArn: arn })) list.push(...(page.Tags ?? []));
        return tagsFromList(list);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },
    async add(tags) {
      await client.send(new AddTagsCommand({ ResourceArn: arn, Tags: pairs(tags) }));
    },
    async remove(tags) {
      await client.send(new DeleteSageMakerTagsCommand({ ResourceArn: arn, TagKeys: Object.keys(tags) }));
    },
  };
}

function ec2Volume(volumeId: string, client: EC2Client): TagOps {
  return {
    async read() {
      try {
        const out = await client.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
        const volume = out.Volumes?.[0];
        return volume ? tagsFromList(volume.Tags) : null;
      } catch (error) {
        if (error instanceof Error && error.name === 'InvalidVolume.NotFound') return null;
        throw error;
      }
    },
    async add(tags) {
      await client.send(new CreateTagsCommand({ Resources: [volumeId], Tags: pairs(tags) }));
    },
    // With a value, EC2 deletes the tag only if it still has that value.
    async remove(tags) {
      await client.send(new DeleteTagsCommand({ Resources: [volumeId], Tags: pairs(tags) }));
    },
  };
}

function bedrock(arn: string, client: BedrockClient): TagOps {
  return {
    async read() {
      try {
        const out = await client.send(new ListTagsForResourceCommand({ resourceARN: arn }));
        return Object.fromEntries((out.tags ?? []).flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']])));
      } catch (error) {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') return null;
        throw error;
      }
    },
    async add(tags) {
      await client.send(new TagResourceCommand({ resourceARN: arn, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) }));
    },
    async remove(tags) {
      await client.send(new UntagResourceCommand({ resourceARN: arn, tagKeys: Object.keys(tags) }));
    },
  };
}
