/**
 * The tag-coverage rule. Pure: facts in, verdict out; no AWS calls.
 *
 * An AI resource missing any required tag (absent or blank) is flagged with the
 * tags it lacks and its run-rate in dollars (`estimatedMonthlyCostUsd`, `null` when
 * unpriced), so untagged spend is counted. Its notice goes to its owner (the fallback
 * owner when it has no owner tag) and, when it has no owner tag, to its creator too
 * when CloudTrail names one.
 *
 * With `autoAttribute`, a resource whose parents have some of the missing tags is an
 * action instead (decision `pending`, then `acted` after the grace period): copy those
 * tags, never overwriting one. A resource whose copied tags were restored by an operator
 * (or removed by someone) is not copied to again while its finding stays open. Adding tags saves nothing, so
 * every finding's savings are zero: the dollars are its cost, not a saving.
 */
import { savingsFrom, type JsonValue } from '../../core/finding.js';
import type { PriceBookPort } from '../../core/price-port.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import { formatUsd, formatUsdPerMonth } from '../../format/index.js';
import { copyPlan, missingTags, tagValue, type CopyPlan } from './attribution.js';
import { requiredTagsOf, type TagCoverageConfig } from './config.js';
import type { TagCoverageFacts } from './facts.js';
import { runRate, type RunRate } from './run-rate.js';
import { tagCommand } from './tag-command.js';

const NO_PLAN: CopyPlan = { tags: {}, from: {} };

/** The findings' headline fields (also kept in their evidence). */
export interface TagCoverageFields {
  readonly missingTags: readonly string[];
  readonly estimatedMonthlyCostUsd: number | null;
  readonly creator: string | null;
  readonly [key: string]: JsonValue;
}

/**
 * Decides whether one AI resource misses required tags, what it costs per month, and
 * what auto-attribution would copy.
 *
 * @example
 * // An endpoint without team and env tags, 2 x ml.g5.4xlarge at 2.03 USD/h:
 * assessTagCoverage(candidate, config, now, { watchingSince: null }, prices)
 * // => { waste: true, act: false, reason: 'missing tags team, env; runs at $2,963.80/month; ...',
 * //      fields: { missingTags: ['team', 'env'], estimatedMonthlyCostUsd: 2963.8, creator: 'ana@example.com' }, ... }
 */
