/**
 * The token-spend sweep on the emulator: application inference profiles with team tags,
 * 16 days of hourly AWS/Bedrock metrics, a spike in the nlp team's last 3 hours, the vision
 * team over its daily cap. Report mode reads in few calls and writes nothing; apply mode
 * flags URGENTLY, reminds at most every renotifyHours, and clears when the spend is back.
 *
 * Prices (bundled, us-east-1, fmbench, region unstated), per 1,000 tokens:
 * anthropic.claude-3-haiku 0.00025 in / 0.00125 out; amazon.nova-micro 0.000035 in / 0.00014 out.
 * Per hour:
 * - Haiku at 100,000 in / 20,000 out: 100 x 0.00025 + 20 x 0.00125 = $0.05; at 40x: $2.00;
 * - Nova Micro at 1,000,000 in / 100,000 out: 1,000 x 0.000035 + 100 x 0.00014 = $0.049.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { parseConfig, type FinOpsConfigInput } from '../../lib/config.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { seedBedrockMetrics, seedInferenceProfiles, steadyUsage } from '../../lib/local/seed-bedrock-tokens.js';
import { runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { emulator, emulatorClients, ledgerItems, REGION } from '../support/integration.js';

const NOW = new Date('2026-11-23T10:20:00Z');
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVA = 'amazon.nova-micro-v1:0';
const SPIKE_FROM = Date.parse('2026-11-23T07:00:00Z');
const SPIKE_TO = Date.parse('2026-11-23T10:00:00Z');
const spike = (at: Date) => (at.getTime() >= SPIKE_FROM && at.getTime() < SPIKE_TO ? 40 : 1);
/** 16 days of hours, through the 10:00 hour of today. */
const usage = (modelId: string, input: number, output: number, factor?: (at: Date) => number) =>
  steadyUsage(modelId, {
    end: addHours(NOW, 1),
    hours: 16 * 24 + 11,
    inputTokens: input,
    outputTokens: output,
    invocations: 10,
    ...(factor ? { factor } : {}),
  });

const section = { mode: 'apply' as const, minWindowCostUsd: 1, dailyCapUsdByTeam: { vision: 0.5 } };
const config = parseConfig({ regions: [REGION], pricing: { live: false }, sweeps: { 'token-spend': section } } satisfies FinOpsConfigInput);
let env: Record<string, string>;
let ledgerTable: string;
let ids: Map<string, { id: string; arn: string }>;

function sweep(at: Date, mode: 'report' | 'apply' = 'apply', cfg = config): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('token-spend'), config: cfg, mode, clock: fixedClock(at), env, clients: emulatorClients() });
}
const finding = (report: SweepReport, id: string) => report.findings.find((f) => f.resourceId === id);
const noticesTo = async (owner: string) => (await emulator().publishedMessages()).filter((m) => m.messageAttributes.owner?.value === owner);

beforeEach(async () => {
  const emu = emulator();
  await emu.reset();
  const deployment = await initLocal({ endpoint: emu.endpoint, region: REGION, prefix: 'it' });
  env = { ...deploymentEnv(deployment), AWS_REGION: REGION };
  ledgerTable = deployment.ledgerTable;
  const target = { endpoint: emu.endpoint, region: REGION };
  ids = await seedInferenceProfiles(target, [
    { name: 'nlp-chat', modelId: HAIKU, tags: { team: 'nlp', owner: 'raj@example.com' } },
    { name: 'nlp-batch', modelId: NOVA, tags: { team: 'nlp', owner: 'raj@example.com' } },
    { name: 'vision-chat', modelId: NOVA, tags: { team: 'vision', owner: 'mei@example.com' } },
    { name: 'scratch', modelId: NOVA },
  ]);
  await seedBedrockMetrics(target, [
    usage(ids.get('nlp-chat')!.id, 100_000, 20_000, spike),
    usage(ids.get('nlp-batch')!.id, 1_000_000, 100_000),
    usage(ids.get('vision-chat')!.id, 1_000_000, 100_000),
    usage(ids.get('scratch')!.id, 10_000, 1_000),
    usage(HAIKU, 100_000, 20_000),
  ]);
});

