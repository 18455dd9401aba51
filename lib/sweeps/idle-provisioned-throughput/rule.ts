/**
 * The idle Provisioned Throughput rule. Pure: facts in, verdict out; no AWS calls.
 *
 * An `InService` throughput is idle when its `AWS/Bedrock` `Invocations` (dimension `ModelId`
 * = its ARN) over `lookbackDays` add up to at most `maxInvocations`, and it has existed
 * unmodified for the whole window. A throughput `Creating`, `Updating` or `Failed` is never
 * waste (never acted on).
 *
 * - No commitment (or a term that has ended): waste to delete after the grace period.
 * - A commitment in term: AWS refuses the delete until the term is complete, and renews the
 *   term automatically at its end. It is flagged, never deleted, with when the term ends and
 *   the money still to be billed until then; `renewalReminderDays` before the end its owner
 *   is reminded at once ("renews in ..."), so it can be deleted when the term ends.
 *
 * Savings: model units x the hourly price of its base model and commitment x 730 h; `null`
 * when that price is unknown.
 */
import { hoursBetween } from '../../core/clock.js';
import { roundUsd, savingsFrom, type PricedComponent } from '../../core/finding.js';
import type { PriceBookPort, PriceKey, ThroughputCommitment } from '../../core/price-port.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import { formatUsd } from '../../format/index.js';
import { baseModelId } from '../../prices/bedrock-throughput-models.js';
import { priceKeys } from '../../prices/price-key.js';
import type { IdleProvisionedThroughputConfig } from './config.js';
import type { ThroughputFacts } from './facts.js';

type RuleConfig = Pick<IdleProvisionedThroughputConfig, 'lookbackDays' | 'maxInvocations' | 'renewalReminderDays'>;

/** The metric the rule reads, as its evidence names it. */
export const INVOCATIONS_METRIC = 'AWS/Bedrock Invocations (Sum), dimension ModelId = the provisioned model ARN';

/** The commitment to price: its term, or `none`. */
export function commitmentOf(facts: Pick<ThroughputFacts, 'commitmentDuration'>): ThroughputCommitment {
  return facts.commitmentDuration ?? 'none';
}

/** Whether a commitment term is still running at `now` (an unknown end counts as running: never deleted). */
export function inTerm(facts: Pick<ThroughputFacts, 'commitmentDuration' | 'commitmentExpirationTime'>, now: Date): boolean {
  if (!facts.commitmentDuration) return false;
  return facts.commitmentExpirationTime === null || new Date(facts.commitmentExpirationTime).getTime() > now.getTime();
}

/** Unchanged (created or modified) for at least the whole lookback window. */
export function isOldEnough(facts: Pick<ThroughputFacts, 'creationTime' | 'lastModifiedTime'>, now: Date, lookbackDays: number): boolean {
  const since = Math.max(new Date(facts.creationTime).getTime(), new Date(facts.lastModifiedTime).getTime());
  return hoursBetween(new Date(since), now) >= lookbackDays * 24;
}

/**
 * The price {@link assessIdleThroughput} looks up: the base model's Provisioned Throughput for
 * its commitment, in its region; none for a throughput that is not idle-looking.
 */
export function idleThroughputPriceKeys(candidate: Candidate<ThroughputFacts>, config: Pick<RuleConfig, 'maxInvocations'>): PriceKey[] {
  const { facts } = candidate;
  if (facts.status !== 'InService' || facts.invocations > config.maxInvocations) return [];
  const key = priceKeys.bedrockProvisionedThroughput(candidate.ref.region, facts.foundationModelArn, commitmentOf(facts));
  return key ? [key] : [];
}

/**
 * Decides whether one throughput is idle, and whether it is deleted (no commitment) or only
 * flagged (a commitment in term).
 *
 * @example
 * assessIdleThroughput(candidate, { lookbackDays: 7, maxInvocations: 0, renewalReminderDays: 7 }, now, memory, prices)
 * // => { waste: true, reason: 'no invocations in the last 7 days (2 model units of amazon.nova-2-lite-v1:0:256k, no commitment)', savings: { monthlyUsd: 88330, ... } }
 */
