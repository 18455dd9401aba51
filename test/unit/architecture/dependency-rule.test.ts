/**
 * The dependency check (scripts/dependency-check.ts) on small fixture trees under
 * test/fixtures/deps/, each breaking one rule, and on the repository itself.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDependencies, formatDependencyCheck, type DependencyCheck } from '../../../scripts/dependency-check.js';
import { ALLOWED, forbiddenRules, LAYERS, layerMemberOf, RULE_LINE, RULES } from '../../../scripts/dependency-rule.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => join(repoRoot, 'test/fixtures/deps', name);
const check = (name: string, allowed: DependencyCheck['stale'] = []) => checkDependencies({ baseDir: fixture(name), allowed });
const broken = (result: DependencyCheck) => result.violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`);

describe('the rule line', () => {
  it('is the one documented direction, read into layers of peers', () => {
    expect(RULE_LINE).toBe(
      'functions -> lambda | cli -> local -> runtime -> digest -> engine | links -> sweeps -> config -> budgets -> aws | prices | ledger | notices -> format -> core',
    );
    expect(LAYERS[1]).toEqual(['lambda', 'cli']);
    expect(LAYERS.at(-1)).toEqual(['core']);
  });

  it('places lib/config.ts with runtime, and knows no folder outside the line', () => {
    expect(layerMemberOf('lib/config.ts')).toBe('runtime');
    expect(layerMemberOf('lib/runtime.ts')).toBe('runtime');
    expect(layerMemberOf('lib/config/config-schema.ts')).toBe('config');
    expect(layerMemberOf('lib/sweeps/rightsizing/volume-rule.ts')).toBe('sweeps');
    expect(layerMemberOf('functions/idle-endpoints.ts')).toBe('functions');
    expect(layerMemberOf('lib/widgets/x.ts')).toBeNull();
    expect(layerMemberOf('infra/app.ts')).toBeNull();
  });

  it('forbids core from importing any other lib folder', () => {
    const coreRule = forbiddenRules().find((r) => r.name === RULES.layer && 'from' in r && r.from.path === '^lib/core(/|\\.ts$)');
    expect(coreRule).toBeDefined();
  });
});

describe('checkDependencies on fixture trees', () => {
  it('passes a tree that follows the rule, and prints the rule line', async () => {
    const result = await check('layered');
    expect(broken(result)).toEqual([]);
    expect(result.modules).toBe(13);
    const report = formatDependencyCheck(result);
    expect(report).toContain(`Dependency rule: ${RULE_LINE}`);
    expect(report).toContain('OK: no dependency violations.');
  });

  it('fails a folder cycle, naming the modules on both sides', async () => {
    const result = await check('folder-cycle');
    const cycle = result.violations.find((v) => v.rule === RULES.folderCycle);
    expect(cycle?.detail).toBe(
      'folder cycle lib/core -> lib/ledger -> lib/core: lib/core/engine.ts -> lib/ledger/records.ts; lib/ledger/records.ts -> lib/core/finding.ts',
    );
    expect(broken(result)).toContain(`${RULES.layer}: lib/core/engine.ts -> lib/ledger/records.ts`);
    expect(formatDependencyCheck(result)).toContain('FAILED: 2 dependency violations.');
  });

  it('fails a module cycle once, naming both modules', async () => {
    const result = await check('module-cycle');
    expect(result.violations).toEqual([
      {
        rule: RULES.moduleCycle,
        from: 'lib/core/policy.ts',
        to: 'lib/core/sweep.ts',
        detail: 'module cycle lib/core/policy.ts -> lib/core/sweep.ts -> lib/core/policy.ts',
      },
    ]);
  });

  it('fails a sweep that imports a sibling sweep', async () => {
    const result = await check('sibling-sweep');
    expect(broken(result)).toEqual([`${RULES.siblingSweep}: lib/sweeps/rightsizing/index.ts -> lib/sweeps/orphan-volumes/index.ts`]);
  });

  it('fails core importing an adapter, type-only imports included', async () => {
    const result = await check('core-imports-adapter');
    expect(broken(result)).toEqual([`${RULES.layer}: lib/core/sweep.ts -> lib/aws/clients.ts`]);
  });

  it('fails lib importing test/', async () => {
    const result = await check('lib-imports-test');
    expect(broken(result)).toEqual([`${RULES.edge}: lib/local/emulator.ts -> test/emulator/paths.ts`]);
  });

  it('excuses what the allow-list names, counts it, and lists allowances that match nothing', async () => {
    const allowance = { from: 'lib/core/', to: 'lib/ledger/', owner: 'engine helper', why: 'fixture' };
    const stale = { from: 'lib/digest/', to: 'lib/cli/', owner: 'format helper', why: 'fixture' };
    const result = await check('folder-cycle', [allowance, stale]);
    expect(result.violations).toEqual([]);
    expect(result.allowed).toEqual([{ allowance, violations: [expect.objectContaining({ from: 'lib/core/engine.ts', to: 'lib/ledger/records.ts' })] }]);
    expect(result.stale).toEqual([stale]);
    expect(formatDependencyCheck(result)).toContain('Stale allowance (matches nothing, delete it): lib/digest/** -> lib/cli/** (format helper)');
  });
});

describe('checkDependencies on this repository', () => {
  // dependency-cruiser parses every module of the repository: seconds on a loaded machine.
  it('passes, given the temporary allow-list', { timeout: 120_000 }, async () => {
    const result = await checkDependencies({ baseDir: repoRoot });
    expect(broken(result)).toEqual([]);
    expect(result.modules).toBeGreaterThan(100);
    // Every allowance names its owner and why it stands.
    for (const a of ALLOWED) expect({ owner: a.owner.length > 0, why: a.why.length > 10 }).toEqual({ owner: true, why: true });
  });
});
