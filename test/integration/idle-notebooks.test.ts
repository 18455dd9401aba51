/**
 * idle-notebooks on the emulator: notebook instances in moto, their opens as CloudTrail
 * events (the launcher's LookupEvents), CPU/GPU as CloudWatch agent metrics; report
 * mode, apply mode across the grace period, stop and restore, and the calls per run.
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import {
  CreateNotebookInstanceCommand,
  DeleteNotebookInstanceCommand,
  DescribeNotebookInstanceCommand,
  SageMakerClient,
  StopNotebookInstanceCommand,
  type _InstanceType,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { silentLogger } from '../../lib/core/sweep.js';
import { parseConfig } from '../../lib/config.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { IdleNotebookSweep } from '../../lib/sweeps/idle-notebooks/index.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

// Monday 09:00 UTC = 18:00 in Tokyo.
const T0 = new Date('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;
const config = parseConfig({ regions: [REGION], sweeps: { 'idle-notebooks': { mode: 'apply', gracePeriodHours: 24 } } });

interface SeedNotebook {
  readonly name: string;
  readonly type?: _InstanceType;
  readonly tags?: Record<string, string>;
  /** Hours before T0 it was created / last started (default 24 x 10 / 24 x 2). */
  readonly createdHoursAgo?: number;
  readonly modifiedHoursAgo?: number;
  readonly status?: string;
  /** Hours before T0 of each CreatePresignedNotebookInstanceUrl. */
  readonly opened?: readonly number[];
  /** Average CPU utilization (percent) of each of the last 24 hours, newest last. */
  readonly cpu?: (hoursAgo: number) => number;
  readonly gpu?: (hoursAgo: number) => number;
}

const owner = (o: string, team: string, env = 'dev') => ({ owner: o, team, env });
const ESTATE: SeedNotebook[] = [
  { name: 'nb-idle', tags: owner('ana@example.com', 'risk'), opened: [72, 80] },
  { name: 'nb-agent-quiet', type: 'ml.m5.xlarge', tags: owner('lee@example.com', 'vision'), opened: [20], cpu: () => 0.8, gpu: () => 0 },
  { name: 'nb-opened', tags: owner('ana@example.com', 'risk'), opened: [2, 30] },
  { name: 'nb-training', tags: owner('raj@example.com', 'nlp'), opened: [50], cpu: (h) => (h === 3 ? 60 : 1) },
  { name: 'nb-young', tags: owner('raj@example.com', 'nlp'), createdHoursAgo: 5, modifiedHoursAgo: 5 },
  { name: 'nb-updating', tags: owner('raj@example.com', 'nlp'), status: 'Updating' },
  { name: 'nb-stopped', tags: owner('raj@example.com', 'nlp'), status: 'Stopped' },
  { name: 'nb-after-hours', tags: { ...owner('mia@example.com', 'research'), 'finops:schedule': 'weekdays-9-17 Asia/Tokyo' }, opened: [1] },
  { name: 'nb-bad-schedule', tags: { ...owner('mia@example.com', 'research'), 'finops:schedule': 'office hours' }, opened: [40] },
  { name: 'nb-exempt', tags: { ...owner('ana@example.com', 'risk'), 'finops:exempt': 'true' } },
  { name: 'nb-prod', tags: owner('lee@example.com', 'vision', 'prod') },
];
const IDLE = ['nb-after-hours', 'nb-agent-quiet', 'nb-bad-schedule', 'nb-idle'];

let env: Record<string, string>;
let ledgerTable: string;
const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const statusOf = async (name: string) => (await sagemaker().send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }))).NotebookInstanceStatus;
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const finding = (report: SweepReport, name: string) => report.findings.find((f) => f.resourceId === name)!;
function sweep(at: Date, mode: 'report' | 'apply' = 'apply'): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('idle-notebooks'), config, mode, clock: fixedClock(at), env, clients: emulatorClients() });
}

