/**
 * Which resources owner-action links can tag, and the IAM grant that allows it: pure
 * (no SDK), so the sweeps' minter and the construct read it without the tagger.
 */
import type { IamGrant } from '../core/sweep-parts.js';

/** The services whose resources a link can tag, with the IAM action that tags them. */
const TAG_ACTIONS = { sagemaker: 'sagemaker:AddTags', ec2: 'ec2:CreateTags' } as const;

/** A service links can tag. */
export type TaggingService = keyof typeof TAG_ACTIONS;

/** The service of `resourceType` whose tagging links support, or `null`. */
export function taggingService(resourceType: string): TaggingService | null {
  const service = resourceType.split(':')[0] ?? '';
  return Object.hasOwn(TAG_ACTIONS, service) ? (service as TaggingService) : null;
}

/** `true` when owner-action links can tag resources of `resourceType` (e.g. `sagemaker:endpoint`, `ec2:volume`). */
export function isTaggable(resourceType: string): boolean {
  return taggingService(resourceType) !== null;
}

/**
 * The IAM grant that lets the endpoint write the owner-action tag keys (`tagKeys`) on
 * resources of `resourceType` in this account, any region: `sagemaker:AddTags` on
 * `arn:{partition}:sagemaker:*:{account}:endpoint/*`, say, and only those keys
 * (`aws:TagKeys`). `null` for a type links cannot tag.
 */
export function tagGrantFor(resourceType: string, tagKeys: readonly string[]): IamGrant | null {
  const service = taggingService(resourceType);
  const kind = resourceType.split(':')[1];
  if (!service || !kind) return null;
  return {
    actions: [TAG_ACTIONS[service]],
    resources: [`arn:{partition}:${service}:*:{account}:${kind}/*`],
    conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [...tagKeys] } },
  };
}
