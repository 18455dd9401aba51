/**
 * Token showback (pure) with hand-computed dollars, and its text, HTML and CSV renderings
 * in English and Japanese. Prices: the bundled book in us-east-1 (fmbench rows, region
 * unstated): amazon.nova-micro-v1:0 0.000035 in / 0.00014 out, anthropic.claude-3-haiku
 * 0.00025 in / 0.00125 out, per 1,000 tokens.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ApplicationProfile } from '../../../lib/aws/bedrock-tokens.js';
import { resolveUsageSource } from '../../../lib/aws/token-usage.js';
import type { Tags } from '../../../lib/core/finding.js';
import { renderCsv } from '../../../lib/digest/render-csv.js';
import { renderHtml } from '../../../lib/digest/render-html.js';
import { renderText } from '../../../lib/digest/render-text.js';
import { tokensText } from '../../../lib/digest/render-tokens.js';
import { tokenShowback, type RegionTokenUsage, type TokenSums } from '../../../lib/digest/token-showback.js';
import { weeklyDigest } from '../../../lib/digest/weekly-digest.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { NOW, SWEEPS, WEEK } from '../../support/digest-ledger.js';

const R = 'us-east-1';
const NOVA = 'amazon.nova-micro-v1:0';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const profile = (id: string, model: string): ApplicationProfile => ({
  id,
  arn: `arn:aws:bedrock:${R}:123456789012:application-inference-profile/${id}`,
  name: id,
  modelArns: [`arn:aws:bedrock:${R}::foundation-model/${model}`],
});
const PROFILES: Record<string, [ApplicationProfile, Tags]> = {
  nlpprofile01: [profile('nlpprofile01', NOVA), { team: 'nlp' }],
  riskprofile1: [profile('riskprofile1', HAIKU), { team: 'risk', owner: 'rita@example.com' }],
  untagged0001: [profile('untagged0001', NOVA), {}],
};
const sums = (inputTokens: number, outputTokens: number, invocations = 0): TokenSums => ({ inputTokens, outputTokens, invocations });

function region(thisWeek: Record<string, TokenSums>, previousWeek: Record<string, TokenSums> = {}): RegionTokenUsage {
  const byId = new Map(Object.values(PROFILES).map(([p]) => [p.id, p]));
  const ids = [...new Set([...Object.keys(thisWeek), ...Object.keys(previousWeek)])];
  return {
    region: R,
    sources: ids.map((id) => resolveUsageSource(id, byId, (p) => PROFILES[p.id]![1])),
    thisWeek: new Map(Object.entries(thisWeek)),
    previousWeek: new Map(Object.entries(previousWeek)),
    prices: defaultPriceBook,
  };
}

const WEEK_USAGE = {
  // nlp: 200,000 x 0.000035 = $7.00 + 50,000 x 0.00014 = $7.00 -> $14.00
  nlpprofile01: sums(200_000_000, 50_000_000, 1000),
  // risk: 10,000 x 0.00025 = $2.50 + 2,000 x 0.00125 = $2.50 -> $5.00
  riskprofile1: sums(10_000_000, 2_000_000, 300),
  // untagged profile (Nova Micro): 20,000 x 0.000035 = $0.70 + 5,000 x 0.00014 = $0.70 -> $1.40
  untagged0001: sums(20_000_000, 5_000_000),
  // direct Claude 3 Haiku: 4,000 x 0.00025 = $1.00 + 800 x 0.00125 = $1.00 -> $2.00
  [HAIKU]: sums(4_000_000, 800_000),
};
// Last week: nlp only, half: $3.50 + $3.50 = $7.00.
const LAST_WEEK = { nlpprofile01: sums(100_000_000, 25_000_000) };

describe('token showback', () => {
  it('tokens and dollars by team, by model, unallocated, cost per million, week over week', () => {
    const t = tokenShowback([region(WEEK_USAGE, LAST_WEEK)], { teamTagKey: 'team', aiSpendUsd: 44.8 });
    expect(t.byTeam).toEqual([
      { team: 'nlp', inputTokens: 200_000_000, outputTokens: 50_000_000, costUsd: 14 },
      { team: 'risk', inputTokens: 10_000_000, outputTokens: 2_000_000, costUsd: 5 },
    ]);
    // Nova Micro: $14.00 + $1.40 = $15.40 over 275M tokens -> $0.056 per 1M.
    // Claude 3 Haiku: $5.00 + $2.00 = $7.00 over 16.8M tokens -> $0.41666.. per 1M -> 0.4167.
    expect(t.byModel).toEqual([
      { modelId: NOVA, region: R, inputTokens: 220_000_000, outputTokens: 55_000_000, costUsd: 15.4, usdPerMillionTokens: 0.056 },
      { modelId: HAIKU, region: R, inputTokens: 14_000_000, outputTokens: 2_800_000, costUsd: 7, usdPerMillionTokens: 0.4167 },
    ]);
    // Untagged profile $1.40 + direct calls $2.00.
    expect(t.unallocatedCostUsd).toBe(3.4);
    expect(t.unallocated).toEqual({ inputTokens: 24_000_000, outputTokens: 5_800_000 });
    // $22.40 over 291.8M tokens -> 0.0767649.. -> 0.0768 per 1M.
    expect(t.total).toEqual({ inputTokens: 234_000_000, outputTokens: 57_800_000, invocations: 1300, costUsd: 22.4, usdPerMillionTokens: 0.0768 });
    // (22.40 - 7.00) / 7.00 = +220%.
    expect(t.previousWeek).toMatchObject({ costUsd: 7, byTeam: [{ team: 'nlp', costUsd: 7 }], unallocatedCostUsd: 0 });
    expect(t.weekOverWeekChangePct).toBe(220);
    // 22.40 / 44.80.
    expect(t.aiSpendShare).toBe(0.5);
    expect(t.unpriced).toEqual([]);
    expect(t.priceSources).toHaveLength(4);
    expect(t.priceSources[0]).toContain('github:aws-samples/foundation-model-benchmarking-tool');
  });

  it('an unpriced model: tokens reported, dollars null, never another model (its base) price; the share stays null without AI spend', () => {
    const profileId = `us.${HAIKU}`;
    const t = tokenShowback([region({ ...WEEK_USAGE, [profileId]: sums(1_000_000, 100_000) })], { teamTagKey: 'team' });
    const row = t.byModel.find((m) => m.modelId === profileId)!;
    expect(row).toEqual({ modelId: profileId, region: R, inputTokens: 1_000_000, outputTokens: 100_000, costUsd: null, usdPerMillionTokens: null });
    expect(t.unallocatedCostUsd).toBeNull();
    expect(t.total.costUsd).toBeNull();
    expect(t.byTeam.map((r) => r.costUsd)).toEqual([14, 5]);
    expect(t.unpriced).toEqual([{ usageId: profileId, modelId: profileId, region: R, reason: expect.stringContaining('not its base model') }]);
    expect(t.aiSpendShare).toBeNull();
    expect(t.weekOverWeekChangePct).toBeNull();
  });

  it('a profile copied from a cross-Region profile is priced as that profile id, so unknown here', () => {
    const cross: ApplicationProfile = {
      ...profile('crossprofile', HAIKU),
      modelArns: ['us-east-1', 'us-west-2'].map((r) => `arn:aws:bedrock:${r}::foundation-model/${HAIKU}`),
    };
    const source = resolveUsageSource('crossprofile', new Map([['crossprofile', cross]]), () => ({ team: 'risk' }));
    expect(source.pricedModelId).toBe(`us.${HAIKU}`);
    const deleted = resolveUsageSource('zzzzzzzzzzzz', new Map(), () => ({}));
    expect(deleted).toMatchObject({ pricedModelId: null, unpricedWhy: expect.stringContaining('not listed') });
  });
});

describe('token showback renderings', () => {
  const digestWith = (usage: Record<string, TokenSums>) =>
    weeklyDigest(
      { actions: [], events: [], runs: [], states: [], firstRuns: {} },
      { week: WEEK, now: NOW, sweeps: SWEEPS, tokens: tokenShowback([region(usage, LAST_WEEK)], { teamTagKey: 'team' }) },
    );

  it('text: the section in English and Japanese, every line under 100 columns', () => {
    const d = digestWith({ ...WEEK_USAGE, [`us.${HAIKU}`]: sums(1_000_000, 100_000) });
    for (const locale of ['en', 'ja'] as const) {
      // The section's lines stay under 100 columns; the whole digest at or under its 100.
      expect(Math.max(...tokensText(d.tokens, locale).map((l) => l.length))).toBeLessThan(100);
      expect(
        Math.max(
          ...renderText(d, { locale })
            .split('\n')
            .map((l) => l.length),
        ),
      ).toBeLessThanOrEqual(100);
    }
    const en = tokensText(d.tokens, 'en').join('\n');
    expect(en).toContain('== AI tokens (Amazon Bedrock)');
    expect(en).toMatch(/nlp\s+200,000,000\s+50,000,000\s+\$14\.00\s+\$7\.00/);
    expect(en).toContain('Dollars unknown for 1 model(s)');
    expect(tokensText(d.tokens, 'ja').join('\n')).toContain('AI トークン (Amazon Bedrock)');
    expect(tokensText(undefined, 'en')).toEqual([]);
  });

  it('HTML: a section with both tables and the prices used; CSV: tokens records with the contract figures', () => {
    const d = digestWith(WEEK_USAGE);
    const html = renderHtml(d);
    expect(html).toContain('<section id="tokens">');
    expect(html).toContain('USD per 1M tokens');
    const rows: Record<string, string>[] = parse(renderCsv(d), { columns: true });
    const tokens = rows.filter((r) => r.x_Record === 'tokens');
    expect(tokens.map((r) => r.x_Section)).toEqual(['tokens-team', 'tokens-team', 'tokens-model', 'tokens-model', 'tokens-unallocated', 'tokens-total']);
    expect(tokens[0]).toMatchObject({
      x_Team: 'nlp',
      x_InputTokens: '200000000',
      x_OutputTokens: '50000000',
      x_TokenCost: '14',
      ServiceName: 'Amazon Bedrock',
    });
    expect(tokens.at(-1)).toMatchObject({ x_TokenCost: '22.4', x_UsdPerMillionTokens: '0.0768' });
    // Without token showback the digest has no tokens field at all.
    expect('tokens' in weeklyDigest({ actions: [], events: [], runs: [], states: [], firstRuns: {} }, { week: WEEK, now: NOW, sweeps: SWEEPS })).toBe(false);
  });
});
