/**
 * The tags of IAM roles (a job's execution role is one of its parents): one paged
 * `iam:ListRoleTags` per role and run. IAM is global; the region's client reaches it.
 */
import { IAMClient, paginateListRoleTags } from '@aws-sdk/client-iam';
import type { Tags } from '../../core/finding.js';
import { tagsFromList } from '../../core/policy.js';
import type { RegionContext } from '../../core/sweep.js';

/** A role's tags, or why they could not be read (`first`: the first answer of this role in the run). */
export type RoleTagsAnswer =
  | { readonly ok: true; readonly name: string; readonly tags: Tags }
  | { readonly ok: false; readonly name: string; readonly error: unknown; readonly first: boolean };

/** Reads and caches role tags for one run. */
export class RoleTags {
  readonly #ctx: RegionContext;
  readonly #byName = new Map<string, Promise<RoleTagsAnswer>>();

  constructor(ctx: RegionContext) {
    this.#ctx = ctx;
  }

  /** The tags of the role `roleArn` names (its name is the last part of the ARN, after any path). */
  async tagsOf(roleArn: string): Promise<RoleTagsAnswer> {
    const name = roleArn.split('/').pop() ?? roleArn;
    const cached = this.#byName.get(name);
    if (cached) return cached.then((a) => (a.ok ? a : { ...a, first: false }));
    const read = this.#read(name);
    this.#byName.set(name, read);
    return read;
  }

  async #read(name: string): Promise<RoleTagsAnswer> {
    try {
      const iam = this.#ctx.clients.get(IAMClient, this.#ctx.region);
      const list = [];
      for await (const page of paginateListRoleTags({ client: iam }, { RoleName: name })) list.push(...(page.Tags ?? []));
      return { ok: true, name, tags: tagsFromList(list) };
    } catch (error) {
      return { ok: false, name, error, first: true };
    }
  }
}
