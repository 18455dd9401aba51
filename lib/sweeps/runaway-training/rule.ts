/**
 * The runaway-training rule. Pure: facts in, verdict out; no AWS calls.
 *
 * An InProgress training job is runaway when any of these applies:
 * - `max-hours`: training longer (since `TrainingStartTime`) than its limit: tag
 *   `finops:max-hours`, else its environment's `maxHours`, else `maxHours` (24);
 * - `max-cost`: its cost so far (instance price x instances x hours) above its cap:
 *   tag `finops:max-cost-usd`, else its environment's `maxCostUsd`, else `maxCostUsd`;
 * - `stalled`: every host idle for the last `stall.hours` (see `stall.ts`).
 *
 * A runaway job is flagged (reported, tagged, its owner urgently notified), and
 * stopped after the grace period only where `stop` enables it for the job's
 * environment or team. Jobs with no `MaxRuntimeInSeconds` or one above
 * `maxRuntimeCeilingHours`, and long on-demand jobs that could use managed spot
 * training, are reported as recommendations (never acted on); on a runaway job the
 * same advice goes into its evidence.
 */
import { hoursBetween } from '../../core/clock.js';
import { roundUsd, savingsFrom, type JsonValue, type PricedComponent, type Tags } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import type { PriceBookPort } from '../../core/price-port.js';
import type { RunawayTrainingConfig } from './config.js';
import { costOver, describeInstances, instanceCount, jobRate, type InstanceGroup, type JobRate } from './cost.js';
import { assessStall, type UtilizationFacts } from './stall.js';
import { formatUsd, formatUsdPerHour } from '../../format/index.js';

/** Tag that sets a job's own time limit, in hours. */
export const MAX_HOURS_TAG = 'finops:max-hours';
/** Tag that sets a job's own cost cap, in USD. */
export const MAX_COST_TAG = 'finops:max-cost-usd';

/** What the rule knows about one training job. */
export interface TrainingJobFacts {
  readonly jobName: string;
  /** `TrainingJobStatus`; only `InProgress` jobs can be runaway. */
  readonly status: string;
  /** `SecondaryStatus`, e.g. `Training`, `Downloading`. */
  readonly secondaryStatus: string | null;
  /** ISO-8601. */
  readonly creationTime: string;
  /** ISO-8601; billing starts here. `null` while the instances are still being prepared. */
  readonly trainingStartTime: string | null;
  readonly instanceGroups: readonly InstanceGroup[];
  /** `StoppingCondition.MaxRuntimeInSeconds`; `null` when the job has none. */
  readonly maxRuntimeSeconds: number | null;
  readonly managedSpot: boolean;
  /** `CheckpointConfig.S3Uri`: where a stopped or restarted job finds its checkpoints. */
  readonly checkpointS3Uri: string | null;
  /** `OutputDataConfig.S3OutputPath`: where SageMaker writes the model artifacts, also of a stopped job. */
  readonly outputS3Path: string | null;
  /** Utilization over the stall window; `null` when not read (too young, or the rule is off). */
  readonly utilization: UtilizationFacts | null;
}

/** A limit and where it came from. */
export interface Limit {
  readonly value: number | null;
  /** e.g. `tag finops:max-hours`, `environment dev`, `default`. */
  readonly from: string;
}

/** A job's time limit and cost cap, and notes on tags that were ignored. */
export interface JobLimits {
  readonly maxHours: Limit & { readonly value: number };
  readonly maxCostUsd: Limit;
  readonly notes: readonly string[];
}

type LimitsConfig = Pick<RunawayTrainingConfig, 'maxHours' | 'maxCostUsd' | 'byEnvironment' | 'tagKeys' | 'budgetCap'>;

const BUDGET_CAP = 'team over its AI budget (budgets.teams[].tightened)';

/**
 * A job's limits: its own tags win, then its environment's, then the defaults.
 *
 * @example
 * limitsFor({ env: 'dev', 'finops:max-hours': '72' }, { maxHours: 24, byEnvironment: { dev: { maxHours: 8, maxCostUsd: 200 } } })
 * // => { maxHours: { value: 72, from: 'tag finops:max-hours' }, maxCostUsd: { value: 200, from: 'environment dev' }, notes: [] }
 */
