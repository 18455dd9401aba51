/**
 * studio-idle-settings on the emulator: Studio domains, profiles and spaces (the
 * launcher's emulated_studio.py); report mode (recommendations), apply mode without and
 * with `setIdleSettings` across the grace period, the settings written, restore, refusals,
 * and the calls per run.
 */
import {
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  SageMakerClient,
  UpdateDomainCommand,
  UpdateUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { silentLogger } from '../../lib/core/sweep.js';
import { parseConfig } from '../../lib/config.js';
import { seedStudio, type SeedStudio } from '../../lib/local/seed-studio.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const owner = (o: string, team: string, env = 'dev') => ({ owner: o, team, env });
const off = { AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'DISABLED' as const } } };
const on = (minutes: number) => ({ AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'ENABLED' as const, IdleTimeoutInMinutes: minutes } } });
const ROLE = { ExecutionRole: 'arn:aws:iam::123456789012:role/studio' };

const ESTATE: SeedStudio = {
  domains: [
    {
      name: 'lab',
      tags: owner('admin@example.com', 'platform'),
      defaultUserSettings: { ...ROLE, JupyterLabAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.t3.medium' } } },
    },
    {
      name: 'good',
      tags: owner('admin@example.com', 'platform'),
      defaultUserSettings: { ...ROLE, JupyterLabAppSettings: on(60), CodeEditorAppSettings: on(120) },
    },
    { name: 'prod', tags: owner('ops@example.com', 'platform', 'prod') },
    { name: 'held', tags: { ...owner('admin@example.com', 'platform'), 'finops:exempt': 'true' } },
  ],
  profiles: [
    { domain: 'lab', name: 'ana', tags: { owner: 'ana@example.com' }, userSettings: { JupyterLabAppSettings: off } },
    { domain: 'lab', name: 'raj' },
    { domain: 'good', name: 'lee', userSettings: { CodeEditorAppSettings: off } },
    { domain: 'held', name: 'mia', userSettings: { JupyterLabAppSettings: off } },
  ],
  spaces: [
    { domain: 'lab', name: 'lab-1', appType: 'JupyterLab', owner: 'ana', idleTimeoutInMinutes: 4320 },
    { domain: 'lab', name: 'team', appType: 'CodeEditor' },
    { domain: 'good', name: 'quick', appType: 'JupyterLab', idleTimeoutInMinutes: 120 },
  ],
};

let env: Record<string, string>;
let ledgerTable: string;
const sagemaker = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const finding = (report: SweepReport, id: string) => report.findings.find((f) => f.resourceId === id)!;
const configWith = (section: Record<string, unknown>) => parseConfig({ regions: [REGION], sweeps: { 'studio-idle-settings': section } });
function sweep(at: Date, section: Record<string, unknown> = { mode: 'apply' }, mode: 'report' | 'apply' = 'apply'): Promise<SweepReport> {
  return runConfiguredSweep({
    sweep: sweepNamed('studio-idle-settings'),
    config: configWith(section),
    mode,
    clock: fixedClock(at),
    env,
    clients: emulatorClients(),
  });
}
const domainSettings = async (id: string) => (await sagemaker().send(new DescribeDomainCommand({ DomainId: id }))).DefaultUserSettings;

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  ledgerTable = env.FINOPS_LEDGER_TABLE!;
  const emu = emulator();
  await seedStudio({ endpoint: emu.endpoint, region: REGION, control: (p, b) => emu.control(p, b), now: T0, estate: ESTATE });
});

