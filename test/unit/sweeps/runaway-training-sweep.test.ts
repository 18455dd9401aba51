import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { ConfigError, NotRestorableError, RestoreError } from '../../../lib/core/errors.js';
import { silentLogger, type Candidate } from '../../../lib/core/sweep.js';
import { ownershipPolicy, parseConfig, sweepConfig } from '../../../lib/config.js';
import { restoredJobName, stopTrainingJob, restoreTrainingJob } from '../../../lib/sweeps/runaway-training/actions.js';
import { RunawayTrainingSweep } from '../../../lib/sweeps/runaway-training/index.js';
import type { TrainingJobCandidateFacts } from '../../../lib/sweeps/runaway-training/inventory.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { RecordingNotifier } from '../../support/engine-harness.js';

/**
 * The sweep definition on the real engine, with the inventory replaced by a fixed
 * job (no AWS): reminders at most every `renotifyHours`, and a job that turns from
 * advice into a runaway is notified at once.
 */
const T0 = new Date('2026-11-23T09:00:00Z');
const REGION = 'eu-west-1';

let startedHoursBefore: number;
let maxRuntimeSeconds: number | null;
let tags: Record<string, string>;

function candidate(): Candidate<TrainingJobCandidateFacts> {
  return {
    ref: { resourceType: 'sagemaker:training-job', resourceId: 'llm-ft', arn: `arn:aws:sagemaker:${REGION}:123456789012:training-job/llm-ft`, region: REGION },
    tags,
    facts: {
      jobName: 'llm-ft',
      status: 'InProgress',
      secondaryStatus: 'Training',
      creationTime: addHours(T0, -startedHoursBefore - 1).toISOString(),
      trainingStartTime: addHours(T0, -startedHoursBefore).toISOString(),
      instanceGroups: [{ instanceType: 'ml.p3.2xlarge', count: 8, name: null }],
      maxRuntimeSeconds,
      managedSpot: false,
      checkpointS3Uri: null,
      outputS3Path: 's3://models/out',
      utilization: null,
      tagList: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      spec: {},
      environmentKeys: [],
    },
  };
}

const sweep = {
  ...RunawayTrainingSweep,
  inventory: async () => ({ candidates: [candidate()], seen: new Set(['llm-ft']) }),
  flag: async () => {},
};

// Spot advice off (minHours 1000): these tests are about runaways and reminders.
const config = parseConfig({ regions: [REGION], sweeps: { 'runaway-training': { mode: 'apply', renotifyHours: 6, spot: { minHours: 1000 } } } });
let ledger: MemoryLedger;
let notifier: RecordingNotifier;
const run = (at: Date) =>
  runSweep({
    sweep,
    config: sweepConfig(config, 'runaway-training'),
    policy: ownershipPolicy(config),
    mode: 'apply',
    regions: [REGION],
    clock: fixedClock(at),
    clients: new AwsClients(),
    ledger,
    notifier,
  });

beforeEach(() => {
  startedHoursBefore = 30;
  maxRuntimeSeconds = null;
  tags = { owner: 'raj@example.com', team: 'nlp' };
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
});

