import { describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import type { Tags } from '../../../lib/core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import type { RunawayTrainingConfig } from '../../../lib/sweeps/runaway-training/config.js';
import { jobRate, SPOT_DISCOUNT_UNKNOWN } from '../../../lib/sweeps/runaway-training/cost.js';
import { assessRunawayJob, limitsFor, stopDecision, type TrainingJobFacts } from '../../../lib/sweeps/runaway-training/rule.js';
import { utilizationMetricFor, type HostSeries, type UtilizationMetric } from '../../../lib/sweeps/runaway-training/stall.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const REGION = 'eu-west-1';
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const fresh: ResourceMemory = { watchingSince: null };

/** The resolved config, with the spot advice out of the way unless a test asks for it. */
function config(section: Record<string, unknown> = {}): RunawayTrainingConfig {
  const resolved = parseConfig({ sweeps: { 'runaway-training': { spot: { minHours: 1000 }, ...section } } });
  return sweepConfig(resolved, 'runaway-training') as unknown as RunawayTrainingConfig;
}

function job(facts: Partial<TrainingJobFacts> = {}, tags: Tags = {}): Candidate<TrainingJobFacts> {
  return {
    ref: { resourceType: 'sagemaker:training-job', resourceId: 'llm-ft', arn: `arn:aws:sagemaker:${REGION}:123456789012:training-job/llm-ft`, region: REGION },
    tags,
    facts: {
      jobName: 'llm-ft',
      status: 'InProgress',
      secondaryStatus: 'Training',
      creationTime: hoursAgo(31),
      trainingStartTime: hoursAgo(30),
      instanceGroups: [{ instanceType: 'ml.p3.2xlarge', count: 8, name: null }],
      maxRuntimeSeconds: 48 * 3600,
      managedSpot: false,
      checkpointS3Uri: null,
      outputS3Path: 's3://models/out',
      utilization: null,
      ...facts,
    },
  };
}

/** Utilization of `hosts` hosts of job `name` over the 2 h window (24 five-minute periods). */
function utilization(name: string, maxima: readonly (number | null)[], metric: UtilizationMetric = 'GPUUtilization', datapoints: readonly number[] = []) {
  const series: Record<string, HostSeries> = {};
  maxima.forEach((max, i) => {
    series[`${name}/algo-${i + 1}`] = { datapoints: datapoints[i] ?? (max === null ? 0 : 24), max };
  });
  return { windowStart: hoursAgo(2), windowEnd: NOW.toISOString(), periodSeconds: 300, series: { [metric]: series } };
}

function waste(a: Assessment): Extract<Assessment, { waste: true }> {
  if (!a.waste) throw new Error(`expected waste, got: ${a.reason}`);
  return a;
}

describe('rule max-hours', () => {
  it('fires past the default 24 h, with cost so far, projection and what stopping saves (8 x ml.p3.2xlarge, eu-west-1 at $4.131)', () => {
    const a = waste(assessRunawayJob(job(), config(), NOW, fresh, defaultPriceBook));
    expect(a.act).toBe(false);
    expect(a.reason).toBe('training for 30.0 h, over its 24 h limit (default); 8 x ml.p3.2xlarge, $991.44 so far');
    // 8 x 4.131 = 33.048/h; x 30 h = 991.44; x 48 h (MaxRuntime) = 1586.304.
    expect(a.fields).toEqual({ costSoFarUsd: 991.44, elapsedHours: 30, projectedCostToMaxRuntimeUsd: 1586.3, rules: ['max-hours'] });
    expect(a.evidence).toMatchObject({
      kind: 'runaway',
      rules: 'max-hours',
      elapsedHours: 30,
      maxHours: 24,
      costSoFarUsd: 991.44,
      usdPerHour: 33.048,
      projectedCostToMaxRuntimeUsd: 1586.3,
      checkpoints: 'none (no CheckpointConfig)',
      modelArtifacts: 's3://models/out/llm-ft/output',
      stop: expect.stringMatching(/^flag only/),
      details: {
        maxHoursFrom: 'default',
        maxRuntimeHours: 48,
        costLeftToMaxRuntimeUsd: 594.86,
        trainingStartTime: hoursAgo(30),
        status: 'InProgress (Training)',
      },
    });
    expect(a.savings).toMatchObject({ hourlyUsd: 33.048, monthlyUsd: 24125.04, unknown: [] }); // 33.048 x 730
    expect(a.savings.components).toMatchObject([{ item: 'ml.p3.2xlarge training', quantity: 8, usdPerHour: 4.131, regionBasis: 'stated' }]);
  });

  it('does not fire at or under the limit', () => {
    const a = assessRunawayJob(job({ trainingStartTime: hoursAgo(24) }), config(), NOW, fresh, defaultPriceBook);
    expect(a).toMatchObject({ waste: false, reason: expect.stringMatching(/^within its limits: 24.0 of 24 h, \$793.15 so far/) }); // 33.048 x 24 = 793.152
  });

  it('a job whose instances are not training yet has used no time', () => {
    const a = assessRunawayJob(job({ trainingStartTime: null, secondaryStatus: 'Starting' }), config(), NOW, fresh, defaultPriceBook);
    expect(a).toMatchObject({ waste: false, reason: expect.stringMatching(/0.0 of 24 h, \$0.00 so far/) });
  });

  it('tag finops:max-hours overrides the default both ways', () => {
    expect(assessRunawayJob(job({}, { 'finops:max-hours': '48' }), config(), NOW, fresh, defaultPriceBook).waste).toBe(false);
    const a = waste(assessRunawayJob(job({ trainingStartTime: hoursAgo(13) }, { 'finops:max-hours': '12' }), config(), NOW, fresh, defaultPriceBook));
    expect(a.reason).toMatch(/^training for 13.0 h, over its 12 h limit \(tag finops:max-hours\)/);
  });

  it('the environment default applies when the job has no tag, matched case-insensitively', () => {
    const cfg = config({ byEnvironment: { dev: { maxHours: 8 } } });
    const a = waste(assessRunawayJob(job({ trainingStartTime: hoursAgo(10) }, { env: 'DEV' }), cfg, NOW, fresh, defaultPriceBook));
    expect(a.reason).toMatch(/over its 8 h limit \(environment dev \(env=DEV\)\)/);
    expect(assessRunawayJob(job({ trainingStartTime: hoursAgo(10) }, { env: 'staging' }), cfg, NOW, fresh, defaultPriceBook).waste).toBe(false);
  });

  it('an unreadable tag is ignored, said so, and the default applies', () => {
    const a = waste(assessRunawayJob(job({}, { 'finops:max-hours': 'forever' }), config(), NOW, fresh, defaultPriceBook));
    expect(a.evidence).toMatchObject({
      maxHours: 24,
      details: { maxHoursFrom: 'default' },
      notes: 'tag finops:max-hours="forever" is not a positive number and was ignored',
    });
  });

  it('not InProgress is never runaway', () => {
    expect(assessRunawayJob(job({ status: 'Stopping' }), config(), NOW, fresh, defaultPriceBook)).toMatchObject({
      waste: false,
      reason: 'training job is Stopping, not InProgress',
    });
  });
});

describe('rule max-cost', () => {
  it('fires when the cost so far passes the tag cap, not the time limit', () => {
    // 33.048 x 20 h = 660.96 > 500
    const a = waste(assessRunawayJob(job({ trainingStartTime: hoursAgo(20) }, { 'finops:max-cost-usd': '500' }), config(), NOW, fresh, defaultPriceBook));
    expect(a.reason).toBe('cost so far $660.96, over its $500.00 cap (tag finops:max-cost-usd); 8 x ml.p3.2xlarge, $660.96 so far');
    expect(a.fields).toMatchObject({ rules: ['max-cost'], costSoFarUsd: 660.96 });
  });

  it('the configured default cap applies without a tag; below it nothing fires', () => {
    expect(waste(assessRunawayJob(job({ trainingStartTime: hoursAgo(20) }), config({ maxCostUsd: 600 }), NOW, fresh, defaultPriceBook)).reason).toMatch(
      /over its \$600.00 cap \(default\)/,
    );
    expect(assessRunawayJob(job({ trainingStartTime: hoursAgo(20) }), config({ maxCostUsd: 1000 }), NOW, fresh, defaultPriceBook).waste).toBe(false);
  });

  it('both rules at once are both named', () => {
    const a = waste(assessRunawayJob(job(), config({ maxCostUsd: 900 }), NOW, fresh, defaultPriceBook));
    expect(a.fields).toMatchObject({ rules: ['max-hours', 'max-cost'] });
    expect(a.evidence.rules).toBe('max-hours, max-cost');
  });

  it('an unknown price never fires the cap and says why; the time limit still applies', () => {
    const unpriced = job({ trainingStartTime: hoursAgo(20), instanceGroups: [{ instanceType: 'ml.p3.16xlarge', count: 2, name: null }] });
    const a = assessRunawayJob(unpriced, config({ maxCostUsd: 1 }), NOW, fresh, defaultPriceBook);
    expect(a.waste).toBe(false);
    const late = waste(
      assessRunawayJob({ ...unpriced, facts: { ...unpriced.facts, trainingStartTime: hoursAgo(30) } }, config({ maxCostUsd: 1 }), NOW, fresh, defaultPriceBook),
    );
    expect(late.fields).toMatchObject({ costSoFarUsd: null, projectedCostToMaxRuntimeUsd: null });
    expect(late.reason).toMatch(/cost so far unknown$/);
    expect(late.evidence.notes).toMatch(/cost cap \$1.00 \(default\) not checked: the cost so far is unknown/);
    expect(late.savings).toMatchObject({
      hourlyUsd: null,
      monthlyUsd: null,
      unknown: [expect.stringMatching(/no SageMaker training price for ml.p3.16xlarge in eu-west-1/)],
    });
  });
});

describe('cost arithmetic', () => {
  it('sums instance groups of a heterogeneous cluster', () => {
    const rate = jobRate(
      [
        { instanceType: 'ml.p3.2xlarge', count: 2, name: 'gpu' },
        { instanceType: 'ml.m5.xlarge', count: 3, name: 'data' },
      ],
      REGION,
      false,
      undefined,
      defaultPriceBook,
    );
    expect(rate.usdPerHour).toBe(9.033); // 2 x 4.131 + 3 x 0.257
  });

  it('managed spot without a stated discount: cost unknown, never guessed', () => {
    const a = waste(assessRunawayJob(job({ managedSpot: true }), config(), NOW, fresh, defaultPriceBook));
    expect(a.fields).toMatchObject({ costSoFarUsd: null, elapsedHours: 30 });
    expect(a.savings).toMatchObject({ hourlyUsd: null, unknown: [SPOT_DISCOUNT_UNKNOWN] });
    expect(a.evidence).toMatchObject({ usdPerHour: null, details: { onDemandUsdPerHour: 33.048, spotDiscountPercent: null } });
  });

  it('managed spot at the stated discount: on-demand x (1 - discount)', () => {
    const a = waste(
      assessRunawayJob(job({ managedSpot: true }), config({ spot: { statedDiscountPercent: 70, minHours: 1000 } }), NOW, fresh, defaultPriceBook),
    );
    // 33.048 x 0.3 = 9.9144/h; x 30 h = 297.432
    expect(a.fields).toMatchObject({ costSoFarUsd: 297.43 });
    expect(a.savings).toMatchObject({ hourlyUsd: 9.9144, monthlyUsd: 7237.51 }); // 9.9144 x 730 = 7237.512
    expect(a.savings.components[0]).toMatchObject({ usdPerHour: 1.2393, note: expect.stringContaining('less the stated 70% discount') });
    expect(a.evidence).toMatchObject({ details: { spotDiscountPercent: 70, pricing: expect.stringContaining('stated discount of 70%') } });
  });

  it('a stop saves nothing past MaxRuntimeInSeconds (savingsUntil, for the digest)', () => {
    // Started 30 h ago with a 48 h limit: SageMaker would stop it itself in 18 h.
    expect(waste(assessRunawayJob(job(), config(), NOW, fresh, defaultPriceBook)).savingsUntil).toBe('2026-11-27T06:00:00.000Z');
    expect(waste(assessRunawayJob(job({ maxRuntimeSeconds: null }), config(), NOW, fresh, defaultPriceBook)).savingsUntil).toBeNull();
  });

  it('no MaxRuntimeInSeconds: no projection', () => {
    const a = waste(assessRunawayJob(job({ maxRuntimeSeconds: null }), config(), NOW, fresh, defaultPriceBook));
    expect(a.fields).toMatchObject({ projectedCostToMaxRuntimeUsd: null });
    expect(a.evidence).toMatchObject({ details: { maxRuntimeHours: null, costLeftToMaxRuntimeUsd: null } });
  });
});

describe('rule stalled', () => {
  const g4dn = (maxima: (number | null)[], datapoints: number[] = []) =>
    job({
      jobName: 'vision',
      trainingStartTime: hoursAgo(5),
      instanceGroups: [{ instanceType: 'ml.g4dn.xlarge', count: maxima.length, name: null }],
      utilization: utilization('vision', maxima, 'GPUUtilization', datapoints),
    });

  it('fires when every host stayed below the threshold for the window', () => {
    const a = waste(assessRunawayJob(g4dn([0.4, 0.9]), config(), NOW, fresh, defaultPriceBook));
    expect(a.reason).toBe(
      'stalled: all 2 hosts below 5% GPU for the last 2 h (peak 0.9% per GPU, on vision/algo-2; 5-minute maxima); 2 x ml.g4dn.xlarge, $8.22 so far',
    ); // 2 x 0.822 x 5 h
    expect(a.evidence.details).toMatchObject({
      stallHosts: { 'vision/algo-1': { datapoints: 24, peakPercent: 0.4 }, 'vision/algo-2': { datapoints: 24, peakPercent: 0.9 } },
    });
    expect(a.fields).toMatchObject({ rules: ['stalled'] });
  });

  it('one busy host keeps the job from being stalled', () => {
    const a = assessRunawayJob(g4dn([0.4, 40]), config(), NOW, fresh, defaultPriceBook);
    expect(a).toMatchObject({ waste: false, reason: expect.stringContaining('not stalled: GPU peaked at 40% (per GPU) on vision/algo-2') });
  });

  it('not enough datapoints is not a stall, and says so', () => {
    const a = assessRunawayJob(g4dn([0.4, 0.1], [24, 10]), config(), NOW, fresh, defaultPriceBook);
    expect(a).toMatchObject({
      waste: false,
      reason: expect.stringContaining('not stalled: not enough GPUUtilization datapoints to tell (algo-2 10 of 24 periods; at least 20 needed per host)'),
    });
    const silent = assessRunawayJob(g4dn([0.4, null]), config(), NOW, fresh, defaultPriceBook);
    expect(silent.reason).toContain('algo-2 0 of 24 periods');
  });

  it('divides by the GPUs per host: 4-GPU hosts summing 16% are 4% per GPU (stalled), 24% are 6% (not)', () => {
    const four = (max: number) =>
      job({
        jobName: 'big',
        trainingStartTime: hoursAgo(5),
        instanceGroups: [{ instanceType: 'ml.g4dn.12xlarge', count: 1, name: null }],
        utilization: utilization('big', [max]),
      });
    expect(waste(assessRunawayJob(four(16), config(), NOW, fresh, defaultPriceBook)).reason).toMatch(/its host below 5% GPU .*peak 4% per GPU/);
    expect(assessRunawayJob(four(24), config(), NOW, fresh, defaultPriceBook).waste).toBe(false);
  });

  it('an ml type missing from the spec table uses its EC2 type: ml.p3.16xlarge has 8 GPUs', () => {
    expect(utilizationMetricFor([{ instanceType: 'ml.p3.16xlarge', count: 2, name: null }], defaultPriceBook)).toMatchObject({
      metric: 'GPUUtilization',
      unitsPerHost: 8,
    });
  });

  it('CPU-only instances are judged on CPUUtilization per vCPU (ml.m5.xlarge: 4)', () => {
    const cpu = (max: number) =>
      job({
        jobName: 'xgb',
        trainingStartTime: hoursAgo(5),
        instanceGroups: [{ instanceType: 'ml.m5.xlarge', count: 1, name: null }],
        utilization: utilization('xgb', [max], 'CPUUtilization'),
      });
    expect(waste(assessRunawayJob(cpu(12), config(), NOW, fresh, defaultPriceBook)).reason).toMatch(/below 5% CPU .*peak 3% per vCPU/);
    expect(assessRunawayJob(cpu(24), config(), NOW, fresh, defaultPriceBook).waste).toBe(false);
  });

  it('a type with no GPU count compares the summed value, GPU when published, else CPU', () => {
    const unknown = (metric: UtilizationMetric, max: number) =>
      job({
        jobName: 'c7i',
        trainingStartTime: hoursAgo(5),
        instanceGroups: [{ instanceType: 'ml.c7i.xlarge', count: 1, name: null }],
        utilization: utilization('c7i', [max], metric),
      });
    expect(waste(assessRunawayJob(unknown('CPUUtilization', 3), config(), NOW, fresh, defaultPriceBook)).reason).toMatch(
      /below 5% CPU .*summed over the host, spec unknown/,
    );
    expect(assessRunawayJob(unknown('CPUUtilization', 12), config(), NOW, fresh, defaultPriceBook).waste).toBe(false); // 12 is not divided by 4
  });

  it('is not assessed for a job training for less than the window, or when turned off', () => {
    expect(
      assessRunawayJob({ ...g4dn([0.1, 0.1]), facts: { ...g4dn([0.1, 0.1]).facts, trainingStartTime: hoursAgo(1.5) } }, config(), NOW, fresh, defaultPriceBook)
        .reason,
    ).toContain('not assessed: training for less than the 2 h window');
    expect(assessRunawayJob(g4dn([0.1, 0.1]), config({ stall: { enabled: false } }), NOW, fresh, defaultPriceBook).waste).toBe(false);
  });

  it('honours a configured threshold', () => {
    expect(assessRunawayJob(g4dn([0.4, 0.9]), config({ stall: { thresholdPercent: 0.5 } }), NOW, fresh, defaultPriceBook).waste).toBe(false);
  });
});

describe('stop or flag', () => {
  it('acts (pending, then stop) only where stop is enabled for the environment or team', () => {
    const cfg = config({ stop: { environments: ['dev'], teams: ['NLP'] } });
    expect(waste(assessRunawayJob(job({}, { team: 'nlp' }), cfg, NOW, fresh, defaultPriceBook)).act).toBe(true);
    expect(waste(assessRunawayJob(job({}, { env: 'Dev' }), cfg, NOW, fresh, defaultPriceBook))).toMatchObject({
      act: true,
      evidence: { stop: 'stop enabled for environment Dev (sweeps.runaway-training.stop.environments)' },
    });
    expect(waste(assessRunawayJob(job({}, { team: 'vision', env: 'staging' }), cfg, NOW, fresh, defaultPriceBook)).act).toBe(false);
  });

  it('escalates a flag that was a recommendation, not one that was already runaway', () => {
    const previous = (kind: string): ResourceMemory => ({
      watchingSince: null,
      previous: { status: 'flagged', reason: '', evidence: { kind }, firstSeenAt: hoursAgo(5) },
    });
    expect(waste(assessRunawayJob(job(), config(), NOW, previous('recommendation'), defaultPriceBook)).escalated).toBe(true);
    expect(waste(assessRunawayJob(job(), config(), NOW, previous('runaway'), defaultPriceBook)).escalated).toBe(false);
  });
});

describe('report-only advice', () => {
  const under = (facts: Partial<TrainingJobFacts>) => job({ trainingStartTime: hoursAgo(6), ...facts });

  it('no MaxRuntimeInSeconds: a recommendation with no direct saving', () => {
    const a = waste(assessRunawayJob(under({ maxRuntimeSeconds: null }), config(), NOW, fresh, defaultPriceBook));
    expect(a).toMatchObject({
      act: false,
      advisory: { decision: 'recommend', event: 'recommendation' },
      reason: expect.stringMatching(/^no MaxRuntimeInSeconds/),
    });
    expect(a.savings).toMatchObject({ hourlyUsd: 0, monthlyUsd: 0, unknown: [] });
    expect(a.fields).toMatchObject({ costSoFarUsd: 198.29, elapsedHours: 6, rules: [] }); // 33.048 x 6 = 198.288
  });

  it('MaxRuntimeInSeconds above the ceiling', () => {
    const a = waste(assessRunawayJob(under({ maxRuntimeSeconds: 100 * 3600 }), config(), NOW, fresh, defaultPriceBook));
    expect(a.reason).toBe('MaxRuntimeInSeconds allows 100.0 h, above the 72 h ceiling; lower it to what the job needs');
    expect(assessRunawayJob(under({ maxRuntimeSeconds: 72 * 3600 }), config(), NOW, fresh, defaultPriceBook).waste).toBe(false);
  });

  it('long on-demand job: managed spot with the estimated difference at the stated discount', () => {
    const a = waste(
      assessRunawayJob(under({ maxRuntimeSeconds: 48 * 3600 }), config({ spot: { minHours: 4, statedDiscountPercent: 70 } }), NOW, fresh, defaultPriceBook),
    );
    // 33.048 x 70% = 23.1336/h less; x 6 h = 138.8016
    expect(a.reason).toBe(
      'on demand for 6.0 h: managed spot training (EnableManagedSpotTraining, with CheckpointConfig to resume after an interruption, which it lacks) would cost about $23.1336/h less at the stated 70% discount ($138.80 over its 6.0 h so far)',
    );
    expect(a.savings).toMatchObject({ hourlyUsd: 23.1336, monthlyUsd: 16887.53 }); // 23.1336 x 730 = 16887.528
    expect(a.evidence).toMatchObject({ spotDifferenceUsdPerHour: 23.1336, spotDifferenceSoFarUsd: 138.8 });
  });

  it('spot advice without a stated discount: the difference is unknown, not guessed', () => {
    const a = waste(assessRunawayJob(under({ maxRuntimeSeconds: 48 * 3600 }), config({ spot: { minHours: 4 } }), NOW, fresh, defaultPriceBook));
    expect(a.reason).toMatch(/would cost less, by an amount unknown here \(no spot discount configured\)$/);
    expect(a.savings).toMatchObject({ hourlyUsd: null, unknown: [expect.stringMatching(/no spot discount is configured/)] });
    expect(
      assessRunawayJob(under({ maxRuntimeSeconds: 48 * 3600, managedSpot: true }), config({ spot: { minHours: 4 } }), NOW, fresh, defaultPriceBook).waste,
    ).toBe(false);
  });

  it('on a runaway job the advice goes into its evidence', () => {
    const a = waste(assessRunawayJob(job({ maxRuntimeSeconds: null }), config(), NOW, fresh, defaultPriceBook));
    expect(a.advisory).toBeUndefined();
    expect(a.evidence).toMatchObject({ kind: 'runaway', advice: expect.stringMatching(/^no MaxRuntimeInSeconds/) });
  });
});

describe('limitsFor and stopDecision', () => {
  it('tags win over the environment, which wins over the defaults', () => {
    const cfg = { maxHours: 24, maxCostUsd: 1000, byEnvironment: { dev: { maxHours: 8, maxCostUsd: 200 } } };
    expect(limitsFor({ env: 'dev', 'finops:max-hours': '72' }, cfg)).toEqual({
      maxHours: { value: 72, from: 'tag finops:max-hours' },
      maxCostUsd: { value: 200, from: 'environment dev (env=dev)' },
      notes: [],
    });
    expect(limitsFor({}, { maxHours: 24, byEnvironment: {} })).toMatchObject({
      maxHours: { value: 24, from: 'default' },
      maxCostUsd: { value: null, from: 'none configured' },
    });
  });

  it('a team over budget caps every limit, even one its tags raised, and may enable stops', () => {
    const budgetCap = { maxHours: 6, maxCostUsd: 150, stop: true };
    const cfg = { maxHours: 24, byEnvironment: { dev: { maxHours: 8, maxCostUsd: 200 } }, budgetCap };
    const over = 'team over its AI budget (budgets.teams[].tightened)';
    expect(limitsFor({ env: 'dev', 'finops:max-hours': '72' }, cfg)).toEqual({
      maxHours: { value: 6, from: over },
      maxCostUsd: { value: 150, from: over },
      notes: [],
    });
    // A cap looser than the job's own limit changes nothing.
    expect(limitsFor({ 'finops:max-hours': '4' }, cfg).maxHours).toEqual({ value: 4, from: 'tag finops:max-hours' });
    expect(stopDecision({ team: 'nlp' }, { stop: { environments: [], teams: [] }, budgetCap })).toEqual({
      enabled: true,
      because: `stop enabled while the ${over}`,
    });
    expect(stopDecision({ team: 'nlp' }, { stop: { environments: [], teams: [] }, budgetCap: { maxHours: 6 } }).enabled).toBe(false);
  });

  it('reads the configured tag keys', () => {
    const keys = { team: 'squad', environment: 'stage' };
    expect(stopDecision({ squad: 'nlp' }, { stop: { environments: [], teams: ['nlp'] }, tagKeys: keys }).enabled).toBe(true);
    expect(stopDecision({ team: 'nlp' }, { stop: { environments: [], teams: ['nlp'] }, tagKeys: keys }).enabled).toBe(false);
    expect(limitsFor({ stage: 'dev' }, { maxHours: 24, byEnvironment: { dev: { maxHours: 8 } }, tagKeys: keys }).maxHours.value).toBe(8);
  });
});