export function assessTagCoverage(
  candidate: Candidate<TagCoverageFacts>,
  config: TagCoverageConfig,
  _now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const { facts, tags, ref } = candidate;
  const required = requiredTagsOf(config);
  const missing = missingTags(tags, required);
  if (missing.length === 0) return { waste: false, reason: `has every required tag (${required.join(', ')})` };

  const rate = runRate(facts.usage, ref.region, prices);
  const copiedEarlier = earlierCopy(memory);
  // Tags it copied are gone again (restored, or removed by someone): it does not copy again while the finding stays open.
  const restored =
    memory.latest?.status === 'restored' ||
    memory.previous?.evidence.autoAttributionRestored === true ||
    (copiedEarlier !== null && Object.keys(copiedEarlier).some((k) => missing.includes(k)));
  // A tag present with a blank value is missing, but never overwritten: only absent tags are copied.
  const plan =
    config.autoAttribute && !restored
      ? copyPlan(
          missing.filter((k) => !Object.hasOwn(tags, k)),
          facts.parents,
        )
      : NO_PLAN;
  const copied = Object.entries(plan.tags);
  const creator = facts.creator.known ? facts.creator.name : null;
  const ownerKey = config.tagKeys?.owner ?? 'owner';
  const missingText = missing.join(', ');

  const evidence: Record<string, JsonValue> = {
    missing: missingText,
    status: facts.status,
    estimatedMonthlyCostUsd: rate.monthlyUsd,
    runRate: rate.basis,
    ...(rate.jobCostUsd !== undefined ? { jobCostUsd: rate.jobCostUsd } : {}),
    creator: creator ?? `unknown: ${facts.creator.known ? '' : facts.creator.reason}`,
    ...(facts.creator.known ? { creatorSource: facts.creator.source } : {}),
    autoAttribution: attributionText(config.autoAttribute, restored, plan, missing),
    fix: tagCommand(
      ref,
      missing.map((k) => [k, plan.tags[k] ?? `<${k}>`]),
    ),
    missingTags: missing,
    requiredTags: [...required],
    ...(copied.length ? { copyTags: plan.tags, copyFrom: plan.from } : {}),
    ...(restored ? { autoAttributionRestored: true } : {}),
    ...(copiedEarlier ? { copiedEarlier } : {}),
  };
  const fields: TagCoverageFields = {
    missingTags: missing,
    estimatedMonthlyCostUsd: rate.monthlyUsd,
    creator,
    ...(rate.jobCostUsd !== undefined ? { jobCostUsd: rate.jobCostUsd } : {}),
  };
  const by = creator ? `; created by ${creator}` : '';
  const copy = copied.length ? `; will copy ${copied.map(([k, v]) => `${k}=${v} from ${plan.from[k]}`).join(', ')}` : '';
  const previous = memory.previous?.evidence.missing;
  return {
    waste: true,
    act: copied.length > 0,
    reason: `missing ${missing.length === 1 ? 'tag' : 'tags'} ${missingText}; ${costText(rate, facts.status)}${by}${copy}`,
    evidence,
    fields,
    // Tagging saves nothing: the resource's cost is in `estimatedMonthlyCostUsd`, never counted as a saving.
    savings: savingsFrom([], []),
    // Told again at once when other tags are missing than it was told about.
    changed: typeof previous === 'string' && previous !== missingText,
    ...(creator && tagValue(tags, ownerKey) === null ? { alsoNotify: [creator] } : {}),
  };
}

/**
 * The tags the last action copied to this resource, while its findings stay open: read
 * from the acted state right after the action, then carried in the open finding's evidence.
 */
function earlierCopy(memory: ResourceMemory): Readonly<Record<string, JsonValue>> | null {
  const from = memory.latest?.status === 'acted' ? memory.latest.evidence.copyTags : memory.previous?.evidence.copiedEarlier;
  return from !== null && typeof from === 'object' && !Array.isArray(from) ? (from as Readonly<Record<string, JsonValue>>) : null;
}

/** The longest reason a finding's one-line reason quotes; the full reason is in `evidence.runRate`. */
const MAX_QUOTED_REASON = 120;

function costText(rate: RunRate, status: string): string {
  const job = rate.jobCostUsd === undefined ? '' : `, ${rate.jobCostUsd === null ? 'billed cost unknown' : `${formatUsd(rate.jobCostUsd)} billed so far`}`;
  if (rate.monthlyUsd === null) {
    const why = rate.unknown.join('; ');
    return `run-rate unknown (${why.length <= MAX_QUOTED_REASON ? why : 'no price found: see runRate'})${job}`;
  }
  if (rate.monthlyUsd === 0) return `costs nothing while ${status}${job}`;
  return `runs at ${formatUsdPerMonth(rate.monthlyUsd)}${job}`;
}

function attributionText(enabled: boolean, restored: boolean, plan: CopyPlan, missing: readonly string[]): string {
  if (!enabled) return 'off (sweeps.tag-coverage.autoAttribute)';
  if (restored) return 'not again: the tags it copied last time were restored or removed';
  const copied = Object.keys(plan.tags);
  if (copied.length === 0) return `nothing to copy: no parent has ${missing.join(', ')}`;
  const left = missing.filter((k) => !copied.includes(k));
  return `copy ${copied.map((k) => `${k}=${plan.tags[k]} from ${plan.from[k]}`).join(', ')}${left.length ? `; no parent has ${left.join(', ')}` : ''}`;
}
