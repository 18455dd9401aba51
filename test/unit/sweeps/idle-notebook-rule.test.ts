import { describe, expect, it } from 'vitest';
import type { Assessment, Candidate } from '../../../lib/core/sweep.js';
import type { NotebookFacts } from '../../../lib/sweeps/idle-notebooks/facts.js';
import { assessIdleNotebook, type NotebookPriceLookup } from '../../../lib/sweeps/idle-notebooks/rule.js';

// Monday 2026-11-23 12:00 UTC = 21:00 in Tokyo.
const NOW = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
const config = { idleHours: 12, busyPercent: 5, scheduleTag: 'finops:schedule' };
const unpriced: NotebookPriceLookup = (region, type) => ({ found: false, reason: `no notebook price for ${type} in ${region}` });
const priced: NotebookPriceLookup = (region, type) => ({
  found: true,
  quote: { usdPerUnit: 0.05, unit: 'USD per hour', region, item: type, source: 'test source', sourceDate: '2026-11', regionBasis: 'stated' },
});
/** Hourly agent points from `fromHoursAgo` to 1 h ago, with `cpu(h)` / `gpu(h)` per hour ago. */
const agent = (fromHoursAgo: number, cpu: (h: number) => number | null, gpu: (h: number) => number | null = () => null) => ({
  namespace: 'SageMakerNotebookInstances',
  from: hoursAgo(fromHoursAgo),
  hours: Array.from({ length: fromHoursAgo }, (_, i) => fromHoursAgo - i).map((h) => ({ at: hoursAgo(h), cpuPercent: cpu(h), gpuPercent: gpu(h) })),
});

function candidate(facts: Partial<NotebookFacts>, tags: Record<string, string> = {}): Candidate<NotebookFacts> {
  return {
    ref: {
      resourceType: 'sagemaker:notebook-instance',
      resourceId: 'nb',
      arn: 'arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/nb',
      region: 'us-east-1',
    },
    tags,
    facts: {
      notebookName: 'nb',
      status: 'InService',
      instanceType: 'ml.t3.medium',
      creationTime: hoursAgo(24 * 30),
      lastModifiedTime: hoursAgo(24 * 5),
      volumeSizeInGB: 50,
      opened: { known: true, lastAt: null, searchedFrom: hoursAgo(12) },
      agent: null,
      ...facts,
    },
  };
}

const decided = (a: Assessment) => (a.waste ? a.evidence.decidedBy : a.inconclusive ? 'inconclusive' : 'busy');

