/**
 * SageMaker endpoints, notebook instances and Studio domains.
 *
 * Calls per region: the service's list pages (ListEndpoints, ListNotebookInstances,
 * ListDomains) and one paged `GetResources` per type for their tags; then, for
 * endpoints missing a tag only: DescribeEndpoint and DescribeEndpointConfig (once per
 * config), and with `autoAttribute` the tags of endpoint configs and models (one paged
 * `GetResources` each).
 */
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  paginateListDomains,
  paginateListEndpoints,
  paginateListNotebookInstances,
  SageMakerClient,
  type DescribeEndpointConfigCommandOutput,
  type EndpointSummary,
} from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import { createdByName } from './creator.js';
import { RESOURCE_TYPES, type ParentTags, type Usage } from './facts.js';
import { agreedParent, arnPrefix, iso, lacksRequired, type Found, type SourceContext, type SourceFailure, type SourceResult } from './source.js';

/** Notebook statuses whose instance bills. */
const NOTEBOOK_RUNNING = new Set(['InService', 'Pending', 'Updating']);

/** SageMaker real-time endpoints missing a required tag, with their variants' instances. */
export async function endpointSource(s: SourceContext): Promise<SourceResult> {
  const { ctx } = s;
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const type = RESOURCE_TYPES.endpoint;
  const listed: EndpointSummary[] = [];
  for await (const page of paginateListEndpoints({ client: sagemaker, pageSize: 100 }, {})) listed.push(...(page.Endpoints ?? []));
  const tagged = await s.tags.tagsOf(type);
  const found: Found[] = [];
  const failures: SourceFailure[] = [];
  const configs = new Map<string, Promise<DescribeEndpointConfigCommandOutput>>();
  for (const e of listed) {
    const name = e.EndpointName!;
    const arn = e.EndpointArn!;
    const tags = tagged.get(arn.toLowerCase()) ?? {};
    if (!lacksRequired(s, tags)) continue;
    try {
      const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
      const configName = endpoint.EndpointConfigName!;
      if (!configs.has(configName)) configs.set(configName, sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })));
      const config = await configs.get(configName)!.catch((error: unknown) => {
        if (isNotFound(error)) return null; // deleted: the variants' types are unknown
        throw error;
      });
      const usage: Usage = {
        kind: 'endpoint',
        variants: (endpoint.ProductionVariants ?? []).map((v) => {
          const configured = config?.ProductionVariants?.find((c) => c.VariantName === v.VariantName);
          const serverless = Boolean(v.CurrentServerlessConfig ?? configured?.ServerlessConfig);
          return {
            name: v.VariantName!,
            instanceType: serverless ? null : (configured?.InstanceType ?? null),
            count: serverless ? 0 : (v.CurrentInstanceCount ?? configured?.InitialInstanceCount ?? 0),
            serverless,
          };
        }),
      };
      const parents: ParentTags[] = [];
      if (s.config.autoAttribute && config) {
        parents.push({ what: `endpoint config ${configName}`, tags: await s.tags.tagsOfArn('sagemaker:endpoint-config', config.EndpointConfigArn!) });
        const { partition, account } = arnPrefix(arn);
        const models = [...new Set((config.ProductionVariants ?? []).flatMap((v) => (v.ModelName ? [v.ModelName] : [])))];
        const modelTags = await Promise.all(
          models.map((m) => s.tags.tagsOfArn('sagemaker:model', `arn:${partition}:sagemaker:${ctx.region}:${account}:model/${m.toLowerCase()}`)),
        );
        if (models.length) parents.push(agreedParent(`${models.length > 1 ? 'models' : 'model'} ${models.join(', ')}`, modelTags));
      }
      found.push({
        ref: { resourceType: type, resourceId: name, arn, region: ctx.region },
        tags,
        facts: {
          name,
          status: endpoint.EndpointStatus ?? e.EndpointStatus ?? 'Unknown',
          createdAt: iso(endpoint.CreationTime ?? e.CreationTime),
          parents,
          usage,
        },
        creation: createdByName('CreateEndpoint', 'endpointName', name, iso(endpoint.CreationTime ?? e.CreationTime)),
      });
    } catch (error) {
      if (!isNotFound(error)) failures.push({ resourceId: name, error }); // else deleted since it was listed
    }
  }
  return { found, seen: listed.map((e) => e.EndpointName!), failures };
}

/** SageMaker notebook instances missing a required tag (the list has all the rule needs). */
export async function notebookSource(s: SourceContext): Promise<SourceResult> {
  const { ctx } = s;
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const type = RESOURCE_TYPES.notebook;
  const tagged = await s.tags.tagsOf(type);
  const found: Found[] = [];
  const seen: string[] = [];
  for await (const page of paginateListNotebookInstances({ client: sagemaker, pageSize: 100 }, {})) {
    for (const n of page.NotebookInstances ?? []) {
      const name = n.NotebookInstanceName!;
      seen.push(name);
      const tags = tagged.get(n.NotebookInstanceArn!.toLowerCase()) ?? {};
      if (!lacksRequired(s, tags)) continue;
      const status = n.NotebookInstanceStatus ?? 'Unknown';
      found.push({
        ref: { resourceType: type, resourceId: name, arn: n.NotebookInstanceArn!, region: ctx.region },
        tags,
        facts: {
          name,
          status,
          createdAt: iso(n.CreationTime),
          parents: [],
          usage: { kind: 'notebook', instanceType: n.InstanceType ?? null, running: NOTEBOOK_RUNNING.has(status) },
        },
        creation: createdByName('CreateNotebookInstance', 'notebookInstanceName', name, iso(n.CreationTime)),
      });
    }
  }
  return { found, seen, failures: [] };
}

/** SageMaker Studio domains missing a required tag. Their id (`d-...`) is the resource id. */
export async function domainSource(s: SourceContext): Promise<SourceResult> {
  const { ctx } = s;
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const type = RESOURCE_TYPES.domain;
  const tagged = await s.tags.tagsOf(type);
  const found: Found[] = [];
  const seen: string[] = [];
  for await (const page of paginateListDomains({ client: sagemaker, pageSize: 100 }, {})) {
    for (const d of page.Domains ?? []) {
      const id = d.DomainId!;
      seen.push(id);
      const tags = tagged.get(d.DomainArn!.toLowerCase()) ?? {};
      if (!lacksRequired(s, tags)) continue;
      const name = d.DomainName ?? id;
      found.push({
        ref: { resourceType: type, resourceId: id, arn: d.DomainArn!, region: ctx.region },
        tags,
        facts: { name, status: d.Status ?? 'Unknown', createdAt: iso(d.CreationTime), parents: [], usage: { kind: 'domain' } },
        creation: createdByName('CreateDomain', 'domainName', name, iso(d.CreationTime)),
      });
    }
  }
  return { found, seen, failures: [] };
}
