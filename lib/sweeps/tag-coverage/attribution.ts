/**
 * Auto-attribution, pure: which missing tags a resource's parents can give it. A tag
 * is copied from the first parent (in order of preference) that has it with a
 * non-empty value; a tag no parent has stays missing. Nothing is ever overwritten:
 * only missing tags are planned, and the action adds only those still absent.
 */
import type { Tags } from '../../core/finding.js';
import type { ParentTags } from './facts.js';

/** The tags to copy, and where each comes from. */
export interface CopyPlan {
  /** Tag key -> value to add. */
  readonly tags: Readonly<Record<string, string>>;
  /** Tag key -> the parent it is copied from (e.g. `endpoint config churn-cfg`). */
  readonly from: Readonly<Record<string, string>>;
}

/** A tag's value, or `null` when absent or blank (a blank tag attributes nothing). */
export function tagValue(tags: Tags, key: string): string | null {
  const value = tags[key]?.trim();
  return value === undefined || value === '' ? null : value;
}

/**
 * The required tags `tags` lacks (absent, or blank).
 *
 * @example
 * missingTags({ owner: 'ana', team: ' ' }, ['owner', 'team', 'env']) // ['team', 'env']
 */
export function missingTags(tags: Tags, required: readonly string[]): string[] {
  return required.filter((key) => tagValue(tags, key) === null);
}

/**
 * The missing tags the parents can give, each from the first parent that has it.
 *
 * @example
 * copyPlan(['team', 'env'], [{ what: 'endpoint config c', tags: { team: 'nlp' } }, { what: 'model m', tags: { team: 'x', env: 'dev' } }])
 * // => { tags: { team: 'nlp', env: 'dev' }, from: { team: 'endpoint config c', env: 'model m' } }
 */
export function copyPlan(missing: readonly string[], parents: readonly ParentTags[]): CopyPlan {
  const tags: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const key of missing) {
    for (const parent of parents) {
      const value = tagValue(parent.tags, key);
      if (value === null) continue;
      tags[key] = value;
      from[key] = parent.what;
      break;
    }
  }
  return { tags, from };
}
