/**
 * Records <-> DynamoDB items of the ledger's single table (design in
 * `table-design.ts`): the key and index attributes each record gets when written,
 * and the parse of each item read back into its record.
 */
import { randomBytes } from 'node:crypto';
import type * as z from 'zod/mini';
import { LedgerItemInvalidError } from '../core/errors.js';
import type { ResourceRef, Savings } from '../core/finding.js';
import { isoWeekOf } from '../core/iso-week.js';
import { isOpen, resourceKey, type ActionRecord, type LedgerEvent, type ResourceState, type RunRecord } from '../core/ledger-records.js';
import { ActionRecordSchema, LedgerEventSchema, ResourceStateSchema, RunRecordSchema } from './item-schemas.js';
import { ACTIONS_PARTITION, UNALLOCATED_TEAM } from './table-design.js';

/** A DynamoDB item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** Partition of a resource's state and history. */
export const resourcePartition = (key: string): string => `RES#${key}`;
/** Partition of a sweep's run records. */
export const runPartition = (sweep: string): string => `RUN#${sweep}`;
/** openFindings partition of a sweep's live findings in a region. */
export const openPartition = (sweep: string, region: string): string => `OPEN#${sweep}#${region}`;
const teamPartition = (team: string | null): string => `TEAM#${team ?? UNALLOCATED_TEAM}`;
const weekPartition = (at: string): string => `WEEK#${isoWeekOf(new Date(at))}`;

/** The item of a resource state; listed with the open findings while open, or while an owner notice is undelivered. */
export function stateItem(state: ResourceState): Item {
  const key = resourceKey(state.ref);
  return {
    ...state,
    pk: resourcePartition(key),
    sk: `STATE#${state.sweep}`,
    kind: 'state',
    gsi2pk: teamPartition(state.team),
    gsi2sk: `STATE#${state.sweep}#${key}`,
    gsi3pk: `OWNER#${state.owner}`,
    gsi3sk: `STATE#${state.sweep}#${key}`,
    ...(isOpen(state.status) || state.noticePending ? { gsi4pk: openPartition(state.sweep, state.ref.region), gsi4sk: key } : {}),
  };
}

/** The item of an action record; every action is also in one sparse partition the digest reads whole (they are few). */
export function actionItem(action: ActionRecord): Item {
  return {
    ...action,
    pk: `ACTION#${action.actionId}`,
    sk: 'ACTION',
    kind: 'action',
    gsi1pk: weekPartition(action.startedAt),
    gsi1sk: `${action.startedAt}#ACTION#${action.actionId}`,
    gsi2pk: teamPartition(action.team),
    gsi2sk: `ACTION#${action.startedAt}#${action.actionId}`,
    gsi3pk: `OWNER#${action.owner}`,
    gsi3sk: `ACTION#${action.startedAt}#${action.actionId}`,
    gsi4pk: ACTIONS_PARTITION,
    gsi4sk: `${action.startedAt}#${action.actionId}`,
  };
}

/** The item of a history event; `sequence` orders events written at the same instant. */
export function eventItem(event: LedgerEvent, sequence: number): Item {
  const key = resourceKey(event.ref);
  const nonce = `${String(sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  return {
    ...event,
    pk: resourcePartition(key),
    sk: `EVENT#${event.at}#${nonce}#${event.sweep}#${event.type}`,
    kind: 'event',
    gsi1pk: weekPartition(event.at),
    gsi1sk: `${event.at}#${key}#${nonce}`,
    gsi2pk: teamPartition(event.team),
    gsi2sk: `EVENT#${event.at}#${key}#${nonce}`,
    gsi3pk: `OWNER#${event.owner}`,
    gsi3sk: `EVENT#${event.at}#${key}#${nonce}`,
  };
}

/** The item of a run record. */
export function runItem(run: RunRecord): Item {
  return {
    ...run,
    pk: runPartition(run.sweep),
    sk: `RUN#${run.startedAt}#${run.runId}`,
    kind: 'run',
    gsi1pk: weekPartition(run.startedAt),
    gsi1sk: `${run.startedAt}#RUN#${run.sweep}#${run.runId}`,
  };
}

/** @throws LedgerItemInvalidError naming the item's key and every wrong field */
export function stateFromItem(item: Item): ResourceState {
  const { noticePending, hold, decision, savings, ref, ...rest } = parseItem(ResourceStateSchema, item);
  return {
    ...rest,
    ref: refOf(ref),
    savings: savingsOf(savings),
    ...(noticePending === undefined ? {} : { noticePending }),
    ...(hold === undefined ? {} : { hold }),
    ...(decision === undefined ? {} : { decision }),
  };
}

/** @throws LedgerItemInvalidError naming the item's key and every wrong field */
export function actionFromItem(item: Item): ActionRecord {
  const { restoreStartedAt, savingsUntil, savings, ref, ...rest } = parseItem(ActionRecordSchema, item);
  return {
    ...rest,
    ref: refOf(ref),
    savings: savingsOf(savings),
    ...(restoreStartedAt === undefined ? {} : { restoreStartedAt }),
    ...(savingsUntil === undefined ? {} : { savingsUntil }),
  };
}

/** @throws LedgerItemInvalidError naming the item's key and every wrong field */
export function eventFromItem(item: Item): LedgerEvent {
  const { ref, ...rest } = parseItem(LedgerEventSchema, item);
  return { ...rest, ref: refOf(ref) };
}

/** @throws LedgerItemInvalidError naming the item's key and every wrong field */
export function runFromItem(item: Item): RunRecord {
  const { accountId, accountName, ownAccount, ...rest } = parseItem(RunRecordSchema, item);
  return {
    ...rest,
    ...(accountId === undefined ? {} : { accountId }),
    ...(accountName === undefined ? {} : { accountName }),
    ...(ownAccount === undefined ? {} : { ownAccount }),
  };
}

/** A parsed ref; `accountId` only when the item has one (a member account's resource). */
function refOf({ accountId, ...ref }: z.output<typeof ResourceStateSchema>['ref']): ResourceRef {
  return accountId === undefined ? ref : { ...ref, accountId };
}

function savingsOf(savings: z.output<typeof ResourceStateSchema>['savings']): Savings {
  const { effectiveHourlyUsd, effectiveMonthlyUsd, discount, ...rest } = savings;
  return {
    ...rest,
    components: savings.components.map(({ note, ...component }) => ({ ...component, ...(note === undefined ? {} : { note }) })),
    ...(effectiveHourlyUsd === undefined ? {} : { effectiveHourlyUsd }),
    ...(effectiveMonthlyUsd === undefined ? {} : { effectiveMonthlyUsd }),
    ...(discount === undefined ? {} : { discount }),
  };
}

function parseItem<T extends z.ZodMiniType>(schema: T, item: Item): z.output<T> {
  const result = schema.safeParse(item);
  if (result.success) return result.data;
  throw new LedgerItemInvalidError(
    `${String(item.pk)} / ${String(item.sk)}`,
    result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${describeIssue(issue)}`),
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}