export function limitsFor(tags: Tags, config: LimitsConfig): JobLimits {
  const notes: string[] = [];
  const envKey = config.tagKeys?.environment ?? 'env';
  const env = tags[envKey]?.trim();
  const envEntry = env ? Object.entries(config.byEnvironment).find(([name]) => name.toLowerCase() === env.toLowerCase()) : undefined;
  const fromTag = (key: string): number | null => {
    const raw = tags[key];
    if (raw === undefined) return null;
    const value = Number(raw.trim());
    if (raw.trim() !== '' && Number.isFinite(value) && value > 0) return value;
    notes.push(`tag ${key}=${JSON.stringify(raw)} is not a positive number and was ignored`);
    return null;
  };
  const pick = (key: string, own: number | undefined, fallback: number | null): Limit => {
    const tagged = fromTag(key);
    if (tagged !== null) return { value: tagged, from: `tag ${key}` };
    if (own !== undefined) return { value: own, from: `environment ${envEntry![0]} (${envKey}=${env})` };
    return { value: fallback, from: fallback === null ? 'none configured' : 'default' };
  };
  // A team over budget caps whatever limit applies, even one its own tags raised.
  const capped = (limit: Limit, cap: number | undefined): Limit =>
    cap !== undefined && (limit.value === null || cap < limit.value) ? { value: cap, from: BUDGET_CAP } : limit;
  const maxHours = capped(pick(MAX_HOURS_TAG, envEntry?.[1].maxHours, config.maxHours), config.budgetCap?.maxHours) as JobLimits['maxHours'];
  const maxCostUsd = capped(pick(MAX_COST_TAG, envEntry?.[1].maxCostUsd, config.maxCostUsd ?? null), config.budgetCap?.maxCostUsd);
  return { maxHours, maxCostUsd, notes };
}

/** Whether a runaway job may be stopped, and why (not). */
export interface StopDecision {
  readonly enabled: boolean;
  readonly because: string;
}

/**
 * Stops are off unless `stop` lists the job's environment or team (case-insensitive).
 *
 * @example
 * stopDecision({ team: 'nlp' }, { stop: { environments: [], teams: ['NLP'] } })
 * // => { enabled: true, because: 'stop enabled for team nlp (sweeps.runaway-training.stop.teams)' }
 */
export function stopDecision(tags: Tags, config: Pick<RunawayTrainingConfig, 'stop' | 'tagKeys' | 'budgetCap'>): StopDecision {
  const has = (list: readonly string[], value: string | undefined) => value !== undefined && list.some((x) => x.toLowerCase() === value.trim().toLowerCase());
  const env = tags[config.tagKeys?.environment ?? 'env'];
  const team = tags[config.tagKeys?.team ?? 'team'];
  if (has(config.stop.environments, env))
    return { enabled: true, because: `stop enabled for environment ${env!.trim()} (sweeps.runaway-training.stop.environments)` };
  if (has(config.stop.teams, team)) return { enabled: true, because: `stop enabled for team ${team!.trim()} (sweeps.runaway-training.stop.teams)` };
  if (config.budgetCap?.stop) return { enabled: true, because: `stop enabled while the ${BUDGET_CAP}` };
  return { enabled: false, because: 'flag only: stopping is not enabled for its environment or team (sweeps.runaway-training.stop)' };
}

/** Advice on a job's settings (reported, never acted on). */
interface Advice {
  readonly lines: readonly string[];
  /** What managed spot would save per hour, when the job could use it. */
  readonly spot: {
    readonly usdPerHour: number | null;
    readonly soFarUsd: number | null;
    readonly components: readonly PricedComponent[];
    readonly unknown: readonly string[];
  } | null;
}

