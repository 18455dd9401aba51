import * as z from 'zod/mini';
import { AdvisorySettingsShape, sweepSettingsShape, type SweepSettings } from '../../core/settings.js';
import { RESOURCE_TYPES, type CoveredResourceType } from './facts.js';

/** Once a day: tags change slowly, and a daily look is cheap (a few paged calls per type). */
export const DEFAULT_SCHEDULE = 'rate(1 day)';

/** Hours between two notices about the same resource still missing its tags: a week. */
export const DEFAULT_RENOTIFY_HOURS = 24 * 7;

/** Accelerator instance families (letters before the generation digit): NVIDIA GPUs, Inferentia, Trainium, Gaudi. */
export const DEFAULT_ACCELERATOR_FAMILIES = ['p', 'g', 'inf', 'trn', 'dl'] as const;

const TagKey = z.string().check(z.minLength(1), z.maxLength(128));

/** Config of the tag-coverage sweep (`sweeps.tag-coverage` in the config file). */
export const TagCoverageConfigSchema = z.strictObject({
  ...sweepSettingsShape(DEFAULT_SCHEDULE),
  ...AdvisorySettingsShape,
  /**
   * Hours between two notices about the same resource still missing its tags.
   * @default 168 (a week)
   */
  renotifyHours: z._default(z.number().check(z.minimum(1), z.maximum(24 * 90)), DEFAULT_RENOTIFY_HOURS),
  /**
   * Tag keys every AI resource must have (a present key with an empty value counts as
   * missing).
   * @default - the owner, team and environment keys of `tagKeys`
   */
  requiredTags: z.optional(z.array(TagKey).check(z.minLength(1), z.maxLength(50))),
  /**
   * The resource types checked; leave out a type the deployment may not read (e.g. no
   * Bedrock access). @default - every type
   */
  resourceTypes: z.optional(z.array(z.enum(Object.values(RESOURCE_TYPES) as [CoveredResourceType, ...CoveredResourceType[]])).check(z.minLength(1))),
  /**
   * Training and processing jobs are checked while they run and for this many days
   * after they ended.
   * @default 7
   */
  lookbackDays: z._default(z.int().check(z.minimum(1), z.maximum(90)), 7),
  /**
   * EC2 instance families checked besides those whose spec lists GPUs or accelerator
   * chips: the letters of the type before its generation digit (`g` for `g5.xlarge`,
   * `inf` for `inf2.xlarge`). Their attached EBS volumes are checked too.
   * @default ['p', 'g', 'inf', 'trn', 'dl']
   */
  acceleratorFamilies: z._default(z.array(z.string().check(z.regex(/^[a-z]+$/, 'must be the lower-case letters of a family, e.g. "g"'))), [
    ...DEFAULT_ACCELERATOR_FAMILIES,
  ]),
  /**
   * Apply mode only, after the grace period: copy a missing tag from the resource's
   * parent that has it (endpoint <- endpoint config, model; volume <- instance; job <-
   * pipeline, execution role; provisioned throughput <- custom model). Never
   * overwrites a tag; restore removes exactly the tags added.
   * @default false
   */
  autoAttribute: z._default(z.boolean(), false),
  /**
   * CloudTrail `LookupEvents` per region and run to name the creator of resources
   * without an owner tag (two lookups a second are allowed per account and region). 0
   * turns the lookup off.
   * @default 25
   */
  creatorLookups: z._default(z.int().check(z.minimum(0), z.maximum(500)), 25),
});

/** Resolved config of the tag-coverage sweep. */
export interface TagCoverageConfig extends SweepSettings {
  readonly renotifyHours: number;
  readonly requiredTags?: readonly string[] | undefined;
  readonly resourceTypes?: readonly CoveredResourceType[] | undefined;
  readonly lookbackDays: number;
  readonly acceleratorFamilies: readonly string[];
  readonly autoAttribute: boolean;
  readonly creatorLookups: number;
  /**
   * The shared tag keys (`tagKeys` of the whole config), which `sweepConfig` adds to
   * every sweep section: the default required tags. @default - `owner`, `team`, `env`
   */
  readonly tagKeys?: { readonly owner: string; readonly team: string; readonly environment: string };
}

/**
 * The tag keys a resource must have: `requiredTags`, else the configured owner, team
 * and environment keys.
 *
 * @example
 * requiredTagsOf({ tagKeys: { owner: 'owner', team: 'team', environment: 'env' } }) // ['owner', 'team', 'env']
 */
export function requiredTagsOf(config: Pick<TagCoverageConfig, 'requiredTags' | 'tagKeys'>): readonly string[] {
  if (config.requiredTags?.length) return [...new Set(config.requiredTags)];
  const keys = config.tagKeys ?? { owner: 'owner', team: 'team', environment: 'env' };
  return [...new Set([keys.owner, keys.team, keys.environment])];
}

/** The resource types this config checks. */
export function typesOf(config: Pick<TagCoverageConfig, 'resourceTypes'>): ReadonlySet<CoveredResourceType> {
  return new Set(config.resourceTypes ?? Object.values(RESOURCE_TYPES));
}
