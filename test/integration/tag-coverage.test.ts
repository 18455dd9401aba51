/**
 * tag-coverage on the emulator: an AI estate with tag gaps (SageMaker endpoints, a
 * notebook, training and processing jobs, a Studio domain, GPU instances and their
 * volumes, a Bedrock custom model) and CloudTrail Create* events. Report mode: every
 * finding with its dollars, the types the emulator cannot list in `errors`, the AWS
 * calls counted, nothing written. Apply mode with `autoAttribute`: warned, tags copied
 * from parents after the grace period, then restored (a tag changed since is kept),
 * and not copied again.
 */
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AddTagsCommand, DescribeEndpointCommand, DescribeTrainingJobCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { Finding, SweepReport } from '../../lib/core/finding.js';
import { tagsFromList } from '../../lib/core/policy.js';
import { parseConfig } from '../../lib/config.js';
import { seedTagCoverageEstate, type TagCoverageEstate } from '../../lib/local/seed-tag-coverage.js';
import { restoreFromEnv, runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { RESOURCE_TYPES } from '../../lib/sweeps/tag-coverage/facts.js';
import { CREDENTIALS, emulator, emulatorClients, freshEstate, ledgerItems, REGION } from '../support/integration.js';

const T0 = new Date('2026-11-23T06:00:00Z');
let env: Record<string, string>;
let estate: TagCoverageEstate;

const configOf = (mode: 'report' | 'apply', section: Record<string, unknown> = {}) =>
  parseConfig({ regions: [REGION], sweeps: { 'tag-coverage': { mode, ...section } } });
function sweep(at: Date, mode: 'report' | 'apply', section: Record<string, unknown> = {}): Promise<SweepReport> {
  return runConfiguredSweep({
    sweep: sweepNamed('tag-coverage'),
    config: configOf(mode, section),
    mode,
    clock: fixedClock(at),
    env,
    clients: emulatorClients(),
  });
}
const client = { region: REGION, endpoint: '', credentials: CREDENTIALS };
const sagemaker = () => new SageMakerClient({ ...client, endpoint: inject('emulatorEndpoint') });
const ec2 = () => new EC2Client({ ...client, endpoint: inject('emulatorEndpoint') });
async function sageMakerTags(arn: string) {
  return tagsFromList((await sagemaker().send(new ListTagsCommand({ ResourceArn: arn }))).Tags);
}
async function volumeTags(id: string) {
  return tagsFromList((await ec2().send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes?.[0]?.Tags);
}
const byId = (report: SweepReport, id: string) => report.findings.find((f) => f.resourceId === id)!;
const row = (f: Finding) => [f.resourceType, f.resourceId, f.decision, f.missingTags, f.estimatedMonthlyCostUsd, f.creator];

beforeEach(async () => {
  ({ env } = await freshEstate(T0, []));
  const emu = emulator();
  estate = await seedTagCoverageEstate({ endpoint: emu.endpoint, region: REGION, control: (p, b) => emu.control(p, b), now: T0 });
});

describe('tag-coverage against the emulator', () => {
  it('report mode: every AI resource missing a tag, with its run-rate in dollars and its creator; unlisted types in errors; nothing written', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();
    const all = ['owner', 'team', 'env'];
    const { gpuBox, p3Idle, rootVolume, dataVolume } = estate;
    expect(report.findings.map(row)).toEqual(
      expect.arrayContaining([
        // 2 x ml.g4dn.xlarge at 0.7364 USD/h (bundled, us-east-1) x 730 h
        ['sagemaker:endpoint', 'ranker', 'flagged', all, 1075.14, 'dev@example.com'],
        // ml.m5.large has no us-east-1 hosting price: unknown, never another region's
        ['sagemaker:endpoint', 'tabular', 'flagged', ['team', 'env'], null, null],
        // ml.t3.medium notebook at the emulated Price List's 0.05 USD/h x 730
        ['sagemaker:notebook-instance', 'nb-scratch', 'flagged', ['env'], 36.5, null],
        // running: 1 x ml.p3.2xlarge at 3.8 USD/h (emulated Price List) x 730
        ['sagemaker:training-job', 'train-bert', 'flagged', all, 2774, null],
        ['sagemaker:training-job', 'train-old', 'flagged', all, 0, 'raj@example.com'],
        ['sagemaker:processing-job', 'prep-data', 'flagged', all, 0, null],
        ['sagemaker:domain', 'd-studio-main', 'flagged', all, null, null],
        ['ec2:instance', p3Idle, 'flagged', all, 0, 'ops@example.com'],
        // 100 GiB gp3 at 0.08 USD/GB-month; 8 GiB gp2 root volumes at 0.1
        ['ec2:volume', dataVolume, 'flagged', all, 8, null],
        ['ec2:volume', rootVolume, 'flagged', all, 0.8, null],
        ['bedrock:custom-model', 'support-llm', 'flagged', ['owner', 'env'], null, null],
        // 1 model unit of Nova 2 Lite, no commitment, at the emulated Price List's 60.5 USD per model unit-hour x 730
        ['bedrock:provisioned-model', 'chat-pt', 'flagged', all, 44165, null],
      ]),
    );
    // The GPU box is fully tagged, the CPU box is not AI, checkout-scorer has every tag; the p3's root volume is the 13th.
    expect(report.findings).toHaveLength(13);
    expect(report.findings.map((f) => f.resourceId)).not.toContain(gpuBox);
    expect(report.findings.map((f) => f.resourceId)).not.toContain('checkout-scorer');
    expect(byId(report, 'train-bert')).toMatchObject({
      jobCostUsd: 19,
      reason: 'missing tags owner, team, env; runs at $2,774.00/month, $19.00 billed so far',
    });
    expect(byId(report, 'train-old')).toMatchObject({ jobCostUsd: 7.6 }); // 2 instances x 1 billed hour x 3.8
    expect(byId(report, 'ranker')).toMatchObject({
      owner: 'unassigned',
      team: null,
      alsoNotify: ['dev@example.com'],
      estimatedMonthlySavingsUsd: 0,
      reason: 'missing tags owner, team, env; runs at $1,075.14/month; created by dev@example.com',
      evidence: {
        runRate: expect.stringMatching(/^2 x ml\.g4dn\.xlarge SageMaker hosting at \$0\.7364\/h x 730 h \(/),
        creatorSource: expect.stringMatching(/^CloudTrail CreateEndpoint at /),
        autoAttribution: 'off (sweeps.tag-coverage.autoAttribute)',
      },
    });
    // The emulator now lists Bedrock Provisioned Throughputs and application inference profiles (issue 15): no type is unlisted.
    expect(report.errors.map((e) => [e.resourceId, e.error])).toEqual([]);

    // Report mode records nothing: only the live price cache (public list prices) is written.
    expect((await ledgerItems(env.FINOPS_LEDGER_TABLE!)).filter((i) => !String(i.pk).startsWith('PRICE#'))).toEqual([]);
    expect(await emu.publishedMessages()).toEqual([]);
    const calls = await emu.recordedCalls();
    expect(calls).toMatchObject({
      // One paged GetResources per SageMaker type (the emulator's answers fit a page), none per resource.
      'ResourceGroupsTaggingAPI.GetResources': 5,
      'SageMaker.ListEndpoints': 1,
      'SageMaker.DescribeEndpoint': 2,
      'SageMaker.DescribeEndpointConfig': 2,
      'SageMaker.ListTrainingJobs': 2,
      'SageMaker.DescribeTrainingJob': 2,
      'SageMaker.DescribeProcessingJob': 1,
      'EC2.DescribeInstances': 1,
      'EC2.DescribeVolumes': 1,
      // One lookup per resource without an owner tag; a GPU box's volumes share its instance's lookup.
      'CloudTrail.LookupEvents': 9,
    });
    for (const write of ['SageMaker.AddTags', 'EC2.CreateTags', 'SNS.Publish', 'DynamoDB.TransactWriteItems', 'SageMaker.ListTags'])
      expect(calls[write] ?? 0, write).toBe(0);
  });

  it('auto-attribution: warned, tags copied from parents after the grace period, the restore removes exactly them, and no copy again', async () => {
    const emu = emulator();
    // Without the Bedrock type the emulator cannot list (see the report-mode test).
    const types = Object.values(RESOURCE_TYPES).filter((t) => t !== 'bedrock:application-inference-profile');
    const auto = { autoAttribute: true, gracePeriodHours: 24, resourceTypes: types };
    const first = await sweep(T0, 'apply', auto);
    expect(first.errors).toEqual([]);
    expect(byId(first, 'ranker')).toMatchObject({
      decision: 'pending',
      actAfter: addHours(T0, 24).toISOString(),
      reason:
        'missing tags owner, team, env; runs at $1,075.14/month; created by dev@example.com; will copy team=search from endpoint config ranker-config, env=staging from model ranker-model',
    });
    expect(byId(first, 'train-bert')).toMatchObject({
      decision: 'pending',
      evidence: {
        copyTags: { owner: 'raj@example.com', team: 'nlp', env: 'dev' },
        copyFrom: { owner: 'pipeline nlp-pipeline', team: 'pipeline nlp-pipeline', env: 'role ml-training' },
      },
    });
    expect(byId(first, estate.dataVolume)).toMatchObject({
      decision: 'pending',
      evidence: { copyTags: { owner: 'mia@example.com', team: 'vision', env: 'dev' } },
    });
    expect(byId(first, 'tabular')).toMatchObject({ decision: 'flagged', evidence: { autoAttribution: 'nothing to copy: no parent has team, env' } });
    const warned = await emu.publishedMessages();
    expect(warned.map((m) => m.messageAttributes.owner?.value).sort()).toEqual([
      'ana@example.com',
      'dev@example.com',
      'lee@example.com',
      'ops@example.com',
      'raj@example.com',
      'unassigned',
    ]);
    const dev = warned.find((m) => m.messageAttributes.owner?.value === 'dev@example.com')!;
    expect(dev.message).toContain('ranker');
    expect(dev.message).toContain('will copy team=search from endpoint config ranker-config');
    const unassigned = warned.find((m) => m.messageAttributes.owner?.value === 'unassigned')!;
    expect(unassigned.messageAttributes.event?.value).toBe('["pending","untagged"]');
    expect(unassigned.message).toContain('MISSING TAGS: add the tags shown so that its cost is attributed');

    const acted = await sweep(addHours(T0, 25), 'apply', auto);
    const done = acted.findings.filter((f) => f.decision === 'acted').map((f) => f.resourceId);
    // The ended jobs run as the role ml-training too, whose team and env they get.
    expect(done.sort()).toEqual([estate.dataVolume, estate.rootVolume, 'prep-data', 'ranker', 'train-bert', 'train-old'].sort());
    const ranker = await sagemaker().send(new DescribeEndpointCommand({ EndpointName: 'ranker' }));
    const bert = await sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: 'train-bert' }));
    expect(await sageMakerTags(ranker.EndpointArn!)).toEqual({ team: 'search', env: 'staging' });
    expect(await sageMakerTags(bert.TrainingJobArn!)).toMatchObject({ owner: 'raj@example.com', team: 'nlp', env: 'dev' });
    expect(await volumeTags(estate.dataVolume)).toEqual({ owner: 'mia@example.com', team: 'vision', env: 'dev' });

    // The next day: the ranker still has no owner (no parent has one), flagged; the job and the volumes are complete.
    const next = await sweep(addHours(T0, 49), 'apply', auto);
    expect(byId(next, 'ranker')).toMatchObject({
      decision: 'flagged',
      missingTags: ['owner'],
      evidence: { copiedEarlier: { team: 'search', env: 'staging' } },
    });
    expect(next.findings.map((f) => f.resourceId)).not.toContain('train-bert');

    // Someone sets env=qa on the ranker; then the operator restores both copies.
    await sagemaker().send(new AddTagsCommand({ ResourceArn: ranker.EndpointArn!, Tags: [{ Key: 'env', Value: 'qa' }] }));
    const restore = (id: string) =>
      restoreFromEnv({
        actionId: acted.findings.find((f) => f.resourceId === id)!.actionId!,
        clock: fixedClock(addHours(T0, 50)),
        config: configOf('apply', auto),
        env,
        clients: emulatorClients(),
        sweepNamed,
      });
    expect((await restore('ranker')).detail).toBe('removed team=search from ranker; kept env=qa (changed since it was copied)');
    expect((await sageMakerTags(ranker.EndpointArn!)).team).toBeUndefined();
    expect(await restore(estate.dataVolume)).toMatchObject({
      restoredResourceId: estate.dataVolume,
      detail: `removed owner=mia@example.com, team=vision, env=dev from ${estate.dataVolume}`,
    });
    expect(await volumeTags(estate.dataVolume)).toEqual({});

    // Restored copies are not made again: both are flagged.
    const after = await sweep(addHours(T0, 75), 'apply', auto);
    expect(byId(after, 'ranker')).toMatchObject({ decision: 'flagged', missingTags: ['owner', 'team'], evidence: { autoAttributionRestored: true } });
    expect(byId(after, estate.dataVolume)).toMatchObject({ decision: 'flagged', evidence: { autoAttributionRestored: true } });
  });
});