function adviceFor(
  facts: TrainingJobFacts,
  config: Pick<RunawayTrainingConfig, 'maxRuntimeCeilingHours' | 'spot'>,
  rate: JobRate,
  elapsedHours: number,
): Advice {
  const lines: string[] = [];
  if (facts.maxRuntimeSeconds === null) {
    lines.push('no MaxRuntimeInSeconds: nothing stops it if it hangs; set StoppingCondition.MaxRuntimeInSeconds');
  } else if (facts.maxRuntimeSeconds / 3600 > config.maxRuntimeCeilingHours) {
    lines.push(
      `MaxRuntimeInSeconds allows ${fmtHours(facts.maxRuntimeSeconds / 3600)} h, above the ${config.maxRuntimeCeilingHours} h ceiling; lower it to what the job needs`,
    );
  }
  let spot: Advice['spot'] = null;
  if (!facts.managedSpot && elapsedHours >= config.spot.minHours) {
    const discount = config.spot.statedDiscountPercent;
    const components = rate.components.map((c) => ({
      ...c,
      item: `${c.item}: on-demand less managed spot`,
      usdPerHour: discount === undefined ? 0 : roundUsd((c.usdPerHour * discount) / 100, 6),
    }));
    const unknown =
      discount === undefined
        ? ['no spot discount is configured (sweeps.runaway-training.spot.statedDiscountPercent), so the difference is not estimated']
        : [...rate.unknown];
    const usdPerHour = discount === undefined || rate.onDemandUsdPerHour === null ? null : roundUsd((rate.onDemandUsdPerHour * discount) / 100, 6);
    spot = { usdPerHour, soFarUsd: costOver(usdPerHour, elapsedHours), components, unknown };
    const difference =
      usdPerHour === null
        ? `less, by an amount unknown here (${discount === undefined ? 'no spot discount configured' : 'price unknown'})`
        : `about ${formatUsdPerHour(usdPerHour)} less at the stated ${discount}% discount (${formatUsd(spot.soFarUsd)} over its ${fmtHours(elapsedHours)} h so far)`;
    lines.push(
      `on demand for ${fmtHours(elapsedHours)} h: managed spot training (EnableManagedSpotTraining, with CheckpointConfig to resume after an interruption${facts.checkpointS3Uri ? ', which it has' : ', which it lacks'}) would cost ${difference}`,
    );
  }
  return { lines, spot };
}

/**
 * Decides whether one training job is runaway, or needs advice, and what stopping
 * it saves per hour.
 *
 * @example
 * // 8 x ml.p3.2xlarge in eu-west-1, training for 30 h, default 24 h limit:
 * assessRunawayJob(candidate, config, now, { watchingSince: null }, defaultPriceBook)
 * // => { waste: true, act: false, reason: 'training for 30.0 h, over its 24 h limit (default); 8 x ml.p3.2xlarge, $991.44 so far',
 * //      fields: { costSoFarUsd: 991.44, elapsedHours: 30, ... }, savings: { hourlyUsd: 33.048, ... } }
 */
