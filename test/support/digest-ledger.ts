/**
 * A hand-built ledger for the digest tests: week 2026-W47 (Mon 2026-11-16 to
 * Mon 2026-11-23, UTC) with actions across weeks W45-W48, four teams and the
 * unallocated row, a restore mid-week, a volume deleted after its snapshot, an
 * action whose saving ends (a stopped training job), recommendations open and
 * adopted, runaway jobs, schedules kept and missed. Every expected figure of
 * `test/unit/digest/weekly-digest.test.ts` is computed by hand from these records.
 */
import { HOURS_PER_MONTH, savingsFrom, type PricedComponent, type ResourceRef, type Savings } from '../../lib/core/finding.js';
import type { ActionRecord, FindingStatus, LedgerEvent, ResourceState, RunRecord } from '../../lib/ledger/records.js';
import { resourceKey } from '../../lib/ledger/records.js';
import type { ScheduledSweep } from '../../lib/digest/schedule-check.js';
import { MemoryLedger } from './memory-ledger.js';

export const WEEK = '2026-W47';
/** The scheduled digest's time: Monday 08:00 UTC after the week. */
export const NOW = new Date('2026-11-23T08:00:00Z');

const REGION = 'us-east-1';
const TYPES: Record<string, string> = {
  'idle-endpoints': 'sagemaker:endpoint',
  'orphan-volumes': 'ec2:volume',
  rightsizing: 'sagemaker:endpoint-variant',
  'runaway-training': 'sagemaker:training-job',
};

function ref(sweep: string, id: string): ResourceRef {
  const type = TYPES[sweep]!;
  return { resourceType: type, resourceId: id, arn: `arn:aws:${type.split(':')[0]}:${REGION}:123456789012:${type.split(':')[1]}/${id}`, region: REGION };
}

function priced(item: string, quantity: number, usdPerHour: number): PricedComponent {
  return { item, quantity, usdPerHour, source: `AWS ${item} price list`, sourceDate: '2026-11-01', regionBasis: 'stated' };
}

/** $/hour x 1 instance. */
export function hourly(usd: number, item = 'ml.m5.xlarge'): Savings {
  return savingsFrom([priced(item, 1, usd)], []);
}

const UNKNOWN: Savings = { hourlyUsd: null, monthlyUsd: null, components: [], unknown: ['no price for ml.x9.huge'] };

/** 500 GiB gp3 ($0.08/GB-month) deleted, a snapshot kept ($0.05/GB-month): net $15.00/month, as the orphan-volume rule records it. */
export const VOLUME_SAVINGS: Savings = {
  hourlyUsd: Math.round((15 / HOURS_PER_MONTH) * 1e6) / 1e6,
  monthlyUsd: 15,
  components: [priced('gp3-storage', 500, 0.08 / HOURS_PER_MONTH), priced('snapshot-standard', -500, 0.05 / HOURS_PER_MONTH)],
  unknown: [],
};

function action(
  id: string,
  sweep: string,
  resourceId: string,
  team: string | null,
  savings: Savings,
  actedAt: string | null,
  patch: Partial<ActionRecord> = {},
): ActionRecord {
  return {
    actionId: id,
    sweep,
    action: sweep === 'orphan-volumes' ? 'snapshot-and-delete-volume' : sweep === 'runaway-training' ? 'stop-training-job' : 'stop-endpoint',
    ref: ref(sweep, resourceId),
    owner: `${team ?? 'nobody'}@example.com`,
    team,
    status: actedAt ? 'in-force' : 'cancelled',
    startedAt: actedAt ?? '2026-11-18T09:00:00.000Z',
    actedAt,
    restoredAt: null,
    restoredResourceId: null,
    reason: `idle ${resourceId}`,
    savings,
    restoreData: { id: resourceId },
    detail: null,
    ...patch,
  };
}

function state(
  sweep: string,
  resourceId: string,
  team: string | null,
  status: FindingStatus,
  savings: Savings,
  patch: Partial<ResourceState> = {},
): ResourceState {
  return {
    sweep,
    ref: ref(sweep, resourceId),
    owner: `${team ?? 'nobody'}@example.com`,
    team,
    status,
    version: 3,
    firstSeenAt: '2026-11-10T09:00:00.000Z',
    updatedAt: '2026-11-17T09:00:00.000Z',
    actAfter: null,
    warnedAt: null,
    reason: `${status} ${resourceId}`,
    evidence: {},
    savings,
    actionId: null,
    leaseUntil: null,
    ...patch,
  };
}

function event(type: LedgerEvent['type'], s: ResourceState, at: string, fromStatus: FindingStatus | null, monthly = s.savings.monthlyUsd): LedgerEvent {
  return {
    at,
    type,
    sweep: s.sweep,
    ref: s.ref,
    owner: s.owner,
    team: s.team,
    runId: 'run-seed',
    fromStatus,
    toStatus: s.status,
    actionId: s.actionId,
    detail: `${type} ${s.ref.resourceId}`,
    monthlySavingsUsd: monthly,
  };
}

