/**
 * The launcher's SageMaker Studio additions (emulated_studio.py; moto has domains only),
 * through the real SDK client: UpdateDomain, user profiles, spaces, apps, their tags, the
 * `studio/apps` control op, errors and reset.
 */
import {
  AddTagsCommand,
  CreateAppCommand,
  CreateDomainCommand,
  CreateNotebookInstanceCommand,
  CreateSpaceCommand,
  CreateUserProfileCommand,
  DeleteAppCommand,
  DeleteTagsCommand,
  DescribeAppCommand,
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  ListAppsCommand,
  ListSpacesCommand,
  ListTagsCommand,
  ListUserProfilesCommand,
  paginateListApps,
  SageMakerClient,
  UpdateDomainCommand,
  UpdateSpaceCommand,
  UpdateUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const client = () => new SageMakerClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts: 1 });
const ACCOUNT = '123456789012';
const D = 'd-lab';
const idle = (minutes: number) => ({ AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'ENABLED' as const, IdleTimeoutInMinutes: minutes } } });

async function domainWithProfileAndSpace(): Promise<SageMakerClient> {
  const sm = client();
  await sm.send(
    new CreateDomainCommand({
      DomainName: 'lab',
      AuthMode: 'IAM',
      DefaultUserSettings: {
        ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/studio`,
        JupyterLabAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.t3.medium' } },
      },
      SubnetIds: ['subnet-1'],
      VpcId: 'vpc-1',
    }),
  );
  await sm.send(new CreateUserProfileCommand({ DomainId: D, UserProfileName: 'ana', Tags: [{ Key: 'owner', Value: 'ana@example.com' }] }));
  await sm.send(
    new CreateSpaceCommand({
      DomainId: D,
      SpaceName: 'lab-1',
      SpaceSettings: { AppType: 'JupyterLab', JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: 4320 } } } },
      OwnershipSettings: { OwnerUserProfileName: 'ana' },
      SpaceSharingSettings: { SharingType: 'Private' },
    }),
  );
  return sm;
}

beforeEach(() => emulator().reset());

describe('SageMaker Studio on the emulator', () => {
  it('UpdateDomain replaces the members it carries and keeps the others', async () => {
    const sm = await domainWithProfileAndSpace();
    const out = await sm.send(new UpdateDomainCommand({ DomainId: D, DefaultUserSettings: { CodeEditorAppSettings: idle(60) } }));
    expect(out.DomainArn).toBe(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:domain/${D}`);
    const described = await sm.send(new DescribeDomainCommand({ DomainId: D }));
    expect(described.DefaultUserSettings).toEqual({
      ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/studio`,
      JupyterLabAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.t3.medium' } },
      CodeEditorAppSettings: idle(60),
    });
    await sm.send(new UpdateDomainCommand({ DomainId: D, DefaultUserSettings: { JupyterLabAppSettings: idle(90) } }));
    expect((await sm.send(new DescribeDomainCommand({ DomainId: D }))).DefaultUserSettings?.JupyterLabAppSettings).toEqual(idle(90));
    await expect(sm.send(new UpdateDomainCommand({ DomainId: 'd-none', DefaultUserSettings: {} }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });

  it('user profiles: create, describe, update, list (paged, filtered), not found', async () => {
    const sm = await domainWithProfileAndSpace();
    for (const name of ['raj', 'lee']) await sm.send(new CreateUserProfileCommand({ DomainId: D, UserProfileName: name }));
    await sm.send(
      new UpdateUserProfileCommand({
        DomainId: D,
        UserProfileName: 'ana',
        UserSettings: { JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'DISABLED' } } } },
      }),
    );
    const ana = await sm.send(new DescribeUserProfileCommand({ DomainId: D, UserProfileName: 'ana' }));
    expect(ana).toMatchObject({
      DomainId: D,
      UserProfileArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:user-profile/${D}/ana`,
      UserProfileName: 'ana',
      Status: 'InService',
      UserSettings: { JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'DISABLED' } } } },
    });
    expect(ana.CreationTime).toBeInstanceOf(Date);
    const first = await sm.send(new ListUserProfilesCommand({ DomainIdEquals: D, MaxResults: 2 }));
    expect(first.UserProfiles).toHaveLength(2);
    expect(first.UserProfiles![0]).toEqual({
      DomainId: D,
      UserProfileName: expect.any(String),
      Status: 'InService',
      CreationTime: expect.any(Date),
      LastModifiedTime: expect.any(Date),
    });
    const second = await sm.send(new ListUserProfilesCommand({ DomainIdEquals: D, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.NextToken).toBeUndefined();
    expect([...first.UserProfiles!, ...second.UserProfiles!].map((p) => p.UserProfileName).sort()).toEqual(['ana', 'lee', 'raj']);
    expect((await sm.send(new ListUserProfilesCommand({ UserProfileNameContains: 'aj' }))).UserProfiles?.map((p) => p.UserProfileName)).toEqual(['raj']);
    await expect(sm.send(new DescribeUserProfileCommand({ DomainId: D, UserProfileName: 'nobody' }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: `User profile ${D}/nobody does not exist.`,
    });
  });

  it('spaces: describe with their settings, list with summaries, update replaces the members it carries', async () => {
    const sm = await domainWithProfileAndSpace();
    await sm.send(
      new CreateSpaceCommand({ DomainId: D, SpaceName: 'team', SpaceSettings: { AppType: 'CodeEditor' }, SpaceSharingSettings: { SharingType: 'Shared' } }),
    );
    expect(await sm.send(new DescribeSpaceCommand({ DomainId: D, SpaceName: 'lab-1' }))).toMatchObject({
      SpaceArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:space/${D}/lab-1`,
      Status: 'InService',
      SpaceSettings: { AppType: 'JupyterLab', JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: 4320 } } } },
      OwnershipSettings: { OwnerUserProfileName: 'ana' },
      SpaceSharingSettings: { SharingType: 'Private' },
    });
    const listed = await sm.send(new ListSpacesCommand({ DomainIdEquals: D, SortOrder: 'Ascending' }));
    expect(listed.Spaces).toEqual([
      expect.objectContaining({
        SpaceName: 'lab-1',
        SpaceSettingsSummary: { AppType: 'JupyterLab' },
        OwnershipSettingsSummary: { OwnerUserProfileName: 'ana' },
        SpaceSharingSettingsSummary: { SharingType: 'Private' },
      }),
      expect.objectContaining({ SpaceName: 'team', SpaceSettingsSummary: { AppType: 'CodeEditor' }, SpaceSharingSettingsSummary: { SharingType: 'Shared' } }),
    ]);
    await sm.send(
      new UpdateSpaceCommand({
        DomainId: D,
        SpaceName: 'lab-1',
        SpaceSettings: { JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: 60 } } } },
      }),
    );
    expect((await sm.send(new DescribeSpaceCommand({ DomainId: D, SpaceName: 'lab-1' }))).SpaceSettings).toEqual({
      AppType: 'JupyterLab',
      JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: 60 } } },
    });
  });

  it('apps: create, describe, list (filters, newest first, pages, deleted apps listed), delete; AWS-like refusals', async () => {
    const sm = await domainWithProfileAndSpace();
    const created = await sm.send(
      new CreateAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default', ResourceSpec: { InstanceType: 'ml.g4dn.xlarge' } }),
    );
    expect(created.AppArn).toBe(`arn:aws:sagemaker:${REGION}:${ACCOUNT}:app/${D}/lab-1/jupyterlab/default`);
    await sm.send(
      new CreateAppCommand({ DomainId: D, UserProfileName: 'ana', AppType: 'JupyterServer', AppName: 'default', ResourceSpec: { InstanceType: 'system' } }),
    );
    await sm.send(
      new CreateAppCommand({ DomainId: D, UserProfileName: 'ana', AppType: 'KernelGateway', AppName: 'ds-1', ResourceSpec: { InstanceType: 'ml.m5.large' } }),
    );
    await emulator().control('studio/apps', {
      apps: [
        {
          domainId: D,
          spaceName: 'lab-1',
          appType: 'JupyterLab',
          appName: 'default',
          creationTime: '2026-11-20T09:00:00Z',
          lastUserActivityTimestamp: '2026-11-21T10:00:00Z',
        },
        { domainId: D, userProfileName: 'ana', appType: 'JupyterServer', appName: 'default', creationTime: '2026-11-21T09:00:00Z' },
        { domainId: D, userProfileName: 'ana', appType: 'KernelGateway', appName: 'ds-1', creationTime: '2026-11-22T09:00:00Z' },
      ],
    });
    expect(await sm.send(new DescribeAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default' }))).toMatchObject({
      AppArn: created.AppArn,
      AppType: 'JupyterLab',
      AppName: 'default',
      DomainId: D,
      SpaceName: 'lab-1',
      Status: 'InService',
      CreationTime: new Date('2026-11-20T09:00:00Z'),
      LastUserActivityTimestamp: new Date('2026-11-21T10:00:00Z'),
      ResourceSpec: { InstanceType: 'ml.g4dn.xlarge' },
    });
    const all = await sm.send(new ListAppsCommand({}));
    expect(all.Apps?.map((a) => `${a.AppType}/${a.AppName}`)).toEqual(['KernelGateway/ds-1', 'JupyterServer/default', 'JupyterLab/default']);
    expect(all.Apps![2]).toEqual({
      DomainId: D,
      SpaceName: 'lab-1',
      AppType: 'JupyterLab',
      AppName: 'default',
      Status: 'InService',
      CreationTime: new Date('2026-11-20T09:00:00Z'),
      ResourceSpec: { InstanceType: 'ml.g4dn.xlarge' },
    });
    expect((await sm.send(new ListAppsCommand({ UserProfileNameEquals: 'ana' }))).Apps).toHaveLength(2);
    expect((await sm.send(new ListAppsCommand({ SpaceNameEquals: 'lab-1' }))).Apps).toHaveLength(1);
    const paged = [];
    for await (const page of paginateListApps({ client: sm, pageSize: 2 }, {})) paged.push(page.Apps?.length);
    expect(paged).toEqual([2, 1]);

    await expect(sm.send(new CreateAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default' }))).rejects.toMatchObject({
      name: 'ResourceInUse',
    });
    await expect(sm.send(new CreateAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'other' }))).rejects.toMatchObject({
      name: 'ResourceInUse',
      message: 'Space lab-1 already runs an app; a space runs one app at a time.',
    });
    await sm.send(new DeleteAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default' }));
    expect((await sm.send(new ListAppsCommand({ SpaceNameEquals: 'lab-1' }))).Apps?.map((a) => a.Status)).toEqual(['Deleted']);
    await expect(sm.send(new DeleteAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    // Created again (restore): InService, new creation time, on the same space.
    await sm.send(
      new CreateAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default', ResourceSpec: { InstanceType: 'ml.g4dn.xlarge' } }),
    );
    const again = await sm.send(new DescribeAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default' }));
    expect(again.Status).toBe('InService');
    expect(again.CreationTime!.getTime()).toBeGreaterThan(new Date('2026-11-20T09:00:00Z').getTime());
    await expect(sm.send(new DescribeAppCommand({ DomainId: D, SpaceName: 'gone', AppType: 'JupyterLab', AppName: 'default' }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    await expect(sm.send(new DescribeAppCommand({ DomainId: D, UserProfileName: 'ana', AppType: 'JupyterLab', AppName: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
      message: `App ${D}/ana/JupyterLab/nope does not exist.`,
    });
  });

  it('tags on profile, space and app ARNs; a domain created without tags can be tagged; other ARNs go to moto', async () => {
    const sm = await domainWithProfileAndSpace();
    const profile = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:user-profile/${D}/ana`;
    const space = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:space/${D}/lab-1`;
    const domain = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:domain/${D}`;
    expect((await sm.send(new ListTagsCommand({ ResourceArn: profile }))).Tags).toEqual([{ Key: 'owner', Value: 'ana@example.com' }]);
    await sm.send(
      new AddTagsCommand({
        ResourceArn: profile,
        Tags: [
          { Key: 'owner', Value: 'ana@corp.example' },
          { Key: 'finops:exempt', Value: 'true' },
        ],
      }),
    );
    expect((await sm.send(new ListTagsCommand({ ResourceArn: profile }))).Tags).toEqual([
      { Key: 'owner', Value: 'ana@corp.example' },
      { Key: 'finops:exempt', Value: 'true' },
    ]);
    await sm.send(new DeleteTagsCommand({ ResourceArn: profile, TagKeys: ['finops:exempt'] }));
    expect((await sm.send(new ListTagsCommand({ ResourceArn: profile }))).Tags).toEqual([{ Key: 'owner', Value: 'ana@corp.example' }]);
    expect((await sm.send(new ListTagsCommand({ ResourceArn: space }))).Tags).toEqual([]);
    expect((await sm.send(new ListTagsCommand({ ResourceArn: domain }))).Tags).toEqual([]);
    await sm.send(new AddTagsCommand({ ResourceArn: domain, Tags: [{ Key: 'env', Value: 'prod' }] }));
    expect((await sm.send(new ListTagsCommand({ ResourceArn: domain }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    await expect(sm.send(new ListTagsCommand({ ResourceArn: `${space}-gone` }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await sm.send(
      new CreateNotebookInstanceCommand({
        NotebookInstanceName: 'nb',
        InstanceType: 'ml.t3.medium',
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/x`,
        Tags: [{ Key: 'team', Value: 'risk' }],
      }),
    );
    expect((await sm.send(new ListTagsCommand({ ResourceArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:notebook-instance/nb` }))).Tags).toEqual([
      { Key: 'team', Value: 'risk' },
    ]);
  });

  it('the studio/apps control op refuses an unknown app or status; reset drops everything', async () => {
    const sm = await domainWithProfileAndSpace();
    await expect(emulator().control('studio/apps', { apps: [{ domainId: D, spaceName: 'lab-1', appType: 'JupyterLab', appName: 'none' }] })).rejects.toThrow(
      /not found/,
    );
    await sm.send(new CreateAppCommand({ DomainId: D, SpaceName: 'lab-1', AppType: 'JupyterLab', AppName: 'default' }));
    await expect(
      emulator().control('studio/apps', { apps: [{ domainId: D, spaceName: 'lab-1', appType: 'JupyterLab', appName: 'default', status: 'Sleeping' }] }),
    ).rejects.toThrow(/status must be one of/);
    await emulator().control('studio/apps', { apps: [{ domainId: D, spaceName: 'lab-1', appType: 'JupyterLab', appName: 'default', status: 'Pending' }] });
    expect((await sm.send(new ListAppsCommand({}))).Apps?.map((a) => a.Status)).toEqual(['Pending']);
    await emulator().reset();
    expect((await sm.send(new ListAppsCommand({}))).Apps).toEqual([]);
    expect((await sm.send(new ListUserProfilesCommand({}))).UserProfiles).toEqual([]);
  });
});
