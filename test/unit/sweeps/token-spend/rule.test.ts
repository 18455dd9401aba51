/**
 * The token-spend rule, one row per case, with hand-computed dollars. Prices: the bundled
 * book in us-east-1: anthropic.claude-3-haiku 0.00025 in / 0.00125 out per 1,000 tokens.
 * Now: Monday 2026-11-23 10:20 UTC; the 3-hour window is 07:00-10:00, today starts 00:00,
 * the series start 14 days before midnight (2026-11-09 00:00), one value per hour.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig } from '../../../../lib/config.js';
import type { ResourceMemory } from '../../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../../lib/prices/price-book.js';
import type { TokenSpendConfig } from '../../../../lib/sweeps/token-spend/config.js';
import type { TokenSpendFacts } from '../../../../lib/sweeps/token-spend/facts.js';
import { assessTokenSpend, median } from '../../../../lib/sweeps/token-spend/rule.js';
import { tokenSpendTagCommand } from '../../../../lib/sweeps/token-spend/spenders.js';

const NOW = new Date('2026-11-23T10:20:00Z');
const HOUR = 3_600_000;
const START = new Date('2026-11-09T00:00:00Z');
const HOURS = Math.ceil((NOW.getTime() - START.getTime()) / HOUR); // 14 x 24 + 11 = 347
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const fresh: ResourceMemory = { watchingSince: null };

/** Per hour: `normal` tokens, x `factor` in today's 07:00-10:00 window. */
function series(normal: number, factor: number): number[] {
  return Array.from({ length: HOURS }, (_, i) => {
    const at = START.getTime() + i * HOUR;
    return at >= Date.parse('2026-11-23T07:00:00Z') && at < Date.parse('2026-11-23T10:00:00Z') ? normal * factor : normal;
  });
}

function candidate(kind: TokenSpendFacts['kind'], factor: number, opts: { input?: number; output?: number; model?: string | null } = {}) {
  const facts: TokenSpendFacts = {
    kind,
    label: kind === 'team' ? 'nlp' : 'nlp-chat',
    profiles: ['nlp-chat'],
    hourStart: START.toISOString(),
    members: [
      {
        usageId: 'abcdefabcdef',
        pricedModelId: opts.model === undefined ? HAIKU : opts.model,
        inputTokens: series(opts.input ?? 100_000, factor),
        outputTokens: series(opts.output ?? 20_000, factor),
      },
    ],
  };
  return { ref: { resourceType: 'bedrock:token-spend', resourceId: 'team/nlp', arn: 'arn-a arn-b', region: 'us-east-1' }, tags: {}, facts };
}

const config = (section: Record<string, unknown> = {}) => sweepConfig(parseConfig({ sweeps: { 'token-spend': section } }), 'token-spend') as TokenSpendConfig;

