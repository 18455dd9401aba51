/**
 * Bedrock custom models, provisioned throughputs and application inference profiles.
 *
 * Calls per region: each type's list pages (ListCustomModels,
 * ListProvisionedModelThroughputs, ListInferenceProfiles `typeEquals=APPLICATION`), and
 * `ListTagsForResource` per resource. Bedrock's own tag call, rather than the tagging
 * API: an account holds a handful of these (each costs money to keep), and a resource
 * whose tags cannot be read is then reported as such instead of read as untagged.
 * A provisioned throughput's parent is its custom model (tags read once per model).
 */
import {
  BedrockClient,
  ListTagsForResourceCommand,
  paginateListCustomModels,
  paginateListInferenceProfiles,
  paginateListProvisionedModelThroughputs,
} from '@aws-sdk/client-bedrock';
import type { Tags } from '../../core/finding.js';
import type { RegionContext } from '../../core/sweep.js';
import { createdByName } from './creator.js';
import { RESOURCE_TYPES, type ParentTags } from './facts.js';
import { iso, lacksRequired, type Found, type SourceContext, type SourceFailure, type SourceResult } from './source.js';

/** Reads and caches Bedrock resources' tags for one run. */
export class BedrockTags {
  readonly #ctx: RegionContext;
  readonly #byArn = new Map<string, Promise<Tags>>();

  constructor(ctx: RegionContext) {
    this.#ctx = ctx;
  }

  /** The tags of `arn` (rejects when they cannot be read). */
  tagsOf(arn: string): Promise<Tags> {
    let read = this.#byArn.get(arn);
    if (!read) {
      read = this.#ctx.clients
        .get(BedrockClient, this.#ctx.region)
        .send(new ListTagsForResourceCommand({ resourceARN: arn }))
        .then((out) => Object.fromEntries((out.tags ?? []).flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']]))));
      this.#byArn.set(arn, read);
    }
    return read;
  }
}

interface Listed {
  readonly id: string;
  readonly arn: string;
  readonly found: (tags: Tags) => Promise<Omit<Found, 'ref' | 'tags'>>;
}

/** Reads each listed resource's tags; keeps those missing a required tag. */
async function keepLacking(s: SourceContext, bedrock: BedrockTags, type: string, listed: readonly Listed[]): Promise<SourceResult> {
  const found: Found[] = [];
  const failures: SourceFailure[] = [];
  for (const item of listed) {
    try {
      const tags = await bedrock.tagsOf(item.arn);
      if (!lacksRequired(s, tags)) continue;
      found.push({ ref: { resourceType: type, resourceId: item.id, arn: item.arn, region: s.ctx.region }, tags, ...(await item.found(tags)) });
    } catch (error) {
      failures.push({ resourceId: item.id, error });
    }
  }
  return { found, seen: listed.map((l) => l.id), failures };
}

/** Bedrock custom models (fine-tuned, continued pre-training, distilled, imported) missing a required tag. */
export async function customModelSource(s: SourceContext, bedrock: BedrockTags): Promise<SourceResult> {
  const client = s.ctx.clients.get(BedrockClient, s.ctx.region);
  const listed: Listed[] = [];
  for await (const page of paginateListCustomModels({ client, pageSize: 100 }, {})) {
    for (const m of page.modelSummaries ?? []) {
      const name = m.modelName!;
      listed.push({
        id: name,
        arn: m.modelArn!,
        found: () =>
          Promise.resolve({
            facts: {
              name,
              status: m.modelStatus ?? 'Active',
              createdAt: iso(m.creationTime),
              parents: [],
              usage: { kind: 'custom-model', baseModel: m.baseModelName ?? m.baseModelArn ?? null },
            },
            creation: createdByName('CreateModelCustomizationJob', 'customModelName', name, iso(m.creationTime)),
          }),
      });
    }
  }
  return keepLacking(s, bedrock, RESOURCE_TYPES['custom-model'], listed);
}

/** Bedrock provisioned throughputs missing a required tag; their custom model is their parent. */
export async function provisionedThroughputSource(s: SourceContext, bedrock: BedrockTags): Promise<SourceResult> {
  const client = s.ctx.clients.get(BedrockClient, s.ctx.region);
  const listed: Listed[] = [];
  for await (const page of paginateListProvisionedModelThroughputs({ client, pageSize: 100 }, {})) {
    for (const p of page.provisionedModelSummaries ?? []) {
      const name = p.provisionedModelName!;
      const model = p.modelArn ?? null;
      listed.push({
        id: name,
        arn: p.provisionedModelArn!,
        found: async () => {
          const parents: ParentTags[] = [];
          if (s.config.autoAttribute && model?.includes(':custom-model/')) {
            // A parent whose tags cannot be read gives nothing; the throughput is still reported.
            const tags = await bedrock.tagsOf(model).catch(() => null);
            if (tags) parents.push({ what: `custom model ${model.split('/').pop()}`, tags });
          }
          return {
            facts: {
              name,
              status: p.status ?? 'Unknown',
              createdAt: iso(p.creationTime),
              parents,
              usage: {
                kind: 'provisioned-throughput',
                baseModel: p.foundationModelArn ?? model,
                modelUnits: p.modelUnits ?? null,
                commitment: p.commitmentDuration ?? 'none',
                billed: p.status !== 'Failed',
              },
            },
            creation: createdByName('CreateProvisionedModelThroughput', 'provisionedModelName', name, iso(p.creationTime)),
          };
        },
      });
    }
  }
  return keepLacking(s, bedrock, RESOURCE_TYPES['provisioned-throughput'], listed);
}

/** Bedrock application inference profiles (the ones an account creates to track a model's use) missing a required tag. */
export async function inferenceProfileSource(s: SourceContext, bedrock: BedrockTags): Promise<SourceResult> {
  const client = s.ctx.clients.get(BedrockClient, s.ctx.region);
  const listed: Listed[] = [];
  for await (const page of paginateListInferenceProfiles({ client, pageSize: 100 }, { typeEquals: 'APPLICATION' })) {
    for (const p of page.inferenceProfileSummaries ?? []) {
      const name = p.inferenceProfileName!;
      listed.push({
        id: name,
        arn: p.inferenceProfileArn!,
        found: () =>
          Promise.resolve({
            facts: {
              name,
              status: p.status ?? 'Unknown',
              createdAt: iso(p.createdAt),
              parents: [],
              usage: { kind: 'inference-profile', models: (p.models ?? []).flatMap((m) => (m.modelArn ? [m.modelArn] : [])) },
            },
            creation: createdByName('CreateInferenceProfile', 'inferenceProfileName', name, iso(p.createdAt)),
          }),
      });
    }
  }
  return keepLacking(s, bedrock, RESOURCE_TYPES['inference-profile'], listed);
}
