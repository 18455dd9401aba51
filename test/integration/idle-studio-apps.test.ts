/**
 * idle-studio-apps on the emulator: Studio apps (the launcher's emulated_studio.py), their
 * users' Studio opens as CloudTrail events; report mode, apply mode across the grace period,
 * DeleteApp and restore (CreateApp), refusals, a CloudTrail failure, and the calls per run.
 */
import { CreateAppCommand, DeleteAppCommand, DeleteSpaceCommand, DescribeAppCommand, ListAppsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { silentLogger } from '../../lib/core/sweep.js';
import { parseConfig } from '../../lib/config.js';
import { seedStudio, type SeedStudio } from '../../lib/local/seed-studio.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { IdleStudioAppSweep } from '../../lib/sweeps/idle-studio-apps/index.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const config = parseConfig({ regions: [REGION], sweeps: { 'idle-studio-apps': { mode: 'apply', gracePeriodHours: 24 } } });
const tags = (o: string, team: string, env = 'dev') => ({ owner: o, team, env });

const ESTATE: SeedStudio = {
  domains: [{ name: 'lab', tags: tags('admin@example.com', 'platform') }],
  profiles: [
    { domain: 'lab', name: 'ana', tags: tags('ana@example.com', 'risk') },
    { domain: 'lab', name: 'raj', tags: tags('raj@example.com', 'nlp') },
    { domain: 'lab', name: 'lee', tags: tags('lee@example.com', 'vision') },
    { domain: 'lab', name: 'mia', tags: tags('mia@example.com', 'research') },
  ],
  spaces: [
    { domain: 'lab', name: 'ana-lab', appType: 'JupyterLab', owner: 'ana', tags: tags('ana@example.com', 'risk') },
    { domain: 'lab', name: 'raj-code', appType: 'CodeEditor', owner: 'raj', tags: tags('raj@example.com', 'nlp') },
    { domain: 'lab', name: 'team', appType: 'JupyterLab' },
    { domain: 'lab', name: 'mia-lab', appType: 'JupyterLab', owner: 'mia', tags: tags('mia@example.com', 'research') },
    { domain: 'lab', name: 'lee-lab', appType: 'JupyterLab', owner: 'lee', tags: { ...tags('lee@example.com', 'vision'), 'finops:exempt': 'true' } },
    { domain: 'lab', name: 'lee-prod', appType: 'JupyterLab', owner: 'lee', tags: tags('lee@example.com', 'vision', 'prod') },
  ],
  apps: [
    { domain: 'lab', space: 'ana-lab', appType: 'JupyterLab', createdHoursAgo: 50 },
    { domain: 'lab', space: 'raj-code', appType: 'CodeEditor', createdHoursAgo: 50 },
    { domain: 'lab', space: 'team', appType: 'JupyterLab', createdHoursAgo: 50 },
    { domain: 'lab', space: 'mia-lab', appType: 'JupyterLab', createdHoursAgo: 50, activeHoursAgo: 2 },
    { domain: 'lab', space: 'lee-lab', appType: 'JupyterLab', createdHoursAgo: 50 },
    { domain: 'lab', space: 'lee-prod', appType: 'JupyterLab', createdHoursAgo: 50 },
    {
      domain: 'lab',
      profile: 'ana',
      appType: 'KernelGateway',
      appName: 'datascience-ml-m5-large',
      instanceType: 'ml.m5.large',
      createdHoursAgo: 30,
      activeHoursAgo: 40,
    },
    { domain: 'lab', profile: 'ana', appType: 'JupyterServer', createdHoursAgo: 100 },
    { domain: 'lab', profile: 'raj', appType: 'KernelGateway', appName: 'young', createdHoursAgo: 5 },
    { domain: 'lab', profile: 'raj', appType: 'JupyterServer', createdHoursAgo: 100, status: 'Pending' },
  ],
  // raj opened Studio 3 h ago (it counts for his space and for the shared one); ana 30 h ago, outside the 24 h window.
  opens: [
    { domain: 'lab', profile: 'raj', hoursAgo: 3 },
    { domain: 'lab', profile: 'ana', space: 'ana-lab', hoursAgo: 30 },
  ],
};
const ANA_LAB = 'd-lab/space/ana-lab/JupyterLab/default';
const ANA_KG = 'd-lab/user/ana/KernelGateway/datascience-ml-m5-large';
const ANA_SERVER = 'd-lab/user/ana/JupyterServer/default';
const IDLE = [ANA_LAB, ANA_KG, ANA_SERVER];

let env: Record<string, string>;
let ledgerTable: string;
const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const finding = (report: SweepReport, id: string) => report.findings.find((f) => f.resourceId === id)!;
const statusOf = async (space: string) =>
  (await sagemaker().send(new DescribeAppCommand({ DomainId: 'd-lab', SpaceName: space, AppType: 'JupyterLab', AppName: 'default' }))).Status;
function sweep(at: Date, mode: 'report' | 'apply' = 'apply', clients = emulatorClients()): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('idle-studio-apps'), config, mode, clock: fixedClock(at), env, clients });
}

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  ledgerTable = env.FINOPS_LEDGER_TABLE!;
  const emu = emulator();
  await seedStudio({ endpoint: emu.endpoint, region: REGION, control: (p, b) => emu.control(p, b), now: T0, estate: ESTATE });
  // A deleted app stays listed (Status Deleted), as in AWS; it is not a resource any more.
  await sagemaker().send(new CreateAppCommand({ DomainId: 'd-lab', UserProfileName: 'mia', AppType: 'KernelGateway', AppName: 'old' }));
  await sagemaker().send(new DeleteAppCommand({ DomainId: 'd-lab', UserProfileName: 'mia', AppType: 'KernelGateway', AppName: 'old' }));
});