describe('token-spend rule', () => {
  it('a spike: 40x the baseline in the window, with the tokens, dollars so far today and the model', () => {
    // Normal hour: 100 x 0.00025 + 20 x 0.00125 = $0.05; the window's 3 h on each baseline day: $0.15 (median $0.15).
    // Window: 40x = 4,000 x 0.00025 + 800 x 0.00125 = $2.00 an hour -> $6.00 >= $5 and > 3 x $0.15.
    // Today: 00:00-07:00 7 x $0.05 + $6.00 + 10:00 hour $0.05 = $6.40.
    const a = assessTokenSpend(candidate('team', 40), config(), NOW, fresh, defaultPriceBook);
    expect(a).toMatchObject({
      waste: true,
      act: false,
      reason: expect.stringContaining('token spend of $6.00 in the last 3 h, 40.0x its 14-day median for those hours ($0.15)'),
      fields: { costSoFarUsd: 6.4, windowCostUsd: 6, baselineCostUsd: 0.15, rules: ['spike'] },
      evidence: {
        rules: 'spike',
        windowCostUsd: 6,
        baselineCostUsd: 0.15,
        todayCostUsd: 6.4,
        windowInputTokens: 12_000_000,
        windowOutputTokens: 2_400_000,
        models: `${HAIKU}: 14,400,000 tokens, $6.00`,
        dailyCapUsd: null,
      },
    });
    // $6.00 over 3 h: $2.00 an hour while it lasts.
    expect(a.waste && a.savings).toMatchObject({ hourlyUsd: 2, components: [{ usdPerHour: 2, regionBasis: 'unstated' }], unknown: [] });
  });

  it('a team over its daily cap is flagged too; a renewed reason is told at once (changed)', () => {
    const previous = { status: 'flagged' as const, reason: 'x', evidence: { rules: 'spike' }, firstSeenAt: NOW.toISOString() };
    const a = assessTokenSpend(candidate('team', 40), config({ dailyCapUsd: 5 }), NOW, { watchingSince: null, previous }, defaultPriceBook);
    expect(a).toMatchObject({ waste: true, changed: true, fields: { rules: ['spike', 'daily-cap'] } });
    expect(a.reason).toContain('$6.40 so far today (UTC), over its $5.00 daily cap');
    // A per-team cap replaces the default one.
    expect(assessTokenSpend(candidate('team', 40), config({ dailyCapUsd: 5, dailyCapUsdByTeam: { nlp: 10 } }), NOW, fresh, defaultPriceBook)).toMatchObject({
      fields: { rules: ['spike'] },
    });
  });

  it('steady spend over its cap: cap only; an untagged profile has no cap', () => {
    // $2.00 every hour: window $6.00 = its baseline; today 11 hours (10:00 included) = $22.00 > $20.
    const steady = candidate('team', 1, { input: 4_000_000, output: 800_000 });
    expect(assessTokenSpend(steady, config({ dailyCapUsd: 20 }), NOW, fresh, defaultPriceBook)).toMatchObject({
      waste: true,
      fields: { costSoFarUsd: 22, rules: ['daily-cap'] },
    });
    expect(
      assessTokenSpend(candidate('profile', 1, { input: 4_000_000, output: 800_000 }), config({ dailyCapUsd: 20 }), NOW, fresh, defaultPriceBook),
    ).toMatchObject({
      waste: false,
      reason: 'token spend $6.00 in the last 3 h, within 3x its 14-day median $6.00; $22.00 so far today',
    });
  });

  it('below the minimum window cost, no spike whatever the ratio', () => {
    // 40 x (1 x 0.00025 + 0.2 x 0.00125) = $0.02 an hour: $0.06 < $5.
    expect(assessTokenSpend(candidate('team', 40, { input: 1000, output: 200 }), config(), NOW, fresh, defaultPriceBook).waste).toBe(false);
    expect(assessTokenSpend(candidate('team', 40, { input: 1000, output: 200 }), config({ minWindowCostUsd: 0.05 }), NOW, fresh, defaultPriceBook).waste).toBe(
      true,
    );
  });

  it('an unpriced model: judged on tokens, dollars unknown, never another model’s price', () => {
    // 3 x (4,000,000 + 800,000) = 14,400,000 tokens >= 1,000,000 and > 3 x 360,000.
    const a = assessTokenSpend(candidate('team', 40, { model: `us.${HAIKU}` }), config({ dailyCapUsd: 5 }), NOW, fresh, defaultPriceBook);
    expect(a).toMatchObject({
      waste: true,
      fields: { costSoFarUsd: null, windowCostUsd: null, rules: ['spike'] },
      evidence: { notes: expect.stringContaining('daily cap $5.00 not checked') },
    });
    expect(a.reason).toContain('14,400,000 tokens in the last 3 h, 40.0x its 14-day median for those hours (360,000 tokens)');
    expect(a.waste && a.savings).toMatchObject({
      hourlyUsd: null,
      unknown: [expect.stringContaining('not its base model'), expect.stringContaining('output token')],
    });
  });

  it('median, and the tag commands of a team, a profile and a direct model', () => {
    expect([median([3, 1, 2]), median([4, 1, 2, 3]), median([])]).toEqual([2, 2.5, 0]);
    expect(
      tokenSpendTagCommand({ resourceType: 'bedrock:token-spend', resourceId: 'team/nlp', arn: 'arn:a arn:b', region: 'us-east-1' }, 'finops:exempt', 'true'),
    ).toBe('for arn in arn:a arn:b; do aws bedrock tag-resource --region us-east-1 --resource-arn "$arn" --tags key=finops:exempt,value=true; done');
    expect(tokenSpendTagCommand({ resourceType: 'bedrock:token-spend', resourceId: `model/${HAIKU}`, arn: 'x', region: 'us-east-1' }, 'team', 'nlp')).toMatch(
      /^# direct calls to anthropic/,
    );
  });
});
