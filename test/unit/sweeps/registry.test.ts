import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config.js';
import { readEvidence } from '../../../lib/core/evidence.js';
import { ScheduleExpressionSchema } from '../../../lib/core/settings.js';
import { SWEEP_NAMES, SWEEPS } from '../../../lib/sweeps/registry.js';

const SWEEPS_DIR = new URL('../../../lib/sweeps/', import.meta.url);
const folders = readdirSync(SWEEPS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('the sweep registry', () => {
  it('registers every sweep folder once, under its folder name', () => {
    expect([...SWEEP_NAMES].sort()).toEqual([...folders].sort());
    expect(new Set(SWEEP_NAMES).size).toBe(SWEEP_NAMES.length);
  });

  it.each(folders)('lib/sweeps/%s/index.ts exports the declaration named after its folder', async (folder) => {
    const module = (await import(new URL(`${folder}/index.ts`, SWEEPS_DIR).href)) as Record<string, unknown>;
    const registered = Object.values(module).filter((value) => SWEEPS.includes(value as (typeof SWEEPS)[number]));
    expect(registered.map((sweep) => (sweep as { name: string }).name)).toEqual([folder]);
  });

  describe.each(SWEEPS.map((sweep) => [sweep.name, sweep] as const))('%s', (_name, sweep) => {
    it('has a valid default schedule, which its config schema applies', () => {
      expect(ScheduleExpressionSchema.safeParse(sweep.defaultSchedule).success).toBe(true);
      expect(sweep.configSchema.parse({}).schedule).toBe(sweep.defaultSchedule);
    });

    it('parses its config defaults from {}, as the whole config does', () => {
      const defaults = sweep.configSchema.parse({});
      expect(defaults).toMatchObject({ enabled: true, mode: 'report' });
      expect((parseConfig({}).sweeps as Record<string, unknown>)[sweep.name]).toEqual(defaults);
    });

    it('is report-only without an action: no permission to act or restore, every finding read as its advisory', () => {
      if (sweep.action) {
        expect(sweep.action.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
        // An action that changes AWS needs the grants to undo it too (the budget guard's changes only the ledger).
        if (sweep.permissions.act) expect(sweep.permissions.restore?.length).toBeGreaterThan(0);
      } else {
        expect(sweep.permissions.act).toBeUndefined();
        expect(sweep.permissions.restore).toBeUndefined();
        expect(sweep.advisory).toBeDefined();
      }
    });

    it('describes itself in one line, and its docs page exists', () => {
      expect(sweep.title.length).toBeGreaterThan(0);
      expect(sweep.description).toMatch(/^[a-z][^\n|]+$/);
      if (sweep.docs) expect(existsSync(new URL(`../../../${sweep.docs}`, import.meta.url))).toBe(true);
    });

    it('can be tightened only through a schema without defaults', () => {
      if (sweep.tighten) expect(sweep.tightenedSchema).toBeDefined();
      if (sweep.tightenedSchema) expect(Object.values(sweep.tightenedSchema.parse({})).filter((v) => v !== undefined)).toEqual([]);
    });

    it('reads any evidence leniently through its evidence schema', () => {
      if (!sweep.evidenceSchema) return;
      expect(() => readEvidence(sweep.evidenceSchema!, {})).not.toThrow();
      expect(() => readEvidence(sweep.evidenceSchema!, 'not an object')).not.toThrow();
    });
  });
});