describe('assessIdleNotebook', () => {
  const cases: {
    name: string;
    facts?: Partial<NotebookFacts>;
    tags?: Record<string, string>;
    cfg?: Partial<typeof config>;
    at?: Date;
    expect: string;
    reason: RegExp;
  }[] = [
    // CloudTrail
    {
      name: 'idle by CloudTrail: not opened in the window, no agent',
      expect: 'cloudtrail',
      reason: /^not opened for 12 h \(CloudTrail CreatePresignedNotebookInstanceUrl: none in the last 12 h\); no CloudWatch agent metrics$/,
    },
    {
      name: 'idle by CloudTrail: last opened days ago (a team’s longer window was searched)',
      facts: { opened: { known: true, lastAt: hoursAgo(72), searchedFrom: hoursAgo(96) } },
      expect: 'cloudtrail',
      reason: /^not opened for 12 h \(CloudTrail CreatePresignedNotebookInstanceUrl: last 3 days ago\); no CloudWatch agent metrics$/,
    },
    {
      name: 'busy by CloudTrail: opened 2 h ago',
      facts: { opened: { known: true, lastAt: hoursAgo(2), searchedFrom: hoursAgo(12) } },
      expect: 'busy',
      reason: /^opened 2 h ago \(CloudTrail CreatePresignedNotebookInstanceUrl\)$/,
    },
    {
      name: 'opened exactly idleHours ago is still busy',
      facts: { opened: { known: true, lastAt: hoursAgo(12), searchedFrom: hoursAgo(12) } },
      expect: 'busy',
      reason: /opened 12 h ago/,
    },
    // CloudWatch agent
    {
      name: 'busy by agent CPU although not opened',
      facts: { agent: agent(12, (h) => (h === 3 ? 40 : 1)) },
      expect: 'busy',
      reason: /^CPU 40% in the hour from 3 h ago \(CloudWatch agent, busy above 5%\)$/,
    },
    {
      name: 'busy by agent GPU',
      facts: {
        agent: agent(
          12,
          () => 1,
          (h) => (h === 6 ? 80 : 0),
        ),
      },
      expect: 'busy',
      reason: /GPU 80% in the hour from 6 h ago/,
    },
    {
      name: 'idle by CloudTrail and agent: CPU and GPU low',
      facts: {
        agent: agent(
          12,
          () => 1.24,
          () => 0,
        ),
      },
      expect: 'cloudtrail+agent',
      reason: /none in the last 12 h\) and CPU at most 1\.2%, GPU at most 0% \(CloudWatch agent, busy above 5%\)$/,
    },
    {
      name: 'an agent hour older than the window does not count',
      facts: { agent: agent(20, (h) => (h > 12 ? 90 : 0)) },
      expect: 'cloudtrail+agent',
      reason: /CPU at most 0%/,
    },
    { name: 'busyPercent is the threshold: at it is idle', facts: { agent: agent(12, () => 5) }, expect: 'cloudtrail+agent', reason: /CPU at most 5%/ },
    {
      name: 'agent decides alone when CloudTrail could not be read',
      facts: { opened: { known: false, reason: 'AccessDeniedException: not authorized' }, agent: agent(12, () => 0.5) },
      expect: 'agent',
      reason: /^CPU at most 0\.5% \(CloudWatch agent, busy above 5%\) for 12 h; CloudTrail could not be read \(AccessDeniedException/,
    },
    {
      name: 'inconclusive without CloudTrail nor agent',
      facts: { opened: { known: false, reason: 'ThrottlingException: Rate exceeded' }, agent: null },
      expect: 'inconclusive',
      reason: /^activity unknown: CloudTrail could not be read \(ThrottlingException: Rate exceeded\) and no CloudWatch agent metrics$/,
    },
    // Age and status
    {
      name: 'young: started 11 h ago',
      facts: { lastModifiedTime: hoursAgo(11) },
      expect: 'busy',
      reason: /^started, created or modified 11 h ago, less than 12 h$/,
    },
    { name: 'young: created 2 h ago', facts: { creationTime: hoursAgo(2), lastModifiedTime: hoursAgo(2) }, expect: 'busy', reason: /2 h ago, less than 12 h/ },
    { name: 'exactly idleHours unchanged is old enough', facts: { lastModifiedTime: hoursAgo(12) }, expect: 'cloudtrail', reason: /not opened for 12 h/ },
    {
      name: 'a team’s shorter idleHours',
      facts: { lastModifiedTime: hoursAgo(5), opened: { known: true, lastAt: hoursAgo(5), searchedFrom: hoursAgo(12) } },
      cfg: { idleHours: 4 },
      expect: 'cloudtrail',
      reason: /not opened for 4 h \(CloudTrail .*last 5 h ago\)/,
    },
    ...['Pending', 'Updating', 'Stopping', 'Stopped', 'Failed'].map((status) => ({
      name: `never idle when ${status}`,
      facts: { status },
      expect: 'busy',
      reason: new RegExp(`^notebook is ${status}, not InService$`),
    })),
    // Schedule tag
    {
      name: 'outside its schedule: idle although opened an hour ago',
      facts: { opened: { known: true, lastAt: hoursAgo(1), searchedFrom: hoursAgo(12) } },
      tags: { 'finops:schedule': 'weekdays-9-19 Asia/Tokyo' },
      expect: 'schedule',
      reason: /^outside its schedule weekdays-9-19 Asia\/Tokyo \(now Mon 21:00 Asia\/Tokyo; tag finops:schedule\)$/,
    },
    {
      name: 'on a weekend for a weekdays schedule',
      facts: { opened: { known: true, lastAt: hoursAgo(1), searchedFrom: hoursAgo(12) } },
      tags: { 'finops:schedule': 'weekdays-0-24 UTC' },
      at: new Date('2026-11-22T12:00:00Z'),
      expect: 'schedule',
      reason: /now Sun 12:00 UTC/,
    },
    {
      name: 'inside its schedule the activity decides',
      facts: { opened: { known: true, lastAt: hoursAgo(1), searchedFrom: hoursAgo(12) } },
      tags: { 'finops:schedule': 'daily-8-23 Europe/Berlin' },
      expect: 'busy',
      reason: /^opened 1 h ago/,
    },
    {
      name: 'inside its schedule and not opened: idle by CloudTrail',
      tags: { 'finops:schedule': 'weekdays-9-22 Asia/Tokyo' },
      expect: 'cloudtrail',
      reason: /not opened for 12 h/,
    },
    {
      name: 'young outside its schedule is still not idle',
      facts: { lastModifiedTime: hoursAgo(3) },
      tags: { 'finops:schedule': 'weekdays-9-19 Asia/Tokyo' },
      expect: 'busy',
      reason: /less than 12 h/,
    },
    {
      name: 'a malformed schedule tag is ignored, with the reason',
      facts: { opened: { known: true, lastAt: hoursAgo(1), searchedFrom: hoursAgo(12) } },
      tags: { 'finops:schedule': '9-19 weekdays' },
      expect: 'busy',
      reason:
        /^opened 1 h ago \(CloudTrail CreatePresignedNotebookInstanceUrl\); schedule tag finops:schedule="9-19 weekdays" ignored: expected "<weekdays\|daily>-<start hour>-<end hour> <IANA time zone>"/,
    },
    {
      name: 'a schedule with an unknown time zone is ignored',
      tags: { 'finops:schedule': 'weekdays-9-19 Mars/Olympus' },
      expect: 'cloudtrail',
      reason: /ignored: unknown time zone "Mars\/Olympus"$/,
    },
    {
      name: 'a schedule under another tag key',
      tags: { 'finops:hours': 'weekdays-9-10 UTC' },
      cfg: { scheduleTag: 'finops:hours' },
      expect: 'schedule',
      reason: /tag finops:hours/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = assessIdleNotebook(candidate(c.facts ?? {}, c.tags), { ...config, ...c.cfg }, c.at ?? NOW, unpriced);
      expect(decided(verdict)).toBe(c.expect);
      expect(verdict.reason).toMatch(c.reason);
    });
  }

  it('prices the instance-hours of its type; the ML storage volume is kept, not saved', () => {
    const verdict = assessIdleNotebook(candidate({}), config, NOW, priced);
    if (!verdict.waste) throw new Error('expected waste');
    expect(verdict.savings).toEqual({
      hourlyUsd: 0.05,
      monthlyUsd: 36.5,
      components: [
        { item: 'ml.t3.medium notebook instance', quantity: 1, usdPerHour: 0.05, source: 'test source', sourceDate: '2026-11', regionBasis: 'stated' },
      ],
      unknown: [],
    });
    expect(verdict.evidence).toMatchObject({
      decidedBy: 'cloudtrail',
      idleHours: 12,
      windowStart: hoursAgo(12),
      cloudTrailEvent: 'CreatePresignedNotebookInstanceUrl',
      lastOpenedAt: null,
      cloudTrailSearchedFrom: hoursAgo(12),
      agentNamespace: null,
      instanceType: 'ml.t3.medium',
      volumeSizeInGB: 50,
      kept: 'the ML storage volume (50 GB) and its data stay, still billed while stopped',
    });
  });

  it('an unpriced type stays unknown: no dollar figure, the reason listed', () => {
    const verdict = assessIdleNotebook(candidate({ instanceType: 'ml.p3.2xlarge' }), config, NOW, unpriced);
    if (!verdict.waste) throw new Error('expected waste');
    expect(verdict.savings).toEqual({ hourlyUsd: null, monthlyUsd: null, components: [], unknown: ['no notebook price for ml.p3.2xlarge in us-east-1'] });
  });

  it('the schedule verdict keeps the schedule and local time as evidence', () => {
    const verdict = assessIdleNotebook(candidate({}, { 'finops:schedule': 'weekdays-9-19 Asia/Tokyo' }), config, NOW, unpriced);
    if (!verdict.waste) throw new Error('expected waste');
    expect(verdict.evidence).toMatchObject({
      decidedBy: 'schedule',
      schedule: 'weekdays-9-19 Asia/Tokyo',
      scheduleTag: 'finops:schedule',
      localTime: 'Mon 21:00 Asia/Tokyo',
    });
  });
});
