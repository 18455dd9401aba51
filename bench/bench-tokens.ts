/**
 * Benchmark: Bedrock token usage of 200 model/profile ids in one region on the local
 * emulator (application inference profiles over 12 teams, some untagged, and models
 * invoked directly), 15 days of hourly AWS/Bedrock metrics. Runs the token-spend sweep
 * (report mode) and the digest's token showback read, and prints the AWS calls of each
 * (moto's recorder) against the target, failing (exit code 1) above it:
 *
 * - token-spend: ceil(ids / 500) ListMetrics + ceil(profiles / 1000) ListInferenceProfiles
 *   + 1 ListTagsForResource per profile with usage + ceil(2 x ids / 500) GetMetricData;
 * - showback: the same with 3 metrics per id (ceil(3 x ids / 500) GetMetricData).
 *
 * Bundled prices only (`pricing.live: false`): live prices add at most 2 Price List calls
 * per model with a Price List name, cached for 7 days.
 *
 *   npx tsx bench/bench-tokens.ts [--ids 200] [--profiles 120] [--days 15]
 */
import { parseArgs } from 'node:util';
import { AwsClients } from '../lib/aws/clients.js';
import { MAX_QUERIES_PER_CALL } from '../lib/aws/metric-data.js';
import { fixedClock } from '../lib/core/clock.js';
import { isoWeekOf } from '../lib/core/iso-week.js';
import { parseConfig } from '../lib/config.js';
import { readTokenShowback } from '../lib/digest/token-source.js';
import { table } from '../lib/format/index.js';
import { startLocalEmulator, type LocalEmulator } from '../lib/local/emulator.js';
import { seedBedrockMetrics, seedInferenceProfiles, steadyUsage, type SeedProfile } from '../lib/local/seed-bedrock-tokens.js';
import { runConfiguredSweep } from '../lib/runtime.js';
import { sweepNamed } from '../lib/sweeps/registry.js';

const { values } = parseArgs({
  options: { ids: { type: 'string', default: '200' }, profiles: { type: 'string', default: '120' }, days: { type: 'string', default: '15' } },
});
const IDS = Number(values.ids);
const PROFILES = Math.min(IDS, Number(values.profiles));
const DAYS = Number(values.days);
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
const MODELS = ['amazon.nova-micro-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0', 'meta.llama3-1-8b-instruct-v1:0', 'amazon.nova-lite-v1:0'];
const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 20 * 60_000);

async function measure(emulator: LocalEmulator, work: () => Promise<void>): Promise<{ calls: Record<string, number>; seconds: number }> {
  await emulator.startRecording();
  const start = performance.now();
  await work();
  const seconds = (performance.now() - start) / 1000;
  await emulator.stopRecording();
  const calls = Object.fromEntries(Object.entries(await emulator.recordedCalls()).filter(([op]) => !op.startsWith('DynamoDB.')));
  return { calls, seconds };
}

function report(title: string, run: { calls: Record<string, number>; seconds: number }, target: number, parts: string): boolean {
  const total = Object.values(run.calls).reduce((a, b) => a + b, 0);
  console.log(`\n${title}: ${run.seconds.toFixed(2)} s`);
  console.log(
    table([
      ['OPERATION', 'CALLS'],
      ...Object.entries(run.calls)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => [op, String(n)]),
      ['total', String(total)],
    ]),
  );
  const ok = total <= target;
  console.log(`target: ${parts} = ${target}; actual ${total} -> ${ok ? 'within target' : 'OVER TARGET'}`);
  return ok;
}

const emulator = await startLocalEmulator();
let ok = true;
try {
  const target = { endpoint: emulator.endpoint, region: REGION };
  const seedStart = performance.now();
  const profiles: SeedProfile[] = Array.from({ length: PROFILES }, (_, i) => ({
    name: `bench-profile-${i}`,
    modelId: MODELS[i % MODELS.length]!,
    ...(i % 10 === 9 ? {} : { tags: { team: `team-${i % 12}`, owner: `owner-${i % 12}@example.com` } }),
  }));
  const created = await seedInferenceProfiles(target, profiles);
  const direct = Array.from({ length: IDS - PROFILES }, (_, i) => (i < MODELS.length ? MODELS[i]! : `bench.model-${i}-v1:0`));
  const ids = [...[...created.values()].map((p) => p.id), ...direct];
  // A spike in the last 3 hours of every 20th id.
  const datums = await seedBedrockMetrics(
    target,
    ids.map((id, i) =>
      steadyUsage(id, {
        end: now,
        hours: DAYS * 24,
        inputTokens: 50_000,
        outputTokens: 5_000,
        ...(i % 20 === 0 ? { factor: (at: Date) => (now.getTime() - at.getTime() <= 4 * 3_600_000 ? 50 : 1) } : {}),
      }),
    ),
  );
  console.log(
    `Token usage of ${ids.length} ids in ${REGION}: ${PROFILES} application profiles (12 teams, every 10th untagged), ${direct.length} direct model ids`,
  );
  console.log(`seeded ${datums} datapoints (${DAYS} days, hourly) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const config = parseConfig({ regions: [REGION], pricing: { live: false }, sweeps: { 'token-spend': {} } });
  const clients = () => new AwsClients({ endpoint: emulator.endpoint, extra: { credentials } });
  const listPages = Math.ceil(ids.length / 500) + Math.ceil(PROFILES / 1000);
  let findings = 0;
  const sweep = await measure(emulator, async () => {
    const r = await runConfiguredSweep({
      sweep: sweepNamed('token-spend'),
      config,
      mode: 'report',
      clock: fixedClock(now),
      env: { AWS_REGION: REGION },
      clients: clients(),
    });
    findings = r.findings.length;
    if (r.errors.length) console.log(`WARNING: ${r.errors.length} errors, first: ${r.errors[0]!.message}`);
  });
  const sweepMetrics = Math.ceil((2 * ids.length) / MAX_QUERIES_PER_CALL);
  ok =
    report(
      `token-spend sweep, report mode (${findings} flagged)`,
      sweep,
      listPages + PROFILES + sweepMetrics,
      `${listPages} list pages + ${PROFILES} ListTagsForResource + ceil(2 x ${ids.length} / ${MAX_QUERIES_PER_CALL}) = ${sweepMetrics} GetMetricData`,
    ) && ok;

  let teams = 0;
  const showback = await measure(emulator, async () => {
    const t = await readTokenShowback({ clients: clients(), regions: [REGION], week: isoWeekOf(now), asOf: now, teamTagKey: 'team', pricing: config.pricing });
    teams = t.byTeam.length;
  });
  const showbackMetrics = Math.ceil((3 * ids.length) / MAX_QUERIES_PER_CALL);
  ok =
    report(
      `digest token showback (${teams} teams)`,
      showback,
      listPages + PROFILES + showbackMetrics,
      `${listPages} list pages + ${PROFILES} ListTagsForResource + ceil(3 x ${ids.length} / ${MAX_QUERIES_PER_CALL}) = ${showbackMetrics} GetMetricData`,
    ) && ok;
  const points = 2 * ids.length * (DAYS * 24 + 1);
  console.log(
    `\nOn AWS, GetMetricData returns at most 100,800 datapoints a call: the sweep's ${points.toLocaleString('en-US')} hourly points may add ${Math.max(0, Math.ceil(points / 100_800) - sweepMetrics)} NextToken page(s).`,
  );
} finally {
  await emulator.stop();
}
if (!ok) process.exitCode = 1;
