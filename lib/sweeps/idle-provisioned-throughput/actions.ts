/**
 * Delete and restore for Bedrock Provisioned Throughputs. Bedrock has no stop: deleting ends
 * the hourly billing, and what restore needs (name, model, model units, commitment, tags) is
 * kept in the ledger before the delete. Restoring is `CreateProvisionedModelThroughput` from
 * it, which gives the throughput a NEW ARN: whatever invokes the old ARN must switch, and the
 * new ARN is the restore's `restoredResourceId` in the ledger.
 */
import { createHash } from 'node:crypto';
import {
  BedrockClient,
  CreateProvisionedModelThroughputCommand,
  DeleteProvisionedModelThroughputCommand,
  GetProvisionedModelThroughputCommand,
  type GetProvisionedModelThroughputCommandOutput,
} from '@aws-sdk/client-bedrock';
import { ActionRefusedError, BedrockModelNotOfferedError, RestoreError } from '../../core/errors.js';
import type { ActOutcome, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import { isBedrockNotFound, isModelNotOffered } from './bedrock-errors.js';
import { inTerm } from './rule.js';

/** What the ledger keeps to create a deleted throughput again. */
export interface ThroughputRestoreData {
  readonly [key: string]: string | number | null | readonly { readonly [key: string]: string }[];
  readonly provisionedModelName: string;
  /** The ARN it had; the restored one gets a new ARN. */
  readonly provisionedModelArn: string;
  /** The model it served (`modelId` of the create). */
  readonly modelArn: string;
  readonly foundationModelArn: string;
  readonly modelUnits: number;
  /** `null`: no commitment. A restore with a commitment starts a new term. */
  readonly commitmentDuration: 'OneMonth' | 'SixMonths' | null;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/**
 * Deletes the throughput, but only `InService` and outside a commitment term: one
 * `Creating`, `Updating` or `Failed`, or still committed, is refused (nothing changed; the
 * next run looks again). Already deleted counts as done.
 */
export async function deleteThroughput(data: ThroughputRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const bedrock = ctx.clients.get(BedrockClient, ctx.region);
  const name = data.provisionedModelName;
  const pt = await current(bedrock, data.provisionedModelArn);
  if (!pt) return { status: 'done', detail: `provisioned throughput ${name} (${data.provisionedModelArn}) was already deleted` };
  if (pt.status !== 'InService') throw new ActionRefusedError(name, `throughput is ${pt.status}, not InService (the next run looks at it again)`);
  const term = { commitmentDuration: pt.commitmentDuration ?? null, commitmentExpirationTime: pt.commitmentExpirationTime?.toISOString() ?? null };
  if (inTerm(term, ctx.now)) {
    throw new ActionRefusedError(
      name,
      `its ${term.commitmentDuration} commitment runs until ${term.commitmentExpirationTime ?? 'an unknown date'}; never deleted in term`,
    );
  }
  try {
    await bedrock.send(new DeleteProvisionedModelThroughputCommand({ provisionedModelId: data.provisionedModelArn }));
  } catch (error) {
    if (isBedrockNotFound(error)) return { status: 'done', detail: `provisioned throughput ${name} (${data.provisionedModelArn}) was already deleted` };
    // A commitment term or a change AWS knows of and the describe did not show: refused, nothing changed.
    if (error instanceof Error && (error.name === 'ValidationException' || error.name === 'ConflictException'))
      throw new ActionRefusedError(name, `${error.name}: ${error.message}`);
    throw error;
  }
  return {
    status: 'done',
    detail:
      `provisioned throughput ${name} (${data.provisionedModelArn}) deleted; its model, ${data.modelUnits} model units, ` +
      `commitment and ${data.tags.length} tags are kept in the ledger: restore creates it again with a NEW ARN`,
  };
}

/**
 * Creates the throughput again from what was kept, under the same name, with a NEW ARN (the
 * restore's `restoredResourceId`). A throughput of that name and model that exists already is
 * the restore done before (idempotent); the create's token, derived from the action id, makes
 * a retried create answer the same ARN. A model no longer offered throws
 * {@link BedrockModelNotOfferedError} (the action stays in force).
 */
export async function restoreThroughput(data: ThroughputRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const bedrock = ctx.clients.get(BedrockClient, ctx.region);
  const name = data.provisionedModelName;
  const existing = await current(bedrock, name);
  if (existing) {
    if (existing.modelArn === data.modelArn) {
      return {
        restoredResourceId: existing.provisionedModelArn!,
        detail: `provisioned throughput ${name} already exists (ARN ${existing.provisionedModelArn}, ${existing.status}); nothing created`,
      };
    }
    throw new RestoreError(actionId, `a provisioned throughput named "${name}" already exists for another model (${existing.modelArn})`);
  }
  const tags = data.tags.filter((t) => !t.key.startsWith('aws:')).map((t) => ({ key: t.key, value: t.value }));
  let created;
  try {
    created = await bedrock.send(
      new CreateProvisionedModelThroughputCommand({
        clientRequestToken: `finops-${createHash('sha256').update(actionId).digest('hex').slice(0, 40)}`,
        provisionedModelName: name,
        modelId: data.modelArn,
        modelUnits: data.modelUnits,
        ...(data.commitmentDuration ? { commitmentDuration: data.commitmentDuration } : {}),
        ...(tags.length ? { tags } : {}),
      }),
    );
  } catch (error) {
    if (isModelNotOffered(error)) throw new BedrockModelNotOfferedError(actionId, data.modelArn, name, { cause: error });
    throw error;
  }
  const arn = created.provisionedModelArn!;
  const term = data.commitmentDuration ? `a new ${data.commitmentDuration} commitment term starting now` : 'no commitment';
  return {
    restoredResourceId: arn,
    detail:
      `provisioned throughput ${name} created again with a NEW ARN ${arn} (was ${data.provisionedModelArn}): ` +
      `${data.modelUnits} model units of ${data.modelArn}, ${term}, ${tags.length} tags; point whatever invoked the old ARN at the new one`,
  };
}

/** The throughput by name or ARN, or `undefined` when it does not exist. */
async function current(bedrock: BedrockClient, id: string): Promise<GetProvisionedModelThroughputCommandOutput | undefined> {
  try {
    return await bedrock.send(new GetProvisionedModelThroughputCommand({ provisionedModelId: id }));
  } catch (error) {
    if (isBedrockNotFound(error)) return undefined;
    throw error;
  }
}
