/**
 * Set and restore Studio idle settings. The action writes the recommended
 * `AppLifecycleManagement.IdleSettings` into the JupyterLab / Code Editor app-settings
 * members of one domain, user profile or space, keeping every other field; the ledger keeps
 * what was there, and restore puts it back. Neither ever touches an app, a space's storage
 * or anything else of the domain.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { ActionRefusedError, RestoreError } from '../../core/errors.js';
import type { ActOutcome, Candidate, RegionContext, RestoreOutcome } from '../../core/sweep.js';
import type { IdleAppType, IdleShutdown, SettingsLevel, StudioSettingsFacts } from './facts.js';
import {
  describeIdleShutdown,
  gapsOf,
  MEMBER,
  readIdleShutdown,
  restoredIdleShutdown,
  sameIdleShutdown,
  targetIdleShutdown,
  withIdleShutdown,
} from './idle-settings.js';
import { settingsResourceId } from './inventory.js';
import { readLevel, writeLevel } from './level-api.js';
import { levelName } from './rule.js';

/** One app type's idle settings before and after the action. */
export interface SettingsChange {
  readonly [key: string]: string | IdleShutdown | null;
  readonly appType: IdleAppType;
  /** What was there (`null`: none at this level). */
  readonly previous: IdleShutdown | null;
  readonly applied: IdleShutdown;
}

/** What the ledger keeps to put the previous settings back. */
export interface SettingsRestoreData {
  readonly [key: string]: string | null | readonly SettingsChange[];
  readonly level: SettingsLevel;
  readonly domainId: string;
  readonly domainName: string;
  readonly name: string | null;
  readonly changes: readonly SettingsChange[];
}

/** Pure: the changes the action will make to this candidate, with what restore needs. */
export function settingsRestoreData({ facts }: Candidate<StudioSettingsFacts>): SettingsRestoreData {
  return {
    level: facts.level,
    domainId: facts.domainId,
    domainName: facts.domainName,
    name: facts.name,
    changes: gapsOf(facts).map((g) => ({
      appType: g.appType,
      previous: g.current,
      applied: targetIdleShutdown(facts.level, g.current, facts.targetTimeoutInMinutes),
    })),
  };
}

/**
 * Sets the recommended idle settings. Refused (nothing changed, the next run looks again)
 * when the level is not InService or its settings changed since they were assessed; a
 * setting already in place counts as done, and so does a profile or space deleted since.
 */
export async function setIdleSettings(data: SettingsRestoreData, ctx: RegionContext): Promise<ActOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const id = settingsResourceId(data.level, data.domainId, data.name);
  const where = levelName(data);
  const current = await readLevel(sagemaker, data);
  if (!current) return { status: 'done', detail: `${where} was deleted; nothing to set` };
  if (current.status !== 'InService') throw new ActionRefusedError(id, `${where} is ${current.status}, not InService (the next run looks at it again)`);
  const update: Record<string, unknown> = {};
  const done: string[] = [];
  for (const change of data.changes) {
    const member = current.members[MEMBER[change.appType]];
    const now = readIdleShutdown(member);
    if (sameIdleShutdown(now, change.applied)) continue;
    if (!sameIdleShutdown(now, change.previous)) {
      throw new ActionRefusedError(
        id,
        `${change.appType} idle settings changed since they were assessed (now ${describeIdleShutdown(now)}, was ${describeIdleShutdown(change.previous)}); the next run looks again`,
      );
    }
    update[MEMBER[change.appType]] = withIdleShutdown(member, change.applied);
    done.push(`${change.appType} ${describeIdleShutdown(change.applied)} (was ${describeIdleShutdown(change.previous)})`);
  }
  if (done.length === 0) return { status: 'done', detail: `${where} already has the recommended idle settings` };
  await writeLevel(sagemaker, data, update);
  return { status: 'done', detail: `idle shutdown set on ${where}: ${done.join('; ')}` };
}

/**
 * Puts the previous idle settings back. Refuses when the level is gone, or when someone
 * changed the settings since the action (their choice is not overwritten).
 */
export async function restoreIdleSettings(data: SettingsRestoreData, ctx: RegionContext, actionId: string): Promise<RestoreOutcome> {
  const sagemaker = ctx.clients.get(SageMakerClient, ctx.region);
  const id = settingsResourceId(data.level, data.domainId, data.name);
  const where = levelName(data);
  const current = await readLevel(sagemaker, data);
  if (!current) throw new RestoreError(actionId, `${where} no longer exists; there are no settings to put back`);
  const update: Record<string, unknown> = {};
  const done: string[] = [];
  for (const change of data.changes) {
    const member = current.members[MEMBER[change.appType]];
    const now = readIdleShutdown(member);
    const back = restoredIdleShutdown(data.level, change.previous);
    if (sameIdleShutdown(now, back)) continue;
    if (!sameIdleShutdown(now, change.applied)) {
      throw new RestoreError(
        actionId,
        `${where}: ${change.appType} idle settings were changed since the action (now ${describeIdleShutdown(now)}, set to ${describeIdleShutdown(change.applied)}); not overwritten`,
      );
    }
    update[MEMBER[change.appType]] = withIdleShutdown(member, back);
    done.push(`${change.appType} back to ${describeIdleShutdown(back)}`);
  }
  if (done.length > 0) await writeLevel(sagemaker, data, update);
  return { restoredResourceId: id, detail: done.length ? `${where}: ${done.join('; ')}` : `${where} already had its previous idle settings` };
}
