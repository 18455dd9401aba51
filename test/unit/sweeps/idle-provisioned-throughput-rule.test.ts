/**
 * The idle Provisioned Throughput rule as a table: idle or not, deleted (no commitment, or a
 * term that ended) or only flagged (a commitment in term, with the money still to be billed
 * and the reminder before it renews), the dollars computed by hand, and unknown prices.
 */
import { describe, expect, it } from 'vitest';
import type { PriceBookPort, PriceLookup, ThroughputCommitment } from '../../../lib/core/price-port.js';
import type { Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import type { ThroughputFacts } from '../../../lib/sweeps/idle-provisioned-throughput/facts.js';
import { assessIdleThroughput, idleThroughputPriceKeys } from '../../../lib/sweeps/idle-provisioned-throughput/rule.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * HOUR).toISOString();
const inDays = (d: number) => new Date(NOW.getTime() + d * 24 * HOUR).toISOString();
const config = { lookbackDays: 7, maxInvocations: 0, renewalReminderDays: 7 };
const fresh: ResourceMemory = { watchingSince: null };
const NOVA = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k';
const ARN = 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijkl';

/** Per model unit-hour: 60.50 without commitment, 55.00 for a month, 30.25 for six (the emulator fixture's figures). */
const RATES: Record<ThroughputCommitment, number> = { none: 60.5, OneMonth: 55, SixMonths: 30.25 };
const book: PriceBookPort = Object.assign(Object.create(defaultPriceBook) as PriceBookPort, {
  bedrockProvisionedThroughput: (region: string, model: string, commitment: ThroughputCommitment): PriceLookup =>
    model === NOVA && region === 'us-east-1'
      ? {
          found: true,
          quote: {
            usdPerUnit: RATES[commitment],
            unit: 'USD per model unit-hour',
            region,
            item: 'Nova2.0Lite',
            source: 'test',
            sourceDate: '2026-11-01',
            regionBasis: 'stated',
          },
        }
      : { found: false, reason: `no price for ${model} in ${region}` },
});

function candidate(facts: Partial<ThroughputFacts>, region = 'us-east-1'): Candidate<ThroughputFacts> {
  return {
    ref: { resourceType: 'bedrock:provisioned-model', resourceId: 'pt', arn: ARN, region },
    tags: {},
    facts: {
      provisionedModelName: 'pt',
      status: 'InService',
      modelArn: NOVA,
      foundationModelArn: NOVA,
      modelUnits: 2,
      commitmentDuration: null,
      commitmentExpirationTime: null,
      creationTime: daysAgo(30),
      lastModifiedTime: daysAgo(30),
      invocations: 0,
      tagList: [],
      ...facts,
    },
  };
}
const assess = (facts: Partial<ThroughputFacts>, memory = fresh, cfg: Partial<typeof config> = {}, region?: string) =>
  assessIdleThroughput(candidate(facts, region), { ...config, ...cfg }, NOW, memory, book);

describe('assessIdleThroughput: idle or not', () => {
  const cases: { name: string; facts: Partial<ThroughputFacts>; cfg?: Partial<typeof config>; waste: boolean; reason: RegExp }[] = [
    {
      name: 'idle: no invocations',
      facts: {},
      waste: true,
      reason: /^no invocations in the last 7 days \(2 model units of amazon.nova-2-lite-v1:0, no commitment\)$/,
    },
    { name: 'busy', facts: { invocations: 12 }, waste: false, reason: /^12 invocations in the last 7 days$/ },
    { name: 'at the threshold is idle', facts: { invocations: 5 }, cfg: { maxInvocations: 5 }, waste: true, reason: /^5 invocations .* at most 5 allowed/ },
    { name: 'above the threshold is not', facts: { invocations: 6 }, cfg: { maxInvocations: 5 }, waste: false, reason: /^6 invocations/ },
    {
      name: 'young',
      facts: { creationTime: daysAgo(6.9), lastModifiedTime: daysAgo(6.9) },
      waste: false,
      reason: /created or modified within the last 7 days/,
    },
    { name: 'recently modified', facts: { lastModifiedTime: daysAgo(2) }, waste: false, reason: /modified within/ },
    { name: 'exactly the window old is idle', facts: { creationTime: daysAgo(7), lastModifiedTime: daysAgo(7) }, waste: true, reason: /^no invocations/ },
    { name: 'Creating: never acted on', facts: { status: 'Creating' }, waste: false, reason: /^throughput is Creating, not InService \(never acted on\)$/ },
    { name: 'Updating: never acted on', facts: { status: 'Updating' }, waste: false, reason: /Updating, not InService/ },
    { name: 'Failed: never acted on', facts: { status: 'Failed' }, waste: false, reason: /Failed, not InService/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const verdict = assess(c.facts, fresh, c.cfg);
      expect(verdict.waste).toBe(c.waste);
      expect(verdict.reason).toMatch(c.reason);
      if (verdict.waste) expect(verdict.act).toBeUndefined(); // no commitment: deleted after the grace period
    });
  }
});

