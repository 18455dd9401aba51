/**
 * Token showback in the weekly digest, on the emulator: application inference profiles
 * tagged with teams, two weeks of hourly AWS/Bedrock metrics, the digest of 2026-W47 with
 * `digest.tokenShowback` on. Hand-computed dollars; the `digest --json` contract; the calls.
 *
 * Prices (bundled, us-east-1, fmbench, region unstated), per 1,000 tokens:
 * anthropic.claude-3-haiku 0.00025 in / 0.00125 out; amazon.nova-micro and us.amazon.nova-micro
 * (its own row) 0.000035 in / 0.00014 out. Per hour, 168 hours a week:
 * - nlp-chat (Haiku, team nlp): 10,000 in / 2,000 out = 10 x 0.00025 + 2 x 0.00125 = $0.005; doubled this week: $0.01.
 * - vision-chat (Nova, team vision): 1,000,000 / 100,000 = 1,000 x 0.000035 + 100 x 0.00014 = $0.049.
 * - scratch (Nova, untagged): 100,000 / 10,000 = $0.0049.  Direct Haiku: 10,000 / 2,000 = $0.005.
 * - Direct us.amazon.nova-micro-v1:0: 100,000 / 10,000 = $0.0049.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { parseConfig, type FinOpsConfigInput } from '../../lib/config.js';
import { renderText } from '../../lib/digest/render-text.js';
import { digestFromEnv } from '../../lib/digest/run-digest.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { seedBedrockMetrics, seedInferenceProfiles, steadyUsage } from '../../lib/local/seed-bedrock-tokens.js';
import { emulator, emulatorClients, REGION } from '../support/integration.js';

const WEEK = '2026-W47';
const WEEK_START = new Date('2026-11-16T00:00:00Z');
const NOW = new Date('2026-11-23T08:00:00Z');
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVA = 'amazon.nova-micro-v1:0';
const twoWeeks = (id: string, input: number, output: number, thisWeek = 1) =>
  steadyUsage(id, {
    end: new Date('2026-11-23T00:00:00Z'),
    hours: 14 * 24,
    inputTokens: input,
    outputTokens: output,
    invocations: 5,
    factor: (at) => (at.getTime() >= WEEK_START.getTime() ? thisWeek : 1),
  });
const config = (extra: Partial<FinOpsConfigInput> = {}) =>
  parseConfig({ regions: [REGION], pricing: { live: false }, digest: { tokenShowback: true }, ...extra } satisfies FinOpsConfigInput);
let env: Record<string, string>;

beforeEach(async () => {
  const emu = emulator();
  await emu.reset();
  env = { ...deploymentEnv(await initLocal({ endpoint: emu.endpoint, region: REGION, prefix: 'it' })), AWS_REGION: REGION };
  const target = { endpoint: emu.endpoint, region: REGION };
  const ids = await seedInferenceProfiles(target, [
    { name: 'nlp-chat', modelId: HAIKU, tags: { team: 'nlp' } },
    { name: 'vision-chat', modelId: NOVA, tags: { team: 'vision' } },
    { name: 'scratch', modelId: NOVA },
  ]);
  await seedBedrockMetrics(target, [
    twoWeeks(ids.get('nlp-chat')!.id, 10_000, 2_000, 2),
    twoWeeks(ids.get('vision-chat')!.id, 1_000_000, 100_000),
    twoWeeks(ids.get('scratch')!.id, 100_000, 10_000),
    twoWeeks(HAIKU, 10_000, 2_000),
    twoWeeks(`us.${NOVA}`, 100_000, 10_000),
  ]);
});

describe('token showback in the digest, on the emulator', () => {
  it('tokens and dollars by team and model, unallocated, per million, week over week: the --json contract', async () => {
    const emu = emulator();
    await emu.startRecording();
    const digest = await digestFromEnv({ config: config(), now: NOW, week: WEEK, env, clients: emulatorClients() });
    await emu.stopRecording();
    const json = JSON.parse(JSON.stringify(digest)) as typeof digest;
    expect(Object.keys(json.tokens!).slice(0, 3)).toEqual(['byTeam', 'byModel', 'unallocatedCostUsd']);
    expect(json.tokens!.byTeam).toEqual([
      // 168 x $0.049 = $8.232.
      { team: 'vision', inputTokens: 168_000_000, outputTokens: 16_800_000, costUsd: 8.23 },
      // 168 x $0.01 = $1.68 (doubled this week).
      { team: 'nlp', inputTokens: 3_360_000, outputTokens: 672_000, costUsd: 1.68 },
    ]);
    expect(json.tokens!.byModel).toEqual([
      // vision + scratch: $8.232 + $0.8232 = $9.0552 over 203,280,000 tokens -> $0.04455 per 1M.
      { modelId: NOVA, region: REGION, inputTokens: 184_800_000, outputTokens: 18_480_000, costUsd: 9.06, usdPerMillionTokens: 0.0445 },
      // nlp + direct: $1.68 + $0.84 = $2.52 over 6,048,000 tokens -> $0.41667 per 1M.
      { modelId: HAIKU, region: REGION, inputTokens: 5_040_000, outputTokens: 1_008_000, costUsd: 2.52, usdPerMillionTokens: 0.4167 },
      // The cross-Region profile id, priced by its own row: 168 x $0.0049 = $0.8232.
      { modelId: `us.${NOVA}`, region: REGION, inputTokens: 16_800_000, outputTokens: 1_680_000, costUsd: 0.82, usdPerMillionTokens: 0.0445 },
    ]);
    // scratch $0.8232 + direct Haiku $0.84 + direct us.nova $0.8232 = $2.4864.
    expect(json.tokens!.unallocatedCostUsd).toBe(2.49);
    // This week $12.3984, last week $11.5584 (nlp at $0.84): +7.27%.
    expect(json.tokens!.total).toMatchObject({ costUsd: 12.4, inputTokens: 206_640_000, outputTokens: 21_168_000, usdPerMillionTokens: 0.0544 });
    expect(json.tokens!.previousWeek).toMatchObject({
      costUsd: 11.56,
      byTeam: [
        { team: 'nlp', costUsd: 0.84 },
        { team: 'vision', costUsd: 8.23 },
      ],
    });
    expect(json.tokens!.weekOverWeekChangePct).toBe(7.3);
    expect(json.tokens!.aiSpendShare).toBeNull();
    expect(json.tokens!.unpriced).toEqual([]);

    const calls = Object.fromEntries(Object.entries(await emu.recordedCalls()).filter(([op]) => !op.startsWith('DynamoDB.')));
    // 5 ids x 3 metrics = 15 queries: one GetMetricData; one tag read per profile with usage.
    expect(calls).toEqual({
      'CloudWatch.ListMetrics': 1,
      'CloudWatch.GetMetricData': 1,
      'Bedrock.ListInferenceProfiles': 1,
      'Bedrock.ListTagsForResource': 3,
    });
    const text = renderText(digest);
    expect(text).toContain('== AI tokens (Amazon Bedrock)');
    expect(text).toMatch(/vision\s+168,000,000\s+16,800,000\s+\$8\.23\s+\$8\.23/);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('a model with no price: its tokens reported, its dollars null, the sums that include it null', async () => {
    await seedBedrockMetrics({ endpoint: inject('emulatorEndpoint'), region: REGION }, [twoWeeks('meta.llama3-2-1b-instruct-v1:0', 50_000, 5_000)]);
    const digest = await digestFromEnv({ config: config(), now: NOW, week: WEEK, env, clients: emulatorClients() });
    expect(digest.tokens!.byModel.find((m) => m.modelId === 'meta.llama3-2-1b-instruct-v1:0')).toEqual({
      modelId: 'meta.llama3-2-1b-instruct-v1:0',
      region: REGION,
      inputTokens: 8_400_000,
      outputTokens: 840_000,
      costUsd: null,
      usdPerMillionTokens: null,
    });
    expect(digest.tokens!.unallocatedCostUsd).toBeNull();
    expect(digest.tokens!.byTeam.map((t) => t.costUsd)).toEqual([8.23, 1.68]);
    expect(digest.tokens!.unpriced[0]).toMatchObject({
      usageId: 'meta.llama3-2-1b-instruct-v1:0',
      reason: expect.stringContaining('no Bedrock input token price'),
    });
  });

  it('off unless digest.tokenShowback: no field, no CloudWatch or Bedrock call', async () => {
    const emu = emulator();
    await emu.startRecording();
    const digest = await digestFromEnv({ config: config({ digest: {} }), now: NOW, week: WEEK, env, clients: emulatorClients() });
    await emu.stopRecording();
    expect('tokens' in digest).toBe(false);
    expect(Object.keys(await emu.recordedCalls()).filter((op) => !op.startsWith('DynamoDB.'))).toEqual([]);
  });
});
