import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config.js';
import { exemptAllowed } from '../../lib/config/owner-actions-config.js';
import { ConfigError } from '../../lib/core/errors.js';
import { checkedBaseUrl, linkUrl } from '../../lib/links/link-settings.js';

describe('config: ownerActions', () => {
  it('is off by default, with a 90-day bound on keep-until and no exempt link', () => {
    expect(parseConfig({}).ownerActions).toEqual({ enabled: false, maxSnoozeDays: 90, allowExempt: false });
  });

  it('takes exempt for all teams or some, and a link lifetime', () => {
    const config = parseConfig({ ownerActions: { enabled: true, maxSnoozeDays: 30, allowExempt: ['risk'], linkTtlHours: 48 } }).ownerActions;
    expect(config).toEqual({ enabled: true, maxSnoozeDays: 30, allowExempt: ['risk'], linkTtlHours: 48 });
    expect(exemptAllowed(config, 'risk')).toBe(true);
    expect(exemptAllowed(config, 'vision')).toBe(false);
    expect(exemptAllowed(config, null)).toBe(false);
    expect(exemptAllowed({ allowExempt: true }, null)).toBe(true);
  });

  it.each([
    [{ maxSnoozeDays: 0 }, 'ownerActions.maxSnoozeDays'],
    [{ maxSnoozeDays: 400 }, 'ownerActions.maxSnoozeDays'],
    [{ allowExempt: [] }, 'ownerActions.allowExempt'],
    [{ linkTtlHours: 0 }, 'ownerActions.linkTtlHours'],
    [{ snoozeForever: true }, 'ownerActions'],
  ])('refuses %j naming %s', (ownerActions, field) => {
    try {
      parseConfig({ ownerActions });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.field)).toContain(field);
    }
  });

  it('the base URL must be https, or http on loopback, with no query', () => {
    expect(checkedBaseUrl('https://abc.lambda-url.us-east-1.on.aws/')).toBe('https://abc.lambda-url.us-east-1.on.aws/');
    expect(checkedBaseUrl('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787/');
    for (const bad of ['http://links.example.com/', 'links.example.com', 'https://x.example/?a=1'])
      expect(() => checkedBaseUrl(bad)).toThrow(/FINOPS_LINKS_BASE_URL/);
    expect(linkUrl('https://x.example/base/', 'keep-7d', 'a b&c', 't.k')).toBe('https://x.example/base/?choice=keep-7d&resource=a+b%26c&token=t.k');
  });
});

describe('sweep Lambda config: ownerActions', () => {
  it('carries the section only when owner actions are on', async () => {
    const { sweepLambdaConfig } = await import('../../lib/lambda/bundled-config.js');
    expect(sweepLambdaConfig(parseConfig({}), 'idle-endpoints').ownerActions).toBeUndefined();
    const on = parseConfig({ ownerActions: { enabled: true, allowExempt: true } });
    expect(sweepLambdaConfig(on, 'idle-endpoints').ownerActions).toEqual({ enabled: true, maxSnoozeDays: 90, allowExempt: true });
  });
});
