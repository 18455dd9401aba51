/**
 * AWS side of the idle-endpoint sweep: what it reads, in as few calls as the APIs allow.
 *
 * Calls per region: ListEndpoints pages + ListInferenceComponents pages + ListMetrics
 * pages + GetMetricData batches (500 series a call) + for each quiet endpoint only
 * DescribeEndpoint (DescribeEndpointConfig once per distinct config) + its tags: one
 * `GetResources` page per 100 endpoints of the region, or one `ListTags` per quiet
 * endpoint when that is fewer. A quiet inference component adds
 * DescribeInferenceComponent and ListTags (its endpoint is described once).
 * Busy or young endpoints and components are never described.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { paginateListEndpoints, paginateListInferenceComponents, SageMakerClient, type InferenceComponentSummary } from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { ComponentFacts } from './component-rule.js';
import type { IdleEndpointsConfig } from './config.js';
import { describeComponentFacts, describeEndpointFacts, EndpointDescriber, ResourceGoneError } from './describe.js';
import { COMPONENT_RESOURCE_TYPE, type EndpointCandidateFacts, type IdleEndpointsFacts } from './facts.js';
import { componentKey, componentSeries, listedInvocationSeries, sumInvocations, variantKey, variantSeries } from './invocations.js';
import { isOldEnough, type EndpointFacts } from './rule.js';
import { endpointTags, listTags, type TagPair } from './tags.js';

export type { EndpointCandidateFacts } from './facts.js';

/** ListMetrics only lists metrics with datapoints in the last 14 days. */
const LIST_METRICS_HORIZON_DAYS = 14;

interface Failure {
  resourceId: string;
  error: unknown;
}

/** Lists InService endpoints and inference components, their traffic, and describes the quiet ones. */
export async function inventoryEndpoints(ctx: RegionContext, config: IdleEndpointsConfig): Promise<Inventory<IdleEndpointsFacts>> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const cloudwatch = ctx.clients.get(CloudWatchClient, ctx.region);
  const old = (created: Date | undefined, modified: Date | undefined) => !!created && isOldEnough(created, modified ?? created, ctx.now, config.lookbackDays);

  const seen = new Set<string>();
  const oldEndpoints = new Set<string>();
  let endpointCount = 0;
  for await (const page of paginateListEndpoints({ client: sagemaker, pageSize: 100 }, {})) {
    for (const e of page.Endpoints ?? []) {
      if (!e.EndpointName) continue;
      seen.add(e.EndpointName);
      endpointCount++;
      if (e.EndpointStatus === 'InService' && old(e.CreationTime, e.LastModifiedTime)) oldEndpoints.add(e.EndpointName);
    }
  }
  const components: InferenceComponentSummary[] = [];
  for await (const page of paginateListInferenceComponents({ client: sagemaker, pageSize: 100 }, {})) components.push(...(page.InferenceComponents ?? []));
  for (const c of components) seen.add(c.InferenceComponentName!);
  // An endpoint hosting inference components is judged by its components, never stopped whole.
  for (const c of components) oldEndpoints.delete(c.EndpointName!);
  const oldComponents = new Set(
    components.filter((c) => c.InferenceComponentStatus === 'InService' && old(c.CreationTime, c.LastModifiedTime)).map((c) => c.InferenceComponentName!),
  );
  if (oldEndpoints.size === 0 && oldComponents.size === 0) return { candidates: [], seen };

  const listed = await listedInvocationSeries(cloudwatch, { endpoints: oldEndpoints, components: oldComponents });
  const sums = await sumInvocations(cloudwatch, listed, ctx.now, config.lookbackDays);
  const endpointTotals = new Map<string, number>();
  for (const s of listed) if (s.endpoint) endpointTotals.set(s.endpoint, (endpointTotals.get(s.endpoint) ?? 0) + (sums.get(s.key) ?? 0));

  // Teams over budget may allow more invocations: pass what the most permissive limit could call idle.
  const limit = Math.max(config.maxInvocations, ...(ctx.teamSettings ?? []).map((s) => (s as Partial<IdleEndpointsConfig>).maxInvocations ?? 0));
  const describer = new EndpointDescriber(sagemaker);
  const failures: Failure[] = [];
  const endpoints: { arn: string; facts: EndpointFacts }[] = [];
  for (const name of [...oldEndpoints].filter((n) => (endpointTotals.get(n) ?? 0) <= limit)) {
    await isolated(name, failures, async () => endpoints.push(await describeEndpointFacts(describer, name, (v) => sums.get(variantKey(name, v)) ?? 0)));
  }
  const onVariant = (endpoint: string, variant: string) => components.filter((c) => c.EndpointName === endpoint && c.VariantName === variant).length;
  const quietComponents: { arn: string; endpointArn: string; facts: ComponentFacts; tags: TagPair[] }[] = [];
  for (const name of [...oldComponents].filter((n) => (sums.get(componentKey(n)) ?? 0) <= limit)) {
    await isolated(name, failures, async () => {
      const described = await describeComponentFacts(sagemaker, describer, name, onVariant, sums.get(componentKey(name)) ?? 0);
      const tags = await listTags(sagemaker, described.arn).catch((error: unknown) => {
        throw isNotFound(error) ? new ResourceGoneError(name) : error;
      });
      quietComponents.push({ ...described, tags });
    });
  }

  const tagged = await endpointTags(ctx, [...new Set([...endpoints.map((e) => e.arn), ...quietComponents.map((c) => c.endpointArn)])], endpointCount);
  const tagsOf = (arn: string) => tagged.tags.get(arn.toLowerCase()) ?? [];
  const candidates: Candidate<IdleEndpointsFacts>[] = [];
  for (const { arn, facts } of endpoints) {
    const error = tagged.failed.get(arn.toLowerCase());
    if (error) {
      if (!isNotFound(error)) failures.push({ resourceId: facts.endpointName, error });
      continue;
    }
    const tags = tagsFromList(tagsOf(arn));
    const tagList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    candidates.push({
      ref: { resourceType: 'sagemaker:endpoint', resourceId: facts.endpointName, arn, region: ctx.region },
      tags,
      facts: { ...facts, tagList },
    });
  }
  for (const { arn, endpointArn, facts, tags } of quietComponents) {
    // The component's own tags win over its endpoint's (owner, team, exempt, environment).
    const merged = { ...tagsFromList(tagsOf(endpointArn)), ...tagsFromList(tags) };
    candidates.push({ ref: { resourceType: COMPONENT_RESOURCE_TYPE, resourceId: facts.componentName, arn, region: ctx.region }, tags: merged, facts });
  }
  if (config.lookbackDays > LIST_METRICS_HORIZON_DAYS)
    return { candidates: await withOlderTraffic(cloudwatch, candidates, listed, ctx, config), seen, failures };
  return { candidates, seen, failures };
}

