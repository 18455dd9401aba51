import { beforeEach, describe, expect, inject, it } from 'vitest';
import { teamBudgetDefinitions } from '../../lib/budgets/team-budgets.js';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import { seedTeamBudgets } from '../../lib/local/seed-budgets.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-20T06:00:00Z');
const config = parseConfig({
  regions: [REGION, 'eu-west-1'],
  notices: { subscriptions: [{ email: 'nlp-leads@example.com', teams: ['nlp'] }] },
  budgets: {
    teams: [
      // Over budget; tightens idle endpoints (batch-scorer had 40 invocations in 7 days).
      {
        team: 'nlp',
        monthlyLimitUsd: 2000,
        owner: 'raj@example.com',
        response: 'tighten',
        tightened: { 'idle-endpoints': { maxInvocations: 100, gracePeriodHours: 2 } },
      },
      // Warning only.
      { team: 'vision', monthlyLimitUsd: 1000, owner: 'ana@example.com' },
      // Forecast only, and a notify team.
      { team: 'risk', monthlyLimitUsd: 5000, owner: 'lee@example.com', response: 'tighten', tightened: { 'idle-endpoints': { maxInvocations: 100 } } },
      // Comfortably within.
      { team: 'recsys', monthlyLimitUsd: 3000 },
      // Configured, but its budget was never created.
      { team: 'support', monthlyLimitUsd: 100 },
    ],
  },
  sweeps: {
    'budget-guard': { mode: 'apply', gracePeriodHours: 12 },
    'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 },
  },
});

let env: Record<string, string>;
const guard = (at: Date): Promise<SweepReport> =>
  runConfiguredSweep({ sweep: sweepNamed('budget-guard'), config, mode: 'apply', clock: fixedClock(at), env, clients: emulatorClients() });
const idle = (at: Date, mode: 'report' | 'apply' = 'report'): Promise<SweepReport> =>
  runConfiguredSweep({
    sweep: sweepNamed('idle-endpoints'),
    config: { ...config, regions: [REGION] },
    mode,
    clock: fixedClock(at),
    env,
    clients: emulatorClients(),
  });
const byId = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f]));

beforeEach(async () => {
  ({ env } = await freshEstate(T0));
  const definitions = teamBudgetDefinitions(config).filter((d) => d.team !== 'support');
  await seedTeamBudgets({
    endpoint: inject('emulatorEndpoint'),
    definitions,
    spend: {
      nlp: { actualUsd: 2400, forecastUsd: 3100 },
      vision: { actualUsd: 850, forecastUsd: 990 },
      risk: { actualUsd: 3000, forecastUsd: 5600 },
      recsys: { actualUsd: 400, forecastUsd: 900 },
    },
  });
});

describe('budget-guard against the emulator', () => {
  it('classifies each team once (a global service, whatever the regions) and notifies the teams in breach', async () => {
    const report = await guard(T0);
    expect(report.regions).toEqual(['us-east-1']);
    const findings = byId(report);
    expect(Object.keys(findings).sort()).toEqual(['finops-ai-nlp', 'finops-ai-risk', 'finops-ai-vision']);
    expect(findings['finops-ai-nlp']).toMatchObject({
      resourceType: 'budgets:budget',
      arn: 'arn:aws:budgets::123456789012:budget/finops-ai-nlp',
      decision: 'pending',
      owner: 'raj@example.com',
      team: 'nlp',
      limitUsd: 2000,
      actualUsd: 2400,
      forecastUsd: 3100,
      actAfter: addHours(T0, 12).toISOString(),
    });
    expect(findings['finops-ai-vision']).toMatchObject({ decision: 'flagged', actualUsd: 850, budgetStatus: 'warning' });
    expect(findings['finops-ai-risk']).toMatchObject({ decision: 'flagged', budgetStatus: 'forecast-over', forecastUsd: 5600 });
    // The team without a budget is reported, not silently skipped.
    expect(report.errors).toMatchObject([{ resourceId: 'finops-ai-support', error: 'BudgetNotFoundError' }]);

    const messages = await emulator().publishedMessages();
    const nlp = messages.find((m) => m.messageAttributes.owner?.value === 'raj@example.com')!;
    expect(nlp.subject).toBe('[FinOps AI] Team AI budgets: 1 scheduled');
    expect(nlp.message).toContain('team nlp is over its monthly AI budget: actual $2,400.00 (120%), forecast $3,100.00 (155%) of $2,000.00');
    expect(nlp.message).not.toContain('$0.00/month');
    const vision = messages.find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!;
    expect(vision.subject).toBe('[FinOps AI] Team AI budgets: 1 over budget');
    expect(vision.messageAttributes.event?.value).toBe('["budget"]');
  });

  it('tightens an over-budget team after the grace period: its idle endpoints use the stricter limits, others do not', async () => {
    // Before: 40 invocations in 7 days keeps nlp's batch-scorer busy (limit 0).
    expect(byId(await idle(T0))['batch-scorer']).toBeUndefined();

    await guard(T0);
    const early = await guard(addHours(T0, 6));
    expect(byId(early)['finops-ai-nlp']?.decision).toBe('pending');
    expect(byId(await idle(addHours(T0, 6)))['batch-scorer']).toBeUndefined();

    const due = await guard(addHours(T0, 12));
    const tightened = byId(due)['finops-ai-nlp']!;
    expect(tightened).toMatchObject({ decision: 'acted' });
    // Later runs in the month leave the action in force: no new finding, no new notice.
    const notices = (await emulator().publishedMessages()).length;
    const again = await guard(addHours(T0, 13));
    expect(byId(again)['finops-ai-nlp']).toBeUndefined();
    expect((await emulator().publishedMessages()).length).toBe(notices); // vision and risk: no reminder before 24 h

    const strict = byId(await idle(addHours(T0, 13), 'apply'));
    expect(strict['batch-scorer']).toMatchObject({
      decision: 'pending',
      team: 'nlp',
      reason: expect.stringContaining('stricter limits: team nlp is over its AI budget until 2026-12-01'),
      // The team's stricter grace period too.
      actAfter: addHours(T0, 15).toISOString(),
    });
    // recsys-canary (15 invocations, team recsys within budget) keeps the normal limit.
    expect(strict['recsys-canary']).toBeUndefined();

    // An operator restores the tightening: normal limits again, and the guard only notifies this month.
    await restoreFromEnv({ actionId: tightened.actionId!, clock: fixedClock(addHours(T0, 14)), config, env, clients: emulatorClients(), sweepNamed });
    expect(byId(await idle(addHours(T0, 14)))['batch-scorer']).toBeUndefined();
    expect(byId(await guard(addHours(T0, 15)))['finops-ai-nlp']).toMatchObject({ decision: 'flagged' });

    const states = (await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => i.kind === 'state' && i.sweep === 'budget-guard');
    expect(states.map((s) => [(s.ref as { resourceId: string }).resourceId, s.status]).sort()).toEqual([
      ['finops-ai-nlp', 'flagged'],
      ['finops-ai-risk', 'flagged'],
      ['finops-ai-vision', 'flagged'],
    ]);
  });
});
