/**
 * "Stop" and restore for SageMaker endpoints. SageMaker has no stop: stopping is
 * `DeleteEndpoint`, which ends the instance billing and keeps the endpoint config
 * and the model; restoring is `CreateEndpoint` from the kept config with the kept tags.
 */
import {
  CreateEndpointCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { NotRestorableError, RestoreError } from '../../core/errors.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import { isNotFound } from '../../aws/sagemaker.js';

/** What the ledger keeps to restore a stopped endpoint. */
export interface EndpointRestoreData {
  readonly [key: string]: string | readonly { readonly [key: string]: string | number | boolean | null }[];
  /** Absent in records written before inference components were swept. */
  readonly kind?: 'endpoint';
  readonly endpointName: string;
  readonly endpointArn: string;
  readonly endpointConfigName: string;
  readonly variants: readonly { variantName: string; instanceType: string | null; instanceCount: number; serverless: boolean }[];
  readonly tags: readonly { Key: string; Value: string }[];
}

/**
 * Deletes the endpoint, but only after checking that what restore needs (the
 * endpoint config and its models) still exists: a stop that could not be undone is
 * refused. An endpoint already gone counts as stopped.
 */
export async function stopEndpoint(data: EndpointRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const missing = await missingForRestore(sagemaker, data);
  if (missing) throw new NotRestorableError(data.endpointName, `${missing}; refusing to stop an endpoint that could not be restored`);
  try {
    await sagemaker.send(new DeleteEndpointCommand({ EndpointName: data.endpointName }));
  } catch (error) {
    if (isNotFound(error)) return { status: 'done', detail: `endpoint ${data.endpointName} was already deleted; config ${data.endpointConfigName} kept` };
    throw error;
  }
  return { status: 'done', detail: `endpoint ${data.endpointName} deleted; endpoint config ${data.endpointConfigName} and its models kept` };
}

/**
 * Recreates the endpoint from its kept config and tags. Fails with a clear message
 * when the config or a model is gone, or another endpoint took the name.
 */
export async function restoreEndpoint(data: EndpointRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const missing = await missingForRestore(sagemaker, data);
  if (missing) throw new RestoreError(actionId, `${missing}; recreate it (variants: ${describeVariants(data)}) and run restore again`);
  const existing = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: data.endpointName })).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw error;
  });
  if (existing) {
    if (existing.EndpointConfigName === data.endpointConfigName && existing.EndpointStatus !== 'Deleting') {
      return { restoredResourceId: data.endpointName, detail: `endpoint ${data.endpointName} already exists with config ${data.endpointConfigName}` };
    }
    throw new RestoreError(
      actionId,
      `an endpoint named "${data.endpointName}" already exists (config ${existing.EndpointConfigName}, ${existing.EndpointStatus})`,
    );
  }
  const tags = data.tags.filter((t) => !t.Key.startsWith('aws:'));
  await sagemaker.send(
    new CreateEndpointCommand({
      EndpointName: data.endpointName,
      EndpointConfigName: data.endpointConfigName,
      ...(tags.length ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
    }),
  );
  return {
    restoredResourceId: data.endpointName,
    detail: `endpoint ${data.endpointName} created from config ${data.endpointConfigName} with ${tags.length} tags`,
  };
}

/** What restore would lack (the endpoint config or one of its models), or `null` when all is there. */
async function missingForRestore(sagemaker: SageMakerClient, data: EndpointRestoreData): Promise<string | null> {
  let config;
  try {
    config = await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: data.endpointConfigName }));
  } catch (error) {
    if (isNotFound(error)) return `endpoint config "${data.endpointConfigName}" no longer exists`;
    throw error;
  }
  for (const variant of config.ProductionVariants ?? []) {
    if (!variant.ModelName) continue;
    try {
      await sagemaker.send(new DescribeModelCommand({ ModelName: variant.ModelName }));
    } catch (error) {
      if (isNotFound(error)) return `model "${variant.ModelName}" of endpoint config "${data.endpointConfigName}" no longer exists`;
      throw error;
    }
  }
  return null;
}

function describeVariants(data: EndpointRestoreData): string {
  return data.variants.map((v) => (v.serverless ? `${v.variantName}: serverless` : `${v.variantName}: ${v.instanceCount} x ${v.instanceType}`)).join(', ');
}
