/**
 * What every per-type source of the inventory shares: its context, what it returns,
 * and small helpers. A source lists every resource of its type (`seen`), keeps those
 * missing a required tag (the cheap pre-filter), and describes only those.
 */
import type { ResourceRef, Tags } from '../../core/finding.js';
import type { InventoryContext } from '../../core/sweep.js';
import { missingTags } from './attribution.js';
import type { TagCoverageConfig } from './config.js';
import type { CreationQuery } from './creator.js';
import type { ParentTags, TagCoverageFacts } from './facts.js';
import type { TagReader } from './tagging-api.js';

/** What a source gets. */
export interface SourceContext {
  readonly ctx: InventoryContext;
  readonly config: TagCoverageConfig;
  readonly required: readonly string[];
  /** Tags from the Resource Groups Tagging API, read once per type and run. */
  readonly tags: TagReader;
}

/** A resource missing a required tag, before its creator is looked up. */
export interface Found {
  readonly ref: ResourceRef;
  readonly tags: Tags;
  readonly facts: Omit<TagCoverageFacts, 'creator' | 'requiredTags'>;
  /** How CloudTrail finds its creation (looked up only when it has no owner tag). */
  readonly creation: CreationQuery;
}

/** A resource that could not be described, or a parent whose tags could not be read. */
export interface SourceFailure {
  readonly resourceId: string;
  readonly error: unknown;
}

/** What one source found for its type. */
export interface SourceResult {
  readonly found: readonly Found[];
  /** Every resource of the type in the region (ids), found or not. */
  readonly seen: readonly string[];
  readonly failures: readonly SourceFailure[];
}

/** `true` when `tags` lacks any of the required tags. */
export function lacksRequired(s: SourceContext, tags: Tags): boolean {
  return missingTags(tags, s.required).length > 0;
}

/** The partition and account an ARN names (`aws`, `123456789012`), for ARNs built from names. */
export function arnPrefix(arn: string): { readonly partition: string; readonly account: string } {
  const [, partition = 'aws', , , account = ''] = arn.split(':');
  return { partition, account };
}

/** An ISO-8601 string of a date, or `null`. */
export function iso(date: Date | undefined): string | null {
  return date ? date.toISOString() : null;
}

/**
 * One parent made of several resources (an endpoint's models): a tag is kept only
 * when every resource that has it agrees on its value.
 *
 * @example
 * agreedParent('models m1, m2', [{ team: 'nlp', env: 'dev' }, { team: 'nlp', env: 'prod' }]) // { what: 'models m1, m2', tags: { team: 'nlp' } }
 */
export function agreedParent(what: string, all: readonly Tags[]): ParentTags {
  const values = new Map<string, Set<string>>();
  for (const one of all) for (const [key, value] of Object.entries(one)) values.set(key, (values.get(key) ?? new Set()).add(value));
  return { what, tags: Object.fromEntries([...values].filter(([, v]) => v.size === 1).map(([key, v]) => [key, [...v][0]!])) };
}