export function assessRunawayJob(
  candidate: Candidate<TrainingJobFacts>,
  config: RunawayTrainingConfig,
  now: Date,
  memory: ResourceMemory,
  prices: PriceBookPort,
): Assessment {
  const { facts, tags } = candidate;
  if (facts.status !== 'InProgress') return { waste: false, reason: `training job is ${facts.status}, not InProgress` };
  const elapsed = facts.trainingStartTime ? Math.max(0, hoursBetween(new Date(facts.trainingStartTime), now)) : 0;
  const elapsedHours = roundUsd(elapsed, 2);
  const limits = limitsFor(tags, config);
  const rate = jobRate(facts.instanceGroups, candidate.ref.region, facts.managedSpot, config.spot.statedDiscountPercent, prices);
  const costSoFarUsd = costOver(rate.usdPerHour, elapsed);
  const maxRuntimeHours = facts.maxRuntimeSeconds === null ? null : facts.maxRuntimeSeconds / 3600;
  const projected = maxRuntimeHours === null ? null : costOver(rate.usdPerHour, maxRuntimeHours);
  const stall = assessStall(facts, config.stall, now, prices);
  const advice = adviceFor(facts, config, rate, elapsed);
  const instances = describeInstances(facts.instanceGroups);
  const notes = [...limits.notes];

  const fired: string[] = [];
  const why: string[] = [];
  if (elapsed > limits.maxHours.value) {
    fired.push('max-hours');
    why.push(`training for ${fmtHours(elapsed)} h, over its ${limits.maxHours.value} h limit (${limits.maxHours.from})`);
  }
  const cap = limits.maxCostUsd.value;
  if (cap !== null && costSoFarUsd === null) notes.push(`cost cap ${formatUsd(cap)} (${limits.maxCostUsd.from}) not checked: the cost so far is unknown`);
  if (cap !== null && costSoFarUsd !== null && costSoFarUsd > cap) {
    fired.push('max-cost');
    why.push(`cost so far ${formatUsd(costSoFarUsd)}, over its ${formatUsd(cap)} cap (${limits.maxCostUsd.from})`);
  }
  if (stall.stalled) {
    fired.push('stalled');
    why.push(`stalled: ${stall.summary}`);
  }
  const stop = stopDecision(tags, config);
  const runaway = fired.length > 0;
  // Scalars first: owner notices print them. Details an owner rarely needs are nested.
  const evidence: Record<string, JsonValue> = {
    kind: runaway ? 'runaway' : 'recommendation',
    rules: fired.join(', ') || 'none',
    instances,
    elapsedHours,
    maxHours: limits.maxHours.value,
    costSoFarUsd,
    maxCostUsd: cap,
    usdPerHour: rate.usdPerHour,
    projectedCostToMaxRuntimeUsd: projected,
    stall: stall.summary,
    checkpoints: facts.checkpointS3Uri ?? 'none (no CheckpointConfig)',
    modelArtifacts: facts.outputS3Path ? `${facts.outputS3Path.replace(/\/+$/, '')}/${facts.jobName}/output` : null,
    stop: stop.because,
    ...(advice.lines.length ? { advice: advice.lines.join('; ') } : {}),
    ...(advice.spot?.usdPerHour != null ? { spotDifferenceUsdPerHour: advice.spot.usdPerHour, spotDifferenceSoFarUsd: advice.spot.soFarUsd } : {}),
    ...(notes.length ? { notes: notes.join('; ') } : {}),
    details: {
      status: facts.secondaryStatus ? `${facts.status} (${facts.secondaryStatus})` : facts.status,
      trainingStartTime: facts.trainingStartTime,
      maxHoursFrom: limits.maxHours.from,
      maxCostFrom: limits.maxCostUsd.from,
      onDemandUsdPerHour: rate.onDemandUsdPerHour,
      spotDiscountPercent: rate.spotDiscountPercent,
      managedSpot: facts.managedSpot,
      pricing: `${rate.basis} x ${instanceCount(facts.instanceGroups)} instance(s) x hours since TrainingStartTime`,
      maxRuntimeHours: maxRuntimeHours === null ? null : roundUsd(maxRuntimeHours, 2),
      costLeftToMaxRuntimeUsd: projected === null || costSoFarUsd === null ? null : roundUsd(Math.max(0, projected - costSoFarUsd), 2),
      stallHosts: stall.hosts,
    },
  };
  const fields = { costSoFarUsd, elapsedHours, projectedCostToMaxRuntimeUsd: projected, rules: fired };

  if (runaway) {
    const money = costSoFarUsd === null ? 'cost so far unknown' : `${formatUsd(costSoFarUsd)} so far`;
    return {
      waste: true,
      act: stop.enabled,
      reason: `${why.join('; ')}; ${instances}, ${money}`,
      evidence,
      fields,
      savings: savingsFrom(rate.components, rate.unknown),
      // A stop saves nothing past the instant SageMaker would have stopped the job itself.
      savingsUntil:
        facts.trainingStartTime && facts.maxRuntimeSeconds !== null
          ? new Date(new Date(facts.trainingStartTime).getTime() + facts.maxRuntimeSeconds * 1000).toISOString()
          : null,
      escalated: memory.previous?.status === 'flagged' && memory.previous.evidence.kind !== 'runaway',
    };
  }
  if (advice.lines.length > 0) {
    return {
      waste: true,
      act: false,
      advisory: { decision: 'recommend', event: 'recommendation' },
      reason: advice.lines.join('; '),
      evidence,
      fields,
      savings: advice.spot ? savingsFrom(advice.spot.components, advice.spot.unknown) : savingsFrom([], []),
    };
  }
  const money = costSoFarUsd === null ? 'cost so far unknown' : `${formatUsd(costSoFarUsd)} so far`;
  return {
    waste: false,
    reason: `within its limits: ${fmtHours(elapsed)} of ${limits.maxHours.value} h, ${money}; ${stall.summary}`,
  };
}

/** Hours to one decimal, e.g. `30.0`. */
export function fmtHours(hours: number): string {
  return (Math.floor(hours * 10 + 1e-9) / 10).toFixed(1);
}
