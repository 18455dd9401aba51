import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DescribeTrainingJobCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig, type FinOpsConfigInput } from '../../lib/config.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { putUtilization, seedTrainingJobs, type SeedTrainingJob } from '../../lib/local/seed-training.js';
import { silentLogger } from '../../lib/core/sweep.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import type { TrainingJobRestoreData } from '../../lib/sweeps/runaway-training/actions.js';
import { RunawayTrainingSweep } from '../../lib/sweeps/runaway-training/index.js';
import { CREDENTIALS, emulator, emulatorClients, ledgerItems, REGION as HOME } from '../support/integration.js';

/**
 * Jobs run in eu-west-1, the region the price book has SageMaker training prices
 * for; the ledger and topics are in the home region (us-east-1), as a deployment
 * sweeping several regions has them.
 */
const REGION = 'eu-west-1';
const T0 = new Date('2026-11-23T09:00:00Z');
const hours = (h: number) => addHours(T0, h);

const nlp = { owner: 'raj@example.com', team: 'nlp', env: 'dev' };
const vision = { owner: 'mei@example.com', team: 'vision', env: 'dev' };
/** Jobs that are runaway, or look like it, or are fine. Stops are enabled for team nlp only. */
const ESTATE: SeedTrainingJob[] = [
  {
    name: 'runaway-time',
    instanceType: 'ml.p3.2xlarge',
    instanceCount: 8,
    maxRuntimeHours: 72,
    checkpoints: true,
    trainingHours: 30,
    tags: nlp,
    utilization: { percent: 85 },
  },
  { name: 'under-limit', instanceType: 'ml.p3.2xlarge', trainingHours: 20, tags: vision, utilization: { percent: 70 } },
  {
    name: 'tag-allowed',
    instanceType: 'ml.g4dn.xlarge',
    maxRuntimeHours: 48,
    trainingHours: 30,
    tags: { ...vision, 'finops:max-hours': '48' },
    utilization: { percent: 70 },
  },
  {
    name: 'cost-capped',
    instanceType: 'ml.p3.2xlarge',
    instanceCount: 2,
    trainingHours: 10,
    tags: { ...vision, 'finops:max-cost-usd': '50' },
    utilization: { percent: 70 },
  },
  { name: 'stalled', instanceType: 'ml.g4dn.xlarge', instanceCount: 2, trainingHours: 6, tags: vision, utilization: { percent: [0.4, 0.9] } },
  { name: 'one-busy-host', instanceType: 'ml.g4dn.xlarge', instanceCount: 2, trainingHours: 6, tags: vision, utilization: { percent: [0.4, 60] } },
  { name: 'sparse-metrics', instanceType: 'ml.g4dn.xlarge', instanceCount: 2, trainingHours: 6, tags: vision, utilization: { percent: 0.1, hours: 0.5 } },
  { name: 'exempt-job', instanceType: 'ml.g4dn.xlarge', trainingHours: 40, tags: { ...nlp, 'finops:exempt': 'true' } },
  { name: 'prod-job', instanceType: 'ml.g4dn.xlarge', trainingHours: 40, tags: { ...nlp, env: 'prod' } },
  {
    name: 'no-max-runtime',
    instanceType: 'ml.m5.xlarge',
    maxRuntimeHours: null,
    trainingHours: 1,
    tags: { owner: 'kim@example.com', team: 'risk', env: 'dev' },
  },
  { name: 'finished', instanceType: 'ml.m5.xlarge', tags: vision },
];
const IN_PROGRESS = ESTATE.filter((j) => j.trainingHours !== undefined).length;
const EXPECTED = {
  'runaway-time': 'pending',
  'cost-capped': 'flagged',
  stalled: 'flagged',
  'exempt-job': 'exempt',
  'prod-job': 'protected',
  'no-max-runtime': 'recommend',
};

