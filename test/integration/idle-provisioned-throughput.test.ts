/**
 * idle-provisioned-throughput on the emulator: throughputs created through the emulated
 * Bedrock API, their traffic as `AWS/Bedrock` `Invocations` on their ARN, prices from the
 * emulated Price List (Nova 2 Lite: 60.50 USD per model unit-hour without commitment, real;
 * 55.00 for one month and 30.25 for six, test values). Report mode, apply mode across the
 * grace period (deleted, restored with a new ARN), committed throughputs flagged and never
 * deleted (reminded before their term renews, deleted once it has ended), the states never
 * acted on, and a restore whose model is no longer offered.
 */
import { BedrockClient, GetProvisionedModelThroughputCommand, ListTagsForResourceCommand } from '@aws-sdk/client-bedrock';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import { BedrockModelNotOfferedError } from '../../lib/core/errors.js';
import type { SweepReport } from '../../lib/core/finding.js';
import { silentLogger } from '../../lib/core/sweep.js';
import { parseConfig } from '../../lib/config.js';
import { seedThroughputs, type SeedThroughput } from '../../lib/local/seed-throughputs.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { IdleProvisionedThroughputSweep } from '../../lib/sweeps/idle-provisioned-throughput/index.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0:200k'; // no Provisioned Throughput price known: unknown, never guessed
const owner = (o: string, team: string, env = 'dev') => ({ owner: o, team, env });
const ESTATE: SeedThroughput[] = [
  { name: 'pt-idle', modelUnits: 2, tags: owner('ana@example.com', 'risk') },
  { name: 'pt-busy', tags: owner('lee@example.com', 'vision'), invocationsPerHour: 5 },
  { name: 'pt-young', tags: owner('lee@example.com', 'vision'), createdDaysAgo: 2 },
  { name: 'pt-committed', commitment: 'OneMonth', commitmentEndsInDays: 10, tags: owner('mia@example.com', 'research') },
  { name: 'pt-renewing', commitment: 'SixMonths', commitmentEndsInDays: 3, tags: owner('mia@example.com', 'research') },
  { name: 'pt-updating', status: 'Updating', tags: owner('raj@example.com', 'nlp') },
  { name: 'pt-creating', status: 'Creating', tags: owner('raj@example.com', 'nlp') },
  { name: 'pt-failed', status: 'Failed', tags: owner('raj@example.com', 'nlp') },
  { name: 'pt-exempt', tags: { ...owner('ana@example.com', 'risk'), 'finops:exempt': 'true' } },
  { name: 'pt-prod', tags: owner('lee@example.com', 'vision', 'prod') },
  { name: 'pt-unpriced', modelId: HAIKU, tags: owner('raj@example.com', 'nlp') },
];

let env: Record<string, string>;
let ledgerTable: string;
const bedrock = () => new BedrockClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS });
const describeThroughput = (id: string) => bedrock().send(new GetProvisionedModelThroughputCommand({ provisionedModelId: id }));
const decisions = (report: SweepReport) => Object.fromEntries(report.findings.map((f) => [f.resourceId, f.decision]));
const finding = (report: SweepReport, name: string) => report.findings.find((f) => f.resourceId === name)!;
const configWith = (section: Record<string, unknown> = {}) =>
  parseConfig({ regions: [REGION], sweeps: { 'idle-provisioned-throughput': { mode: 'apply', gracePeriodHours: 24, ...section } } });
let config = configWith();
function sweep(at: Date, mode: 'report' | 'apply' = 'apply'): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('idle-provisioned-throughput'), config, mode, clock: fixedClock(at), env, clients: emulatorClients() });
}
const restore = (actionId: string, at: Date) => restoreFromEnv({ actionId, clock: fixedClock(at), config, env, clients: emulatorClients(), sweepNamed });
const seed = (throughputs: SeedThroughput[]) =>
  seedThroughputs({ endpoint: emulator().endpoint, region: REGION, control: (p, b) => emulator().control(p, b), throughputs, now: T0 });

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  ledgerTable = env.FINOPS_LEDGER_TABLE!;
  config = configWith();
});

