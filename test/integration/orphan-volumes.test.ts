import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteSnapshotCommand, DescribeSnapshotsCommand, DescribeVolumesCommand, EC2Client, type Volume } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { AwsClients } from '../../lib/aws/clients.js';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { attachVolume, demoVolumes, seedVolumes, startInstance } from '../../lib/local/seed-volumes.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { SWEEP_NAMES, sweepNamed } from '../../lib/sweeps/registry.js';
import { RESOURCE_TYPES } from '../../lib/sweeps/tag-coverage/facts.js';
import { CREDENTIALS, emulator, emulatorClients, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const days = (n: number) => addHours(T0, n * 24);
const config = parseConfig({
  regions: [REGION],
  sweeps: { 'orphan-volumes': { mode: 'apply', gracePeriodHours: 24, minUnattachedDays: 7, snapshots: { disabledForTeams: ['sandbox'] } } },
});
/** Unattached volumes that become waste; `scratch-nosnap` (team sandbox) is deleted without a snapshot. */
const SNAPSHOTTED = ['eval-results', 'feature-cache', 'notebook-home', 'training-scratch'];
const WASTE = [...SNAPSHOTTED, 'scratch-nosnap'].sort();

let env: Record<string, string>;
let ledgerTable: string;
let ids: Map<string, string>;
let names: Map<string, string>;

const ec2 = () => new EC2Client({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const id = (name: string) => ids.get(name)!;
function sweep(at: Date, mode: 'report' | 'apply' = 'apply', clients: AwsClients = emulatorClients()): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('orphan-volumes'), config, mode, clock: fixedClock(at), env, clients });
}
/** Decisions by volume name. */
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [names.get(f.resourceId) ?? f.resourceId, f.decision]));
async function volume(volumeId: string): Promise<Volume | undefined> {
  try {
    return (await ec2().send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
  } catch {
    return undefined;
  }
}
async function snapshotsOf(volumeId: string) {
  const out = await ec2().send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: [{ Name: 'tag:finops:source-volume', Values: [volumeId] }] }));
  return out.Snapshots ?? [];
}
const stateOf = async (name: string) =>
  (await ledgerItems(ledgerTable)).find((i) => i.pk === `RES#ec2:volume#${REGION}#${id(name)}` && i.sk === 'STATE#orphan-volumes');

/** Watches on day 0, warns on day 7: the grace period ends on day 8. */
async function untilWarned(): Promise<void> {
  await sweep(T0);
  await sweep(days(7));
}

beforeEach(async () => {
  const emu = emulator();
  await emu.reset();
  const deployment = await initLocal({ endpoint: emu.endpoint, region: REGION, prefix: 'it' });
  env = { ...deploymentEnv(deployment), AWS_REGION: REGION };
  ledgerTable = deployment.ledgerTable;
  ids = await seedVolumes({ endpoint: emu.endpoint, region: REGION, volumes: demoVolumes() });
  names = new Map([...ids].map(([name, volumeId]) => [volumeId, name]));
});