describe('runaway-training on the engine', () => {
  it('flags once, then reminds at most every renotifyHours with the cost so far', async () => {
    const first = await run(T0);
    expect(first.findings).toMatchObject([{ decision: 'flagged', costSoFarUsd: 991.44, elapsedHours: 30 }]);
    expect(notifier.sent).toHaveLength(1);
    await run(addHours(T0, 5.9));
    expect(notifier.sent).toHaveLength(1);
    await run(addHours(T0, 6));
    expect(notifier.sent).toHaveLength(2);
    // 33.048/h x 36 h = 1189.728
    expect(notifier.sent[1]!.body).toContain('costSoFarUsd: 1189.73');
    expect(notifier.sent[1]!.subject).toMatch(/^\[FinOps AI\] URGENT Runaway SageMaker training jobs: 1 runaway/);
  });

  it('a recommended job that becomes runaway is notified at once, urgently', async () => {
    startedHoursBefore = 20; // within 24 h; no MaxRuntimeInSeconds: advice only
    const advice = await run(T0);
    expect(advice.findings).toMatchObject([{ decision: 'recommend' }]);
    expect(notifier.sent[0]!.subject).toBe('[FinOps AI] Runaway SageMaker training jobs: 1 recommended');
    const runaway = await run(addHours(T0, 5)); // 25 h: over the 24 h limit, within the 6 h reminder interval
    expect(runaway.findings).toMatchObject([{ decision: 'flagged', elapsedHours: 25 }]);
    expect(notifier.sent).toHaveLength(2);
    expect(notifier.sent[1]!.subject).toMatch(/^\[FinOps AI\] URGENT/);
  });

  it('raising the limit by tag closes the flag; without a MaxRuntimeInSeconds it stays as advice', async () => {
    maxRuntimeSeconds = 48 * 3600;
    await run(T0);
    tags = { ...tags, 'finops:max-hours': '48' };
    const after = await run(addHours(T0, 1));
    expect(after.findings).toEqual([]);
    expect([...ledger.states.values()]).toMatchObject([{ status: 'cleared' }]);
    expect(ledger.events.at(-1)).toMatchObject({ type: 'cleared', detail: expect.stringMatching(/^no longer waste: within its limits: 31.0 of 48 h/) });

    maxRuntimeSeconds = null;
    tags = { owner: 'raj@example.com', team: 'nlp' };
    await run(addHours(T0, 2));
    tags = { ...tags, 'finops:max-hours': '48' };
    expect((await run(addHours(T0, 3))).findings).toMatchObject([{ decision: 'recommend' }]);
  });
});

describe('restoredJobName', () => {
  it('appends -r and the action stamp, within 63 characters', () => {
    expect(restoredJobName('llm-ft', 'act-20261127T0100-1a2b3c4d', T0)).toBe('llm-ft-r202611270100');
    const long = 'a'.repeat(60);
    const name = restoredJobName(long, 'act-20261127T0100-1a2b3c4d', T0);
    expect(name).toHaveLength(63);
    expect(name).toBe(`${'a'.repeat(49)}-r202611270100`);
    expect(restoredJobName(`${'b'.repeat(48)}-x`, 'act-20261127T0100-1a2b3c4d', T0)).toBe(`${'b'.repeat(48)}-r202611270100`);
  });
});

describe('a spec that could not re-create the job', () => {
  const data = {
    trainingJobName: 'llm-ft',
    trainingJobArn: 'arn',
    spec: { RoleArn: 'arn:aws:iam::1:role/r' },
    environmentKeys: [],
    tags: [],
    instances: '1 x ml.m5.xlarge',
    checkpointS3Uri: null,
    outputS3Path: null,
  };
  const ctx = { region: REGION, clients: new AwsClients(), now: T0, logger: silentLogger };
  it('refuses the stop (before any AWS call) and the restore, naming what is missing', async () => {
    await expect(stopTrainingJob(data, ctx)).rejects.toThrow(NotRestorableError);
    await expect(stopTrainingJob(data, ctx)).rejects.toThrow(
      'llm-ft: its recorded spec lacks AlgorithmSpecification, OutputDataConfig, ResourceConfig, StoppingCondition, so it could not be re-created; refusing to stop it',
    );
    await expect(restoreTrainingJob(data, ctx, 'act-1')).rejects.toThrow(RestoreError);
  });
});

describe('config', () => {
  it('defaults: hourly, 24 h limit, 5% for 2 h, no stops, 4 h grace', () => {
    expect(parseConfig({}).sweeps['runaway-training']).toEqual({
      enabled: true,
      mode: 'report',
      schedule: 'rate(1 hour)',
      gracePeriodHours: 4,
      actOnProtected: false,
      renotifyHours: 24,
      maxHours: 24,
      byEnvironment: {},
      stall: { enabled: true, thresholdPercent: 5, hours: 2 },
      stop: { environments: [], teams: [] },
      maxRuntimeCeilingHours: 72,
      spot: { minHours: 4 },
    });
  });

  it('rejects bad values naming the field', () => {
    const bad = () =>
      parseConfig({ sweeps: { 'runaway-training': { maxHours: 0, stall: { hours: 0.1 }, spot: { statedDiscountPercent: 120 }, stop: { team: ['x'] } } } });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/sweeps\.runaway-training\.maxHours: Too small/);
    expect(bad).toThrow(/sweeps\.runaway-training\.stall\.hours/);
    expect(bad).toThrow(/sweeps\.runaway-training\.spot\.statedDiscountPercent/);
    expect(bad).toThrow(/sweeps\.runaway-training\.stop: unknown field\(s\) "team"/);
  });
});
