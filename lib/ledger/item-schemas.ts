/**
 * Schemas of the records the ledger table holds, checked on every read: an item
 * that does not have the shape of its record fails with the item's key instead of
 * flowing on as a wrong type. Unknown attributes (the table's keys and index keys)
 * are dropped by the parse.
 */
import * as z from 'zod/mini';
import { ACTION_STATUSES, FINDING_STATUSES, LEDGER_EVENT_TYPES } from '../core/ledger-records.js';

const Text = z.string();
const NullableText = z.nullable(z.string());
const FindingStatusSchema = z.enum(FINDING_STATUSES);

const ResourceRefSchema = z.object({
  resourceType: Text,
  resourceId: Text,
  arn: Text,
  region: Text,
  // Member accounts' resources only; items written before accounts have none.
  accountId: z.optional(Text),
});

const PricedComponentSchema = z.object({
  item: Text,
  quantity: z.number(),
  usdPerHour: z.number(),
  source: Text,
  sourceDate: Text,
  regionBasis: z.enum(['stated', 'unstated']),
  note: z.optional(Text),
});

const SavingsSchema = z.object({
  hourlyUsd: z.nullable(z.number()),
  monthlyUsd: z.nullable(z.number()),
  components: z.array(PricedComponentSchema),
  unknown: z.array(Text),
  // Present only when a discount applied (pricing.discounts, or measured in Cost Explorer).
  effectiveHourlyUsd: z.optional(z.nullable(z.number())),
  effectiveMonthlyUsd: z.optional(z.nullable(z.number())),
  discount: z.optional(z.object({ service: Text, percent: z.number(), note: Text, source: z.enum(['config', 'cost-explorer']) })),
});

const EvidenceSchema = z.record(z.string(), z.json());

/** A `kind: 'state'` item: {@link ResourceState}. */
export const ResourceStateSchema = z.object({
  sweep: Text,
  ref: ResourceRefSchema,
  owner: Text,
  team: NullableText,
  status: FindingStatusSchema,
  version: z.number(),
  firstSeenAt: Text,
  updatedAt: Text,
  actAfter: NullableText,
  warnedAt: NullableText,
  reason: Text,
  evidence: EvidenceSchema,
  savings: SavingsSchema,
  actionId: NullableText,
  noticePending: z.optional(z.nullable(z.enum(['acted', 'protected']))),
  hold: z.optional(NullableText),
  leaseUntil: NullableText,
  decision: z.optional(z.nullable(z.enum(['flagged', 'recommend']))),
});

/** A `kind: 'action'` item: {@link ActionRecord}. */
export const ActionRecordSchema = z.object({
  actionId: Text,
  sweep: Text,
  action: Text,
  ref: ResourceRefSchema,
  owner: Text,
  team: NullableText,
  status: z.enum(ACTION_STATUSES),
  startedAt: Text,
  actedAt: NullableText,
  restoredAt: NullableText,
  restoreStartedAt: z.optional(NullableText),
  restoredResourceId: NullableText,
  reason: Text,
  savings: SavingsSchema,
  savingsUntil: z.optional(NullableText),
  restoreData: z.json(),
  detail: NullableText,
});

/** A `kind: 'event'` item: {@link LedgerEvent}. */
export const LedgerEventSchema = z.object({
  at: Text,
  type: z.enum(LEDGER_EVENT_TYPES),
  sweep: Text,
  ref: ResourceRefSchema,
  owner: Text,
  team: NullableText,
  runId: Text,
  fromStatus: z.nullable(FindingStatusSchema),
  toStatus: z.nullable(FindingStatusSchema),
  actionId: NullableText,
  detail: Text,
  monthlySavingsUsd: z.nullable(z.number()),
});

/** A `kind: 'run'` item: {@link RunRecord}. */
export const RunRecordSchema = z.object({
  sweep: Text,
  runId: Text,
  mode: z.enum(['report', 'apply']),
  startedAt: Text,
  regions: z.array(Text),
  findings: z.record(z.string(), z.number()),
  errors: z.number(),
  failures: z.array(Text),
  notices: z.number(),
  // Runs of one account and region pair only; runs before accounts have none.
  accountId: z.optional(Text),
  accountName: z.optional(Text),
  ownAccount: z.optional(z.boolean()),
});