async function seedNotebooks(notebooks: readonly SeedNotebook[]): Promise<void> {
  const emu = emulator();
  const client = sagemaker();
  const events: object[] = [];
  const metrics: MetricDatum[] = [];
  for (const n of notebooks) {
    await client.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: n.name,
        InstanceType: n.type ?? 'ml.t3.medium',
        RoleArn: 'arn:aws:iam::123456789012:role/notebooks',
        VolumeSizeInGB: 20,
        Tags: Object.entries(n.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    await emu.control('sagemaker/notebook-instance', {
      name: n.name,
      status: n.status ?? 'InService',
      creationTime: new Date(T0.getTime() - (n.createdHoursAgo ?? 240) * HOUR).toISOString(),
      lastModifiedTime: new Date(T0.getTime() - (n.modifiedHoursAgo ?? 48) * HOUR).toISOString(),
    });
    for (const h of n.opened ?? []) {
      events.push({
        eventName: 'CreatePresignedNotebookInstanceUrl',
        eventTime: new Date(T0.getTime() - h * HOUR).toISOString(),
        username: n.tags?.owner ?? 'someone',
        requestParameters: { notebookInstanceName: n.name, sessionExpirationDurationInSeconds: 43200 },
      });
    }
    // What AWS's lifecycle sample publishes: cpu_usage_idle for cpu-total, GPU utilization per GPU, with host.
    const base = [{ Name: 'host', Value: `ip-10-0-0-${metrics.length % 250}` }];
    for (let h = 24; h >= 1; h--) {
      const Timestamp = new Date(T0.getTime() - h * HOUR + 60_000);
      const notebook = { Name: 'notebook_instance_name', Value: n.name };
      if (n.cpu)
        metrics.push({ MetricName: 'cpu_usage_idle', Dimensions: [...base, { Name: 'cpu', Value: 'cpu-total' }, notebook], Timestamp, Value: 100 - n.cpu(h) });
      if (n.cpu) metrics.push({ MetricName: 'cpu_usage_idle', Dimensions: [...base, { Name: 'cpu', Value: 'cpu0' }, notebook], Timestamp, Value: 0 }); // one core: not the instance
      if (n.gpu)
        metrics.push({ MetricName: 'nvidia_smi_utilization_gpu', Dimensions: [...base, { Name: 'index', Value: '0' }, notebook], Timestamp, Value: n.gpu(h) });
    }
  }
  await emu.control('cloudtrail/events', { events });
  const cloudwatch = new CloudWatchClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
  for (let i = 0; i < metrics.length; i += 500) {
    await cloudwatch.send(new PutMetricDataCommand({ Namespace: 'SageMakerNotebookInstances', MetricData: metrics.slice(i, i + 500) }));
  }
}

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  ledgerTable = env.FINOPS_LEDGER_TABLE!;
});

