import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SWEEPS } from '../../../lib/sweeps/registry.js';
import { describeSchedule, README_PATH, renderSweepTable, withSweepTable } from '../../../scripts/sweep-docs.js';

describe('the README sweeps table', () => {
  it('is the one rendered from the registry (run npm run docs:sweeps when this fails)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(withSweepTable(readme, renderSweepTable(SWEEPS))).toBe(readme);
  });

  it('lists every sweep with its schedule in words', () => {
    const table = renderSweepTable(SWEEPS);
    for (const sweep of SWEEPS) expect(table).toContain(`| **\`${sweep.name}\`** | ${describeSchedule(sweep.defaultSchedule)} |`);
  });

  it.each([
    ['rate(1 day)', 'daily'],
    ['rate(1 hour)', 'hourly'],
    ['rate(6 hours)', 'every 6 hours'],
    ['cron(0 6 ? * MON *)', 'weekly, Monday 06:00 UTC'],
    ['cron(30 2 * * ? *)', 'daily, 02:30 UTC'],
    ['cron(0 8 1 * ? *)', '`cron(0 8 1 * ? *)`'],
  ])('describes %s as %s', (expression, words) => {
    expect(describeSchedule(expression)).toBe(words);
  });

  it('needs both markers', () => {
    expect(() => withSweepTable('no markers', '')).toThrow(/sweeps:start/);
  });
});
