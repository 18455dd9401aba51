/**
 * Scale-to-zero and restore for inference components: `UpdateInferenceComponentRuntimeConfig`
 * with `CopyCount` 0, and back to the recorded count. The component, its model and its
 * endpoint are kept; only its copies go (and, with the endpoint's `MinInstanceCount` 0,
 * the instances they held).
 */
import { DescribeInferenceComponentCommand, SageMakerClient, UpdateInferenceComponentRuntimeConfigCommand } from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import { ActionRefusedError, RestoreError } from '../../core/errors.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';

/** What the ledger keeps to restore a component scaled to zero. */
export interface ComponentRestoreData {
  readonly [key: string]: string | number;
  readonly kind: 'inference-component';
  readonly componentName: string;
  readonly componentArn: string;
  readonly endpointName: string;
  readonly variantName: string;
  /** The desired copy count before the action: what restore sets again. */
  readonly copyCount: number;
}

async function describe(sagemaker: SageMakerClient, name: string) {
  return sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
}

/**
 * Sets the component's copy count to 0. Only an InService component is touched
 * (any other status is refused; the next run looks again); one already at zero or
 * deleted counts as done.
 */
export async function scaleComponentToZero(data: ComponentRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const component = await describe(sagemaker, data.componentName);
  if (!component) return { status: 'done', detail: `inference component ${data.componentName} was already deleted` };
  if (component.InferenceComponentStatus !== 'InService') {
    throw new ActionRefusedError(data.componentName, `inference component is ${component.InferenceComponentStatus ?? 'in an unknown status'}, not InService`);
  }
  if ((component.RuntimeConfig?.DesiredCopyCount ?? 0) === 0) {
    return { status: 'done', detail: `inference component ${data.componentName} was already at zero copies` };
  }
  await sagemaker.send(
    new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: data.componentName, DesiredRuntimeConfig: { CopyCount: 0 } }),
  );
  return {
    status: 'done',
    detail: `inference component ${data.componentName} scaled from ${component.RuntimeConfig?.DesiredCopyCount} copies to 0 on endpoint ${data.endpointName}; restore sets ${data.copyCount} again`,
  };
}

/**
 * Sets the recorded copy count again. A component that already has copies (its
 * owner or a scaling policy woke it) is left as it is.
 *
 * @throws RestoreError when the component is gone or not InService
 */
export async function restoreComponent(data: ComponentRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const component = await describe(sagemaker, data.componentName);
  if (!component) {
    throw new RestoreError(
      actionId,
      `inference component "${data.componentName}" no longer exists; recreate it on endpoint ${data.endpointName} (variant ${data.variantName}) with ${data.copyCount} copies`,
    );
  }
  const desired = component.RuntimeConfig?.DesiredCopyCount ?? 0;
  if (desired > 0) return { restoredResourceId: data.componentName, detail: `inference component ${data.componentName} already has ${desired} copies` };
  if (component.InferenceComponentStatus !== 'InService') {
    throw new RestoreError(
      actionId,
      `inference component "${data.componentName}" is ${component.InferenceComponentStatus}; run restore again once it is InService`,
    );
  }
  await sagemaker.send(
    new UpdateInferenceComponentRuntimeConfigCommand({ InferenceComponentName: data.componentName, DesiredRuntimeConfig: { CopyCount: data.copyCount } }),
  );
  return { restoredResourceId: data.componentName, detail: `inference component ${data.componentName} set back to ${data.copyCount} copies` };
}
