import { describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig, sweepConfigOf } from '../../lib/config.js';
import { configSchemaFor } from '../../lib/config/config-schema.js';
import { parseConfigFor } from '../../lib/config/parse-config.js';
import { ConfigError } from '../../lib/core/errors.js';
import { IdleEndpointSweep } from '../../lib/sweeps/idle-endpoints/index.js';
import { RunawayTrainingSweep } from '../../lib/sweeps/runaway-training/index.js';
import { modulesImportedBy } from '../support/module-imports.js';

const fields = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.field}: ${i.message}`);
    throw error;
  }
  return [];
};

describe('a config over some sweeps only (lib/config/)', () => {
  it('imports no sweep registry, so a Lambda bundles only its own sweep', () => {
    for (const entry of ['lib/config/parse-config.ts', 'lib/config/config-schema.ts']) {
      expect(modulesImportedBy(entry).filter((file) => file.startsWith('lib/sweeps/'))).toEqual([]);
    }
  });

  it('has a section for each sweep given, with the same defaults as the whole config', () => {
    const config = parseConfigFor({}, [IdleEndpointSweep]);
    expect(Object.keys(config.sweeps)).toEqual(['idle-endpoints']);
    expect(config.sweeps['idle-endpoints']).toEqual(parseConfig({}).sweeps['idle-endpoints']);
    expect(config.tagKeys).toEqual(parseConfig({}).tagKeys);
  });

  it('rejects the sections and stricter settings of other sweeps, naming them', () => {
    expect(fields(() => parseConfigFor({ sweeps: { 'orphan-volumes': {} } }, [IdleEndpointSweep]))).toEqual(['sweeps: unknown field(s) "orphan-volumes"']);
    const team = { team: 'nlp', monthlyLimitUsd: 100, response: 'tighten', tightened: { 'runaway-training': { maxHours: 4 } } };
    expect(fields(() => parseConfigFor({ budgets: { teams: [team] } }, [IdleEndpointSweep]))).toEqual([
      'budgets.teams.0.tightened: unknown field(s) "runaway-training"',
    ]);
  });

  it('keeps what other sweeps configure, unvalidated, when asked (a Lambda reading the whole config)', () => {
    const whole = parseConfig({
      sweeps: { 'runaway-training': { maxHours: 8 } },
      budgets: { teams: [{ team: 'nlp', monthlyLimitUsd: 100, response: 'tighten', tightened: { 'runaway-training': { maxHours: 4 } } }] },
    });
    const own = parseConfigFor(JSON.parse(JSON.stringify(whole)), [IdleEndpointSweep], 'asset', { otherSweeps: 'keep' });
    expect(own.sweeps['idle-endpoints']).toEqual(whole.sweeps['idle-endpoints']);
    expect(own.budgets).toEqual(whole.budgets);
    expect(fields(() => parseConfigFor({ sweeps: { 'idle-endpoints': { mode: 'delete' } } }, [IdleEndpointSweep], 'asset', { otherSweeps: 'keep' }))).toEqual([
      'sweeps.idle-endpoints.mode: Invalid option: expected one of "report"|"apply"',
    ]);
  });

  it('validates stricter settings with the schema each sweep declares', () => {
    const team = (tightened: unknown) => ({ budgets: { teams: [{ team: 'nlp', monthlyLimitUsd: 100, response: 'tighten', tightened }] } });
    expect(fields(() => parseConfigFor(team({ 'runaway-training': { maxHours: -1 } }), [RunawayTrainingSweep]))).toEqual([
      'budgets.teams.0.tightened.runaway-training.maxHours: Too small: expected number to be >0',
    ]);
    expect(fields(() => parseConfigFor(team({ 'runaway-training': { stop: true } }), [RunawayTrainingSweep]))).toEqual([]);
    // A sweep without a tightened schema cannot be tightened at all.
    expect(fields(() => parseConfig(team({ 'orphan-volumes': {} })))).toEqual(['budgets.teams.0.tightened: unknown field(s) "orphan-volumes"']);
  });

  it('gives a sweep its config typed as its declaration takes it', () => {
    const config = parseConfig({ tagKeys: { team: 'squad' }, sweeps: { 'idle-endpoints': { maxInvocations: 3 } } });
    const typed = sweepConfigOf(config, IdleEndpointSweep);
    expect(typed.maxInvocations).toBe(3);
    expect(typed).toEqual(sweepConfig(config, 'idle-endpoints'));
    expect(sweepConfigOf(parseConfigFor({}, [RunawayTrainingSweep]), RunawayTrainingSweep).maxHours).toBe(24);
    expect(() => sweepConfigOf(parseConfigFor({}, [IdleEndpointSweep]), RunawayTrainingSweep)).toThrow(/sweeps.runaway-training: no such sweep section/);
  });

  it('builds its schema once for a set of sweeps', () => {
    const schema = configSchemaFor([IdleEndpointSweep, RunawayTrainingSweep]);
    expect(Object.keys(schema.parse({}).sweeps)).toEqual(['idle-endpoints', 'runaway-training']);
  });
});