describe('studio-idle-settings against the emulator', () => {
  it('report mode: recommendations for the domain, the profiles and the space without idle shutdown; nothing written', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, {}, 'report');
    await emu.stopRecording();
    expect(report.errors).toEqual([]);
    expect(decisions(report)).toEqual({
      'd-lab': 'recommend',
      'd-lab/user/ana': 'recommend',
      'd-lab/space/lab-1': 'recommend',
      'd-good/user/lee': 'recommend',
      'd-prod': 'protected',
      'd-held': 'exempt',
      'd-held/user/mia': 'exempt',
    });
    expect(finding(report, 'd-lab')).toMatchObject({
      resourceType: 'sagemaker:domain',
      arn: 'arn:aws:sagemaker:us-east-1:123456789012:domain/d-lab',
      owner: 'admin@example.com',
      reason:
        'idle shutdown is not enabled for JupyterLab, Code Editor in the default user settings of domain lab (d-lab): their apps keep running idle until someone stops them; recommended: LifecycleManagement ENABLED, IdleTimeoutInMinutes 60',
      estimatedMonthlySavingsUsd: null,
      actAfter: null,
    });
    // The domain's tags win: its admin hears about a user's override.
    expect(finding(report, 'd-lab/user/ana')).toMatchObject({ resourceType: 'sagemaker:user-profile', owner: 'admin@example.com', team: 'platform' });
    expect(finding(report, 'd-lab/space/lab-1')).toMatchObject({
      resourceType: 'sagemaker:space',
      reason: expect.stringMatching(/^space lab-1 of domain lab sets a JupyterLab idle timeout of 4320 min, longer than 1440 min/),
    });
    expect((await ledgerItems(ledgerTable)).filter((i) => !String(i.pk).startsWith('PRICE#'))).toEqual([]);
    const calls = await emu.recordedCalls();
    expect(Object.fromEntries(Object.entries(calls).filter(([op]) => op.startsWith('SageMaker.')))).toEqual({
      'SageMaker.ListDomains': 1,
      'SageMaker.DescribeDomain': 4,
      'SageMaker.ListUserProfiles': 4,
      'SageMaker.DescribeUserProfile': 4,
      'SageMaker.ListSpaces': 4,
      'SageMaker.DescribeSpace': 3,
      // Tags of the 7 findings' levels (4 profiles/spaces, 3 domains) and of the domains they belong to, each once.
      'SageMaker.ListTags': 8,
    });
  });

  it('apply mode without setIdleSettings: recommendations recorded and notified, settings never changed', async () => {
    const first = await sweep(T0);
    expect(first.findings.filter((f) => f.decision === 'recommend')).toHaveLength(4);
    const notices = await emulator().publishedMessages();
    expect(notices.map((m) => m.messageAttributes.owner?.value).sort()).toEqual(['admin@example.com', 'ops@example.com']);
    const later = await sweep(addHours(T0, 30));
    expect(later.findings.filter((f) => f.decision === 'acted')).toEqual([]);
    expect((await domainSettings('d-lab'))?.JupyterLabAppSettings).toEqual({ DefaultResourceSpec: { InstanceType: 'ml.t3.medium' } });
  });

  it('apply mode with setIdleSettings: warns, waits, sets idle shutdown where it lacks; restore puts the previous settings back', async () => {
    const section = { mode: 'apply', setIdleSettings: true, gracePeriodHours: 24, idleTimeoutInMinutes: 90 };
    const first = await sweep(T0, section);
    expect(decisions(first)).toMatchObject({ 'd-lab': 'pending', 'd-lab/user/ana': 'pending', 'd-lab/space/lab-1': 'pending', 'd-good/user/lee': 'pending' });
    const early = await sweep(addHours(T0, 12), section);
    expect(early.findings.filter((f) => f.decision === 'acted')).toEqual([]);

    const due = await sweep(addHours(T0, 25), section);
    const acted = due.findings.filter((f) => f.decision === 'acted').map((f) => f.resourceId);
    expect(acted.sort()).toEqual(['d-good/user/lee', 'd-lab', 'd-lab/space/lab-1', 'd-lab/user/ana']);
    expect(decisions(due)).toMatchObject({ 'd-prod': 'protected', 'd-held': 'exempt', 'd-held/user/mia': 'exempt' });
    expect(await domainSettings('d-lab')).toEqual({
      ...ROLE,
      JupyterLabAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.t3.medium' }, ...on(90) },
      CodeEditorAppSettings: on(90),
    });
    expect((await sagemaker().send(new DescribeUserProfileCommand({ DomainId: 'd-lab', UserProfileName: 'ana' }))).UserSettings).toEqual({
      JupyterLabAppSettings: on(90),
    });
    expect((await sagemaker().send(new DescribeSpaceCommand({ DomainId: 'd-lab', SpaceName: 'lab-1' }))).SpaceSettings?.JupyterLabAppSettings).toEqual({
      AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: 90 } },
    });
    // Protected and exempt levels are untouched.
    expect(await domainSettings('d-prod')).toEqual(ROLE);
    expect((await sagemaker().send(new DescribeUserProfileCommand({ DomainId: 'd-held', UserProfileName: 'mia' }))).UserSettings).toEqual({
      JupyterLabAppSettings: off,
    });

    const actionId = finding(due, 'd-lab').actionId!;
    const record = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`);
    expect(record).toMatchObject({
      status: 'in-force',
      owner: 'admin@example.com',
      restoreData: {
        level: 'domain',
        domainId: 'd-lab',
        changes: [
          { appType: 'JupyterLab', previous: null, applied: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 90 } },
          { appType: 'CodeEditor', previous: null, applied: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 90 } },
        ],
      },
    });
    const config = configWith(section);
    const restore = (id: string, at: Date) => restoreFromEnv({ actionId: id, clock: fixedClock(at), config, env, clients: emulatorClients(), sweepNamed });
    const restored = await restore(actionId, addHours(T0, 30));
    expect(restored).toMatchObject({ restoredResourceId: 'd-lab', realizedSavingsUsd: null });
    expect(restored.detail).toBe('domain lab (d-lab): JupyterLab back to DISABLED; CodeEditor back to DISABLED');
    expect(await domainSettings('d-lab')).toEqual({
      ...ROLE,
      JupyterLabAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.t3.medium' }, ...off },
      CodeEditorAppSettings: off,
    });
    // Its owner undid it: from now on the domain is only recommended idle shutdown, never set again.
    const after = await sweep(addHours(T0, 31), section);
    expect(finding(after, 'd-lab')).toMatchObject({
      decision: 'recommend',
      reason: expect.stringMatching(/only recommended since its previous settings were restored/),
    });
    expect((await sweep(addHours(T0, 60), section)).findings.find((f) => f.resourceId === 'd-lab')?.decision).toBe('recommend');
    await restore(finding(due, 'd-lab/user/ana').actionId!, addHours(T0, 30));
    expect((await sagemaker().send(new DescribeUserProfileCommand({ DomainId: 'd-lab', UserProfileName: 'ana' }))).UserSettings).toEqual({
      JupyterLabAppSettings: off,
    });
    await restore(finding(due, 'd-lab/space/lab-1').actionId!, addHours(T0, 30));
    expect((await sagemaker().send(new DescribeSpaceCommand({ DomainId: 'd-lab', SpaceName: 'lab-1' }))).SpaceSettings?.JupyterLabAppSettings).toEqual({
      AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: 4320 } },
    });

    // An admin changed lee's settings after the action: restore does not overwrite them.
    await sagemaker().send(new UpdateUserProfileCommand({ DomainId: 'd-good', UserProfileName: 'lee', UserSettings: { CodeEditorAppSettings: on(240) } }));
    await expect(restore(finding(due, 'd-good/user/lee').actionId!, addHours(T0, 31))).rejects.toThrow(
      /user profile lee of domain good: CodeEditor idle settings were changed since the action \(now ENABLED, 240 min, set to ENABLED, 90 min\); not overwritten/,
    );
  });

  it('the action refuses settings changed since they were assessed, and counts settings already in place as done', async () => {
    const action = sweepNamed('studio-idle-settings').action!;
    const ctx = { region: REGION, clients: emulatorClients(), now: T0, logger: silentLogger };
    const data = {
      level: 'domain',
      domainId: 'd-lab',
      domainName: 'lab',
      name: null,
      changes: [
        {
          appType: 'CodeEditor',
          previous: null,
          applied: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 60, MinIdleTimeoutInMinutes: null, MaxIdleTimeoutInMinutes: null },
        },
      ],
    };
    await sagemaker().send(new UpdateDomainCommand({ DomainId: 'd-lab', DefaultUserSettings: { CodeEditorAppSettings: off } }));
    await expect(action.act(data, ctx, 'act-1')).rejects.toThrow(
      'd-lab: not acted on: CodeEditor idle settings changed since they were assessed (now DISABLED, was not set); the next run looks again',
    );
    await sagemaker().send(new UpdateDomainCommand({ DomainId: 'd-lab', DefaultUserSettings: { CodeEditorAppSettings: on(60) } }));
    await expect(action.act(data, ctx, 'act-1')).resolves.toEqual({ status: 'done', detail: 'domain lab (d-lab) already has the recommended idle settings' });
  });
});
