import { describe, expect, it } from 'vitest';
import { parseNow, parseRegions } from '../../../lib/cli/options.js';

describe('CLI option values', () => {
  it.each([
    ['2026-11-27T09:00:00Z', '2026-11-27T09:00:00.000Z'],
    ['2026-11-27T18:00:00+09:00', '2026-11-27T09:00:00.000Z'],
    ['2026-11-27T09:00Z', '2026-11-27T09:00:00.000Z'],
    ['2028-02-29T00:00:00.250Z', '2028-02-29T00:00:00.250Z'],
  ])('--now %s is %s', (value, iso) => {
    expect(parseNow(value).now().toISOString()).toBe(iso);
  });

  it.each(['2026-02-30T00:00:00Z', '2027-02-29T00:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27T09:60:00Z', '2026-11-27T09:00:00', '2026-11-27', 'now', ''])(
    '--now %j is refused',
    (value) => {
      expect(() => parseNow(value)).toThrow(/--now/);
    },
  );

  it('regions are validated, split on commas and de-duplicated in order', () => {
    expect(parseRegions(['eu-west-1,us-east-1', 'eu-west-1', ' ap-northeast-1 '])).toEqual(['eu-west-1', 'us-east-1', 'ap-northeast-1']);
    expect(parseRegions(undefined)).toBeUndefined();
    expect(() => parseRegions(['us-east1'])).toThrow('--region: "us-east1" is not an AWS region (did you mean us-east-1?)');
    expect(() => parseRegions(['us-east-1,'])).toThrow('--region needs region codes');
  });
});