describe('orphan-volumes against the emulator', () => {
  it('first sight only watches; waste after minUnattachedDays; no notice before', async () => {
    const emu = emulator();
    await emu.startRecording();
    const first = await sweep(T0);
    await emu.stopRecording();
    expect(first.findings).toEqual([]);
    expect(first.errors).toEqual([]);
    expect((await emu.recordedCalls())['EC2.DescribeVolumes']).toBe(1); // one page, tags inline
    const watching = (await ledgerItems(ledgerTable)).filter((i) => String(i.sk) === 'STATE#orphan-volumes');
    expect(watching.map((i) => names.get(String(i.pk).split('#').pop()!)).sort()).toEqual([...WASTE, 'dataset-archive', 'payments-db-spare'].sort());
    expect(watching.every((i) => i.status === 'watching')).toBe(true);
    expect(await emu.publishedMessages()).toEqual([]);

    const early = await sweep(addHours(days(7), -1));
    expect(early.findings).toEqual([]);

    const due = await sweep(days(7));
    expect(decisions(due)).toEqual({ ...Object.fromEntries(WASTE.map((n) => [n, 'pending'])), 'dataset-archive': 'exempt', 'payments-db-spare': 'protected' });
    const scratch = due.findings.find((f) => f.resourceId === id('training-scratch'))!;
    expect(scratch).toMatchObject({
      resourceType: 'ec2:volume',
      arn: `arn:aws:ec2:${REGION}::volume/${id('training-scratch')}`,
      owner: 'ana@example.com',
      team: 'risk',
      actAfter: days(8).toISOString(),
      estimatedMonthlySavingsUsd: 35, // 500 x 0.08 + 3000 x 0.005 + 125 x 0.04 - 500 x 0.05
      evidence: { grossMonthlyUsd: 60, snapshotMonthlyUsd: 25, netMonthlyUsd: 35, daysUnattached: 7, unattachedSince: T0.toISOString() },
    });
    const nosnap = due.findings.find((f) => f.resourceId === id('scratch-nosnap'))!;
    expect(nosnap.reason).toMatch(/no snapshot will be kept: snapshots disabled for team sandbox \(tag team=sandbox\)/);
    const notices = await emu.publishedMessages();
    const kim = notices.find((m) => m.messageAttributes.owner?.value === 'kim@example.com')!;
    expect(kim.message).toContain('no snapshot will be kept');
    expect(kim.message).toContain(`aws ec2 create-tags --region ${REGION} --resources ${id('scratch-nosnap')} --tags Key=finops:exempt,Value=true`);
  });

  it('report mode without a ledger writes nothing and only watches', async () => {
    const report = await runConfiguredSweep({
      sweep: sweepNamed('orphan-volumes'),
      config,
      mode: 'report',
      clock: fixedClock(days(30)),
      env: { AWS_REGION: REGION },
      clients: emulatorClients(),
    });
    expect(report.findings).toEqual([]);
    expect(await ledgerItems(ledgerTable)).toEqual([]);
  });

  it('acts only after the grace period: snapshot in one run, delete in a later run once completed; restore recreates the volume', async () => {
    const emu = emulator();
    await untilWarned();
    const early = await sweep(addHours(days(8), -1));
    expect(early.findings.filter((f) => f.decision === 'acted')).toEqual([]);
    expect(await snapshotsOf(id('training-scratch'))).toEqual([]);

    // Phase 1: the snapshots start; no volume with a snapshot is deleted in this run.
    await emu.startRecording();
    const phase1 = await sweep(days(8));
    await emu.stopRecording();
    let calls = await emu.recordedCalls();
    expect(calls['EC2.CreateSnapshot']).toBe(SNAPSHOTTED.length);
    expect(calls['EC2.DeleteVolume']).toBe(1); // scratch-nosnap only
    expect(decisions(phase1)).toMatchObject({ ...Object.fromEntries(SNAPSHOTTED.map((n) => [n, 'pending'])), 'scratch-nosnap': 'acted' });
    expect(phase1.findings.find((f) => f.resourceId === id('training-scratch'))!.reason).toMatch(/in progress: snapshot snap-\S+ of vol-\S+ started/);
    for (const name of SNAPSHOTTED) expect(await volume(id(name))).toBeDefined();
    expect(await volume(id('scratch-nosnap'))).toBeUndefined();
    expect(await snapshotsOf(id('scratch-nosnap'))).toEqual([]);
    const [snap] = await snapshotsOf(id('training-scratch'));
    expect(Object.fromEntries(snap!.Tags!.map((t) => [t.Key, t.Value]))).toMatchObject({
      Name: 'training-scratch',
      owner: 'ana@example.com',
      team: 'risk',
      env: 'dev',
      'finops:source-volume': id('training-scratch'),
      'finops:action-id': expect.stringMatching(/^act-/),
    });
    expect(await stateOf('training-scratch')).toMatchObject({ status: 'acting' });

    // A snapshot still pending on the next run: nothing is deleted.
    for (const name of SNAPSHOTTED) {
      for (const s of await snapshotsOf(id(name))) await emu.control('ec2/snapshot-state', { snapshotId: s.SnapshotId, state: 'pending', region: REGION });
    }
    const waiting = await sweep(addHours(days(8), 1));
    expect(decisions(waiting)).toMatchObject(Object.fromEntries(SNAPSHOTTED.map((n) => [n, 'pending'])));
    expect(waiting.findings.find((f) => f.resourceId === id('training-scratch'))!.reason).toMatch(/snapshot snap-\S+ of vol-\S+ is pending/);
    for (const name of SNAPSHOTTED) expect(await volume(id(name))).toBeDefined();

    // Phase 2: completed, so the volumes go.
    for (const name of SNAPSHOTTED) {
      for (const s of await snapshotsOf(id(name))) await emu.control('ec2/snapshot-state', { snapshotId: s.SnapshotId, state: 'completed', region: REGION });
    }
    await emu.startRecording();
    const phase2 = await sweep(addHours(days(8), 2));
    await emu.stopRecording();
    calls = await emu.recordedCalls();
    expect(calls['EC2.DeleteVolume']).toBe(SNAPSHOTTED.length);
    expect(calls['EC2.CreateSnapshot'] ?? 0).toBe(0);
    expect(decisions(phase2)).toEqual({
      ...Object.fromEntries(SNAPSHOTTED.map((n) => [n, 'acted'])),
      'dataset-archive': 'exempt',
      'payments-db-spare': 'protected',
    });
    for (const name of SNAPSHOTTED) expect(await volume(id(name))).toBeUndefined();
    // Exempt and protected volumes are untouched, and so is the attached one.
    for (const name of ['dataset-archive', 'payments-db-spare', 'gpu-node-root']) {
      expect(await volume(id(name))).toBeDefined();
      expect(await snapshotsOf(id(name))).toEqual([]);
    }
    const history = (await ledgerItems(ledgerTable))
      .filter((i) => i.pk === `RES#ec2:volume#${REGION}#${id('training-scratch')}` && String(i.sk).startsWith('EVENT#'))
      .map((i) => i.type);
    expect(history).toEqual(['watching', 'detected', 'warned', 'acting', 'act-progress', 'acting', 'act-progress', 'acting', 'acted', 'notified']);

    // Restore: an equivalent volume, from the snapshot, with the original tags.
    const actionId = phase2.findings.find((f) => f.resourceId === id('training-scratch'))!.actionId!;
    const restored = await restoreFromEnv({ actionId, clock: fixedClock(days(9)), config, env, clients: emulatorClients(), sweepNamed });
    expect(restored.restoredResourceId).toMatch(/^vol-/);
    expect(restored.restoredResourceId).not.toBe(id('training-scratch'));
    const again = (await volume(restored.restoredResourceId))!;
    expect(again).toMatchObject({
      VolumeType: 'gp3',
      Size: 500,
      Iops: 6000,
      Throughput: 250,
      Encrypted: false,
      AvailabilityZone: `${REGION}a`,
      SnapshotId: snap!.SnapshotId,
      State: 'available',
    });
    expect(Object.fromEntries(again.Tags!.map((t) => [t.Key, t.Value]))).toEqual({
      Name: 'training-scratch',
      owner: 'ana@example.com',
      team: 'risk',
      env: 'dev',
    });
    const action = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`);
    expect(action).toMatchObject({ restoredResourceId: restored.restoredResourceId });

    // Encryption and its key come back too.
    const encryptedAction = phase2.findings.find((f) => f.resourceId === id('notebook-home'))!.actionId!;
    const original = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${encryptedAction}`)!.restoreData as { kmsKeyId: string };
    const back = await restoreFromEnv({ actionId: encryptedAction, clock: fixedClock(days(9)), config, env, clients: emulatorClients(), sweepNamed });
    expect(await volume(back.restoredResourceId)).toMatchObject({ VolumeType: 'gp2', Size: 200, Encrypted: true, KmsKeyId: original.kmsKeyId });

    // Without a snapshot there is nothing to restore from.
    const nosnapAction = phase1.findings.find((f) => f.resourceId === id('scratch-nosnap'))!.actionId!;
    await expect(restoreFromEnv({ actionId: nosnapAction, clock: fixedClock(days(9)), config, env, clients: emulatorClients(), sweepNamed })).rejects.toThrow(
      /no snapshot was kept of volume vol-\S+ \(snapshots disabled for team sandbox/,
    );
  });

  it('a snapshot that fails or vanishes stops the delete with a clear finding, held from then on', async () => {
    const emu = emulator();
    await untilWarned();
    await sweep(days(8));
    const [snap] = await snapshotsOf(id('eval-results'));
    await emu.control('ec2/snapshot-state', { snapshotId: snap!.SnapshotId, state: 'error', region: REGION });
    const [gone] = await snapshotsOf(id('feature-cache'));
    await emu.control('ec2/snapshot-state', { snapshotId: gone!.SnapshotId, state: 'pending', region: REGION });
    const next = await sweep(addHours(days(8), 1));
    expect(next.findings.find((f) => f.resourceId === id('eval-results'))).toMatchObject({
      decision: 'protected',
      reason: expect.stringMatching(/not acted on: .*snapshot snap-\S+ is in state error; the volume is not deleted/),
    });
    expect(await volume(id('eval-results'))).toBeDefined();
    expect(decisions(next)).toMatchObject({ 'training-scratch': 'acted' });

    // A snapshot deleted behind finops-ai's back: no new snapshot, no delete, a clear error.
    await ec2().send(new DeleteSnapshotCommand({ SnapshotId: gone!.SnapshotId! }));
    const after = await sweep(addHours(days(8), 3));
    expect(after.findings.find((f) => f.resourceId === id('feature-cache'))).toMatchObject({
      decision: 'protected',
      reason: expect.stringMatching(new RegExp(`snapshot ${gone!.SnapshotId} taken by action act-\\S+ no longer exists; the volume is not deleted`)),
    });
    // Held: later runs report it, and never snapshot or delete it again.
    const later = await sweep(days(10));
    expect(later.findings.find((f) => f.resourceId === id('feature-cache'))).toMatchObject({ decision: 'protected' });
    expect(await volume(id('feature-cache'))).toBeDefined();
    expect(await snapshotsOf(id('feature-cache'))).toEqual([]);
  });

  it('re-attaching clears the finding (during the watch and after the warning)', async () => {
    const ec2Client = ec2();
    const instance = await startInstance(ec2Client, `${REGION}a`);
    await sweep(T0);
    await attachVolume(ec2Client, id('training-scratch'), instance, 4);
    await sweep(days(1));
    expect(await stateOf('training-scratch')).toMatchObject({ status: 'cleared' });
    await sweep(days(7));
    expect(await stateOf('training-scratch')).toMatchObject({ status: 'cleared' });

    await attachVolume(ec2Client, id('eval-results'), instance, 5);
    const after = await sweep(addHours(days(7), 1));
    expect(decisions(after)['eval-results']).toBeUndefined();
    expect(await stateOf('eval-results')).toMatchObject({ status: 'cleared' });
    const due = await sweep(days(9));
    expect(decisions(due)['eval-results']).toBeUndefined();
    expect(await volume(id('eval-results'))).toMatchObject({ State: 'in-use' });
    expect(await snapshotsOf(id('eval-results'))).toEqual([]);
  });

  it('two concurrent apply runs take one snapshot and delete once per volume', async () => {
    const emu = emulator();
    await Promise.all([sweep(T0), sweep(T0)]);
    await Promise.all([sweep(days(7)), sweep(days(7))]);
    await emu.startRecording();
    await Promise.all([sweep(days(8)), sweep(days(8))]);
    const [a, b] = await Promise.all([sweep(addHours(days(8), 1)), sweep(addHours(days(8), 1))]);
    await emu.stopRecording();
    const calls = await emu.recordedCalls();
    expect(calls['EC2.CreateSnapshot']).toBe(SNAPSHOTTED.length);
    expect(calls['EC2.DeleteVolume']).toBe(WASTE.length);
    expect(
      [...a.findings, ...b.findings]
        .filter((f) => f.decision === 'acted')
        .map((f) => names.get(f.resourceId))
        .sort(),
    ).toEqual(SNAPSHOTTED);
    for (const name of SNAPSHOTTED) expect(await snapshotsOf(id(name))).toHaveLength(1);
    expect((await ledgerItems(ledgerTable)).filter((i) => String(i.pk).startsWith('ACTION#'))).toHaveLength(WASTE.length);
  });

  it('one failing volume does not stop the rest, and is retried on the next run', async () => {
    await untilWarned();
    const clients = emulatorClients();
    const failing = id('feature-cache');
    clients.get(EC2Client, REGION).middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'CreateSnapshotCommand' && (args.input as { VolumeId?: string }).VolumeId === failing) {
          throw Object.assign(new Error('The volume is busy'), { name: 'IncorrectState', $fault: 'client', $metadata: { httpStatusCode: 400 } });
        }
        return next(args);
      },
      { step: 'deserialize', name: 'injectFault' },
    );
    const run = await sweep(days(8), 'apply', clients);
    expect(run.errors).toMatchObject([{ resourceId: failing, error: 'IncorrectState' }]);
    for (const name of SNAPSHOTTED.filter((n) => n !== 'feature-cache')) expect(await snapshotsOf(id(name))).toHaveLength(1);
    expect(await snapshotsOf(failing)).toEqual([]);
    const retry = await sweep(addHours(days(8), 1));
    expect(retry.errors).toEqual([]);
    expect(decisions(retry)['feature-cache']).toBe('pending'); // snapshot started on the retry
    expect(await snapshotsOf(failing)).toHaveLength(1);
  });
});