describe('assessIdleThroughput: dollars and commitments', () => {
  it('no commitment: deleted; 2 model units x $60.50 = $121.00/h, x 730 h = $88,330.00 a month; restore gets a new ARN', () => {
    const verdict = assess({});
    expect(verdict).toMatchObject({
      waste: true,
      savings: { hourlyUsd: 121, monthlyUsd: 88_330, components: [{ quantity: 2, usdPerHour: 60.5, item: expect.stringContaining('no commitment') }] },
      evidence: { invocations: 0, modelUnits: 2, commitmentDuration: null, restore: expect.stringMatching(/NEW ARN/) },
    });
  });

  it('a commitment in term: flagged, never deleted; 1 x $55.00 x 240 h left = $13,200.00 still to be billed', () => {
    const verdict = assess({ modelUnits: 1, commitmentDuration: 'OneMonth', commitmentExpirationTime: inDays(10) });
    expect(verdict).toMatchObject({
      waste: true,
      act: false,
      savings: { hourlyUsd: 55, monthlyUsd: 40_150 }, // 55 x 730, once deleted after the term
      fields: { commitmentExpiresAt: inDays(10), committedCostRemainingUsd: 13_200, renewalReminderDue: false },
      evidence: { hoursLeftInTerm: 240, renewalReminderFrom: inDays(3), committedCostRemainingUsd: 13_200 },
    });
    expect(verdict.reason).toBe(
      `no invocations in the last 7 days (1 model unit of amazon.nova-2-lite-v1:0, OneMonth commitment); committed until ${inDays(10)}, ` +
        'so it cannot be deleted before: $13,200.00 still to be billed until then; delete it when the term ends, or AWS renews it',
    );
    expect(verdict.waste && verdict.escalated).toBeFalsy();
  });

  it('within renewalReminderDays of the end: reminded at once, once per term', () => {
    const facts = { commitmentDuration: 'SixMonths' as const, commitmentExpirationTime: inDays(5) };
    const first = assess(facts);
    // 2 x $30.25 x 120 h = $7,260.00
    expect(first).toMatchObject({ act: false, escalated: true, fields: { committedCostRemainingUsd: 7_260, renewalReminderDue: true } });
    expect(first.reason).toMatch(/; it renews in 5\.0 days unless deleted when the term ends$/);
    const told = (expiresAt: string): ResourceMemory => ({
      watchingSince: null,
      previous: { status: 'flagged', reason: '', firstSeenAt: daysAgo(30), evidence: { renewalReminderDue: true, commitmentExpiresAt: expiresAt } },
    });
    expect(assess(facts, told(inDays(5)))).not.toHaveProperty('escalated');
    // The term renewed (a new end date) and its end is near again: reminded again.
    expect(assess(facts, told(daysAgo(170)))).toMatchObject({ escalated: true });
  });

  it('a term that has ended: deleted like a no-commitment one, priced at its term rate', () => {
    const verdict = assess({ modelUnits: 1, commitmentDuration: 'OneMonth', commitmentExpirationTime: daysAgo(1) });
    expect(verdict).toMatchObject({ waste: true, savings: { monthlyUsd: 40_150 } });
    expect(verdict.waste && verdict.act).toBeUndefined();
    expect(verdict.reason).toMatch(/; its OneMonth term ended at /);
  });

  it('a commitment without an end date counts as in term: never deleted, remaining unknown', () => {
    const verdict = assess({ commitmentDuration: 'OneMonth', commitmentExpirationTime: null });
    expect(verdict).toMatchObject({ act: false, fields: { commitmentExpiresAt: null, committedCostRemainingUsd: null, renewalReminderDue: false } });
  });

  it('unpriced: savings and the committed remainder unknown, never another model or region', () => {
    const other = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k';
    expect(assess({ foundationModelArn: other, modelArn: other })).toMatchObject({
      waste: true,
      savings: { hourlyUsd: null, monthlyUsd: null, unknown: [`no price for ${other} in us-east-1`] },
    });
    const committed = assess({ commitmentDuration: 'OneMonth', commitmentExpirationTime: inDays(20) }, fresh, {}, 'eu-west-1');
    expect(committed).toMatchObject({ act: false, savings: { monthlyUsd: null }, fields: { committedCostRemainingUsd: null } });
    expect(committed.reason).toMatch(/the money still to be billed is unknown \(no price\)/);
  });

  it('declares the one price it looks up, and none for a throughput that is busy or not InService', () => {
    expect(idleThroughputPriceKeys(candidate({ commitmentDuration: 'SixMonths', commitmentExpirationTime: inDays(3) }), config)).toEqual([
      { service: 'bedrock', region: 'us-east-1', component: 'provisioned-throughput', item: 'Nova2.0Lite:6Months' },
    ]);
    expect(idleThroughputPriceKeys(candidate({ invocations: 1 }), config)).toEqual([]);
    expect(idleThroughputPriceKeys(candidate({ status: 'Updating' }), config)).toEqual([]);
  });
});
