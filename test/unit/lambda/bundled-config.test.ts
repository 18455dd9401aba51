import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config.js';
import { ConfigError } from '../../../lib/core/errors.js';
import { BUNDLED_CONFIG_FILE, loadBundledConfig, parseSweepLambdaConfig, sweepLambdaConfig } from '../../../lib/lambda/bundled-config.js';
import { IdleEndpointSweep } from '../../../lib/sweeps/idle-endpoints/index.js';

const config = parseConfig({
  regions: ['eu-west-1'],
  fallbackOwner: 'ops',
  notices: { subscriptions: [{ email: 'ml@example.com', teams: ['ml'] }] },
  digest: { emails: ['cfo@example.com'] },
  ops: { alarmEmails: ['oncall@example.com'] },
  budgets: { teams: [{ team: 'ml', monthlyLimitUsd: 1000 }] },
  sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 12 }, 'orphan-volumes': { enabled: false } },
});

const dir = mkdtempSync(join(tmpdir(), 'finops-bundled-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(value: unknown): string {
  const file = join(dir, `${files++}`, BUNDLED_CONFIG_FILE);
  mkdirSync(dirname(file));
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('sweepLambdaConfig', () => {
  it('keeps the shared settings, the budgets and the sweep’s own section only', () => {
    const slice = sweepLambdaConfig(config, 'idle-endpoints');
    expect(Object.keys(slice).sort()).toEqual([
      'aws',
      'budgets',
      'fallbackOwner',
      'locale',
      'notices',
      'protectedEnvironments',
      'regions',
      'sweeps',
      'tagKeys',
      'timeZone',
    ]);
    expect(slice.notices).toEqual({ locales: ['en'] });
    expect(slice.sweeps).toEqual({ 'idle-endpoints': config.sweeps['idle-endpoints'] });
    expect(slice.budgets).toEqual(config.budgets);
    expect(JSON.stringify(slice)).not.toContain('@example.com');
  });

  it('is a valid config that reads back the same sweep settings', () => {
    const back = parseConfig(JSON.parse(JSON.stringify(sweepLambdaConfig(config, 'idle-endpoints'))));
    expect(back.sweeps['idle-endpoints']).toEqual(config.sweeps['idle-endpoints']);
    expect({ ...back, sweeps: null, notices: null, digest: null, ops: null }).toEqual({ ...config, sweeps: null, notices: null, digest: null, ops: null });
    expect(back.notices.subscriptions).toEqual([]);
  });

  it('rejects a sweep the config has no section for', () => {
    expect(() => sweepLambdaConfig(config, 'idle-endpoint')).toThrow(ConfigError);
  });
});

describe('loadBundledConfig', () => {
  it('reads and validates the file, defaults applied', () => {
    const file = writeConfig(sweepLambdaConfig(config, 'idle-endpoints'));
    expect((loadBundledConfig(parseSweepLambdaConfig(IdleEndpointSweep), { file }).sweeps as Record<string, unknown>)['idle-endpoints']).toMatchObject({
      mode: 'apply',
      gracePeriodHours: 12,
    });
    expect(loadBundledConfig(parseSweepLambdaConfig(IdleEndpointSweep), { file: pathToFileURL(file) }).fallbackOwner).toBe('ops');
  });

  it('names the file when it is missing, not JSON or invalid', () => {
    const missing = join(tmpdir(), 'no-such-dir-finops', BUNDLED_CONFIG_FILE);
    expect(() => loadBundledConfig(parseSweepLambdaConfig(IdleEndpointSweep), { file: missing })).toThrow(ConfigError);
    expect(() => loadBundledConfig(parseSweepLambdaConfig(IdleEndpointSweep), { file: missing })).toThrow(/no-such-dir-finops/);
    expect(() => loadBundledConfig(parseSweepLambdaConfig(IdleEndpointSweep), { file: writeConfig('{ not json') })).toThrow(
      /bundled config .*config\.json[\s\S]*cannot read it as JSON/,
    );
    expect(() =>
      loadBundledConfig(parseSweepLambdaConfig(IdleEndpointSweep), { file: writeConfig({ sweeps: { 'idle-endpoints': { gracePeriodHours: -1 } } }) }),
    ).toThrow(/sweeps\.idle-endpoints\.gracePeriodHours/);
  });
});
