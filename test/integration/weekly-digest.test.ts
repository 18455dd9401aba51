/**
 * The weekly digest against the emulator: the ledger's report queries on a real
 * (moto) DynamoDB table, the Lambda entry writing both reports to S3 and
 * publishing the message, and the CLI.
 *
 * The estate is seeded relative to the real clock (the Lambda always runs "now"):
 * warned on Monday 09:00 of the last complete ISO week, stopped Tuesday 10:00,
 * one endpoint restored Tuesday 16:00.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { main } from '../../lib/cli/main.js';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import { isoWeekRange, previousIsoWeek } from '../../lib/core/iso-week.js';
import { parseConfig } from '../../lib/config.js';
import { digestFromEnv } from '../../lib/digest/run-digest.js';
import type { WeeklyDigest } from '../../lib/digest/weekly-digest.js';
import type { DigestEvent, DigestHandlerResult } from '../../lib/lambda/digest-handler.js';
import { DynamoDbLedger } from '../../lib/ledger/dynamodb-ledger.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { SWEEP_NAMES, sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, REGION } from '../support/integration.js';
import { importLambdaAsset } from '../support/lambda-asset.js';

const NOW = new Date();
const WEEK = previousIsoWeek(NOW);
const MONDAY = isoWeekRange(WEEK).start;
const T0 = addHours(MONDAY, 9);
const ACTED = addHours(T0, 25);
const RESTORED = addHours(T0, 31);
const configInput = { regions: [REGION], sweeps: { 'idle-endpoints': { mode: 'apply', gracePeriodHours: 24 } } } as const;
const config = parseConfig(configInput);
const STOPPED = ['churn-model-v1', 'legacy-tabular', 'llm-summarizer-poc', 'vision-ab-test'];

let env: Record<string, string>;

beforeAll(async () => {
  ({ env } = await freshEstate(T0));
  const clients = emulatorClients();
  const sweep = (at: Date) => runConfiguredSweep({ sweep: sweepNamed('idle-endpoints'), config, mode: 'apply', clock: fixedClock(at), env, clients });
  await sweep(T0);
  const acted = await sweep(ACTED);
  const churn = acted.findings.find((f) => f.resourceId === 'churn-model-v1' && f.decision === 'acted')!;
  await restoreFromEnv({ actionId: churn.actionId!, clock: fixedClock(RESTORED), config, env, clients, sweepNamed });
}, 120_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the ledger's report queries on DynamoDB", () => {
  it("list every action, the week's events and runs, and a sweep's first run", async () => {
    const ledger = new DynamoDbLedger(env.FINOPS_LEDGER_TABLE!, emulatorClients().get(DynamoDBClient, REGION));
    const actions = await ledger.listActions(isoWeekRange(WEEK).end.toISOString());
    expect(actions.map((a) => a.ref.resourceId).sort()).toEqual(STOPPED);
    expect(await ledger.listActions(ACTED.toISOString())).toEqual([]);
    const { events, runs } = await ledger.weekRecords(WEEK);
    expect(runs.map((r) => [r.sweep, r.startedAt, r.errors])).toEqual([
      ['idle-endpoints', T0.toISOString(), 0],
      ['idle-endpoints', ACTED.toISOString(), 0],
    ]);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['detected', 'warned', 'protected', 'exempted', 'notified', 'acting', 'acted', 'restoring', 'restored']),
    );
    expect(await ledger.firstRun('idle-endpoints')).toMatchObject({ startedAt: T0.toISOString(), mode: 'apply' });
    expect(await ledger.firstRun('orphan-volumes')).toBeUndefined();
  });

  it('the digest reads them with bounded queries, never a scan', async () => {
    const emu = emulator();
    await emu.startRecording();
    const digest = await digestFromEnv({ config, now: NOW, week: WEEK, env: { ...env }, clients: emulatorClients() });
    await emu.stopRecording();
    const calls = await emu.recordedCalls();
    // Action log + the week's partition + open findings of each registered sweep in the 1 region + 1 first run.
    expect(calls['DynamoDB.Query']).toBe(2 + SWEEP_NAMES.length + 1);
    // The states of the resources with events this week that are no longer open.
    expect(calls['DynamoDB.BatchGetItem']).toBe(1);
    expect(calls['DynamoDB.Scan'] ?? 0).toBe(0);
    expect(Object.keys(calls).filter((op) => !op.startsWith('DynamoDB.'))).toEqual([]);
    expectFigures(digest);
  });
});

/** The figures of this estate, by hand. */
function expectFigures(digest: WeeklyDigest): void {
  const weekEnd = isoWeekRange(WEEK).end;
  // Tuesday 10:00 to Monday 00:00: 14 h + 5 days.
  const hoursToWeekEnd = (weekEnd.getTime() - ACTED.getTime()) / 3_600_000;
  expect(hoursToWeekEnd).toBe(134);
  const churn = digest.actions.find((a) => a.resourceId === 'churn-model-v1')!;
  // Restored 6 h after it was stopped: 1 x ml.g4dn.xlarge at $0.7364/h x 6 h = $4.42.
  expect(churn).toMatchObject({ hoursThisWeek: 6, realizedUsd: 4.42, inForce: false, restoredThisWeek: true });
  const llm = digest.actions.find((a) => a.resourceId === 'llm-summarizer-poc')!;
  expect(llm.hoursThisWeek).toBe(134);
  expect(llm.realizedUsd).toBe(Math.round(llm.hourlyUsd! * 134 * 100) / 100);
  // legacy-tabular's price is unknown: counted, not summed.
  expect(digest.actions.find((a) => a.resourceId === 'legacy-tabular')).toMatchObject({ realizedUsd: null, inForce: true });
  const expected = digest.actions.reduce((sum, a) => sum + Math.round((a.realizedUsd ?? 0) * 100), 0) / 100;
  expect(digest.totals).toMatchObject({ actions: 4, restores: 1, realizedUsd: expected, actionsInForce: 3, unknownPrice: { actionsInForce: 1 } });
  expect(digest.teams.map((t) => t.team)).toEqual(expect.arrayContaining(['risk', 'nlp', 'vision']));
  expect(digest.trust.schedules.find((s) => s.sweep === 'idle-endpoints')).toMatchObject({ recordedRuns: 2 });
  expect(digest.protected.map((p) => p.resourceId).sort()).toEqual(['payments-scoring', 'research-sandbox']);
}