describe('token-spend against the emulator', () => {
  it('report mode: the spike and the cap, with hand-computed dollars, in few calls; nothing written', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(NOW, 'report');
    await emu.stopRecording();
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.resourceId, f.decision]).sort()).toEqual([
      ['team/nlp', 'flagged'],
      ['team/vision', 'flagged'],
    ]);
    // nlp window: Haiku 3 x $2.00 + Nova 3 x $0.049 = $6.147; baseline each day 3 x $0.05 + 3 x $0.049 = $0.297.
    // Today: Haiku 7 x $0.05 + $6.00 + $0.05 (10:00) = $6.40, Nova 11 x $0.049 = $0.539: $6.939.
    expect(finding(report, 'team/nlp')).toMatchObject({
      resourceType: 'bedrock:token-spend',
      owner: 'raj@example.com',
      team: 'nlp',
      costSoFarUsd: 6.94,
      windowCostUsd: 6.15,
      baselineCostUsd: 0.3,
      rules: ['spike'],
      reason: expect.stringMatching(/^token spend of \$6\.15 in the last 3 h, 20\.7x its 14-day median for those hours \(\$0\.30\)/),
      evidence: {
        windowInputTokens: 3 * 4_000_000 + 3 * 1_000_000,
        windowOutputTokens: 3 * 800_000 + 3 * 100_000,
        models: `${HAIKU}: 14,400,000 tokens, $6.00; ${NOVA}: 3,300,000 tokens, $0.15`,
        profiles: 'nlp-batch, nlp-chat',
      },
    });
    // $6.147 / 3 h: $2.049 an hour at the window's rate.
    expect(finding(report, 'team/nlp')!.savings.hourlyUsd).toBe(2.049);
    // vision: 11 x $0.049 = $0.539 today, over its $0.50 cap; no spike.
    expect(finding(report, 'team/vision')).toMatchObject({ owner: 'mei@example.com', costSoFarUsd: 0.54, rules: ['daily-cap'] });

    const calls = Object.fromEntries(Object.entries(await emu.recordedCalls()).filter(([op]) => !op.startsWith('DynamoDB.')));
    // One ListMetrics, one ListInferenceProfiles, one ListTagsForResource per profile with usage (4), one GetMetricData (5 ids x 2 metrics).
    expect(calls).toEqual({
      'CloudWatch.ListMetrics': 1,
      'Bedrock.ListInferenceProfiles': 1,
      'Bedrock.ListTagsForResource': 4,
      'CloudWatch.GetMetricData': 1,
    });
    expect(await ledgerItems(ledgerTable)).toEqual([]);
    expect(await emu.publishedMessages()).toEqual([]);
  });

  it('apply: URGENT notices with tokens, dollars so far today and models; reminded at most every renotifyHours; cleared when back', async () => {
    const first = await sweep(NOW);
    expect(first.findings.map((f) => f.decision)).toEqual(['flagged', 'flagged']);
    const [raj] = await noticesTo('raj@example.com');
    expect(raj!.subject).toBe('[FinOps AI] URGENT Bedrock token spend spikes: 1 runaway');
    expect(raj!.message).toContain('team/nlp (us-east-1, team nlp) $6.94 so far, $2.049/h');
    expect(raj!.message).toContain('todayCostUsd: 6.94');
    expect(raj!.message).toContain(`models:  ${HAIKU}: 14,400,000 tokens, $6.00; ${NOVA}: 3,300,000 tokens, $0.15`);
    expect((await noticesTo('mei@example.com'))[0]!.message).toContain('over its $0.50 daily cap');

    // An hour later the window (08:00-11:00) still holds two spike hours: still flagged, no second notice.
    const later = await sweep(addHours(NOW, 1));
    expect(finding(later, 'team/nlp')?.decision).toBe('flagged');
    expect(await noticesTo('raj@example.com')).toHaveLength(1);

    // Six hours on, no usage since 11:00: nlp is back within its baseline; vision stays over its cap and is reminded.
    const after = await sweep(addHours(NOW, 6));
    expect(finding(after, 'team/nlp')).toBeUndefined();
    expect(finding(after, 'team/vision')?.decision).toBe('flagged');
    expect(await noticesTo('raj@example.com')).toHaveLength(1);
    expect(await noticesTo('mei@example.com')).toHaveLength(2);
    const states = (await ledgerItems(ledgerTable)).filter((i) => String(i.sk) === 'STATE#token-spend');
    expect(Object.fromEntries(states.map((s) => [String(s.pk).split('#').pop(), s.status]))).toEqual({ 'team/nlp': 'cleared', 'team/vision': 'flagged' });
  });

  it('live prices in us-west-2 (no bundled row there), from the Price List', async () => {
    const west = 'us-west-2';
    const target = { endpoint: inject('emulatorEndpoint'), region: west };
    const created = await seedInferenceProfiles(target, [{ name: 'risk-micro', modelId: NOVA, tags: { team: 'risk', owner: 'kim@example.com' } }]);
    await seedBedrockMetrics(target, [usage(created.get('risk-micro')!.id, 1_000_000, 100_000, spike)]);
    const live = parseConfig({ regions: [west], sweeps: { 'token-spend': section } } satisfies FinOpsConfigInput);
    const report = await sweep(NOW, 'report', live);
    // us-west-2 test prices (fixture): 0.00004 in / 0.00016 out. Normal hour: 1,000 x 0.00004 + 100 x 0.00016 = $0.056.
    // Window 3 x 40 x $0.056 = $6.72; today 7 x $0.056 + $6.72 + $0.056 = $7.168.
    expect(finding(report, 'team/risk')).toMatchObject({ costSoFarUsd: 7.17, windowCostUsd: 6.72, baselineCostUsd: 0.17, rules: ['spike'] });
    expect(finding(report, 'team/risk')!.savings.components[0]).toMatchObject({
      source: expect.stringContaining('AWS Price List API (AmazonBedrock'),
      regionBasis: 'stated',
    });
  });
});