/** Runs one resource's reads; a resource deleted meanwhile is skipped, any other failure recorded. */
async function isolated(resourceId: string, failures: Failure[], work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ResourceGoneError)) failures.push({ resourceId, error });
  }
}

/** Beyond ListMetrics' 14-day horizon a series with older traffic is not listed: asks for the candidates' unlisted ones. */
async function withOlderTraffic(
  cloudwatch: CloudWatchClient,
  candidates: Candidate<IdleEndpointsFacts>[],
  listed: readonly { key: string }[],
  ctx: RegionContext,
  config: IdleEndpointsConfig,
): Promise<Candidate<IdleEndpointsFacts>[]> {
  const known = new Set(listed.map((s) => s.key));
  const unlisted = candidates.flatMap((c) =>
    c.facts.kind === 'inference-component'
      ? [componentSeries(c.facts.componentName)]
      : c.facts.variants.map((v) => variantSeries(c.ref.resourceId, v.variantName)),
  );
  const extra = await sumInvocations(
    cloudwatch,
    unlisted.filter((s) => !known.has(s.key)),
    ctx.now,
    config.lookbackDays,
  );
  return candidates.map((c): Candidate<IdleEndpointsFacts> => {
    if (c.facts.kind === 'inference-component') {
      const more = extra.get(componentKey(c.facts.componentName));
      return more === undefined ? c : { ...c, facts: { ...c.facts, invocations: c.facts.invocations + more } };
    }
    const facts: EndpointCandidateFacts = c.facts;
    const more = Object.fromEntries(
      facts.variants.flatMap((v) => {
        const n = extra.get(variantKey(c.ref.resourceId, v.variantName));
        return n === undefined ? [] : [[v.variantName, n]];
      }),
    );
    return Object.keys(more).length ? { ...c, facts: { ...facts, invocationsByVariant: { ...facts.invocationsByVariant, ...more } } } : c;
  });
}
