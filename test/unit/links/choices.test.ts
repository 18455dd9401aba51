import { describe, expect, it } from 'vitest';
import { latestSnoozeDay, linkExpiry, offeredChoices, snoozeEnd } from '../../../lib/links/choices.js';
import { ownerActions } from './links-fixture.js';

const at = new Date('2026-11-23T09:15:30.250Z');

describe('owner-action rules', () => {
  it.each([
    ['exempt off (default)', {}, 'risk', ['keep-7d', 'keep-30d', 'keep-until', 'act-now']],
    ['exempt for all', { allowExempt: true }, 'risk', ['keep-7d', 'keep-30d', 'keep-until', 'exempt', 'act-now']],
    ['exempt for the team', { allowExempt: ['risk'] }, 'risk', ['keep-7d', 'keep-30d', 'keep-until', 'exempt', 'act-now']],
    ['exempt for another team', { allowExempt: ['vision'] }, 'risk', ['keep-7d', 'keep-30d', 'keep-until', 'act-now']],
    ['exempt by team, no team tag', { allowExempt: ['risk'] }, null, ['keep-7d', 'keep-30d', 'keep-until', 'act-now']],
  ])('offers: %s', (_, config, team, expected) => {
    expect(offeredChoices({ resourceType: 'sagemaker:endpoint', team }, ownerActions(config))).toEqual(expected);
  });

  it('offers nothing for a resource type a link cannot tag', () => {
    expect(offeredChoices({ resourceType: 'budgets:budget', team: 'risk' }, ownerActions({ allowExempt: true }))).toEqual([]);
    expect(offeredChoices({ resourceType: 'ec2:volume', team: 'risk' }, ownerActions())).toHaveLength(4);
  });

  it('links expire a day after the grace period, or linkTtlHours after the notice', () => {
    expect(linkExpiry('2026-11-24T09:00:00.000Z', at, ownerActions()).toISOString()).toBe('2026-11-25T09:00:00.000Z');
    expect(linkExpiry(null, at, ownerActions()).toISOString()).toBe('2026-11-25T09:15:30.250Z');
    expect(linkExpiry('2026-11-24T09:00:00.000Z', at, ownerActions({ linkTtlHours: 6 })).toISOString()).toBe('2026-11-23T15:15:30.250Z');
  });

  it('keep until is bounded by maxSnoozeDays from the notice', () => {
    expect(latestSnoozeDay(at, ownerActions())).toBe('2027-02-21'); // 90 days
    expect(latestSnoozeDay(at, ownerActions({ maxSnoozeDays: 14 }))).toBe('2026-12-07');
  });

  it('snoozes: 7 and 30 days to the second; keep-until through the end of the chosen UTC day', () => {
    expect(snoozeEnd('keep-7d', at)).toEqual({ until: '2026-11-30T09:15:30Z', tagValue: '2026-11-30T09:15:30Z' });
    expect(snoozeEnd('keep-30d', at)).toEqual({ until: '2026-12-23T09:15:30Z', tagValue: '2026-12-23T09:15:30Z' });
    expect(snoozeEnd('keep-until', at, '2026-12-24', '2027-02-21')).toEqual({ until: '2026-12-25T00:00:00.000Z', tagValue: '2026-12-24' });
    expect(snoozeEnd('keep-until', at, '2026-11-23', '2027-02-21')).toEqual({ until: '2026-11-24T00:00:00.000Z', tagValue: '2026-11-23' });
  });

  it.each([
    ['after the latest day', '2027-02-22'],
    ['before today', '2026-11-22'],
    ['not a day', '2026-12-1'],
    ['no such day', '2026-02-31'],
    ['missing', undefined],
  ])('keep-until refuses a day %s', (_, day) => {
    expect(snoozeEnd('keep-until', at, day, '2027-02-21')).toBeNull();
  });
});