describe('idle-provisioned-throughput against the emulator', () => {
  it('report mode: idle throughputs deleted after the grace period, committed ones flagged, the rest left; nothing written', async () => {
    const arns = await seed(ESTATE);
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();

    expect(report.errors).toEqual([]);
    expect(decisions(report)).toEqual({
      'pt-idle': 'pending',
      'pt-unpriced': 'pending',
      'pt-committed': 'flagged',
      'pt-renewing': 'flagged',
      'pt-exempt': 'exempt',
      'pt-prod': 'protected',
    });
    expect(finding(report, 'pt-idle')).toMatchObject({
      resourceType: 'bedrock:provisioned-model',
      arn: arns.get('pt-idle'),
      owner: 'ana@example.com',
      team: 'risk',
      actAfter: addHours(T0, 24).toISOString(),
      reason: 'no invocations in the last 7 days (2 model units of amazon.nova-2-lite-v1:0, no commitment)',
      // 2 model units x 60.50 USD per model unit-hour (live, emulated Price List) = 121.00/h; x 730 h = 88,330.00 a month.
      estimatedMonthlySavingsUsd: 88_330,
      savings: { hourlyUsd: 121, components: [{ quantity: 2, usdPerHour: 60.5, source: expect.stringMatching(/^AWS Price List API \(AmazonBedrock, SKU /) }] },
    });
    expect(finding(report, 'pt-unpriced')).toMatchObject({
      estimatedMonthlySavingsUsd: null,
      savings: {
        unknown: [
          expect.stringMatching(/Provisioned Throughput price \(no commitment\) for .*claude-3-haiku.*the Price List usage type of this model is not known/),
        ],
      },
    });
    // One model unit for one month: 55.00/h. 10 days left = 240 h -> 13,200.00 still to be billed; once deleted, 55 x 730 = 40,150.00 a month.
    expect(finding(report, 'pt-committed')).toMatchObject({
      actAfter: null,
      estimatedMonthlySavingsUsd: 40_150,
      commitmentExpiresAt: addHours(T0, 240).toISOString(),
      committedCostRemainingUsd: 13_200,
      renewalReminderDue: false,
      reason: expect.stringMatching(/committed until 2026-12-03T09:00:00.000Z, so it cannot be deleted before: \$13,200.00 still to be billed until then/),
    });
    // Six months: 30.25/h, 72 h left -> 2,178.00; within renewalReminderDays (7).
    expect(finding(report, 'pt-renewing')).toMatchObject({ committedCostRemainingUsd: 2_178, renewalReminderDue: true, estimatedMonthlySavingsUsd: 22_082.5 });
    expect(finding(report, 'pt-renewing').reason).toMatch(/it renews in 3\.0 days unless deleted when the term ends$/);

    expect((await ledgerItems(ledgerTable)).filter((i) => !String(i.pk).startsWith('PRICE#'))).toEqual([]);
    expect(await emu.publishedMessages()).toEqual([]);
    const calls = await emu.recordedCalls();
    const aws = Object.fromEntries(Object.entries(calls).filter(([op]) => !op.startsWith('DynamoDB.')));
    expect(aws).toEqual({
      'Bedrock.ListProvisionedModelThroughputs': 1, // 1000 a page
      'CloudWatch.GetMetricData': 1, // the 7 InService throughputs unchanged for 7 days, 500 a call
      'Bedrock.GetProvisionedModelThroughput': 6, // only the quiet ones
      'Bedrock.ListTagsForResource': 6,
      'Pricing.GetProducts': 1, // every Bedrock product of us-east-1, one query for every term (cached for the next run)
    });
  });

  it('apply mode warns, waits out the grace period, deletes, and restore creates it again with a NEW ARN in the ledger', async () => {
    const arns = await seed(ESTATE.filter((t) => ['pt-idle', 'pt-committed', 'pt-busy'].includes(t.name)));
    const emu = emulator();
    const first = await sweep(T0);
    expect(decisions(first)).toEqual({ 'pt-idle': 'pending', 'pt-committed': 'flagged' });
    const warnings = await emu.publishedMessages();
    expect(warnings.map((m) => m.messageAttributes.owner?.value).sort()).toEqual(['ana@example.com', 'mia@example.com']);
    expect(warnings.find((m) => m.messageAttributes.owner?.value === 'ana@example.com')!.message).toContain('pt-idle');

    expect((await sweep(addHours(T0, 12))).findings.filter((f) => f.decision === 'acted')).toEqual([]);
    const due = await sweep(addHours(T0, 25));
    expect(decisions(due)).toEqual({ 'pt-idle': 'acted', 'pt-committed': 'flagged' });
    await expect(describeThroughput(arns.get('pt-idle')!)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await describeThroughput('pt-committed')).status).toBe('InService'); // never deleted in term

    const actionId = finding(due, 'pt-idle').actionId!;
    const action = (await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`);
    expect(action).toMatchObject({
      status: 'in-force',
      restoreData: {
        provisionedModelName: 'pt-idle',
        provisionedModelArn: arns.get('pt-idle'),
        modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k',
        modelUnits: 2,
        commitmentDuration: null,
        tags: expect.arrayContaining([
          { key: 'owner', value: 'ana@example.com' },
          { key: 'team', value: 'risk' },
        ]),
      },
    });

    const restored = await restore(actionId, addHours(T0, 35));
    const newArn = restored.restoredResourceId;
    expect(newArn).toMatch(/^arn:aws:bedrock:us-east-1:\d{12}:provisioned-model\/[a-z0-9]{12}$/);
    expect(newArn).not.toBe(arns.get('pt-idle'));
    // 121.00 USD/h x 10 h deleted = 1,210.00 saved.
    expect(restored).toMatchObject({ hoursInForce: 10, realizedSavingsUsd: 1_210 });
    expect(restored.detail).toMatch(
      new RegExp(`created again with a NEW ARN ${newArn} \\(was ${arns.get('pt-idle')}\\): 2 model units of .*, no commitment, 3 tags`),
    );
    const back = await describeThroughput('pt-idle');
    expect(back).toMatchObject({ provisionedModelArn: newArn, modelUnits: 2, status: 'InService' });
    expect((await bedrock().send(new ListTagsForResourceCommand({ resourceARN: newArn }))).tags).toHaveLength(3);
    expect((await ledgerItems(ledgerTable)).find((i) => i.pk === `ACTION#${actionId}`)).toMatchObject({ status: 'restored', restoredResourceId: newArn });
    await expect(restore(actionId, addHours(T0, 36))).rejects.toThrow(/already restored/);

    const history = (await ledgerItems(ledgerTable))
      .filter((i) => i.pk === 'RES#bedrock:provisioned-model#us-east-1#pt-idle' && String(i.sk).startsWith('EVENT#'))
      .map((i) => i.type);
    expect(history).toEqual(['detected', 'warned', 'acting', 'acted', 'notified', 'restoring', 'restored']);
    // Created again, it is young: no new finding.
    expect((await sweep(addHours(T0, 40))).findings.map((f) => f.resourceId)).not.toContain('pt-idle');
  });

  it('restore of a model no longer offered: a typed error, nothing created, the action stays in force', async () => {
    await seed(ESTATE.filter((t) => t.name === 'pt-idle'));
    await sweep(T0);
    const actionId = finding(await sweep(addHours(T0, 25)), 'pt-idle').actionId!;
    await emulator().control('bedrock/foundation-models', { withdraw: ['amazon.nova-2-lite-v1:0:256k'] });
    const failed = restore(actionId, addHours(T0, 30));
    await expect(failed).rejects.toBeInstanceOf(BedrockModelNotOfferedError);
    await expect(failed).rejects.toMatchObject({
      code: 'BEDROCK_MODEL_NOT_OFFERED',
      message: expect.stringMatching(
        /model arn:aws:bedrock:us-east-1::foundation-model\/amazon.nova-2-lite-v1:0:256k of Provisioned Throughput "pt-idle" is no longer offered/,
      ),
    });
    await expect(describeThroughput('pt-idle')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const items = await ledgerItems(ledgerTable);
    expect(items.find((i) => i.pk === `ACTION#${actionId}`)).toMatchObject({ status: 'in-force' });
    expect(items.find((i) => i.pk === 'RES#bedrock:provisioned-model#us-east-1#pt-idle' && i.sk === 'STATE#idle-provisioned-throughput')).toMatchObject({
      status: 'acted',
    });
    // Offered again: the same restore goes through.
    await emulator().control('bedrock/foundation-models', { offer: ['amazon.nova-2-lite-v1:0:256k'] });
    await expect(restore(actionId, addHours(T0, 31))).resolves.toMatchObject({ restoredResourceId: expect.stringMatching(/provisioned-model\//) });
  });

  it('a committed throughput: never deleted, reminded at once before its term renews, deleted once the term has ended', async () => {
    config = configWith({ renotifyHours: 24 * 30 });
    await seed([{ name: 'pt-committed', commitment: 'OneMonth', commitmentEndsInDays: 10, tags: owner('mia@example.com', 'research') }]);
    const emu = emulator();
    const count = async () => (await emu.publishedMessages()).length;
    expect(decisions(await sweep(T0))).toEqual({ 'pt-committed': 'flagged' });
    expect(await count()).toBe(1);
    expect(decisions(await sweep(addHours(T0, 48)))).toEqual({ 'pt-committed': 'flagged' });
    expect(await count()).toBe(1); // within renotifyHours: no reminder
    // 6.5 days left, within renewalReminderDays (7): reminded at once, once.
    const due = await sweep(addHours(T0, 84));
    expect(finding(due, 'pt-committed')).toMatchObject({ decision: 'flagged', renewalReminderDue: true, committedCostRemainingUsd: 8_580 }); // 55 x 156 h
    expect(await count()).toBe(2);
    expect((await emu.publishedMessages()).at(-1)!.message).toMatch(/renews in 6\.5 days/);
    await sweep(addHours(T0, 90));
    expect(await count()).toBe(2);
    expect((await describeThroughput('pt-committed')).status).toBe('InService');

    // The term has ended (and was not renewed): now it is deleted like any other, after the grace period.
    await emu.control('bedrock/provisioned-model-throughput', { provisionedModelId: 'pt-committed', commitmentExpirationTime: '2026-11-01T00:00:00Z' });
    const ended = await sweep(addHours(T0, 96));
    expect(finding(ended, 'pt-committed')).toMatchObject({
      decision: 'pending',
      reason: expect.stringMatching(/its OneMonth term ended at 2026-11-01T00:00:00.000Z$/),
    });
    const deleted = await sweep(addHours(T0, 121));
    expect(finding(deleted, 'pt-committed')).toMatchObject({ decision: 'acted', estimatedMonthlySavingsUsd: 40_150 });
    await expect(describeThroughput('pt-committed')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('the action refuses a throughput not InService or still committed, and counts one already gone as done', async () => {
    const arns = await seed([
      { name: 'pt-a', tags: owner('ana@example.com', 'risk') },
      { name: 'pt-c', commitment: 'SixMonths', commitmentEndsInDays: 60 },
    ]);
    const ctx = { region: REGION, clients: emulatorClients(), now: T0, logger: silentLogger };
    const data = (name: string) => ({
      provisionedModelName: name,
      provisionedModelArn: arns.get(name) ?? `arn:aws:bedrock:us-east-1:123456789012:provisioned-model/zzzzzzzzzzzz`,
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k',
      foundationModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k',
      modelUnits: 1,
      commitmentDuration: null,
      tags: [],
    });
    const action = IdleProvisionedThroughputSweep.action;
    for (const status of ['Updating', 'Creating', 'Failed']) {
      await emulator().control('bedrock/provisioned-model-throughput', { provisionedModelId: 'pt-a', status });
      await expect(action.act(data('pt-a'), ctx)).rejects.toThrow(
        `pt-a: not acted on: throughput is ${status}, not InService (the next run looks at it again)`,
      );
    }
    await expect(action.act(data('pt-c'), ctx)).rejects.toThrow(
      /pt-c: not acted on: its SixMonths commitment runs until 2027-01-22T09:00:00.000Z; never deleted in term/,
    );
    expect((await describeThroughput('pt-c')).status).toBe('InService');
    await expect(action.act(data('pt-gone'), ctx)).resolves.toMatchObject({ status: 'done', detail: expect.stringMatching(/was already deleted$/) });
    // A restore that runs again (it died after the create) finds its throughput and creates nothing.
    const once = await action.restore({ ...data('pt-gone'), tags: [{ key: 'aws:cloudformation:stack-name', value: 'x' }] }, ctx, 'act-2');
    expect(once.detail).toMatch(/created again with a NEW ARN .*, 0 tags/); // aws: tags are AWS's to set
    await expect(action.restore(data('pt-gone'), ctx, 'act-2')).resolves.toEqual({
      restoredResourceId: once.restoredResourceId,
      detail: `provisioned throughput pt-gone already exists (ARN ${once.restoredResourceId}, InService); nothing created`,
    });
    // Restore refuses a name another model's throughput has taken.
    await expect(
      action.restore({ ...data('pt-c'), modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0:128k' }, ctx, 'act-1'),
    ).rejects.toThrow(/a provisioned throughput named "pt-c" already exists for another model/);
  });
});