const sweepSection = { mode: 'apply' as const, stop: { teams: ['nlp'] }, spot: { minHours: 1000 } };
// Bundled prices only: these tests count the sweep's own AWS calls and ledger writes; live
// prices (Price List calls, the price cache) are tested in pricing-sweeps.test.ts.
const config = parseConfig({ regions: [REGION], pricing: { live: false }, sweeps: { 'runaway-training': sweepSection } } satisfies FinOpsConfigInput);
const events = (value: string | undefined) => JSON.parse(value ?? '[]') as string[];

let env: Record<string, string>;
let ledgerTable: string;

const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
function sweep(at: Date, mode: 'report' | 'apply' = 'apply', cfg = config): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('runaway-training'), config: cfg, mode, clock: fixedClock(at), env, clients: emulatorClients() });
}
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const finding = (report: SweepReport, id: string) => report.findings.find((f) => f.resourceId === id)!;
const status = async (name: string) => (await sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: name }))).TrainingJobStatus;
async function tagsOf(name: string): Promise<Record<string, string>> {
  const arn = `arn:aws:sagemaker:${REGION}:123456789012:training-job/${name}`;
  const out = await sagemaker().send(new ListTagsCommand({ ResourceArn: arn }));
  return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key!, t.Value!]));
}
const stateOf = async (name: string) =>
  (await ledgerItems(ledgerTable)).find((i) => i.pk === `RES#sagemaker:training-job#${REGION}#${name}` && i.sk === 'STATE#runaway-training');
const noticesTo = async (owner: string) => (await emulator().publishedMessages()).filter((m) => m.messageAttributes.owner?.value === owner);

async function fresh(jobs: readonly SeedTrainingJob[] = ESTATE): Promise<void> {
  const emu = emulator();
  await emu.reset();
  const deployment = await initLocal({ endpoint: emu.endpoint, region: HOME, prefix: 'it' });
  env = { ...deploymentEnv(deployment), AWS_REGION: HOME };
  ledgerTable = deployment.ledgerTable;
  await seedTrainingJobs({ endpoint: emu.endpoint, region: REGION, control: (p, b) => emu.control(p, b), jobs, now: T0 });
}

beforeEach(async () => {
  await fresh();
});

