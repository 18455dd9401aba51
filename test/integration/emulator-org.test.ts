/**
 * The launcher's additions for organizations, through the real SDK clients: AssumeRole
 * refused for a missing role, an untrusted caller or a wrong external id (moto assumes
 * any ARN); calls with assumed credentials landing in the role's account; per-account
 * opt-in regions in DescribeRegions; bulk seeding of endpoints.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeEndpointCommand, ListEndpointsCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { AwsCredentials } from '../../lib/aws/clients.js';
import { EMULATOR_HUB_ACCOUNT, memberCredentials, seedMemberRole, seedOrganization } from '../../lib/local/seed-org.js';
import { CREDENTIALS, emulator, REGION } from '../support/integration.js';

const endpoint = () => inject('emulatorEndpoint');
const target = () => ({ endpoint: endpoint(), region: REGION });
const config = (credentials: AwsCredentials = CREDENTIALS) => ({ region: REGION, endpoint: endpoint(), credentials, maxAttempts: 1 });

beforeEach(() => emulator().reset());

describe('STS AssumeRole on the emulator', () => {
  it('refuses a role that does not exist, a wrong external id and an untrusted caller with AccessDenied', async () => {
    const { accounts } = await seedOrganization(target(), ['member-a']);
    const a = accounts.get('member-a')!;
    await seedMemberRole((p, b) => emulator().control(p, b), a, { name: 'FinOpsAiMember', externalId: 'ext-1' });
    const sts = new STSClient(config());
    const assume = (role: string, externalId?: string) =>
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${a}:role/${role}`, RoleSessionName: 't', ...(externalId ? { ExternalId: externalId } : {}) }));
    await expect(assume('Missing', 'ext-1')).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${EMULATOR_HUB_ACCOUNT}:user/moto is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${a}:role/Missing`,
    });
    await expect(assume('FinOpsAiMember')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume('FinOpsAiMember', 'other')).rejects.toMatchObject({ name: 'AccessDenied' });
    const out = await assume('FinOpsAiMember', 'ext-1');
    expect(out.Credentials?.AccessKeyId).toBeTruthy();

    // A member that trusts another account refuses the hub.
    await emulator().control('iam/role', {
      accountId: a,
      roleName: 'TrustsOthers',
      trustPolicy: { Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] },
    });
    await expect(assume('TrustsOthers')).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('routes calls made with assumed credentials to the role account', async () => {
    const { accounts } = await seedOrganization(target(), ['member-a']);
    const a = accounts.get('member-a')!;
    await emulator().control('sagemaker/bulk-endpoints', {
      accountId: a,
      region: REGION,
      now: '2026-11-23T09:00:00Z',
      endpoints: [{ name: 'only-in-a', instanceType: 'ml.g4dn.xlarge', ageDays: 30, tags: { owner: 'ana@example.com' } }],
    });
    const member = await memberCredentials(target(), a);
    const identity = await new STSClient(config(member)).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(a);
    const inMember = await new SageMakerClient(config(member)).send(new ListEndpointsCommand({}));
    expect(inMember.Endpoints?.map((e) => e.EndpointName)).toEqual(['only-in-a']);
    expect(inMember.Endpoints?.[0]?.EndpointArn).toBe(`arn:aws:sagemaker:${REGION}:${a}:endpoint/only-in-a`);
    const inHub = await new SageMakerClient(config()).send(new ListEndpointsCommand({}));
    expect(inHub.Endpoints).toEqual([]);
  });
});

describe('bulk endpoints on the emulator', () => {
  it('creates endpoints as the API would: described, tagged, backdated, with their Invocations', async () => {
    const out = await emulator().control('sagemaker/bulk-endpoints', {
      region: REGION,
      now: '2026-11-23T09:00:00Z',
      endpoints: [
        { name: 'e1', instanceType: 'ml.g4dn.xlarge', instanceCount: 2, ageDays: 10, tags: { team: 'risk' }, invocations: [{ daysAgo: 1, count: 5 }] },
        { name: 'e2', instanceType: 'ml.m5.large', ageDays: 3 },
      ],
    });
    expect(out).toEqual({ created: 2 });
    const sagemaker = new SageMakerClient(config());
    const e1 = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: 'e1' }));
    expect(e1).toMatchObject({ EndpointConfigName: 'e1-config', EndpointStatus: 'InService', CreationTime: new Date('2026-11-13T09:00:00Z') });
    expect(e1.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentInstanceCount: 2 });
    expect((await sagemaker.send(new ListTagsCommand({ ResourceArn: e1.EndpointArn! }))).Tags).toEqual([{ Key: 'team', Value: 'risk' }]);
  });
});

describe('EC2 DescribeRegions on the emulator', () => {
  it('answers each account its own opt-in status', async () => {
    const { accounts } = await seedOrganization(target(), ['member-a']);
    const a = accounts.get('member-a')!;
    await emulator().control('ec2/region-opt-in', { accountId: a, region: 'me-south-1', status: 'opted-in' });
    const ask = async (credentials?: AwsCredentials) =>
      Object.fromEntries(
        (
          (
            await new EC2Client(config(credentials)).send(
              new DescribeRegionsCommand({ AllRegions: true, RegionNames: ['us-east-1', 'me-south-1', 'af-south-1'] }),
            )
          ).Regions ?? []
        ).map((r) => [r.RegionName, r.OptInStatus]),
      );
    expect(await ask()).toEqual({ 'us-east-1': 'opt-in-not-required', 'me-south-1': 'not-opted-in', 'af-south-1': 'not-opted-in' });
    expect(await ask(await memberCredentials(target(), a))).toEqual({
      'us-east-1': 'opt-in-not-required',
      'me-south-1': 'opted-in',
      'af-south-1': 'not-opted-in',
    });
    await expect(emulator().control('ec2/region-opt-in', { accountId: a, region: 'us-east-1', status: 'opted-in' })).rejects.toThrow(/opt-in region/);
  });
});
