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
import { taggingService } from './taggable.js';

/** Writes tags on one resource. */
export interface ResourceTagger {
  tag(ref: ResourceRef, tags: Readonly<Record<string, string>>): Promise<void>;
}

/** The {@link ResourceTagger} on AWS. */
export class AwsResourceTagger implements ResourceTagger {
  constructor(private readonly clients: AwsClients) {}

  async tag(ref: ResourceRef, tags: Readonly<Record<string, string>>): Promise<void> {
    // A member account's resource would need its member role: links offer it no tag (see offeredChoices).
    if (ref.accountId !== undefined) throw new LinkTaggingUnsupportedError(`${ref.resourceType} of member account ${ref.accountId}`);
    const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    switch (taggingService(ref.resourceType)) {
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
