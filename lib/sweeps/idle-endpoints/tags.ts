/**
 * Tags of the endpoints the sweep needs them for, in as few calls as possible: one
 * Resource Groups Tagging API `GetResources` page per 100 endpoints of the region, or
 * one SageMaker `ListTags` per endpoint when that is fewer calls (a few quiet
 * endpoints among many). The Tagging API can lag a tag change by a short while; the
 * IAM guard of a deployed sweep checks the live tags before any action.
 */
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { paginateListTags, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { errorMessage, InventorySourceError } from '../../core/errors.js';
import type { RegionContext } from '../../core/sweep.js';

/** A tag as both APIs return it. */
export interface TagPair {
  readonly Key: string;
  readonly Value: string;
}

/** Resources per `GetResources` page (the API's maximum). */
export const TAGGING_PAGE_SIZE = 100;

/** `GetResources` or `ListTags`: whichever reads the tags of `wanted` of `inRegion` endpoints in fewer calls. */
export function tagSource(wanted: number, inRegion: number): 'none' | 'list-tags' | 'get-resources' {
  if (wanted === 0) return 'none';
  return wanted <= Math.ceil(inRegion / TAGGING_PAGE_SIZE) ? 'list-tags' : 'get-resources';
}

/** Tags by endpoint ARN in lower case (SageMaker ARNs are case-insensitive), and the endpoints whose `ListTags` failed. */
export interface EndpointTags {
  readonly tags: ReadonlyMap<string, readonly TagPair[]>;
  readonly failed: ReadonlyMap<string, unknown>;
}

/**
 * Tags of the endpoints `arns`, of `inRegion` endpoints in the region. An endpoint
 * the Tagging API does not list has no tags.
 *
 * @throws InventorySourceError when `GetResources` fails (every endpoint's tags depend on it)
 */
export async function endpointTags(ctx: RegionContext, arns: readonly string[], inRegion: number): Promise<EndpointTags> {
  const tags = new Map<string, TagPair[]>(arns.map((arn) => [arn.toLowerCase(), []]));
  const failed = new Map<string, unknown>();
  const source = tagSource(arns.length, inRegion);
  if (source === 'list-tags') {
    const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
    for (const arn of arns) {
      try {
        tags.set(arn.toLowerCase(), await listTags(sagemaker, arn));
      } catch (error) {
        failed.set(arn.toLowerCase(), error);
      }
    }
  } else if (source === 'get-resources') {
    const tagging = ctx.clients.get(ResourceGroupsTaggingAPIClient, ctx.region);
    try {
      // Always filtered by type: an unfiltered call lists every resource of the account.
      const pages = paginateGetResources({ client: tagging, pageSize: TAGGING_PAGE_SIZE }, { ResourceTypeFilters: ['sagemaker:endpoint'] });
      for await (const page of pages) {
        for (const mapping of page.ResourceTagMappingList ?? []) {
          const arn = mapping.ResourceARN?.toLowerCase();
          if (arn && tags.has(arn)) tags.set(arn, pairs(mapping.Tags));
        }
      }
    } catch (error) {
      throw new InventorySourceError('Resource Groups Tagging API GetResources (sagemaker:endpoint)', ctx.region, errorMessage(error));
    }
  }
  return { tags, failed };
}

/** Every tag of one SageMaker resource (`ListTags`, paged). */
export async function listTags(sagemaker: SageMakerClient, arn: string): Promise<TagPair[]> {
  const tags: TagPair[] = [];
  for await (const page of paginateListTags({ client: sagemaker }, { ResourceArn: arn })) tags.push(...pairs(page.Tags));
  return tags;
}

function pairs(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): TagPair[] {
  return (tags ?? []).filter((t): t is { Key: string; Value?: string } => t.Key !== undefined).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}
