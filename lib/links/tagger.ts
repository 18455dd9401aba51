/**
 * Writes an owner's decision where every tool sees it: the snooze or exempt tag on
 * the resource itself (the engine already honours both, see `standingOf`). One call
 * per decision, by the resource's service: SageMaker `AddTags` on its ARN, EC2
 * `CreateTags` on its id. Other services cannot be answered by link (their notices
 * keep the tag command only).
 */
import { CreateTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AddTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { AwsClients } from '../aws/clients.js';
import { LinkTaggingUnsupportedError } from '../core/errors.js';
import type { ResourceRef } from '../core/finding.js';
import type { IamGrant } from '../core/sweep-parts.js';

/** Writes tags on one resource. */
export interface ResourceTagger {
  tag(ref: ResourceRef, tags: Readonly<Record<string, string>>): Promise<void>;
}

/** The services whose resources a link can tag, with the IAM action that tags them. */
const TAG_ACTIONS = { sagemaker: 'sagemaker:AddTags', ec2: 'ec2:CreateTags' } as const;

type TaggingService = keyof typeof TAG_ACTIONS;

function serviceOf(resourceType: string): TaggingService | null {
  const service = resourceType.split(':')[0] ?? '';
  return Object.hasOwn(TAG_ACTIONS, service) ? (service as TaggingService) : null;
}

/** `true` when owner-action links can tag resources of `resourceType` (e.g. `sagemaker:endpoint`, `ec2:volume`). */
export function isTaggable(resourceType: string): boolean {
  return serviceOf(resourceType) !== null;
}

/**
 * The IAM grant that lets the endpoint write the owner-action tag keys (`tagKeys`) on
 * resources of `resourceType` in this account, any region: `sagemaker:AddTags` on
 * `arn:{partition}:sagemaker:*:{account}:endpoint/*`, say, and only those keys
 * (`aws:TagKeys`). `null` for a type links cannot tag.
 */
export function tagGrantFor(resourceType: string, tagKeys: readonly string[]): IamGrant | null {
  const service = serviceOf(resourceType);
  const kind = resourceType.split(':')[1];
  if (!service || !kind) return null;
  return {
    actions: [TAG_ACTIONS[service]],
    resources: [`arn:{partition}:${service}:*:{account}:${kind}/*`],
    conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [...tagKeys] } },
  };
}

/** The {@link ResourceTagger} on AWS. */
export class AwsResourceTagger implements ResourceTagger {
  constructor(private readonly clients: AwsClients) {}

  async tag(ref: ResourceRef, tags: Readonly<Record<string, string>>): Promise<void> {
    const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    switch (serviceOf(ref.resourceType)) {
      case 'sagemaker':
        await this.clients.get(SageMakerClient, ref.region).send(new AddTagsCommand({ ResourceArn: ref.arn, Tags: list }));
        return;
      case 'ec2':
        await this.clients.get(EC2Client, ref.region).send(new CreateTagsCommand({ Resources: [ref.resourceId], Tags: list }));
        return;
      default:
        throw new LinkTaggingUnsupportedError(ref.resourceType);
    }
  }
}
