import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/core/errors.js';
import { loadConfigFile, parseConfig } from '../../lib/config.js';

describe('parseConfig', () => {
  it('fills documented defaults: report mode, 24 h grace, 7-day window', () => {
    const config = parseConfig({});
    expect(config.sweeps['idle-endpoints']).toEqual({
      enabled: true,
      mode: 'report',
      schedule: 'rate(1 day)',
      gracePeriodHours: 24,
      actOnProtected: false,
      lookbackDays: 7,
      maxInvocations: 0,
    });
    expect(config.protectedEnvironments).toEqual(['prod', 'production']);
    expect(config.tagKeys.exempt).toBe('finops:exempt');
  });

  it('fills the digest defaults: enabled, Monday 08:00 UTC, 400 days of reports', () => {
    expect(parseConfig({}).digest).toEqual({ emails: [], enabled: true, schedule: 'cron(0 8 ? * MON *)', retentionDays: 400 });
  });

  it.each([
    [{ sweeps: { 'idle-endpoints': { gracePeriodHours: -1 } } }, 'sweeps.idle-endpoints.gracePeriodHours'],
    [{ sweeps: { 'idle-endpoints': { mode: 'delete-everything' } } }, 'sweeps.idle-endpoints.mode'],
    [{ sweeps: { 'idle-endpoints': { schedule: 'every day' } } }, 'sweeps.idle-endpoints.schedule'],
    [{ sweeps: { 'idle-endpoint': {} } }, 'sweeps: unknown field(s) "idle-endpoint"'],
    [{ regions: ['US East'] }, 'regions.0'],
    [{ digest: { schedule: 'mondays' } }, 'digest.schedule'],
    [{ digest: { retentionDays: 0 } }, 'digest.retentionDays'],
    [{ digest: { retentionDays: 1.5 } }, 'digest.retentionDays'],
    [{ notices: { subscriptions: [{ email: 'not-an-email' }] } }, 'notices.subscriptions.0.email'],
    [{ tagKeys: { owner: '' } }, 'tagKeys.owner'],
  ])('rejects %j naming the field', (value, field) => {
    expect(() => parseConfig(value)).toThrow(ConfigError);
    expect(() => parseConfig(value)).toThrow(field);
  });

  it('loads a file and names it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'finops-config-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ regions: ['eu-west-1'], sweeps: { 'idle-endpoints': { mode: 'apply' } } }));
    expect(loadConfigFile(good).sweeps['idle-endpoints'].mode).toBe('apply');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(() => loadConfigFile(bad)).toThrow(/config file .*bad\.json/);
    expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });
});
