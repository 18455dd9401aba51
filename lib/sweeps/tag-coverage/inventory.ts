/**
 * AWS side of the tag-coverage sweep: every AI resource of the configured types in
 * one region, listed through its own service (the tagging API returns only resources
 * that have or had tags, so it cannot find an untagged one), tagged in bulk from the
 * Resource Groups Tagging API where the service's list has no tags (SageMaker),
 * described only when a required tag is missing, and its creator looked up in
 * CloudTrail when it has no owner tag.
 *
 * Each type is isolated: a type that cannot be listed (AccessDenied, a call the
 * service or the emulator does not serve) is reported in the run's `errors` with
 * {@link ResourceTypeUnlistedError}, and its open findings stay as they are; the other
 * types go on.
 */
import { errorMessage, errorName, InventorySourceError, ResourceTypeUnlistedError } from '../../core/errors.js';
import type { Candidate, Inventory, InventoryContext } from '../../core/sweep.js';
import { tagValue } from './attribution.js';
import { BedrockTags, customModelSource, inferenceProfileSource, provisionedThroughputSource } from './bedrock-sources.js';
import { requiredTagsOf, typesOf, type TagCoverageConfig } from './config.js';
import { CreatorLookup } from './creator.js';
import { ec2Source } from './ec2-source.js';
import { RESOURCE_TYPES, type CoveredResourceType, type Creator, type TagCoverageFacts } from './facts.js';
import { RoleTags } from './role-tags.js';
import { processingJobSource, trainingJobSource } from './sagemaker-jobs.js';
import { domainSource, endpointSource, notebookSource } from './sagemaker-sources.js';
import type { Found, SourceContext, SourceFailure, SourceResult } from './source.js';
import { TagReader } from './tagging-api.js';

/** The calls a type's listing makes, named in its error. */
const LISTED_BY: Readonly<Record<CoveredResourceType, string>> = {
  'sagemaker:endpoint': 'sagemaker:ListEndpoints, tag:GetResources',
  'sagemaker:notebook-instance': 'sagemaker:ListNotebookInstances, tag:GetResources',
  'sagemaker:training-job': 'sagemaker:ListTrainingJobs, tag:GetResources',
  'sagemaker:processing-job': 'sagemaker:ListProcessingJobs, tag:GetResources',
  'sagemaker:domain': 'sagemaker:ListDomains, tag:GetResources',
  'ec2:instance': 'ec2:DescribeInstances',
  'ec2:volume': 'ec2:DescribeVolumes',
  'bedrock:custom-model': 'bedrock:ListCustomModels',
  'bedrock:provisioned-model': 'bedrock:ListProvisionedModelThroughputs',
  'bedrock:application-inference-profile': 'bedrock:ListInferenceProfiles',
};

type Ec2Type = typeof RESOURCE_TYPES.instance | typeof RESOURCE_TYPES.volume;
const isEc2 = (type: CoveredResourceType): type is Ec2Type => type === RESOURCE_TYPES.instance || type === RESOURCE_TYPES.volume;

/** Overrides of the per-type sources, for tests (e.g. a Bedrock fake where the emulator lacks the API). */
export type TypeSources = Partial<Record<CoveredResourceType, (s: SourceContext) => Promise<SourceResult>>>;

/**
 * Lists the configured types' resources in one region and returns those missing a
 * required tag as candidates.
 *
 * @param sources replaces the source of some types (tests)
 */
export async function inventoryTagCoverage(ctx: InventoryContext, config: TagCoverageConfig, sources: TypeSources = {}): Promise<Inventory<TagCoverageFacts>> {
  const s: SourceContext = { ctx, config, required: requiredTagsOf(config), tags: new TagReader(ctx) };
  const roles = new RoleTags(ctx);
  const bedrock = new BedrockTags(ctx);
  const builtIn: Record<Exclude<CoveredResourceType, Ec2Type>, (s: SourceContext) => Promise<SourceResult>> = {
    'sagemaker:endpoint': endpointSource,
    'sagemaker:notebook-instance': notebookSource,
    'sagemaker:training-job': (x) => trainingJobSource(x, roles),
    'sagemaker:processing-job': (x) => processingJobSource(x, roles),
    'sagemaker:domain': domainSource,
    'bedrock:custom-model': (x) => customModelSource(x, bedrock),
    'bedrock:provisioned-model': (x) => provisionedThroughputSource(x, bedrock),
    'bedrock:application-inference-profile': (x) => inferenceProfileSource(x, bedrock),
  };
  const types = typesOf(config);
  const results = new Map<CoveredResourceType, SourceResult | { error: unknown }>();
  for (const type of Object.values(RESOURCE_TYPES)) {
    if (!types.has(type) || results.has(type)) continue;
    const source = sources[type];
    if (!source && isEc2(type)) {
      // One listing for both: the volumes are those attached to the accelerated instances.
      try {
        const ec2 = await ec2Source(s);
        if (!results.has(RESOURCE_TYPES.instance)) results.set(RESOURCE_TYPES.instance, ec2.instances);
        results.set(RESOURCE_TYPES.volume, ec2.volumes);
      } catch (error) {
        if (!results.has(RESOURCE_TYPES.instance)) results.set(RESOURCE_TYPES.instance, { error });
        results.set(RESOURCE_TYPES.volume, { error });
      }
      continue;
    }
    try {
      results.set(type, await (source ?? builtIn[type as Exclude<CoveredResourceType, Ec2Type>])(s));
    } catch (error) {
      results.set(type, { error });
    }
  }

  const found: Found[] = [];
  const seen = new Set<string>();
  const failures: { resourceId: string; error: unknown; resourceType?: string }[] = [];
  for (const [type, result] of results) {
    if (!types.has(type)) continue; // EC2 lists both types; only the configured ones count
    if ('error' in result) {
      ctx.logger.warn('Resource type could not be listed', { region: ctx.region, resourceType: type, error: errorMessage(result.error) });
      const error = new ResourceTypeUnlistedError(type, ctx.region, LISTED_BY[type], `${errorName(result.error)}: ${errorMessage(result.error)}`, {
        cause: result.error,
      });
      failures.push({ resourceId: type, error, resourceType: type });
      continue;
    }
    found.push(...result.found);
    for (const id of result.seen) seen.add(id);
    failures.push(...result.failures.map((f: SourceFailure) => ({ resourceId: f.resourceId, error: f.error })));
  }

  const creators = new CreatorLookup(ctx, config.creatorLookups);
  const ownerKey = config.tagKeys?.owner ?? 'owner';
  const candidates: Candidate<TagCoverageFacts>[] = [];
  for (const f of found) {
    // Sequential: CloudTrail allows two lookups a second per account and region.
    const creator: Creator =
      tagValue(f.tags, ownerKey) === null
        ? await creators.creatorOf(f.creation, f.tags)
        : { known: false, reason: `not looked up: it has an owner tag (${ownerKey})` };
    candidates.push({ ref: f.ref, tags: f.tags, facts: { ...f.facts, creator, requiredTags: s.required } });
  }
  if (creators.failure !== null) {
    failures.push({
      resourceId: 'cloudtrail:LookupEvents',
      error: new InventorySourceError('CloudTrail LookupEvents', ctx.region, `creators unknown this run: ${errorMessage(creators.failure)}`),
    });
  }
  return { candidates, seen, failures };
}
