/** The idle Studio app rule, its CloudTrail matching and its ids, as tables of cases. No network. */
import { describe, expect, it } from 'vitest';
import type { TrailEvent } from '../../../../lib/aws/cloudtrail-lookup.js';
import type { Candidate } from '../../../../lib/core/sweep.js';
import type { PriceLookup } from '../../../../lib/prices/price-types.js';
import { indexOpens, openedSignal } from '../../../../lib/sweeps/idle-studio-apps/cloudtrail-signal.js';
import type { StudioAppType } from '../../../../lib/sweeps/idle-studio-apps/config.js';
import type { AppOwner, StudioAppFacts } from '../../../../lib/sweeps/idle-studio-apps/facts.js';
import { appArn, appResourceId, ownerArn, parseAppResourceId } from '../../../../lib/sweeps/idle-studio-apps/ids.js';
import { assessIdleStudioApp, SYSTEM_INSTANCE_SOURCE } from '../../../../lib/sweeps/idle-studio-apps/rule.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR).toISOString();
const config: { maxAppHours: number; appTypes: readonly StudioAppType[] } = {
  maxAppHours: 24,
  appTypes: ['KernelGateway', 'JupyterServer', 'JupyterLab', 'CodeEditor'],
};
const SPACE: AppOwner = { kind: 'space', name: 'lab-1', ownerProfile: 'ana', sharing: 'Private' };

const price = (region: string, appType: string, type: string): PriceLookup =>
  region === 'us-east-1' && type === 'ml.t3.medium'
    ? {
        found: true,
        quote: { usdPerUnit: 0.05, unit: 'USD per hour', region, item: type, source: `test ${appType}`, sourceDate: '2026-11-01', regionBasis: 'stated' },
      }
    : { found: false, reason: `no price for ${type}` };

function app(over: Partial<StudioAppFacts> = {}): Candidate<StudioAppFacts> {
  const facts: StudioAppFacts = {
    domainId: 'd-lab',
    owner: SPACE,
    appType: 'JupyterLab',
    appName: 'default',
    status: 'InService',
    creationTime: ago(50),
    instanceType: 'ml.t3.medium',
    resourceSpec: { InstanceType: 'ml.t3.medium' },
    opened: { known: true, lastAt: null, matched: 'space lab-1 or its owner ana', searchedFrom: ago(24) },
    lastUserActivityAt: null,
    described: true,
    ...over,
  };
  return {
    ref: { resourceType: 'sagemaker:app', resourceId: appResourceId({ ...facts, ownerKind: 'space', ownerName: 'lab-1' }), arn: '', region: 'us-east-1' },
    tags: {},
    facts,
  };
}
const assess = (over: Partial<StudioAppFacts> = {}, cfg = config) => assessIdleStudioApp(app(over), cfg, NOW, price);

describe('assessIdleStudioApp', () => {
  it('an old app nobody opened: idle, decided by CloudTrail, priced as its instance-hours', () => {
    expect(assess()).toMatchObject({
      waste: true,
      reason:
        'JupyterLab app running 50 h: Studio not opened by space lab-1 or its owner ana for 24 h (CloudTrail CreatePresignedDomainUrl: none in the last 24 h); no LastUserActivityTimestamp',
      evidence: {
        decidedBy: 'cloudtrail',
        maxAppHours: 24,
        cloudTrailEvent: 'CreatePresignedDomainUrl',
        openedBy: 'space lab-1 or its owner ana',
        lastOpenedAt: null,
        owner: 'space lab-1',
        instanceType: 'ml.t3.medium',
        billing: 'ml.t3.medium JupyterLab instance-hours',
        kept: 'the space lab-1, its EFS/EBS home and its data stay (storage stays billed); restore creates the app again',
      },
      // 0.05 USD/h x 730 h
      savings: { hourlyUsd: 0.05, monthlyUsd: 36.5, components: [{ item: 'ml.t3.medium Studio JupyterLab app', usdPerHour: 0.05, source: 'test JupyterLab' }] },
    });
  });

  it.each([
    ['young', { creationTime: ago(5) }, /^created 5 h ago, less than 24 h$/],
    ['not InService', { status: 'Pending' }, /^app is Pending, not InService$/],
    [
      'opened 3 h ago',
      { opened: { known: true, lastAt: ago(3), matched: 'user profile ana', searchedFrom: ago(24) } },
      /^Studio opened 3 h ago by user profile ana \(CloudTrail/,
    ],
    ['used 2 h ago', { lastUserActivityAt: ago(2) }, /^user activity 2 h ago \(DescribeApp LastUserActivityTimestamp\)$/],
  ] as const)('not idle when %s', (_case, over, reason) => {
    const verdict = assess(over);
    expect(verdict).toMatchObject({ waste: false });
    expect(verdict.reason).toMatch(reason);
  });

  it('an app type left out of appTypes is never idle', () => {
    expect(assess({ appType: 'KernelGateway' }, { ...config, appTypes: ['JupyterLab'] })).toEqual({
      waste: false,
      reason: 'KernelGateway apps are not swept (appTypes)',
    });
  });

  it('opened 30 h ago and used 3 days ago: idle, both signals in the reason', () => {
    const verdict = assess({ opened: { known: true, lastAt: ago(30), matched: 'user profile ana', searchedFrom: ago(24) }, lastUserActivityAt: ago(72) });
    expect(verdict).toMatchObject({ waste: true, evidence: { decidedBy: 'cloudtrail+app-activity', lastUserActivityAt: ago(72) } });
    expect(verdict.reason).toMatch(/CloudTrail CreatePresignedDomainUrl: last 30 h ago\); LastUserActivityTimestamp 3 days ago$/);
  });

  it('CloudTrail unreadable: inconclusive without an activity time, idle on an old one', () => {
    const opened = { known: false, reason: 'AccessDeniedException: no' } as const;
    expect(assess({ opened })).toMatchObject({
      waste: false,
      inconclusive: true,
      reason: expect.stringMatching(/^activity unknown: CloudTrail could not be read/),
    });
    expect(assess({ opened, lastUserActivityAt: ago(40) })).toMatchObject({
      waste: true,
      evidence: { decidedBy: 'app-activity', cloudTrailError: 'AccessDeniedException: no' },
    });
  });

  it('a JupyterServer on the system instance saves nothing, and says why; an unknown type or price stays unknown', () => {
    expect(assess({ appType: 'JupyterServer', instanceType: 'system', owner: { kind: 'user', name: 'ana', ownerProfile: null, sharing: null } })).toMatchObject(
      {
        waste: true,
        evidence: { billing: `runs on the system instance, which AWS does not bill (${SYSTEM_INSTANCE_SOURCE}): deleting it saves nothing` },
        savings: { hourlyUsd: 0, monthlyUsd: 0, components: [], unknown: [] },
      },
    );
    expect(assess({ instanceType: null })).toMatchObject({
      savings: { monthlyUsd: null, unknown: ['the app reports no instance type (ResourceSpec.InstanceType)'] },
    });
    expect(assess({ instanceType: 'ml.g5.xlarge' })).toMatchObject({ savings: { monthlyUsd: null, unknown: ['no price for ml.g5.xlarge'] } });
  });
});

