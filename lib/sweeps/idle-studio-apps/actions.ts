/**
 * Delete and restore for Studio apps. `DeleteApp` ends the app's instance billing; its
 * space or user profile, their EFS/EBS home and data stay (this sweep never deletes a
 * space, a user profile or a domain). Restoring is `CreateApp` with the recorded type,
 * name, space or user profile and `ResourceSpec`: the same app on the same storage.
 */
import { CreateAppCommand, DeleteAppCommand, DescribeAppCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import { ActionRefusedError, RestoreError } from '../../core/errors.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import type { AppResourceSpec } from './facts.js';
import { appResourceId } from './ids.js';

/** What the ledger keeps to create a deleted app again. */
export interface StudioAppRestoreData {
  readonly [key: string]: string | AppResourceSpec;
  readonly domainId: string;
  readonly ownerKind: 'user' | 'space';
  readonly ownerName: string;
  readonly appType: string;
  readonly appName: string;
  readonly appArn: string;
  /** When the deleted app was created (ISO-8601): an app created later is another one, never deleted. */
  readonly creationTime: string;
  readonly resourceSpec: AppResourceSpec;
}

/** Statuses meaning the app is gone or going. */
const GONE = new Set(['Deleted', 'Deleting']);

/**
 * Deletes the app, but only from `InService`: `Pending` or `Failed` is refused (the next
 * run looks again). Already deleting, deleted or unknown counts as done.
 */
export async function deleteStudioApp(data: StudioAppRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const id = appResourceId(data);
  const { status, createdAt } = await stateOf(sagemaker, data);
  if (status === null || GONE.has(status))
    return { status: 'done', detail: `Studio app ${id} was already ${status?.toLowerCase() ?? 'deleted'}; nothing to delete` };
  if (createdAt && createdAt.getTime() > new Date(data.creationTime).getTime() + 1000)
    return { status: 'done', detail: `Studio app ${id} was deleted and created again since (${createdAt.toISOString()}); the new app is left alone` };
  if (status !== 'InService') throw new ActionRefusedError(id, `Studio app is ${status}, not InService (the next run looks at it again)`);
  await sagemaker.send(new DeleteAppCommand(key(data)));
  return { status: 'done', detail: `Studio app ${id} deleted; its ${owner(data)} and EFS/EBS home are kept` };
}

/**
 * Creates the app again with its recorded `ResourceSpec`. Refuses clearly while it is still
 * being deleted, or when its space or user profile is gone; an app InService or Pending
 * again (its user reopened it) is already restored.
 */
export async function restoreStudioApp(data: StudioAppRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const id = appResourceId(data);
  let status: string | null;
  try {
    status = (await stateOf(sagemaker, data)).status;
  } catch (error) {
    throw new RestoreError(actionId, `cannot read Studio app ${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (status === 'InService' || status === 'Pending') return { restoredResourceId: id, detail: `Studio app ${id} is already ${status}` };
  if (status === 'Deleting') throw new RestoreError(actionId, `Studio app ${id} is still Deleting; run restore again once it is Deleted`);
  try {
    await sagemaker.send(new CreateAppCommand({ ...key(data), ...(Object.keys(data.resourceSpec).length ? { ResourceSpec: data.resourceSpec } : {}) }));
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new RestoreError(actionId, `CreateApp for Studio app ${id} failed (${why}); if its ${owner(data)} was deleted, there is nothing to create it in`);
  }
  const type = data.resourceSpec.InstanceType ? ` on ${data.resourceSpec.InstanceType}` : '';
  return { restoredResourceId: id, detail: `Studio app ${id} created again${type} in its ${owner(data)}, on its kept EFS/EBS home` };
}

function key(data: StudioAppRestoreData) {
  return {
    DomainId: data.domainId,
    AppType: data.appType as never,
    AppName: data.appName,
    ...(data.ownerKind === 'space' ? { SpaceName: data.ownerName } : { UserProfileName: data.ownerName }),
  };
}

function owner(data: StudioAppRestoreData): string {
  return data.ownerKind === 'space' ? `space ${data.ownerName}` : `user profile ${data.ownerName}`;
}

/** The app's status and creation time; status `null` when it does not exist. */
async function stateOf(sagemaker: SageMakerClient, data: StudioAppRestoreData): Promise<{ status: string | null; createdAt: Date | undefined }> {
  try {
    const app = await sagemaker.send(new DescribeAppCommand(key(data)));
    return { status: app.Status ?? 'Unknown', createdAt: app.CreationTime };
  } catch (error) {
    if (isNotFound(error)) return { status: null, createdAt: undefined };
    throw error;
  }
}