function run(sweep: string, startedAt: string, errors = 0): RunRecord {
  return {
    sweep,
    runId: `run-${sweep}-${startedAt}`,
    mode: 'apply',
    startedAt,
    regions: [REGION],
    findings: {},
    errors,
    failures: Array.from({ length: errors }, (_, i) => `${REGION}/res-${i} [act] ThrottlingException: slow down`),
    notices: 0,
  };
}

/** The configured sweeps of the scenario. */
export const SWEEPS: readonly ScheduledSweep[] = [
  { name: 'idle-endpoints', enabled: true, mode: 'apply', schedule: 'rate(1 day)' },
  { name: 'orphan-volumes', enabled: true, mode: 'apply', schedule: 'cron(0 6 * * ? *)' },
  { name: 'rightsizing', enabled: true, mode: 'report', schedule: 'rate(7 days)' },
  { name: 'runaway-training', enabled: true, mode: 'apply', schedule: 'rate(1 hour)' },
  { name: 'idle-notebooks', enabled: true, mode: 'apply', schedule: 'rate(1 day)' },
  { name: 'budget-guard', enabled: false, mode: 'apply', schedule: 'rate(1 day)' },
];

/** Seeds the scenario into a {@link MemoryLedger}. */
export function seededLedger(): MemoryLedger {
  const ledger = new MemoryLedger();
  const put = (s: ResourceState) => ledger.states.set(`${s.sweep}|${resourceKey(s.ref)}`, s);

  // Actions. A1: in force since W45. A2: stopped Tue, restored Thu (48 h). A3: volume
  // deleted Wed 00:00 after its snapshot. A4: took effect Sun 23:59 (this week).
  // A5: Mon 00:00 of the next week. A6: cancelled. A7: a training job stopped Fri
  // 12:00 whose saving ends 24 h later. A8: unknown price, in force since W46.
  const actions = [
    action('a1', 'idle-endpoints', 'ep-churn', 'ml', hourly(1.5), '2026-11-02T10:00:00.000Z'),
    action('a2', 'idle-endpoints', 'ep-restored', 'ml', hourly(2), '2026-11-17T10:00:00.000Z', {
      status: 'restored',
      restoredAt: '2026-11-19T10:00:00.000Z',
      restoredResourceId: 'ep-restored',
    }),
    action('a3', 'orphan-volumes', 'vol-0a3', 'data', VOLUME_SAVINGS, '2026-11-18T00:00:00.000Z', { startedAt: '2026-11-17T23:00:00.000Z' }),
    action('a4', 'idle-endpoints', 'ep-sunday', null, hourly(0.5), '2026-11-22T23:59:00.000Z'),
    action('a5', 'idle-endpoints', 'ep-monday', null, hourly(1), '2026-11-23T00:00:00.000Z'),
    action('a6', 'idle-endpoints', 'ep-cancelled', 'ml', hourly(9), null),
    action('a7', 'runaway-training', 'job-stopped', 'research', hourly(24.48, 'ml.p3.16xlarge'), '2026-11-20T12:00:00.000Z', {
      savingsUntil: '2026-11-21T12:00:00.000Z',
    }),
    action('a8', 'idle-endpoints', 'ep-unpriced', 'data', UNKNOWN, '2026-11-10T08:00:00.000Z'),
  ];
  for (const a of actions) ledger.actions.set(a.actionId, a);

  // Open findings.
  const s1 = state('idle-endpoints', 'ep-pending', 'ml', 'pending', hourly(1), {
    actAfter: '2026-11-24T09:00:00.000Z',
    firstSeenAt: '2026-11-17T09:00:00.000Z',
  });
  const s2 = state(
    'orphan-volumes',
    'vol-0pending',
    null,
    'pending',
    { ...hourly(8 / HOURS_PER_MONTH), monthlyUsd: 8 },
    { actAfter: '2026-11-23T12:00:00.000Z' },
  );
  const s3 = state('orphan-volumes', 'vol-0acting', 'data', 'acting', { ...hourly(20 / HOURS_PER_MONTH), monthlyUsd: 20 }, { actionId: 'a9' });
  const s4 = state('idle-endpoints', 'ep-prod', 'ml', 'protected', { ...hourly(1000 / HOURS_PER_MONTH), monthlyUsd: 1000 });
  const s5 = state('orphan-volumes', 'vol-0exempt', 'data', 'exempt', UNKNOWN);
  const s6 = state(
    'rightsizing',
    'ep-big/AllTraffic',
    'ml',
    'flagged',
    { ...hourly(300 / HOURS_PER_MONTH), monthlyUsd: 300 },
    {
      decision: 'recommend',
      evidence: { current: '2 x ml.g5.2xlarge ($2,215.60/month)', proposed: '2 x ml.g5.xlarge ($1,915.60/month)' },
    },
  );
  const s7 = state(
    'rightsizing',
    'ep-cpu/AllTraffic',
    null,
    'flagged',
    { ...hourly(120 / HOURS_PER_MONTH), monthlyUsd: 120 },
    {
      decision: 'recommend',
      evidence: { current: { instanceType: 'ml.m5.xlarge', count: 2 }, proposed: { instanceType: 'ml.m5.large', count: 2 } },
    },
  );
  const s8 = state('runaway-training', 'job-runaway', 'research', 'flagged', hourly(3.06, 'ml.p3.2xlarge'), {
    decision: 'flagged',
    firstSeenAt: '2026-11-21T10:00:00.000Z',
    evidence: { costSoFarUsd: 842.1, elapsedHours: 31 },
  });
  const s9 = state('orphan-volumes', 'vol-0watch', 'data', 'watching', hourly(1));
  // Closed this week.
  const s10 = state(
    'rightsizing',
    'ep-old/AllTraffic',
    'data',
    'adopted',
    { ...hourly(200 / HOURS_PER_MONTH), monthlyUsd: 200 },
    {
      decision: 'recommend',
      updatedAt: '2026-11-19T06:00:00.000Z',
      evidence: { current: '1 x ml.c5.4xlarge', proposed: '1 x ml.c5.2xlarge' },
    },
  );
  const s11 = state('runaway-training', 'job-done', 'research', 'ended', hourly(3.06, 'ml.p3.2xlarge'), {
    decision: 'flagged',
    updatedAt: '2026-11-18T10:00:00.000Z',
    evidence: { costSoFarUsd: 100, elapsedHours: 10 },
  });
  const s12 = state('runaway-training', 'job-stopped', 'research', 'acted', hourly(24.48, 'ml.p3.16xlarge'), {
    actionId: 'a7',
    updatedAt: '2026-11-20T12:00:00.000Z',
    evidence: { costSoFarUsd: 500, elapsedHours: 30 },
  });
  // Closed before this week: not in any section.
  const s13 = state('runaway-training', 'job-old', 'research', 'ended', hourly(3.06, 'ml.p3.2xlarge'), {
    decision: 'flagged',
    updatedAt: '2026-11-05T10:00:00.000Z',
    evidence: { costSoFarUsd: 999, elapsedHours: 99 },
  });
  for (const s of [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13]) put(s);

  ledger.events.push(
    event('detected', s1, '2026-11-17T09:00:00.000Z', null),
    // The owner was not warned; the engine warned again: not a new finding.
    event('detected', s1, '2026-11-18T09:00:00.000Z', 'pending'),
    // Watching -> pending: a new finding (at the last second of the week).
    event('detected', s2, '2026-11-22T23:59:59.000Z', 'watching'),
    event('protected', s4, '2026-11-18T09:00:00.000Z', null),
    event('flagged', s6, '2026-11-16T00:00:00.000Z', null),
    event('flagged', s8, '2026-11-21T10:00:00.000Z', null, 2233.8),
    event('adopted', s10, '2026-11-19T06:00:00.000Z', 'flagged'),
    event('ended', s11, '2026-11-18T10:00:00.000Z', 'flagged'),
    event('acted', s12, '2026-11-20T12:00:00.000Z', 'acting'),
    // Next week (Monday 00:00): not in W47.
    event('detected', state('idle-endpoints', 'ep-next-week', 'ml', 'pending', hourly(5)), '2026-11-23T00:00:00.000Z', null),
    // Previous week: not in W47.
    event('detected', state('idle-endpoints', 'ep-last-week', 'ml', 'cleared', hourly(5)), '2026-11-15T23:59:59.000Z', null),
  );

  // Runs: idle-endpoints daily (7); orphan-volumes daily at 06:00 but Thursday's is
  // missing (6 of 7); runaway-training hourly since Friday 00:05 (72); idle-notebooks never.
  for (let day = 16; day <= 22; day++) ledger.runs.push(run('idle-endpoints', `2026-11-${day}T06:00:05.000Z`, day === 18 ? 1 : 0));
  for (const day of [16, 17, 18, 20, 21, 22]) ledger.runs.push(run('orphan-volumes', `2026-11-${day}T06:00:03.000Z`));
  for (let hour = 0; hour < 72; hour++)
    ledger.runs.push(run('runaway-training', new Date(Date.parse('2026-11-20T00:05:00Z') + hour * 3_600_000).toISOString(), hour === 30 ? 2 : 0));
  ledger.runs.push(run('idle-endpoints', '2026-10-01T06:00:04.000Z'), run('orphan-volumes', '2026-10-01T06:00:02.000Z'));
  return ledger;
}
