/**
 * Auto-attribution and its restore. The action adds the copied tags that are still
 * absent when it runs and never overwrites one (a tag set meanwhile, to any value, is
 * kept); restore removes each copied tag only while it still has the value copied (a
 * tag someone changed since is theirs and stays). A tag someone set to the very same
 * value cannot be told apart from the copy, and is removed with it.
 */
import type { Candidate } from '../../core/sweep.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import { copyPlan, missingTags } from './attribution.js';
import type { TagCoverageFacts } from './facts.js';
import { tagOpsFor } from './tag-ops.js';

/** What the ledger keeps: the resource, and the tags copied to it (restore removes exactly these). */
export interface AttributionRestoreData {
  readonly [key: string]: string | { readonly [key: string]: string };
  readonly resourceType: string;
  readonly resourceId: string;
  readonly arn: string;
  readonly region: string;
  /** Tag key -> value copied. */
  readonly tags: { readonly [key: string]: string };
  /** Tag key -> the parent it was copied from. */
  readonly from: { readonly [key: string]: string };
}

/**
 * The restore data of a candidate whose assessment said to act: the copy planned from
 * its parents for the required tags it lacks (absent, not blank: a tag is never
 * overwritten), as the rule plans it.
 */
export function attributionRestoreData(candidate: Candidate<TagCoverageFacts>): AttributionRestoreData {
  const { resourceType, resourceId, arn, region } = candidate.ref;
  const absent = missingTags(candidate.tags, candidate.facts.requiredTags).filter((k) => !Object.hasOwn(candidate.tags, k));
  const plan = copyPlan(absent, candidate.facts.parents);
  return { resourceType, resourceId, arn, region, tags: { ...plan.tags }, from: { ...plan.from } };
}

const list = (tags: Readonly<Record<string, string>>) =>
  Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** Adds the copied tags still absent; a resource gone, or every tag set meanwhile, is done. */
export async function copyTags(data: AttributionRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const ops = tagOpsFor(data, ctx);
  const current = await ops.read();
  if (current === null) return { status: 'done', detail: `${data.resourceId} no longer exists; nothing tagged` };
  const add = Object.fromEntries(Object.entries(data.tags).filter(([key]) => !Object.hasOwn(current, key)));
  const kept = Object.keys(data.tags).filter((key) => Object.hasOwn(current, key));
  const keptText = kept.length ? `; kept ${kept.map((k) => `${k}=${current[k]}`).join(', ')} (set meanwhile, never overwritten)` : '';
  if (Object.keys(add).length === 0) return { status: 'done', detail: `nothing added to ${data.resourceId}${keptText}` };
  await ops.add(add);
  const from = [...new Set(Object.keys(add).map((k) => data.from[k]))].join(', ');
  return { status: 'done', detail: `tagged ${data.resourceId} with ${list(add)} (copied from ${from})${keptText}` };
}

/** Removes the copied tags that still have the value copied; keeps any changed since. */
export async function removeCopiedTags(data: AttributionRestoreData, ctx: RegionContext): Promise<RestoreOutcome> {
  const ops = tagOpsFor(data, ctx);
  const current = await ops.read();
  if (current === null) return { restoredResourceId: data.resourceId, detail: `${data.resourceId} no longer exists; no tag to remove` };
  const remove = Object.fromEntries(Object.entries(data.tags).filter(([key, value]) => current[key] === value));
  const kept = Object.keys(data.tags).filter((key) => Object.hasOwn(current, key) && current[key] !== data.tags[key]);
  const keptText = kept.length ? `; kept ${kept.map((k) => `${k}=${current[k]}`).join(', ')} (changed since it was copied)` : '';
  if (Object.keys(remove).length === 0) return { restoredResourceId: data.resourceId, detail: `no copied tag left on ${data.resourceId}${keptText}` };
  await ops.remove(remove);
  return { restoredResourceId: data.resourceId, detail: `removed ${list(remove)} from ${data.resourceId}${keptText}` };
}
