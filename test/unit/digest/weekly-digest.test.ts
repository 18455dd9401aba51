/**
 * The weekly digest on the hand-built ledger of `test/support/digest-ledger.ts`.
 * Every expected figure is worked out by hand in the comments.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigestInputs } from '../../../lib/digest/digest-source.js';
import { weeklyDigest, type TeamRow, type WeeklyDigest } from '../../../lib/digest/weekly-digest.js';
import { addUsd } from '../../../lib/digest/realized-savings.js';
import { resourceKey } from '../../../lib/ledger/records.js';
import { NOW, seededLedger, SWEEPS, WEEK } from '../../support/digest-ledger.js';

const REGISTERED = ['idle-endpoints', 'orphan-volumes', 'rightsizing', 'runaway-training'];

async function digestAt(now: Date, week = WEEK, seriesWeeks = 4): Promise<WeeklyDigest> {
  const ledger = seededLedger();
  const inputs = await loadDigestInputs(ledger, {
    week,
    sweeps: REGISTERED,
    regions: ['us-east-1'],
    scheduledSweeps: SWEEPS.filter((s) => s.enabled && s.mode === 'apply').map((s) => s.name),
  });
  return weeklyDigest(inputs, { week, now, sweeps: SWEEPS, seriesWeeks });
}

let digest: WeeklyDigest;
beforeAll(async () => {
  digest = await digestAt(NOW);
});

describe('headline', () => {
  it('realized savings this week: hourly price x hours in force within the week, net of snapshots', () => {
    // a1 $1.50 x 168 h = 252.00; a2 $2 x 48 h (Tue 10:00 to Thu 10:00, restored) = 96.00;
    // a3 $0.020548 x 120 h (Wed 00:00 to Mon 00:00) = 2.47; a4 $0.50 x 1 min = 0.01;
    // a7 $24.48 x 24 h (stopped Fri 12:00, saving ends Sat 12:00) = 587.52; a8 unknown.
    const realized = Object.fromEntries(digest.actions.map((a) => [a.actionId, a.realizedUsd]));
    expect(realized).toEqual({ a1: 252, a8: null, a2: 96, a3: 2.47, a7: 587.52, a4: 0.01 });
    expect(digest.totals.realizedUsd).toBe(938);
    // The snapshot kept: 500 GiB x $0.05/GB-month / 730 x 120 h = 4.11; gross = 938.00 + 4.11.
    expect(digest.totals.keptCostUsd).toBe(4.11);
    expect(digest.totals.grossRealizedUsd).toBe(942.11);
    expect(digest.actions.find((a) => a.actionId === 'a3')).toMatchObject({ hoursThisWeek: 120, grossUsd: 6.58, keptCostUsd: 4.11, realizedUsd: 2.47 });
  });

  it('an action restored mid-week counts only the hours it was in force', () => {
    expect(digest.actions.find((a) => a.actionId === 'a2')).toMatchObject({
      hoursThisWeek: 48,
      realizedUsd: 96,
      inForce: false,
      projectedMonthlyUsd: null,
      restoredThisWeek: true,
    });
  });

  it('week boundaries are UTC: Sunday 23:59 is this week, Monday 00:00 the next', () => {
    const ids = digest.actions.map((a) => a.actionId);
    expect(ids).toContain('a4');
    expect(ids).not.toContain('a5');
    expect(digest.actions.find((a) => a.actionId === 'a4')).toMatchObject({ tookEffectThisWeek: true, hoursThisWeek: 0.02, realizedUsd: 0.01 });
    expect(digest.weekStart).toBe('2026-11-16T00:00:00.000Z');
    expect(digest.weekEnd).toBe('2026-11-23T00:00:00.000Z');
    expect(digest.asOf).toBe('2026-11-23T00:00:00.000Z');
    expect(digest.inProgress).toBe(false);
  });

  it('projected monthly savings from the actions in force at the end of the week', () => {
    // a1 1,095.00 + a3 15.00 + a4 365.00; a2 restored, a7's saving ended, a8 unknown.
    expect(digest.totals.projectedMonthlyUsd).toBe(1475);
    expect(digest.totals.actionsInForce).toBe(4);
    expect(digest.totals.unknownPrice.actionsInForce).toBe(1);
  });

  it('cumulative since deployment, and the week-over-week change', () => {
    // a1 494 h (158 in W45, 168 in W46 and W47) = 741.00; + 96.00 + 2.47 + 0.01 + 587.52.
    expect(digest.totals.cumulativeRealizedUsd).toBe(1427);
    expect(digest.totals.firstActionAt).toBe('2026-11-02T10:00:00.000Z');
    // W46: a1 252.00 (a8 unknown).
    expect(digest.totals.previousWeekRealizedUsd).toBe(252);
    expect(digest.totals.weekOverWeekChangeUsd).toBe(686);
    expect(digest.totals.weekOverWeekChangePct).toBe(272.2);
    expect(digest.series).toEqual([
      { week: '2026-W44', realizedUsd: 0 },
      { week: '2026-W45', realizedUsd: 237 },
      { week: '2026-W46', realizedUsd: 252 },
      { week: '2026-W47', realizedUsd: 938 },
    ]);
  });

  it('counts actions that took effect this week and restores', () => {
    expect(digest.totals.actions).toBe(4);
    expect(digest.totals.restores).toBe(1);
    expect(digest.trust.restores.map((r) => r.actionId)).toEqual(['a2']);
  });
});

describe('showback by team', () => {
  it('has one row per team, largest first, unallocated last', () => {
    const row = (team: string | null, r: Omit<TeamRow, 'team'>): TeamRow => ({ team, ...r });
    expect(digest.teams).toEqual([
      row('ml', {
        actions: 1,
        realizedUsd: 348,
        projectedMonthlyUsd: 1095,
        pendingCount: 1,
        pendingMonthlyUsd: 730,
        openRecommendations: 1,
        openRecommendationsMonthlyUsd: 300,
      }),
      row('research', {
        actions: 1,
        realizedUsd: 587.52,
        projectedMonthlyUsd: 0,
        pendingCount: 0,
        pendingMonthlyUsd: 0,
        openRecommendations: 0,
        openRecommendationsMonthlyUsd: 0,
      }),
      row('data', {
        actions: 1,
        realizedUsd: 2.47,
        projectedMonthlyUsd: 15,
        pendingCount: 1,
        pendingMonthlyUsd: 20,
        openRecommendations: 0,
        openRecommendationsMonthlyUsd: 0,
      }),
      row(null, {
        actions: 1,
        realizedUsd: 0.01,
        projectedMonthlyUsd: 365,
        pendingCount: 1,
        pendingMonthlyUsd: 8,
        openRecommendations: 1,
        openRecommendationsMonthlyUsd: 120,
      }),
    ]);
  });

  it('rows add up to the totals, to the cent', () => {
    for (const key of [
      'actions',
      'realizedUsd',
      'projectedMonthlyUsd',
      'pendingCount',
      'pendingMonthlyUsd',
      'openRecommendations',
      'openRecommendationsMonthlyUsd',
    ] as const) {
      expect(addUsd(...digest.teams.map((t) => t[key])), key).toBe(digest.totals[key]);
    }
  });
});

describe('pending and protected', () => {
  it('lists pending and in-progress actions, soonest deadline first, with owners', () => {
    expect(digest.pending.map((p) => [p.resourceId, p.status, p.deadline, p.owner, p.monthlyUsd])).toEqual([
      ['vol-0pending', 'pending', '2026-11-23T12:00:00.000Z', 'nobody@example.com', 8],
      ['ep-pending', 'pending', '2026-11-24T09:00:00.000Z', 'ml@example.com', 730],
      ['vol-0acting', 'acting', null, 'data@example.com', 20],
    ]);
    expect(digest.totals.pendingMonthlyUsd).toBe(758);
  });

  it('lists protected and exempt waste, largest first, unknown prices counted apart', () => {
    expect(digest.protected.map((p) => [p.resourceId, p.status, p.monthlyUsd])).toEqual([
      ['ep-prod', 'protected', 1000],
      ['vol-0exempt', 'exempt', null],
    ]);
    expect(digest.totals).toMatchObject({ protectedCount: 2, protectedMonthlyUsd: 1000, unknownPrice: { protected: 1 } });
  });
});

describe('runaway training', () => {
  it('lists jobs flagged, open or closed this week, with cost so far and whether stopped', () => {
    expect(digest.runaway.jobs.map((j) => [j.resourceId, j.outcome, j.costSoFarUsd, j.elapsedHours, j.stopped])).toEqual([
      ['job-runaway', 'running', 842.1, 31, false],
      ['job-stopped', 'stopped', 500, 30, true],
      ['job-done', 'ended', 100, 10, false],
    ]);
    expect(digest.runaway.costSoFarUsd).toBe(1442.1);
    expect(digest.runaway.stopped).toBe(1);
  });
});

describe('recommendations', () => {
  it('ranks open ones by $/month, with current and proposed', () => {
    expect(digest.recommendations.open.map((r) => [r.resourceId, r.monthlyUsd, r.current, r.proposed])).toEqual([
      ['ep-big/AllTraffic', 300, '2 x ml.g5.2xlarge ($2,215.60/month)', '2 x ml.g5.xlarge ($1,915.60/month)'],
      ['ep-cpu/AllTraffic', 120, 'instanceType=ml.m5.xlarge count=2', 'instanceType=ml.m5.large count=2'],
    ]);
  });

  it('lists those adopted this week and the adoption rate', () => {
    expect(digest.recommendations.adopted.map((r) => [r.resourceId, r.adoptedAt, r.monthlyUsd, r.team])).toEqual([
      ['ep-old/AllTraffic', '2026-11-19T06:00:00.000Z', 200, 'data'],
    ]);
    // 1 adopted / (1 adopted + 2 open).
    expect(digest.recommendations.adoptionRate).toBeCloseTo(1 / 3, 10);
  });
});

describe('a sweep that both flags and recommends', () => {
  it('lists its recommendations (decision recommend) with the recommendations, not as runaway jobs', async () => {
    const ledger = seededLedger();
    const job = [...ledger.states.values()].find((st) => st.ref.resourceId === 'job-runaway')!;
    const advice = {
      ...job,
      ref: { ...job.ref, resourceId: 'job-on-demand' },
      decision: 'recommend' as const,
      savings: { ...job.savings, monthlyUsd: 50 },
      evidence: { kind: 'recommendation' },
    };
    ledger.states.set(`${advice.sweep}|${resourceKey(advice.ref)}`, advice);
    const inputs = await loadDigestInputs(ledger, { week: WEEK, sweeps: REGISTERED, regions: ['us-east-1'], scheduledSweeps: [] });
    const d = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: [] });
    expect(d.runaway.jobs.map((j) => j.resourceId)).toEqual(['job-runaway', 'job-stopped', 'job-done']);
    expect(d.recommendations.open.map((r) => [r.resourceId, r.monthlyUsd])).toEqual([
      ['ep-big/AllTraffic', 300],
      ['ep-cpu/AllTraffic', 120],
      ['job-on-demand', 50],
    ]);
    expect(d.teams.find((t) => t.team === 'research')).toMatchObject({ openRecommendations: 1, openRecommendationsMonthlyUsd: 50 });
  });

  it('shows a priced configuration (the rightsizing sweep\'s evidence) as "config ($/month)"', async () => {
    const ledger = seededLedger();
    const rec = [...ledger.states.values()].find((st) => st.ref.resourceId === 'ep-big/AllTraffic')!;
    ledger.states.set(`${rec.sweep}|${resourceKey(rec.ref)}`, {
      ...rec,
      evidence: {
        current: { config: '2 x ml.g5.2xlarge', monthlyUsd: 2215.6, spec: { vcpu: 8 } },
        proposed: { config: '2 x ml.g5.xlarge', monthlyUsd: 1915.6 },
      },
    });
    const inputs = await loadDigestInputs(ledger, { week: WEEK, sweeps: REGISTERED, regions: ['us-east-1'], scheduledSweeps: [] });
    const [top] = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: [] }).recommendations.open;
    expect([top!.current, top!.proposed]).toEqual(['2 x ml.g5.2xlarge ($2,215.60/month)', '2 x ml.g5.xlarge ($1,915.60/month)']);
  });
});

describe('other flags', () => {
  it('lists open flags of sweeps without a section (a team over budget), in no dollar total', async () => {
    const ledger = seededLedger();
    const budget = {
      ...[...ledger.states.values()].find((st) => st.ref.resourceId === 'job-runaway')!,
      sweep: 'budget-guard',
      ref: { resourceType: 'budgets:budget', resourceId: 'finops-ai-ml', arn: 'arn:aws:budgets::123456789012:budget/finops-ai-ml', region: 'us-east-1' },
      team: 'ml',
      reason: 'team ml is over its budget: actual $12,400.00 (124%) of $10,000.00',
      savings: { hourlyUsd: 0, monthlyUsd: 0, components: [], unknown: [] },
    };
    ledger.states.set(`${budget.sweep}|${resourceKey(budget.ref)}`, budget);
    const inputs = await loadDigestInputs(ledger, { week: WEEK, sweeps: [...REGISTERED, 'budget-guard'], regions: ['us-east-1'], scheduledSweeps: [] });
    const d = weeklyDigest(inputs, { week: WEEK, now: NOW, sweeps: [] });
    expect(d.flags.map((f) => [f.sweep, f.resourceId, f.team, f.reason])).toEqual([['budget-guard', 'finops-ai-ml', 'ml', budget.reason]]);
    expect(d.totals).toMatchObject({ realizedUsd: 938, pendingMonthlyUsd: 758, openRecommendationsMonthlyUsd: 420 });
    expect(d.runaway.jobs).toHaveLength(3);
  });
});

describe('trust signals', () => {
  it("counts failures from the week's run records", () => {
    expect(digest.trust.failedRuns).toBe(2);
    expect(digest.trust.failures).toBe(3);
    expect(digest.trust.runs).toHaveLength(7 + 6 + 72);
  });

  it('checks each enabled sweep against its schedule', () => {
    expect(digest.trust.schedules.map((s) => [s.sweep, s.status, s.expectedRuns, s.recordedRuns])).toEqual([
      // rate(1 day) over 167.75 h: at least 6 firings; 7 runs.
      ['idle-endpoints', 'ok', 6, 7],
      // 06:00 every day: 7 firings; Thursday's run is missing.
      ['orphan-volumes', 'missed', 7, 6],
      ['rightsizing', 'not-checked', null, 0],
      // Hourly from its first run, Friday 00:05, to Sunday 23:45: 71 h 40 min, 71 firings; 72 runs.
      ['runaway-training', 'ok', 71, 72],
      ['idle-notebooks', 'never-ran', null, 0],
    ]);
  });
});

describe('KPIs', () => {
  it('are named and computed as documented', () => {
    // New waste this week: ep-pending 730 + vol-0pending 8 (from watching) + ep-prod 1,000;
    // not the re-warning, the runaway flag or the recommendation.
    expect(digest.newFindings.map((f) => f.resourceId)).toEqual(['ep-big/AllTraffic', 'ep-pending', 'ep-prod', 'job-runaway', 'vol-0pending']);
    expect(digest.kpis).toEqual({
      idleResourceSpendFoundMonthlyUsd: 1738,
      idleResourceFindings: 3,
      wasteReducedUsd: 938,
      wasteReducedMonthlyUsd: 1475,
      optimizationAdoptionRate: 1 / 3,
      // Unallocated $/month: 365 + 8 + 120 = 493 of 1,475 + 758 + 420 = 2,653.
      unallocatedShare: 493 / 2653,
      // a4, vol-0pending, ep-cpu of 11 resources behind the rows (a1-a4, a7, a8, 3 pending, 2 recommendations).
      unallocatedResourceShare: 3 / 11,
    });
  });
});

describe('a week in progress', () => {
  it('stops the figures at now and says so', async () => {
    // Thursday 10:00: a1 has been in force 82 h this week, a2 48 h, a3 58 h.
    const midweek = await digestAt(new Date('2026-11-19T10:00:00Z'));
    expect(midweek).toMatchObject({ inProgress: true, asOf: '2026-11-19T10:00:00.000Z' });
    // 1.50 x 82 = 123.00; 2 x 48 = 96.00; 0.020548 x 34 = 0.70 (a3 acted Wed 00:00).
    expect(midweek.totals.realizedUsd).toBe(219.7);
    expect(midweek.actions.map((a) => a.actionId)).toEqual(['a1', 'a8', 'a2', 'a3']);
  });

  it('refuses a week that has not started', async () => {
    await expect(digestAt(NOW, '2026-W49')).rejects.toThrow(/has not started/);
  });
});
