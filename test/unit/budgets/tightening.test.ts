import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUDGET_GUARD } from '../../../lib/budgets/budget-guard-ledger.js';
import { tightenedTeamConfigs } from '../../../lib/budgets/tightening.js';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import type { JsonValue } from '../../../lib/core/finding.js';
import { resourceKey, type FindingStatus, type ResourceState } from '../../../lib/ledger/records.js';
import { BudgetGuardSweep } from '../../../lib/sweeps/budget-guard/index.js';
import { IdleEndpointSweep } from '../../../lib/sweeps/idle-endpoints/index.js';
import { OrphanVolumeSweep } from '../../../lib/sweeps/orphan-volumes/index.js';
import { RunawayTrainingSweep } from '../../../lib/sweeps/runaway-training/index.js';
import { MemoryLedger } from '../../support/memory-ledger.js';
import { modulesImportedBy } from '../../support/module-imports.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const MONTH_END = '2026-12-01T00:00:00.000Z';

const config = parseConfig({
  budgets: {
    teams: [
      {
        team: 'nlp',
        monthlyLimitUsd: 1000,
        response: 'tighten',
        tightened: { 'idle-endpoints': { maxInvocations: 5, gracePeriodHours: undefined }, 'runaway-training': { maxHours: 4, stop: true } },
      },
      { team: 'vision', monthlyLimitUsd: 1000, response: 'notify', tightened: { 'idle-endpoints': { maxInvocations: 9 } } },
    ],
  },
});

function guardState(team: string, status: FindingStatus, evidence: { [key: string]: JsonValue }): ResourceState {
  return {
    sweep: BUDGET_GUARD.sweep,
    ref: { resourceType: BUDGET_GUARD.resourceType, resourceId: `finops-ai-${team}`, arn: '', region: BUDGET_GUARD.region },
    owner: 'unassigned',
    team,
    status,
    version: 1,
    firstSeenAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    actAfter: null,
    warnedAt: null,
    reason: 'over budget',
    evidence,
    savings: { hourlyUsd: null, monthlyUsd: null, components: [], unknown: [] },
    actionId: 'act-1',
    leaseUntil: null,
  };
}

function ledgerWith(...states: ResourceState[]): MemoryLedger {
  const ledger = new MemoryLedger();
  for (const s of states) ledger.states.set(`${s.sweep}|${resourceKey(s.ref)}`, s);
  return ledger;
}

describe('tightenedTeamConfigs', () => {
  it('gives a team whose tightening is in force the stricter settings it configured for this sweep', async () => {
    const ledger = ledgerWith(guardState('nlp', 'acted', { tightenedUntil: MONTH_END }), guardState('vision', 'acted', { tightenedUntil: MONTH_END }));
    const base = sweepConfig(config, 'idle-endpoints');
    const teams = await tightenedTeamConfigs(ledger, config, IdleEndpointSweep, base, NOW);
    expect([...teams.keys()]).toEqual(['nlp']);
    expect(teams.get('nlp')).toEqual({
      config: { ...base, maxInvocations: 5 },
      because: 'stricter limits: team nlp is over its AI budget until 2026-12-01',
    });
  });

  it("uses the sweep's own tighten when it declares one", async () => {
    const ledger = ledgerWith(guardState('nlp', 'acted', { tightenedUntil: MONTH_END }));
    const teams = await tightenedTeamConfigs(ledger, config, RunawayTrainingSweep, sweepConfig(config, 'runaway-training'), NOW);
    expect(teams.get('nlp')?.config).toMatchObject({ maxHours: 24, budgetCap: { maxHours: 4, stop: true } });
  });

  it.each([
    ['restored', { tightenedUntil: MONTH_END }],
    ['acted', { tightenedUntil: '2026-11-01T00:00:00.000Z' }],
    ['acted', { tightenedUntil: 42 }],
    ['acted', {}],
  ] as const)('ignores a %s guard state with evidence %j', async (status, evidence) => {
    const ledger = ledgerWith(guardState('nlp', status, evidence));
    expect((await tightenedTeamConfigs(ledger, config, IdleEndpointSweep, sweepConfig(config, 'idle-endpoints'), NOW)).size).toBe(0);
  });

  it('reads nothing for a sweep no team tightens', async () => {
    const ledger = ledgerWith(guardState('nlp', 'acted', { tightenedUntil: MONTH_END }));
    ledger.getStates = () => Promise.reject(new Error('no ledger read expected'));
    expect((await tightenedTeamConfigs(ledger, config, OrphanVolumeSweep, sweepConfig(config, 'orphan-volumes'), NOW)).size).toBe(0);
  });

  it('is keyed on the identity the guard sweep declares', () => {
    expect(BudgetGuardSweep).toMatchObject({ name: BUDGET_GUARD.sweep, resourceType: BUDGET_GUARD.resourceType, globalRegion: BUDGET_GUARD.region });
  });
});

describe('lib/budgets', () => {
  it('imports no sweep module, directly or not', () => {
    for (const file of readdirSync(new URL('../../../lib/budgets/', import.meta.url))) {
      expect(
        modulesImportedBy(`lib/budgets/${file}`).filter((m) => m.startsWith('lib/sweeps/')),
        file,
      ).toEqual([]);
    }
  });
});
