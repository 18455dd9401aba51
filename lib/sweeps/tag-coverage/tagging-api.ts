/**
 * Tags in bulk from the Resource Groups Tagging API: one paged `GetResources` per
 * resource type and run (100 resources a page), always with `ResourceTypeFilters`,
 * instead of one tag call per resource.
 *
 * `GetResources` returns only resources that have or had tags: a resource the
 * service lists but the tagging API does not return has no tags. That is why every
 * type is listed through its own service first, and tagged from here.
 */
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Tags } from '../../core/finding.js';
import { tagsFromList } from '../../core/policy.js';
import type { RegionContext } from '../../core/sweep.js';

/** `GetResources`' largest page. */
export const GET_RESOURCES_PAGE = 100;

/** Reads and caches the tags of each resource type asked for, for one region and run. */
export class TagReader {
  readonly #ctx: RegionContext;
  readonly #byType = new Map<string, Promise<ReadonlyMap<string, Tags>>>();

  constructor(ctx: RegionContext) {
    this.#ctx = ctx;
  }

  /**
   * Tags of every resource of `resourceType` (e.g. `sagemaker:endpoint`) that has
   * tags, by lower-cased ARN. Read once per run; a failure rejects every caller.
   */
  tagsOf(resourceType: string): Promise<ReadonlyMap<string, Tags>> {
    let read = this.#byType.get(resourceType);
    if (!read) {
      read = this.#read(resourceType);
      this.#byType.set(resourceType, read);
    }
    return read;
  }

  /** The tags of the resource `arn` of `resourceType` (`{}`: it has none). */
  async tagsOfArn(resourceType: string, arn: string): Promise<Tags> {
    return (await this.tagsOf(resourceType)).get(arn.toLowerCase()) ?? {};
  }

  async #read(resourceType: string): Promise<ReadonlyMap<string, Tags>> {
    const client = this.#ctx.clients.get(ResourceGroupsTaggingAPIClient, this.#ctx.region);
    const tags = new Map<string, Tags>();
    const pages = paginateGetResources({ client, pageSize: GET_RESOURCES_PAGE }, { ResourceTypeFilters: [resourceType] });
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN) tags.set(mapping.ResourceARN.toLowerCase(), tagsFromList(mapping.Tags));
      }
    }
    return tags;
  }
}
