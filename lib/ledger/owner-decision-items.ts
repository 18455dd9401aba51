/**
 * The ledger items of owner-action links: one item per token (`LINK#<tokenId>`),
 * which is the token's single use while it is `claimed` and the owner's decision
 * once `applied`. Added to the single-table design of `table-design.ts`:
 *
 * | item | pk               | sk     | byWeek (gsi1)                          | byTeam (gsi2) / byOwner (gsi3)   | openFindings (gsi4)                   |
 * |------|------------------|--------|----------------------------------------|----------------------------------|---------------------------------------|
 * | link | `LINK#<tokenId>` | `LINK` | `DECISIONS#<iso week>` once applied    | `DECISION#<decidedAt>#<tokenId>` | `SNOOZES` (sk `<until>#<tokenId>`) for snoozes |
 *
 * The decisions of a week are one byWeek partition of their own (the digest reads it
 * whole, apart from the week's events); the snoozes one sparse openFindings partition
 * sorted by their end (the digest reads those not yet over).
 */
import * as z from 'zod/mini';
import { LedgerItemInvalidError } from '../core/errors.js';
import { isoWeekOf } from '../core/iso-week.js';
import { OWNER_CHOICES, isSnooze } from '../core/owner-actions.js';
import type { LinkUse, OwnerDecision } from '../core/owner-decisions.js';
import type { Item } from './item-mapping.js';
import { UNALLOCATED_TEAM } from './table-design.js';

/** openFindings partition of every snooze decided by link, sorted by its end. */
export const SNOOZES_PARTITION = 'SNOOZES';

/** The key of a token's item. */
export function linkKey(tokenId: string): { pk: string; sk: string } {
  return { pk: `LINK#${tokenId}`, sk: 'LINK' };
}

/** byWeek partition of the decisions applied in `week`. */
export const decisionsPartition = (week: string): string => `DECISIONS#${week}`;

const Text = z.string();

/** An applied decision: {@link OwnerDecision}. */
export const OwnerDecisionSchema = z.object({
  tokenId: Text,
  choice: z.enum(OWNER_CHOICES),
  sweep: Text,
  ref: z.object({ resourceType: Text, resourceId: Text, arn: Text, region: Text }),
  owner: Text,
  team: z.nullable(Text),
  noticeRunId: Text,
  noticeAt: Text,
  reason: Text,
  until: z.nullable(Text),
  tag: z.nullable(z.object({ key: Text, value: Text })),
  decidedAt: Text,
  monthlySavingsUsd: z.nullable(z.number()),
});

/** A `kind: 'link'` item: {@link LinkUse}. */
export const LinkUseSchema = z.object({
  tokenId: Text,
  status: z.enum(['claimed', 'applied', 'released']),
  claimedAt: Text,
  decision: z.optional(OwnerDecisionSchema),
});

/** The item of a claim (or a released one). */
export function claimItem(tokenId: string, status: 'claimed' | 'released', claimedAt: string): Item {
  return { ...linkKey(tokenId), kind: 'link', tokenId, status, claimedAt };
}

/** The item of an applied decision, with the index keys the digest reads it by. */
export function decisionItem(decision: OwnerDecision, claimedAt: string): Item {
  const stamp = `${decision.decidedAt}#${decision.tokenId}`;
  return {
    ...linkKey(decision.tokenId),
    kind: 'link',
    tokenId: decision.tokenId,
    status: 'applied',
    claimedAt,
    decision,
    gsi1pk: decisionsPartition(isoWeekOf(new Date(decision.decidedAt))),
    gsi1sk: stamp,
    gsi2pk: `TEAM#${decision.team ?? UNALLOCATED_TEAM}`,
    gsi2sk: `DECISION#${stamp}`,
    gsi3pk: `OWNER#${decision.owner}`,
    gsi3sk: `DECISION#${stamp}`,
    ...(isSnooze(decision.choice) && decision.until ? { gsi4pk: SNOOZES_PARTITION, gsi4sk: `${decision.until}#${decision.tokenId}` } : {}),
  };
}

/** @throws LedgerItemInvalidError naming the item's key and every wrong field */
export function linkUseFromItem(item: Item): LinkUse {
  const result = LinkUseSchema.safeParse(item);
  if (!result.success) {
    throw new LedgerItemInvalidError(
      `${String(item.pk)} / ${String(item.sk)}`,
      result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(item)'}: ${issue.message}`),
    );
  }
  const { decision, ...use } = result.data;
  return { ...use, ...(decision ? { decision } : {}) };
}

/** @throws LedgerItemInvalidError when the item holds no applied decision */
export function decisionFromItem(item: Item): OwnerDecision {
  const use = linkUseFromItem(item);
  if (!use.decision) throw new LedgerItemInvalidError(`${String(item.pk)} / ${String(item.sk)}`, ['decision: expected an applied decision']);
  return use.decision;
}