describe('finops-ai CLI: sweep orphan-volumes and sweep all', () => {
  const exec = promisify(execFile);
  const CREDENTIALS_ENV = { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey };
  const cli = (args: string[]) =>
    exec(process.execPath, ['bin/finops-ai.mjs', ...args], {
      env: { ...process.env, AWS_ENDPOINT_URL: inject('emulatorEndpoint'), AWS_REGION: REGION, ...CREDENTIALS_ENV },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (error: unknown) => {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );
  // Report mode has no ledger to remember first sightings: with minUnattachedDays 0 it reports at once.
  const file = join(mkdtempSync(join(tmpdir(), 'finops-')), 'config.json');
  // The emulator serves no Bedrock inference profiles: tag-coverage would report that type in errors (exit 3).
  const listable = Object.values(RESOURCE_TYPES).filter((t) => t !== 'bedrock:application-inference-profile');
  writeFileSync(file, JSON.stringify({ sweeps: { 'orphan-volumes': { minUnattachedDays: 0 }, 'tag-coverage': { resourceTypes: listable } } }));

  it('--json prints the contract with resourceType ec2:volume and the volume id', async () => {
    const r = await cli(['sweep', 'orphan-volumes', '--json', '--config', file, '--now', T0.toISOString()]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ sweep: 'orphan-volumes', mode: 'report', regions: [REGION], errors: [] });
    expect(doc.findings).toHaveLength(WASTE.length + 2);
    for (const f of doc.findings) {
      expect(f).toMatchObject({ resourceType: 'ec2:volume', resourceId: expect.stringMatching(/^vol-/), region: REGION });
      expect(names.has(f.resourceId)).toBe(true);
    }
  });

  it('sweep all runs every sweep', async () => {
    const r = await cli(['sweep', 'all', '--json', '--config', file, '--now', T0.toISOString()]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Nothing to do without team budgets: `all` leaves the budget guard out, as the construct does.
    expect(doc.reports.map((x: { sweep: string }) => x.sweep)).toEqual(SWEEP_NAMES.filter((name) => name !== 'budget-guard'));
    expect(doc.reports.find((x: { sweep: string }) => x.sweep === 'orphan-volumes').findings).toHaveLength(WASTE.length + 2);
  });
});