describe('which CreatePresignedDomainUrl counts for an app', () => {
  const event = (h: number, p: Record<string, string>): TrailEvent => ({ time: new Date(NOW.getTime() - h * HOUR), requestParameters: p, resourceNames: [] });
  const lookup = {
    ok: true as const,
    searchedFrom: new Date(ago(24)),
    events: [
      event(2, { domainId: 'd-lab', userProfileName: 'Raj' }),
      event(5, { domainId: 'd-lab', userProfileName: 'ana', spaceName: 'lab-1' }),
      event(9, { domainId: 'd-lab', userProfileName: 'ana' }),
      event(1, { domainId: 'd-other', userProfileName: 'ana' }),
    ],
  };
  const opens = indexOpens(lookup.events);

  it.each([
    ['a profile app: that profile only', { kind: 'user', name: 'ana', ownerProfile: null, sharing: null }, ago(5), 'user profile ana'],
    ['a profile app of a profile that did not open', { kind: 'user', name: 'lee', ownerProfile: null, sharing: null }, null, 'user profile lee'],
    [
      'a private space: the space or its owner',
      { kind: 'space', name: 'lab-2', ownerProfile: 'raj', sharing: 'Private' },
      ago(2),
      'space lab-2 or its owner raj',
    ],
    [
      'a shared space: anyone in the domain',
      { kind: 'space', name: 'team', ownerProfile: 'lee', sharing: 'Shared' },
      ago(2),
      'any user of domain d-lab (a shared space)',
    ],
  ] as const)('%s', (_case, owner, lastAt, matched) => {
    expect(openedSignal(lookup, opens, 'd-lab', owner)).toEqual({ known: true, lastAt, matched, searchedFrom: ago(24) });
  });

  it('a failed lookup is unknown, with its reason', () => {
    expect(openedSignal({ ok: false, reason: 'ThrottlingException: slow down' }, opens, 'd-lab', SPACE)).toEqual({
      known: false,
      reason: 'ThrottlingException: slow down',
    });
  });
});

describe('app ids and ARNs', () => {
  const name = { domainId: 'd-lab', ownerKind: 'user' as const, ownerName: 'ana', appType: 'KernelGateway', appName: 'datascience-1-0-ml-t3-medium' };
  it('round-trip the resource id, and build the app and owner ARNs', () => {
    expect(appResourceId(name)).toBe('d-lab/user/ana/KernelGateway/datascience-1-0-ml-t3-medium');
    expect(parseAppResourceId(appResourceId(name))).toEqual(name);
    expect(parseAppResourceId('d-lab')).toBeUndefined();
    const prefix = 'arn:aws:sagemaker:us-east-1:123456789012:';
    expect(appArn(prefix, name)).toBe('arn:aws:sagemaker:us-east-1:123456789012:app/d-lab/ana/kernelgateway/datascience-1-0-ml-t3-medium');
    expect(ownerArn(prefix, 'd-lab', { kind: 'space', name: 'lab-1' })).toBe('arn:aws:sagemaker:us-east-1:123456789012:space/d-lab/lab-1');
  });
});