export function assessIdleThroughput(
  candidate: Candidate<ThroughputFacts>,
  config: RuleConfig,
  now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const { facts } = candidate;
  if (facts.status !== 'InService') return { waste: false, reason: `throughput is ${facts.status}, not InService (never acted on)` };
  if (!isOldEnough(facts, now, config.lookbackDays)) return { waste: false, reason: `created or modified within the last ${config.lookbackDays} days` };
  if (facts.invocations > config.maxInvocations) return { waste: false, reason: `${facts.invocations} invocations in the last ${config.lookbackDays} days` };

  const commitment = commitmentOf(facts);
  const model = baseModelId(facts.foundationModelArn);
  const term = commitment === 'none' ? 'no commitment' : `${commitment} commitment`;
  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  const lookup = prices.bedrockProvisionedThroughput(candidate.ref.region, facts.foundationModelArn, commitment);
  if (lookup.found) {
    const q = lookup.quote;
    components.push({
      item: `model unit of ${model} Provisioned Throughput (${term})`,
      quantity: facts.modelUnits,
      usdPerHour: q.usdPerUnit,
      source: q.source,
      sourceDate: q.sourceDate,
      regionBasis: q.regionBasis,
      ...(q.note ? { note: q.note } : {}),
    });
  } else unknown.push(lookup.reason);
  const savings = savingsFrom(components, unknown);

  const quiet =
    facts.invocations === 0
      ? `no invocations in the last ${config.lookbackDays} days`
      : `${facts.invocations} invocations in the last ${config.lookbackDays} days, at most ${config.maxInvocations} allowed`;
  const what = `${facts.modelUnits} model unit${facts.modelUnits === 1 ? '' : 's'} of ${model}, ${term}`;
  const evidence = {
    metric: INVOCATIONS_METRIC,
    lookbackDays: config.lookbackDays,
    windowStart: new Date(now.getTime() - config.lookbackDays * 86_400_000).toISOString(),
    windowEnd: now.toISOString(),
    invocations: facts.invocations,
    maxInvocations: config.maxInvocations,
    modelArn: facts.modelArn,
    foundationModelArn: facts.foundationModelArn,
    modelUnits: facts.modelUnits,
    commitmentDuration: facts.commitmentDuration,
    commitmentExpiresAt: facts.commitmentExpirationTime,
    creationTime: facts.creationTime,
    lastModifiedTime: facts.lastModifiedTime,
  };

  if (!inTerm(facts, now)) {
    const ended = facts.commitmentDuration ? `; its ${facts.commitmentDuration} term ended at ${facts.commitmentExpirationTime}` : '';
    return {
      waste: true,
      reason: `${quiet} (${what})${ended}`,
      evidence: { ...evidence, restore: 'restore creates it again from the ledger, with a NEW ARN: callers of the old ARN must switch' },
      savings,
    };
  }
  return committedFlag(facts, config, now, memory, { quiet, what, evidence, savings });
}

/** The flag of an idle throughput whose commitment is in term: never deleted. */
function committedFlag(
  facts: ThroughputFacts,
  config: RuleConfig,
  now: Date,
  memory: ResourceMemory,
  parts: { quiet: string; what: string; evidence: Record<string, string | number | null>; savings: ReturnType<typeof savingsFrom> },
): Assessment {
  const expires = facts.commitmentExpirationTime;
  const hoursLeft = expires === null ? null : Math.max(0, hoursBetween(now, new Date(expires)));
  const remaining = hoursLeft === null || parts.savings.hourlyUsd === null ? null : roundUsd(parts.savings.hourlyUsd * hoursLeft, 2);
  const due = hoursLeft !== null && hoursLeft <= config.renewalReminderDays * 24;
  const reminderFrom = expires === null ? null : new Date(new Date(expires).getTime() - config.renewalReminderDays * 86_400_000).toISOString();
  const billed = remaining === null ? 'the money still to be billed is unknown (no price)' : `${formatUsd(remaining)} still to be billed until then`;
  const until = expires === null ? 'with no end AWS reports' : `until ${expires}`;
  const renews = due
    ? `; it renews in ${(hoursLeft / 24).toFixed(1)} days unless deleted when the term ends`
    : `; delete it when the term ends, or AWS renews it`;
  const previous = memory.previous?.evidence;
  const escalated = due && !(previous?.renewalReminderDue === true && previous.commitmentExpiresAt === expires);
  const fields = { commitmentExpiresAt: expires, committedCostRemainingUsd: remaining, renewalReminderDue: due };
  return {
    waste: true,
    act: false,
    reason: `${parts.quiet} (${parts.what}); committed ${until}, so it cannot be deleted before: ${billed}${renews}`,
    evidence: { ...parts.evidence, ...fields, hoursLeftInTerm: hoursLeft === null ? null : roundUsd(hoursLeft, 1), renewalReminderFrom: reminderFrom },
    savings: parts.savings,
    fields,
    ...(escalated ? { escalated: true } : {}),
  };
}
