/**
 * Renders the README's table of sweeps from the registry, between the markers
 * `<!-- sweeps:start -->` and `<!-- sweeps:end -->`: `npm run docs:sweeps`
 * rewrites it, `npm run docs:sweeps -- --check` (and a unit test) fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnySweepDeclaration } from '../lib/core/sweep-declaration.js';
import { SWEEPS } from '../lib/sweeps/registry.js';

export const START = '<!-- sweeps:start -->';
export const END = '<!-- sweeps:end -->';

const DAYS: Readonly<Record<string, string>> = {
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  SUN: 'Sunday',
};

/**
 * A schedule expression in words where it is a common one, else the expression.
 *
 * @example
 * describeSchedule('rate(6 hours)') // 'every 6 hours'
 * describeSchedule('cron(0 6 ? * MON *)') // 'weekly, Monday 06:00 UTC'
 */
export function describeSchedule(expression: string): string {
  const rate = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/.exec(expression);
  if (rate) {
    const [, count, unit] = rate;
    if (count === '1') return unit === 'day' ? 'daily' : unit === 'hour' ? 'hourly' : 'every minute';
    return `every ${count} ${unit}s`;
  }
  const cron = /^cron\(\s*(\d+)\s+(\d+)\s+(\S+)\s+\*\s+(\S+)\s+\*\s*\)$/.exec(expression);
  if (cron) {
    const [, minute, hour, dayOfMonth, dayOfWeek] = cron;
    const at = `${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')} UTC`;
    if (dayOfMonth === '?' && DAYS[dayOfWeek!]) return `weekly, ${DAYS[dayOfWeek!]} ${at}`;
    if ((dayOfMonth === '*' || dayOfMonth === '?') && (dayOfWeek === '?' || dayOfWeek === '*')) return `daily, ${at}`;
  }
  return `\`${expression}\``;
}

/** The markdown table of `sweeps`: name, default schedule, what it does, its action. */
export function renderSweepTable(sweeps: readonly AnySweepDeclaration[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = sweeps.map((s) => {
    const action = `${s.action ? '' : 'report only: '}${s.wording.description}${s.docs ? ` ([docs](${s.docs}))` : ''}`;
    return `| **\`${s.name}\`** | ${describeSchedule(s.defaultSchedule)} | ${cell(s.description)} | ${cell(action)} |`;
  });
  return ['| sweep | default schedule | what it does | action (apply mode only) |', '|---|---|---|---|', ...rows].join('\n');
}

/** `readme` with the text between the markers replaced by `table`; throws when a marker is missing. */
export function withSweepTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} and ${END}, in that order`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

/** Path of the README this script maintains. */
export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const readme = readFileSync(README_PATH, 'utf8');
  const updated = withSweepTable(readme, renderSweepTable(SWEEPS));
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      process.stderr.write('README.md: the sweeps table is stale; run npm run docs:sweeps\n');
      process.exit(1);
    }
  } else if (updated !== readme) {
    writeFileSync(README_PATH, updated);
    process.stdout.write('README.md: sweeps table updated\n');
  } else process.stdout.write('README.md: sweeps table up to date\n');
}