describe('idle-notebooks against the emulator', () => {
  it('report mode: idle notebooks with the signal that decided in the reason, nothing written', async () => {
    await seedNotebooks(ESTATE);
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();

    expect(decisions(report)).toEqual({
      'nb-idle': 'pending',
      'nb-agent-quiet': 'pending',
      'nb-after-hours': 'pending',
      'nb-bad-schedule': 'pending',
      'nb-exempt': 'exempt',
      'nb-prod': 'protected',
    });
    expect(report.errors).toEqual([]);
    expect(finding(report, 'nb-idle')).toMatchObject({
      resourceType: 'sagemaker:notebook-instance',
      arn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:\d{12}:notebook-instance\/nb-idle$/),
      owner: 'ana@example.com',
      team: 'risk',
      actAfter: addHours(T0, 24).toISOString(),
      // The lookup covers the idle window only: the open 3 days ago is not read.
      reason: 'not opened for 12 h (CloudTrail CreatePresignedNotebookInstanceUrl: none in the last 12 h); no CloudWatch agent metrics',
      evidence: {
        decidedBy: 'cloudtrail',
        lastOpenedAt: null,
        cloudTrailSearchedFrom: addHours(T0, -12).toISOString(),
        volumeSizeInGB: 20,
        instanceType: 'ml.t3.medium',
      },
      // Priced live from the emulated Price List API (Notebook component, us-east-1 ml.t3.medium
      // at the fixture's 0.05 USD/h): 0.05 x 730 h = 36.50 a month. The storage volume stays billed.
      estimatedMonthlySavingsUsd: 36.5,
    });
    expect(finding(report, 'nb-agent-quiet')).toMatchObject({
      reason:
        'not opened for 12 h (CloudTrail CreatePresignedNotebookInstanceUrl: none in the last 12 h) and CPU at most 0.8%, GPU at most 0% (CloudWatch agent, busy above 5%)',
      evidence: { decidedBy: 'cloudtrail+agent', agentNamespace: 'SageMakerNotebookInstances', agentHours: 12, agentMaxCpuPercent: 0.8, agentMaxGpuPercent: 0 },
    });
    expect(finding(report, 'nb-after-hours')).toMatchObject({
      reason: 'outside its schedule weekdays-9-17 Asia/Tokyo (now Mon 18:00 Asia/Tokyo; tag finops:schedule)',
      evidence: { decidedBy: 'schedule', schedule: 'weekdays-9-17 Asia/Tokyo' },
    });
    expect(finding(report, 'nb-bad-schedule').reason).toMatch(/^not opened for 12 h .*; schedule tag finops:schedule="office hours" ignored: expected /);

    // Report mode records no finding; only the live price cache (public list prices) is written.
    expect((await ledgerItems(ledgerTable)).filter((i) => !String(i.pk).startsWith('PRICE#'))).toEqual([]);
    expect(await emu.publishedMessages()).toEqual([]);
    const calls = await emu.recordedCalls();
    for (const write of ['DynamoDB.PutItem', 'DynamoDB.TransactWriteItems', 'DynamoDB.UpdateItem', 'SNS.Publish', 'SageMaker.StopNotebookInstance'])
      expect(calls[write] ?? 0, write).toBe(0);
    expect(calls['SageMaker.ListNotebookInstances']).toBe(1);
    expect(calls['CloudTrail.LookupEvents']).toBe(1);
    expect(calls['CloudWatch.ListMetrics']).toBe(2);
    expect(calls['CloudWatch.GetMetricData']).toBe(1);
    // Tags of the 8 InService notebooks running 12 h or more; describes for the 6 the signals call idle.
    expect(calls['SageMaker.ListTags']).toBe(8);
    expect(calls['SageMaker.DescribeNotebookInstance']).toBe(6);
  });

  it('apply mode warns, waits out the grace period, stops only InService idle notebooks, and restore starts one', async () => {
    await seedNotebooks(ESTATE);
    const emu = emulator();
    const first = await sweep(T0);
    expect(decisions(first)).toMatchObject(Object.fromEntries(IDLE.map((n) => [n, 'pending'])));
    const warnings = await emu.publishedMessages();
    expect(warnings.map((m) => m.messageAttributes.owner?.value).sort()).toEqual(['ana@example.com', 'lee@example.com', 'mia@example.com']);
    const ana = warnings.find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!;
    expect(ana.messageAttributes.sweep?.value).toBe('idle-notebooks');
    expect(ana.message).toContain('nb-idle');
    expect(ana.message).toContain('not opened for 12 h (CloudTrail CreatePresignedNotebookInstanceUrl');

    const early = await sweep(addHours(T0, 12));
    expect(early.findings.filter((f) => f.decision === 'acted')).toEqual([]);
    for (const name of IDLE) expect(await statusOf(name)).toBe('InService');

    // Meanwhile one idle notebook is being updated: it must not be stopped.
    await emu.control('sagemaker/notebook-instance', { name: 'nb-bad-schedule', status: 'Updating' });
    const due = await sweep(addHours(T0, 25));
    const acted = due.findings
      .filter((f) => f.decision === 'acted')
      .map((f) => f.resourceId)
      .sort();
    expect(acted).toEqual(['nb-after-hours', 'nb-agent-quiet', 'nb-idle']);
    expect(decisions(due)).toMatchObject({ 'nb-exempt': 'exempt', 'nb-prod': 'protected' });
    for (const name of acted) expect(await statusOf(name)).toBe('Stopped');
    for (const name of ['nb-exempt', 'nb-prod', 'nb-opened', 'nb-training']) expect(await statusOf(name)).toBe('InService');
    expect(await statusOf('nb-bad-schedule')).toBe('Updating');
    expect(await statusOf('nb-updating')).toBe('Updating');

    const actionId = finding(due, 'nb-idle').actionId!;
    const action = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`);
    expect(action).toMatchObject({
      status: 'in-force',
      owner: 'ana@example.com',
      restoreData: { notebookName: 'nb-idle', instanceType: 'ml.t3.medium', volumeSizeInGB: 20 },
    });

    const restored = await restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 35)), config, env, clients: emulatorClients(), sweepNamed });
    expect(restored).toMatchObject({ restoredResourceId: 'nb-idle', hoursInForce: 10, realizedSavingsUsd: 0.5 }); // 0.05 USD/h x 10 h
    expect(restored.detail).toMatch(/started \(was Stopped\); its ML storage volume \(20 GB\) is attached again/);
    expect(await statusOf('nb-idle')).toBe('InService');
    await expect(restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 36)), config, env, clients: emulatorClients(), sweepNamed })).rejects.toThrow(
      /already restored/,
    );

    const history = (await ledgerItems(ledgerTable))
      .filter((i) => i.pk === 'RES#sagemaker:notebook-instance#us-east-1#nb-idle' && String(i.sk).startsWith('EVENT#'))
      .map((i) => i.type);
    expect(history).toEqual(['detected', 'warned', 'acting', 'acted', 'notified', 'restoring', 'restored']);
    // Started again, it is young: no new finding.
    expect((await sweep(addHours(T0, 40))).findings.map((f) => f.resourceId)).not.toContain('nb-idle');
  });

  it('restore refuses clearly when the notebook was deleted after the stop', async () => {
    await seedNotebooks(ESTATE.filter((n) => n.name === 'nb-idle'));
    await sweep(T0);
    const due = await sweep(addHours(T0, 25));
    const actionId = finding(due, 'nb-idle').actionId!;
    await sagemaker().send(new DeleteNotebookInstanceCommand({ NotebookInstanceName: 'nb-idle' }));
    await expect(restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 30)), config, env, clients: emulatorClients(), sweepNamed })).rejects.toThrow(
      /notebook instance "nb-idle" was deleted after it was stopped, with its ML storage volume; there is nothing to start/,
    );
  });

  it('the action counts a notebook already stopped or gone as done, and refuses one not InService', async () => {
    await seedNotebooks([{ name: 'nb-a' }, { name: 'nb-b', status: 'Pending' }]);
    const ctx = { region: REGION, clients: emulatorClients(), now: T0, logger: silentLogger };
    const data = (name: string) => ({
      notebookName: name,
      notebookArn: `arn:aws:sagemaker:${REGION}:123456789012:notebook-instance/${name}`,
      instanceType: 'ml.t3.medium',
      volumeSizeInGB: 20,
    });
    const action = IdleNotebookSweep.action;
    await sagemaker().send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb-a' }));
    await expect(action.act(data('nb-a'), ctx)).resolves.toEqual({ status: 'done', detail: 'notebook instance nb-a was already stopped' });
    await expect(action.act(data('nb-gone'), ctx)).resolves.toEqual({
      status: 'done',
      detail: 'notebook instance nb-gone was deleted; nothing to stop',
    });
    await expect(action.act(data('nb-b'), ctx)).rejects.toThrow(
      'nb-b: not acted on: notebook instance is Pending, not InService (the next run looks at it again)',
    );
    expect(await statusOf('nb-b')).toBe('Pending');
    await emulator().control('sagemaker/notebook-instance', { name: 'nb-b', status: 'Stopping' });
    await expect(action.restore(data('nb-b'), ctx, 'act-4')).rejects.toThrow(/notebook instance "nb-b" is Stopping; run restore again once it is Stopped/);
  });

  it('a CloudTrail failure is reported; without agent metrics the notebooks are inconclusive, not idle', async () => {
    await seedNotebooks([
      { name: 'nb-idle', tags: owner('ana@example.com', 'risk') },
      { name: 'nb-agent', tags: owner('ana@example.com', 'risk'), cpu: () => 0.5 },
    ]);
    const clients = emulatorClients();
    const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail');
    clients.get(CloudTrailClient, REGION).middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), {
          name: 'AccessDeniedException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      },
      { step: 'initialize', name: 'denyLookupEvents' },
    );
    const report = await runConfiguredSweep({ sweep: sweepNamed('idle-notebooks'), config, mode: 'report', clock: fixedClock(T0), env, clients });
    expect(report.errors).toMatchObject([
      { resourceId: 'cloudtrail:LookupEvents', stage: 'inventory', message: expect.stringContaining('AccessDeniedException') },
    ]);
    expect(report.inconclusive).toMatchObject([
      { resourceId: 'nb-idle', reason: expect.stringMatching(/^activity unknown: CloudTrail could not be read \(AccessDeniedException/) },
    ]);
    expect(finding(report, 'nb-agent')).toMatchObject({ decision: 'pending', evidence: { decidedBy: 'agent' } });
  });

  it('calls per run at 50 notebooks in one region', async () => {
    // 50 InService notebooks running for days: 30 opened within 12 h (twice each: 60 events,
    // two LookupEvents pages), 20 not; 10 with agent metrics (5 of them with a GPU).
    const estate: SeedNotebook[] = Array.from({ length: 50 }, (_, i) => ({
      name: `nb-${String(i).padStart(2, '0')}`,
      tags: owner(`user${i % 7}@example.com`, `team${i % 4}`),
      opened: i < 30 ? [1 + (i % 10), 6 + (i % 5)] : [48],
      ...(i % 5 === 0 ? { cpu: () => 1, ...(i % 10 === 0 ? { gpu: () => 0 } : {}) } : {}),
    }));
    await seedNotebooks(estate);
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();
    expect(report.findings).toHaveLength(20);
    const calls = await emu.recordedCalls();
    const aws = Object.fromEntries(Object.entries(calls).filter(([op]) => !op.startsWith('DynamoDB.')));
    console.log(`idle-notebooks, 50 notebooks in one region: ${JSON.stringify(aws)}; total ${Object.values(aws).reduce((a, b) => a + b, 0)}`);
    expect(aws).toEqual({
      'SageMaker.ListNotebookInstances': 1, // 100 a page
      'CloudTrail.LookupEvents': 2, // 60 events, 50 a page: one query, paged
      'CloudWatch.ListMetrics': 2, // cpu_usage_idle, nvidia_smi_utilization_gpu
      'CloudWatch.GetMetricData': 1, // 15 series (10 CPU + 5 GPU), 500 a call
      'SageMaker.ListTags': 50, // every InService notebook old enough: its schedule tag may make it idle
      'SageMaker.DescribeNotebookInstance': 20, // only those the signals call idle
      'Pricing.GetProducts': 1, // one Price List query for the notebook component (cached for the next run)
    });
  });
});