describe('the weekly-digest Lambda (its built asset) against the emulator', () => {
  it('writes the HTML and the CSV to S3 and publishes the text naming them', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', inject('emulatorEndpoint'));
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const { handler } = (await importLambdaAsset('weekly-digest', configInput)) as {
      handler: (event: DigestEvent, context: Context) => Promise<DigestHandlerResult>;
    };
    const context = { functionName: 'finops-ai-weekly-digest', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
    const before = (await emulator().publishedMessages()).length;

    // EventBridge's scheduled event: its time picks the last complete week.
    const result = await handler({ time: NOW.toISOString() }, context);

    const bucket = env.FINOPS_DIGEST_BUCKET!;
    expect(result).toMatchObject({
      week: WEEK,
      html: `s3://${bucket}/digests/${WEEK}/digest.html`,
      csv: `s3://${bucket}/digests/${WEEK}/digest.csv`,
      json: `s3://${bucket}/digests/${WEEK}/digest.json`,
      messageId: expect.any(String),
    });
    const s3 = new S3Client({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, forcePathStyle: true });
    const object = async (key: string) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { type: out.ContentType, body: await out.Body!.transformToString() };
    };
    const html = await object(`digests/${WEEK}/digest.html`);
    expect(html.type).toBe('text/html; charset=utf-8');
    expect(html.body).toContain(`<title>finops-ai weekly savings digest ${WEEK}</title>`);
    expect(html.body).toContain('<svg');
    const csv = await object(`digests/${WEEK}/digest.csv`);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(
      rows
        .filter((r) => r.x_Record === 'action')
        .map((r) => r.ResourceId)
        .sort(),
    ).toEqual(STOPPED);
    expect(rows.find((r) => r.ResourceId === 'churn-model-v1' && r.x_Record === 'action')).toMatchObject({
      x_RealizedSavings: '4.42',
      x_Section: 'restored',
      ServiceName: 'Amazon SageMaker',
    });
    const json = JSON.parse((await object(`digests/${WEEK}/digest.json`)).body) as WeeklyDigest;
    expectFigures(json);

    const messages = (await emulator().publishedMessages()).slice(before);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message!.topicArn).toBe(env.FINOPS_DIGEST_TOPIC_ARN);
    expect(message!.subject).toBe(
      `finops-ai weekly digest ${WEEK}: $${json.totals.realizedUsd.toFixed(2)} saved, $${json.totals.projectedMonthlyUsd.toLocaleString('en-US', { minimumFractionDigits: 2 })}/month in force`,
    );
    expect(message!.message).toContain(`  s3://${bucket}/digests/${WEEK}/digest.html`);
    expect(message!.message).toContain(`  s3://${bucket}/digests/${WEEK}/digest.csv`);
    expect(message!.message).toContain('Restores this week (each one a false positive): 1');
    expect(Math.max(...message!.message.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(message!.messageAttributes.week).toEqual({ dataType: 'String', value: WEEK });
  });
});

describe('finops-ai digest (the CLI) against the emulator', () => {
  async function cli(...args: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(args, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  function stubDeployment() {
    vi.stubEnv('AWS_ENDPOINT_URL', inject('emulatorEndpoint'));
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    vi.stubEnv('AWS_REGION', REGION);
    vi.stubEnv('FINOPS_LEDGER_TABLE', env.FINOPS_LEDGER_TABLE);
  }

  it('--json gives totals, team rows, pending, recommendations and KPIs as numbers', async () => {
    stubDeployment();
    const r = await cli('digest', '--json', '--week', WEEK, '--now', NOW.toISOString());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const digest = JSON.parse(r.stdout) as WeeklyDigest;
    expect(typeof digest.totals.realizedUsd).toBe('number');
    expect(typeof digest.kpis.wasteReducedUsd).toBe('number');
    expect(Array.isArray(digest.teams) && Array.isArray(digest.pending) && Array.isArray(digest.recommendations.open)).toBe(true);
    expect(digest.totals.actions).toBe(4);
  });

  it('defaults to the last complete week, as text; --out writes html', async () => {
    stubDeployment();
    const text = await cli('digest', '--now', NOW.toISOString());
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`finops-ai weekly savings digest, ${WEEK}`);
    const dir = mkdtempSync(join(tmpdir(), 'finops-digest-'));
    const file = join(dir, 'digest.html');
    const html = await cli('digest', '--week', WEEK, '--format', 'html', '--out', file, '--now', NOW.toISOString());
    expect(html).toMatchObject({ code: 0, stdout: `Wrote the html digest of ${WEEK} to ${file}.` });
    expect(readFileSync(file, 'utf8')).toContain('<svg');
  });
});
