import { describe, expect, it } from 'vitest';
import { parseSnooze, standingOf, tagsFromList, type OwnershipPolicy } from '../../../lib/core/policy.js';

const policy: OwnershipPolicy = {
  tagKeys: { owner: 'owner', team: 'team', environment: 'env', exempt: 'finops:exempt', snoozeUntil: 'finops:snooze-until' },
  protectedEnvironments: ['prod', 'production'],
  fallbackOwner: 'platform@example.com',
};
const NOW = new Date('2026-11-26T12:00:00Z');

describe('standingOf', () => {
  it('reads owner and team, falling back when the owner tag is missing', () => {
    expect(standingOf({ owner: 'ana', team: 'risk' }, policy, NOW)).toMatchObject({ owner: 'ana', ownerIsFallback: false, team: 'risk' });
    expect(standingOf({ owner: '  ' }, policy, NOW)).toMatchObject({ owner: 'platform@example.com', ownerIsFallback: true, team: null });
  });

  it.each([
    [{ 'finops:exempt': 'true' }, /exempt \(tag finops:exempt=true\)/],
    [{ 'finops:exempt': 'TRUE' }, /exempt/],
    [{ 'finops:snooze-until': '2026-11-26' }, /snoozed until 2026-11-26/], // through the end of that UTC day
    [{ 'finops:snooze-until': '2026-12-24T00:00:00Z' }, /snoozed/],
  ])('exempts %o', (tags, reason) => {
    expect(standingOf(tags, policy, NOW).exemptBecause).toMatch(reason);
  });

  it.each([
    [{ 'finops:exempt': 'false' }],
    [{ 'finops:exempt': 'yes please' }],
    [{ 'finops:snooze-until': '2026-11-25' }],
    [{ 'finops:snooze-until': 'next week' }],
  ])('does not exempt %o', (tags) => {
    expect(standingOf(tags, policy, NOW).exemptBecause).toBeNull();
  });

  it('protects configured environments, case-insensitively, and only those', () => {
    expect(standingOf({ env: 'Production' }, policy, NOW).protectedBecause).toMatch(/protected environment \(tag env=Production\)/);
    expect(standingOf({ env: 'prod' }, policy, NOW).protectedBecause).not.toBeNull();
    expect(standingOf({ env: 'staging' }, policy, NOW).protectedBecause).toBeNull();
    expect(standingOf({ environment: 'prod' }, policy, NOW).protectedBecause).toBeNull();
  });

  it('honours configured tag keys', () => {
    const custom = { ...policy, tagKeys: { ...policy.tagKeys, owner: 'Owner', environment: 'Stage' }, protectedEnvironments: ['live'] };
    expect(standingOf({ Owner: 'kim', Stage: 'live' }, custom, NOW)).toMatchObject({ owner: 'kim', protectedBecause: expect.stringContaining('Stage=live') });
  });
});

describe('parseSnooze', () => {
  it('treats a date as the end of that UTC day and rejects free text', () => {
    expect(parseSnooze('2026-12-01')?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(parseSnooze('tomorrow')).toBeNull();
  });
});

describe('tagsFromList', () => {
  it('keeps the last value of a repeated key (moto AddTags appends duplicates)', () => {
    expect(
      tagsFromList([
        { Key: 'owner', Value: 'a' },
        { Key: 'owner', Value: 'b' },
      ]),
    ).toEqual({ owner: 'b' });
  });
});
