/**
 * Stop and restore for SageMaker notebook instances. `StopNotebookInstance` ends the
 * instance billing and keeps the ML storage volume with its data (and the notebook's
 * configuration); restoring is `StartNotebookInstance`, which needs nothing else.
 */
import { DescribeNotebookInstanceCommand, SageMakerClient, StartNotebookInstanceCommand, StopNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { ActionRefusedError, RestoreError } from '../../core/errors.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import { isNotFound } from '../../aws/sagemaker.js';

/** What the ledger keeps to restore a stopped notebook. */
export interface NotebookRestoreData {
  readonly [key: string]: string | number | null;
  readonly notebookName: string;
  readonly notebookArn: string;
  readonly instanceType: string;
  readonly volumeSizeInGB: number | null;
}

/** A notebook this status means is stopped, or on its way. */
const STOPPED = new Set(['Stopped', 'Stopping']);

/**
 * Stops the notebook, but only from `InService`: a notebook `Pending`, `Updating` or
 * `Failed` is refused (the next run assesses it again). Already stopped, stopping,
 * deleting or deleted counts as done.
 */
export async function stopNotebook(data: NotebookRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const name = data.notebookName;
  const status = await statusOf(sagemaker, name);
  if (status === null || status === 'Deleting') return { status: 'done', detail: `notebook instance ${name} was deleted; nothing to stop` };
  if (STOPPED.has(status)) return { status: 'done', detail: `notebook instance ${name} was already ${status.toLowerCase()}` };
  if (status !== 'InService') throw new ActionRefusedError(name, `notebook instance is ${status}, not InService (the next run looks at it again)`);
  try {
    await sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: name }));
  } catch (error) {
    // Stopped by someone else between the describe and the stop.
    if (error instanceof Error && /^Status \((Stopping|Stopped)\)/.test(error.message))
      return { status: 'done', detail: `notebook instance ${name} was already stopping` };
    throw error;
  }
  return { status: 'done', detail: `notebook instance ${name} stopped; its ML storage volume${volume(data)} and data are kept` };
}

/**
 * Starts the notebook again. Refuses clearly when it was deleted, or is still
 * stopping or updating; an InService or starting notebook is already restored.
 */
export async function restoreNotebook(data: NotebookRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const name = data.notebookName;
  const status = await statusOf(sagemaker, name);
  if (status === null || status === 'Deleting') {
    throw new RestoreError(
      actionId,
      `notebook instance "${name}" was deleted after it was stopped, with its ML storage volume; there is nothing to start (create a new ${data.instanceType} notebook instead)`,
    );
  }
  if (status === 'InService' || status === 'Pending') return { restoredResourceId: name, detail: `notebook instance ${name} is already ${status}` };
  if (status !== 'Stopped' && status !== 'Failed')
    throw new RestoreError(actionId, `notebook instance "${name}" is ${status}; run restore again once it is Stopped`);
  await sagemaker.send(new StartNotebookInstanceCommand({ NotebookInstanceName: name }));
  return { restoredResourceId: name, detail: `notebook instance ${name} started (was ${status}); its ML storage volume${volume(data)} is attached again` };
}

/** The notebook's status, or `null` when it does not exist. */
async function statusOf(sagemaker: SageMakerClient, name: string): Promise<string | null> {
  try {
    return (await sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }))).NotebookInstanceStatus ?? 'Unknown';
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

function volume(data: NotebookRestoreData): string {
  return data.volumeSizeInGB === null ? '' : ` (${data.volumeSizeInGB} GB)`;
}
