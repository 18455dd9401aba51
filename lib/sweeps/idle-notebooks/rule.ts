/**
 * The idle-notebook rule. Pure: facts in, verdict out; no AWS calls.
 *
 * Only an `InService` notebook can be idle (never one `Pending`, `Updating` or
 * `Stopping`), and only once it has run unchanged for `idleHours` (a start, a stop or an
 * update sets its `LastModifiedTime`). Then the activity signals decide (see
 * `activity.ts`): an off-hours schedule tag, the last `CreatePresignedNotebookInstanceUrl`
 * in CloudTrail, and CPU/GPU from the CloudWatch agent when it publishes.
 *
 * Stopping saves the instance-hours of its type (the SageMaker `Notebook` component).
 * The ML storage volume is kept, and billed, while stopped: it is not a saving.
 */
import { hoursBetween } from '../../core/clock.js';
import { savingsFrom, type PricedComponent } from '../../core/finding.js';
import type { Assessment, Candidate } from '../../core/sweep.js';
import type { PriceLookup } from '../../prices/price-types.js';
import { notebookActivity } from './activity.js';
import type { IdleNotebooksConfig } from './config.js';
import type { NotebookFacts } from './facts.js';

/** On-demand price of a notebook instance-hour of `instanceType` in `region`. */
export type NotebookPriceLookup = (region: string, instanceType: string) => PriceLookup;

type RuleConfig = Pick<IdleNotebooksConfig, 'idleHours' | 'busyPercent' | 'scheduleTag'>;

/** Hours the notebook has run since it was created, started or modified (never negative). */
export function hoursUnchanged(facts: Pick<NotebookFacts, 'creationTime' | 'lastModifiedTime'>, now: Date): number {
  const since = Math.max(new Date(facts.creationTime).getTime(), new Date(facts.lastModifiedTime).getTime());
  return Math.max(0, hoursBetween(new Date(since), now));
}

/**
 * Decides whether one notebook instance is idle and what stopping it saves.
 *
 * @example
 * assessIdleNotebook(candidate, { idleHours: 12, busyPercent: 5, scheduleTag: 'finops:schedule' }, now, prices)
 * // => { waste: true, reason: 'not opened for 12 h (CloudTrail CreatePresignedNotebookInstanceUrl: last 3.2 days ago); no CloudWatch agent metrics', ... }
 */
export function assessIdleNotebook(candidate: Candidate<NotebookFacts>, config: RuleConfig, now: Date, price: NotebookPriceLookup): Assessment {
  const { facts } = candidate;
  if (facts.status !== 'InService') return { waste: false, reason: `notebook is ${facts.status}, not InService` };
  const unchanged = hoursUnchanged(facts, now);
  if (unchanged < config.idleHours) {
    return { waste: false, reason: `started, created or modified ${Math.round(unchanged * 10) / 10} h ago, less than ${config.idleHours} h` };
  }
  const activity = notebookActivity(facts, candidate.tags, config, now);
  if (!activity.idle) return activity.inconclusive ? { waste: false, inconclusive: true, reason: activity.reason } : { waste: false, reason: activity.reason };

  const components: PricedComponent[] = [];
  const unknown: string[] = [];
  const lookup = price(candidate.ref.region, facts.instanceType);
  if (lookup.found) {
    const q = lookup.quote;
    components.push({
      item: `${facts.instanceType} notebook instance`,
      quantity: 1,
      usdPerHour: q.usdPerUnit,
      source: q.source,
      sourceDate: q.sourceDate,
      regionBasis: q.regionBasis,
      ...(q.note ? { note: q.note } : {}),
    });
  } else unknown.push(lookup.reason);

  return {
    waste: true,
    reason: activity.reason,
    evidence: {
      ...activity.evidence,
      instanceType: facts.instanceType,
      lastModifiedTime: facts.lastModifiedTime,
      volumeSizeInGB: facts.volumeSizeInGB,
      kept: `the ML storage volume${facts.volumeSizeInGB === null ? '' : ` (${facts.volumeSizeInGB} GB)`} and its data stay, still billed while stopped`,
    },
    savings: savingsFrom(components, unknown),
  };
}