describe('idle-studio-apps against the emulator', () => {
  it('report mode: idle apps with the signal that decided in the reason, priced; nothing written', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();
    expect(report.errors).toEqual([]);
    expect(decisions(report)).toEqual({
      [ANA_LAB]: 'pending',
      [ANA_KG]: 'pending',
      [ANA_SERVER]: 'pending',
      'd-lab/space/lee-lab/JupyterLab/default': 'exempt',
      'd-lab/space/lee-prod/JupyterLab/default': 'protected',
    });
    expect(finding(report, ANA_LAB)).toMatchObject({
      resourceType: 'sagemaker:app',
      arn: 'arn:aws:sagemaker:us-east-1:123456789012:app/d-lab/ana-lab/jupyterlab/default',
      owner: 'ana@example.com',
      team: 'risk',
      actAfter: addHours(T0, 24).toISOString(),
      reason:
        'JupyterLab app running 50 h: Studio not opened by space ana-lab or its owner ana for 24 h (CloudTrail CreatePresignedDomainUrl: none in the last 24 h); no LastUserActivityTimestamp',
      evidence: { decidedBy: 'cloudtrail', openedBy: 'space ana-lab or its owner ana', lastOpenedAt: null, instanceType: 'ml.t3.medium' },
      // Live from the emulated Price List (USE1-Studio:JupyterLab-ml.t3.medium, 0.05 USD/h): 0.05 x 730 = 36.50 a month.
      estimatedMonthlySavingsUsd: 36.5,
    });
    expect(finding(report, ANA_KG)).toMatchObject({
      reason: expect.stringMatching(/^KernelGateway app running 30 h: Studio not opened by user profile ana for 24 h .*; LastUserActivityTimestamp 40 h ago$/),
      evidence: { decidedBy: 'cloudtrail+app-activity' },
      // Fixture test value 0.115 USD/h (USE1-Studio:KernelGateway-ml.m5.large) x 730 = 83.95.
      estimatedMonthlySavingsUsd: 83.95,
    });
    expect(finding(report, ANA_SERVER)).toMatchObject({
      estimatedMonthlySavingsUsd: 0,
      evidence: { billing: expect.stringMatching(/^runs on the system instance, which AWS does not bill/) },
    });
    expect((await ledgerItems(ledgerTable)).filter((i) => !String(i.pk).startsWith('PRICE#'))).toEqual([]);
    const calls = await emu.recordedCalls();
    const aws = Object.fromEntries(Object.entries(calls).filter(([op]) => !op.startsWith('DynamoDB.')));
    expect(aws).toEqual({
      'SageMaker.ListApps': 1,
      'SageMaker.ListDomains': 1,
      'SageMaker.ListSpaces': 1,
      'CloudTrail.LookupEvents': 1,
      // The apps no open counts for: ana-lab, mia-lab (its own activity keeps it), lee-lab, lee-prod, ana's two.
      'SageMaker.DescribeApp': 6,
      // Their 4 spaces and ana's profile, and the domain, once each.
      'SageMaker.ListTags': 6,
      'Pricing.GetProducts': 3,
    });
  });

  it('apply mode warns, waits out the grace period, deletes only InService idle apps, and restore creates one again', async () => {
    const emu = emulator();
    const first = await sweep(T0);
    expect(decisions(first)).toMatchObject(Object.fromEntries(IDLE.map((id) => [id, 'pending'])));
    const warned = await emu.publishedMessages();
    const ana = warned.find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!;
    expect(ana.message).toContain('Studio not opened by space ana-lab or its owner ana for 24 h (CloudTrail CreatePresignedDomainUrl');
    expect(ana.message).toContain('aws sagemaker add-tags --region us-east-1 --resource-arn arn:aws:sagemaker:us-east-1:123456789012:space/d-lab/ana-lab');

    const early = await sweep(addHours(T0, 12));
    expect(early.findings.filter((f) => f.decision === 'acted')).toEqual([]);
    // Meanwhile ana's KernelGateway app went Pending (restarting): it must not be deleted.
    await emu.control('studio/apps', {
      apps: [{ domainId: 'd-lab', userProfileName: 'ana', appType: 'KernelGateway', appName: 'datascience-ml-m5-large', status: 'Pending' }],
    });
    const due = await sweep(addHours(T0, 25));
    const acted = due.findings.filter((f) => f.decision === 'acted').map((f) => f.resourceId);
    expect(acted.sort()).toEqual([ANA_LAB, ANA_SERVER]);
    expect(await statusOf('ana-lab')).toBe('Deleted');
    for (const space of ['lee-lab', 'lee-prod', 'raj-code', 'team', 'mia-lab']) {
      const type = space === 'raj-code' ? 'CodeEditor' : 'JupyterLab';
      expect((await sagemaker().send(new DescribeAppCommand({ DomainId: 'd-lab', SpaceName: space, AppType: type, AppName: 'default' }))).Status, space).toBe(
        'InService',
      );
    }
    const apps = (await sagemaker().send(new ListAppsCommand({ UserProfileNameEquals: 'ana' }))).Apps!;
    expect(apps.find((a) => a.AppType === 'KernelGateway')?.Status).toBe('Pending');

    const actionId = finding(due, ANA_LAB).actionId!;
    expect((await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`)).toMatchObject({
      status: 'in-force',
      owner: 'ana@example.com',
      restoreData: {
        domainId: 'd-lab',
        ownerKind: 'space',
        ownerName: 'ana-lab',
        appType: 'JupyterLab',
        appName: 'default',
        resourceSpec: { InstanceType: 'ml.t3.medium' },
      },
    });
    const restored = await restoreFromEnv({ actionId, clock: fixedClock(addHours(T0, 35)), config, env, clients: emulatorClients(), sweepNamed });
    expect(restored).toMatchObject({ restoredResourceId: ANA_LAB, hoursInForce: 10, realizedSavingsUsd: 0.5 }); // 0.05 USD/h x 10 h
    expect(restored.detail).toBe(`Studio app ${ANA_LAB} created again on ml.t3.medium in its space ana-lab, on its kept EFS/EBS home`);
    expect(
      await sagemaker().send(new DescribeAppCommand({ DomainId: 'd-lab', SpaceName: 'ana-lab', AppType: 'JupyterLab', AppName: 'default' })),
    ).toMatchObject({
      Status: 'InService',
      ResourceSpec: { InstanceType: 'ml.t3.medium' },
    });
    const history = (await ledgerItems(ledgerTable))
      .filter((i) => i.pk === `RES#sagemaker:app#us-east-1#${ANA_LAB}` && String(i.sk).startsWith('EVENT#'))
      .map((i) => i.type);
    expect(history).toEqual(['detected', 'warned', 'acting', 'acted', 'notified', 'restoring', 'restored']);
    // Created again, it is young: no new finding.
    expect((await sweep(addHours(T0, 40))).findings.map((f) => f.resourceId)).not.toContain(ANA_LAB);
  });

  it('the action counts a deleted or re-created app as done and refuses one not InService; restore refuses clearly without the space', async () => {
    const action = IdleStudioAppSweep.action;
    const ctx = { region: REGION, clients: emulatorClients(), now: T0, logger: silentLogger };
    const data = (space: string, creationTime = addHours(T0, -50).toISOString()) => ({
      domainId: 'd-lab',
      ownerKind: 'space' as const,
      ownerName: space,
      appType: 'JupyterLab',
      appName: 'default',
      appArn: `arn:aws:sagemaker:${REGION}:123456789012:app/d-lab/${space}/jupyterlab/default`,
      creationTime,
      resourceSpec: { InstanceType: 'ml.t3.medium' },
    });
    await expect(action.act(data('team', addHours(T0, -60).toISOString()), ctx)).resolves.toEqual({
      status: 'done',
      detail: `Studio app d-lab/space/team/JupyterLab/default was deleted and created again since (${addHours(T0, -50).toISOString()}); the new app is left alone`,
    });
    await expect(action.act(data('nowhere'), ctx)).resolves.toMatchObject({
      status: 'done',
      detail: expect.stringMatching(/already deleted; nothing to delete$/),
    });
    await emulator().control('studio/apps', {
      apps: [{ domainId: 'd-lab', spaceName: 'mia-lab', appType: 'JupyterLab', appName: 'default', status: 'Failed' }],
    });
    await expect(action.act(data('mia-lab'), ctx)).rejects.toThrow(
      'd-lab/space/mia-lab/JupyterLab/default: not acted on: Studio app is Failed, not InService (the next run looks at it again)',
    );
    await expect(action.act(data('ana-lab'), ctx)).resolves.toMatchObject({
      status: 'done',
      detail: expect.stringMatching(/deleted; its space ana-lab and EFS\/EBS home are kept$/),
    });
    await expect(action.act(data('ana-lab'), ctx)).resolves.toMatchObject({ detail: expect.stringMatching(/was already deleted/) });
    await sagemaker().send(new DeleteSpaceCommand({ DomainId: 'd-lab', SpaceName: 'ana-lab' }));
    await expect(action.restore(data('ana-lab'), ctx, 'act-9')).rejects.toThrow(
      /CreateApp for Studio app d-lab\/space\/ana-lab\/JupyterLab\/default failed \(ResourceNotFound: .*\); if its space ana-lab was deleted/,
    );
  });

  it('a CloudTrail failure is reported; apps without a user activity time are inconclusive, not idle', async () => {
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
    const report = await sweep(T0, 'report', clients);
    expect(report.errors).toMatchObject([
      { resourceId: 'cloudtrail:LookupEvents', stage: 'inventory', message: expect.stringContaining('AccessDeniedException') },
    ]);
    expect((report.inconclusive ?? []).map((i) => i.resourceId)).toContain(ANA_LAB);
    expect(finding(report, ANA_KG)).toMatchObject({ decision: 'pending', evidence: { decidedBy: 'app-activity' } });
    expect(report.findings.map((f) => f.resourceId)).not.toContain('d-lab/space/mia-lab/JupyterLab/default');
  });
});