describe('runaway-training against the emulator', () => {
  it('each rule fires, and only when it should; report mode reads, in few calls, and writes nothing', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();
    expect(report.errors).toEqual([]);
    expect(decisions(report)).toEqual(EXPECTED);
    expect(finding(report, 'runaway-time')).toMatchObject({
      resourceType: 'sagemaker:training-job',
      arn: `arn:aws:sagemaker:${REGION}:123456789012:training-job/runaway-time`,
      owner: 'raj@example.com',
      team: 'nlp',
      actAfter: hours(4).toISOString(),
      // 8 x 4.131 = 33.048/h: 30 h = 991.44; to MaxRuntime 72 h = 2379.456
      costSoFarUsd: 991.44,
      elapsedHours: 30,
      projectedCostToMaxRuntimeUsd: 2379.46,
      rules: ['max-hours'],
      estimatedMonthlySavingsUsd: 24125.04,
      reason: 'training for 30.0 h, over its 24 h limit (default); 8 x ml.p3.2xlarge, $991.44 so far',
    });
    // 2 x 4.131 = 8.262/h x 10 h = 82.62
    expect(finding(report, 'cost-capped')).toMatchObject({
      costSoFarUsd: 82.62,
      rules: ['max-cost'],
      reason: expect.stringMatching(/^cost so far \$82.62, over its \$50.00 cap \(tag finops:max-cost-usd\)/),
    });
    expect(finding(report, 'stalled')).toMatchObject({
      rules: ['stalled'],
      costSoFarUsd: 9.86, // 2 x 0.822 x 6 h = 9.864
      evidence: { details: { stallHosts: { 'stalled/algo-1': { datapoints: 24, peakPercent: 0.4 }, 'stalled/algo-2': { datapoints: 24, peakPercent: 0.9 } } } },
    });
    expect(finding(report, 'prod-job').reason).toMatch(/protected environment \(tag env=prod\)$/);
    expect(finding(report, 'no-max-runtime')).toMatchObject({ reason: expect.stringMatching(/^no MaxRuntimeInSeconds/), estimatedMonthlySavingsUsd: 0 });

    const calls = Object.fromEntries(Object.entries(await emu.recordedCalls()).filter(([op]) => !op.startsWith('DynamoDB.')));
    // Report mode reads the ledger (to show real deadlines) and writes nothing.
    expect(calls).toEqual({
      'SageMaker.ListTrainingJobs': 1,
      'SageMaker.DescribeTrainingJob': IN_PROGRESS,
      'SageMaker.ListTags': IN_PROGRESS,
      'CloudWatch.GetMetricData': 1,
    });
    expect(await ledgerItems(ledgerTable)).toEqual([]);
    expect(await emu.publishedMessages()).toEqual([]);
  });

  it('a busy host, sparse metrics and a tag that allows more keep a job from being flagged; the evidence says why', async () => {
    const report = await sweep(T0, 'report', parseConfig({ regions: [REGION], sweeps: { 'runaway-training': { ...sweepSection, maxHours: 1 } } }));
    // With a 1 h default limit, every job flags on time; the stall verdicts are in the evidence.
    expect(finding(report, 'one-busy-host').evidence.stall).toMatch(/^not stalled: GPU peaked at 60% \(per GPU\) on one-busy-host\/algo-2/);
    expect(finding(report, 'sparse-metrics').evidence.stall).toMatch(
      /^not stalled: not enough GPUUtilization datapoints to tell \(algo-1 6, algo-2 6 of 24 periods/,
    );
    expect(decisions(report)['tag-allowed']).toBeUndefined();
  });

  it('apply: flags with a tag and an urgent notice; stops only where enabled, only after the grace period', async () => {
    const first = await sweep(T0);
    expect(decisions(first)).toEqual(EXPECTED);
    expect(await tagsOf('stalled')).toMatchObject({ 'finops:runaway': T0.toISOString() });
    expect(await tagsOf('cost-capped')).toMatchObject({ 'finops:runaway': T0.toISOString() });
    expect(await tagsOf('runaway-time')).not.toHaveProperty('finops:runaway');
    expect(await tagsOf('no-max-runtime')).not.toHaveProperty('finops:runaway');
    const [kim] = await noticesTo('kim@example.com');
    expect(kim!.subject).toBe('[FinOps AI] Runaway SageMaker training jobs: 1 recommended');
    expect(kim!.message).toMatch(/RECOMMENDED[\s\S]*no-max-runtime[\s\S]*no MaxRuntimeInSeconds/);
    const [mei] = await noticesTo('mei@example.com');
    expect(mei!.subject).toBe('[FinOps AI] URGENT Runaway SageMaker training jobs: 2 runaway');
    expect(events(mei!.messageAttributes.event?.value)).toEqual(['runaway']);
    expect(mei!.message).toContain('SageMaker keeps the model artifacts and checkpoints of a stopped job');
    expect(mei!.message).toContain('costSoFarUsd: 82.62');
    expect(mei!.message).not.toContain('details:');
    const [raj] = await noticesTo('raj@example.com');
    expect(events(raj!.messageAttributes.event?.value)).toEqual(['pending', 'protected']);
    expect(raj!.message).toMatch(/runaway-time[\s\S]*when: +not before 2026-11-23 13:00 UTC/);
    expect(await stateOf('stalled')).toMatchObject({ status: 'flagged', evidence: { kind: 'runaway', costSoFarUsd: 9.86 } });

    const early = await sweep(hours(3.9));
    expect(decisions(early)['runaway-time']).toBe('pending');
    expect(await status('runaway-time')).toBe('InProgress');

    const emu = emulator();
    await emu.startRecording();
    const due = await sweep(hours(4));
    await emu.stopRecording();
    expect(finding(due, 'runaway-time')).toMatchObject({ decision: 'acted', actionId: expect.stringMatching(/^act-/) });
    expect((await emu.recordedCalls())['SageMaker.StopTrainingJob']).toBe(1);
    expect(await status('runaway-time')).toBe('Stopped');
    // Flagged only, exempt and protected jobs keep running.
    for (const name of ['cost-capped', 'stalled', 'exempt-job', 'prod-job']) expect(await status(name)).toBe('InProgress');
    const stopped = (await noticesTo('raj@example.com')).at(-1)!;
    expect(stopped.subject).toContain('1 stopped');
    expect(stopped.message).toMatch(/restore: finops-ai restore act-/);
    const action = (await ledgerItems(ledgerTable)).find((i) => String(i.pk).startsWith('ACTION#'))!;
    expect(action).toMatchObject({
      status: 'in-force',
      detail: expect.stringMatching(
        /stopped; SageMaker keeps model artifacts under s3:\/\/finops-demo-ml\/output and checkpoints in s3:\/\/finops-demo-ml\/checkpoints\/runaway-time$/,
      ),
    });
  });

  it('report mode never stops, even after the grace period', async () => {
    await sweep(T0);
    const late = await sweep(hours(10), 'report');
    expect(finding(late, 'runaway-time')).toMatchObject({
      decision: 'pending',
      reason: expect.stringMatching(/grace period over: would stop now \(report mode\)$/),
    });
    expect(await status('runaway-time')).toBe('InProgress');
  });

  it('reminds the owner at most every renotifyHours while the job keeps running', async () => {
    const history = async () =>
      (await ledgerItems(ledgerTable))
        .filter((i) => i.pk === `RES#sagemaker:training-job#${REGION}#cost-capped` && String(i.sk).startsWith('EVENT#'))
        .map((i) => i.type);
    const mentions = async () => (await noticesTo('mei@example.com')).filter((m) => m.message.includes('* cost-capped'));
    await sweep(T0);
    await sweep(hours(1));
    await sweep(hours(23.9));
    expect(await history()).toEqual(['flagged', 'warned']);
    expect(await mentions()).toHaveLength(1);
    const day = await sweep(hours(24));
    expect(finding(day, 'cost-capped').costSoFarUsd).toBe(280.91); // 8.262 x 34 h = 280.908
    expect(await history()).toEqual(['flagged', 'warned', 'reminded', 'warned']);
    const reminders = await mentions();
    expect(reminders).toHaveLength(2);
    expect(reminders[1]!.subject).toMatch(/^\[FinOps AI\] URGENT/);
    expect(reminders[1]!.message).toContain('costSoFarUsd: 280.91');
  });

  it('a flagged job that ends gets its final record: status, time and final cost', async () => {
    const emu = emulator();
    await sweep(T0);
    // cost-capped trained from T0-10h; AWS reports 12 h billable per instance.
    await emu.control('sagemaker/training-job-end', {
      name: 'cost-capped',
      region: REGION,
      status: 'Completed',
      trainingEndTime: hours(2).toISOString(),
      billableTimeInSeconds: 12 * 3600,
    });
    // stalled trained from T0-6h and failed at T0+1h; no billable time reported.
    await emu.control('sagemaker/training-job-end', {
      name: 'stalled',
      region: REGION,
      status: 'Failed',
      trainingEndTime: hours(1).toISOString(),
      failureReason: 'AlgorithmError: CUDA error',
    });
    const later = await sweep(hours(3));
    expect(decisions(later)['cost-capped']).toBeUndefined();
    expect(await stateOf('cost-capped')).toMatchObject({
      status: 'ended',
      evidence: { finalStatus: 'Completed', finalElapsedHours: 12, billableHours: 12, finalCostUsd: 99.14, costSoFarUsd: 82.62 }, // 8.262 x 12 = 99.144
    });
    expect(await stateOf('stalled')).toMatchObject({
      status: 'ended',
      evidence: { finalStatus: 'Failed', finalElapsedHours: 7, finalCostUsd: 11.51, failureReason: 'AlgorithmError: CUDA error' }, // 1.644 x 7 = 11.508
    });
    const events = (await ledgerItems(ledgerTable))
      .filter((i) => String(i.sk).startsWith('EVENT#') && i.type === 'ended')
      .map((i) => i.detail)
      .sort();
    expect(events).toEqual([
      'Completed after 12.0 h of training; final cost $99.14',
      'Failed after 7.0 h of training; final cost $11.51; AlgorithmError: CUDA error',
    ]);
  });

  it('the emulator ends a job as AWS reports it, and refuses a status a job cannot end in', async () => {
    const emu = emulator();
    await emu.control('sagemaker/training-job-end', {
      name: 'under-limit',
      region: REGION,
      status: 'Stopped',
      trainingEndTime: hours(1).toISOString(),
      billableTimeInSeconds: 3600,
      trainingTimeInSeconds: 7200,
    });
    expect(await sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: 'under-limit' }))).toMatchObject({
      TrainingJobStatus: 'Stopped',
      TrainingEndTime: hours(1),
      BillableTimeInSeconds: 3600,
      TrainingTimeInSeconds: 7200,
    });
    await expect(emu.control('sagemaker/training-job-end', { name: 'under-limit', region: REGION, status: 'InProgress' })).rejects.toThrow(
      /status must be one of Completed, Failed, Stopped/,
    );
    await expect(emu.control('sagemaker/training-job-end', { name: 'nope', region: REGION })).rejects.toThrow(/training job 'nope' not found/);
  });

  it('two concurrent runs tag, notify and stop once', async () => {
    const emu = emulator();
    await emu.startRecording();
    await Promise.all([sweep(T0), sweep(T0)]);
    const [a, b] = await Promise.all([sweep(hours(4)), sweep(hours(4))]);
    await emu.stopRecording();
    const calls = await emu.recordedCalls();
    expect(calls['SageMaker.AddTags']).toBe(2); // cost-capped and stalled, once each (a recommendation is not tagged)
    expect(calls['SageMaker.StopTrainingJob']).toBe(1);
    expect([...a.findings, ...b.findings].filter((f) => f.decision === 'acted').map((f) => f.resourceId)).toEqual(['runaway-time']);
    expect((await ledgerItems(ledgerTable)).filter((i) => String(i.pk).startsWith('ACTION#'))).toHaveLength(1);
    // Each flagged job is in exactly one notice (the two runs may split them between two messages).
    const mentions = (await noticesTo('mei@example.com')).flatMap((m) => m.message.match(/^ {2}\* \S+/gm) ?? []).sort();
    expect(mentions).toEqual(['  * cost-capped', '  * stalled']);
  });

  it("restore creates a new job from the stopped one's spec, named after the stop", async () => {
    await sweep(T0);
    const acted = finding(await sweep(hours(4)), 'runaway-time');
    const restored = await restoreFromEnv({ actionId: acted.actionId!, clock: fixedClock(hours(6)), config, env, clients: emulatorClients(), sweepNamed });
    const stamp = acted.actionId!.slice(4, 17).replace('T', '');
    expect(restored.restoredResourceId).toBe(`runaway-time-r${stamp}`);
    expect(restored.detail).toMatch(
      /from the spec of runaway-time \(8 x ml.p3.2xlarge\).*resumes from the checkpoints in s3:\/\/finops-demo-ml\/checkpoints\/runaway-time if its training script loads them/,
    );
    const copy = await sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: restored.restoredResourceId }));
    expect(copy).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/sagemaker-training',
      ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 8, VolumeSizeInGB: 50 },
      StoppingCondition: { MaxRuntimeInSeconds: 72 * 3600 },
      CheckpointConfig: { S3Uri: 's3://finops-demo-ml/checkpoints/runaway-time' },
      HyperParameters: { epochs: '10' },
      OutputDataConfig: { S3OutputPath: 's3://finops-demo-ml/output' },
    });
    expect(await tagsOf(restored.restoredResourceId)).toEqual({ ...nlp, 'finops:restored-from': 'runaway-time', 'finops:restore-of': acted.actionId });
    await expect(
      restoreFromEnv({ actionId: acted.actionId!, clock: fixedClock(hours(7)), config, env, clients: emulatorClients(), sweepNamed }),
    ).rejects.toThrow(/already restored/);

    // A restore that died after creating the job and runs again finds that job instead of making another.
    const action = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${acted.actionId}`)!;
    const ctx = { region: REGION, clients: emulatorClients(), now: hours(8), logger: silentLogger };
    const again = await RunawayTrainingSweep.action.restore(action.restoreData as TrainingJobRestoreData, ctx, acted.actionId!);
    expect(again).toMatchObject({ restoredResourceId: restored.restoredResourceId, detail: expect.stringMatching(/was already created by this restore/) });
    await expect(RunawayTrainingSweep.action.restore(action.restoreData as TrainingJobRestoreData, ctx, 'act-20261123T1300-00000000')).rejects.toThrow(
      /a training job named runaway-time-r202611231300 already exists and was not created by this restore/,
    );
  });

  it('pages ListTrainingJobs to the end: an empty first page with a token is not the end', async () => {
    // 150 finished jobs first, so moto's first page of 100 (paged before the status filter) is empty.
    const filler = Array.from({ length: 150 }, (_, i): SeedTrainingJob => ({ name: `done-${String(i).padStart(3, '0')}`, instanceType: 'ml.m5.xlarge' }));
    await fresh([...filler, ...ESTATE.slice(0, 2)]);
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();
    expect(decisions(report)).toEqual({ 'runaway-time': 'pending' });
    const calls = await emu.recordedCalls();
    expect(calls['SageMaker.ListTrainingJobs']).toBe(2);
    expect(calls['SageMaker.DescribeTrainingJob']).toBe(2);
  });

  it('a stall seen again on later runs stays flagged, with fresh utilization', async () => {
    await sweep(T0);
    const stalled = ESTATE.find((j) => j.name === 'stalled')!;
    await putUtilization({ endpoint: inject('emulatorEndpoint'), region: REGION, jobs: [stalled], now: hours(2) });
    const again = await sweep(hours(2));
    expect(finding(again, 'stalled')).toMatchObject({ decision: 'flagged', elapsedHours: 8 });
    expect(await stateOf('stalled')).toMatchObject({ status: 'flagged' });
  });
});

describe('finops-ai CLI: sweep runaway-training', () => {
  const exec = promisify(execFile);
  it('--json prints the contract: resourceType, the job name, costSoFarUsd, elapsedHours, decision', async () => {
    const r = await exec(process.execPath, ['bin/finops-ai.mjs', 'sweep', 'runaway-training', '--json', '--region', REGION, '--now', T0.toISOString()], {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    });
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ sweep: 'runaway-training', mode: 'report', regions: [REGION], errors: [] });
    // Default config: no stops enabled, so every runaway is flagged; spot advice after 4 h on demand.
    expect(Object.fromEntries(doc.findings.map((f: { resourceId: string; decision: string }) => [f.resourceId, f.decision]))).toMatchObject({
      'runaway-time': 'flagged',
      'cost-capped': 'flagged',
      stalled: 'flagged',
      'exempt-job': 'exempt',
      'prod-job': 'protected',
      'no-max-runtime': 'recommend',
      'under-limit': 'recommend',
    });
    expect(doc.findings.find((f: { resourceId: string }) => f.resourceId === 'runaway-time')).toMatchObject({
      resourceType: 'sagemaker:training-job',
      resourceId: 'runaway-time',
      costSoFarUsd: 991.44,
      elapsedHours: 30,
      decision: 'flagged',
    });
  });
});
