/**
 * The tag-coverage rule, one row per case: missing tags (absent, blank, custom keys),
 * the run-rate in dollars per kind (priced, unpriced, stopped, ended job), the creator
 * as a second recipient, and auto-attribution (off, planned, partial, never over a
 * blank tag, not again after a restore). No network: the bundled price book.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import type { Tags } from '../../../lib/core/finding.js';
import type { Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import type { TagCoverageConfig } from '../../../lib/sweeps/tag-coverage/config.js';
import { RESOURCE_TYPES, type Creator, type ParentTags, type ResourceKind, type TagCoverageFacts, type Usage } from '../../../lib/sweeps/tag-coverage/facts.js';
import { assessTagCoverage } from '../../../lib/sweeps/tag-coverage/rule.js';

const NOW = new Date('2026-11-23T06:00:00Z');
const fresh: ResourceMemory = { watchingSince: null };
const config = (section: Record<string, unknown> = {}, shared: Record<string, unknown> = {}) =>
  sweepConfig(parseConfig({ ...shared, sweeps: { 'tag-coverage': section } }), 'tag-coverage') as TagCoverageConfig;
const REQUIRED = ['owner', 'team', 'env'];
const NOVA_LITE = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k';

function candidate(
  kind: ResourceKind,
  usage: Usage,
  tags: Tags = {},
  extra: { parents?: ParentTags[]; creator?: Creator; status?: string; region?: string } = {},
): Candidate<TagCoverageFacts> {
  const region = extra.region ?? 'us-east-1';
  return {
    ref: { resourceType: RESOURCE_TYPES[kind], resourceId: 'r-1', arn: `arn:aws:sagemaker:${region}:123456789012:${kind}/r-1`, region },
    tags,
    facts: {
      name: 'r-1',
      status: extra.status ?? 'InService',
      createdAt: '2026-11-01T00:00:00.000Z',
      parents: extra.parents ?? [],
      creator: extra.creator ?? { known: false, reason: 'not looked up' },
      usage,
      requiredTags: REQUIRED,
    },
  };
}
const endpoint = (count: number, instanceType: string | null = 'ml.g4dn.xlarge'): Usage => ({
  kind: 'endpoint',
  variants: [{ name: 'AllTraffic', instanceType, count, serverless: false }],
});
const assess = (c: Candidate<TagCoverageFacts>, cfg = config(), memory = fresh) => assessTagCoverage(c, cfg, NOW, memory, defaultPriceBook);

describe('missing tags', () => {
  it.each([
    ['every required tag present', { owner: 'ana', team: 'risk', env: 'dev' }, null],
    ['none', {}, ['owner', 'team', 'env']],
    ['a blank value counts as missing', { owner: 'ana', team: '  ', env: 'dev' }, ['team']],
    ['other tags do not count', { Owner: 'ana', project: 'x', env: 'dev' }, ['owner', 'team']],
  ])('%s', (_name, tags: Tags, missing) => {
    const a = assess(candidate('endpoint', endpoint(1), tags));
    if (missing === null) expect(a).toEqual({ waste: false, reason: 'has every required tag (owner, team, env)' });
    else
      expect(a).toMatchObject({ waste: true, act: false, fields: { missingTags: missing }, evidence: { missingTags: missing, missing: missing.join(', ') } });
  });

  it('requiredTags replaces the default, which follows the configured tagKeys', () => {
    const custom = config({ requiredTags: ['cost-center'] });
    expect(assess(candidate('endpoint', endpoint(1), { 'cost-center': 'cc-1' }), custom)).toMatchObject({ waste: false });
    expect(assess(candidate('endpoint', endpoint(1), { owner: 'a', team: 'b', env: 'c' }), custom)).toMatchObject({
      waste: true,
      fields: { missingTags: ['cost-center'] },
    });
    const keys = config({}, { tagKeys: { owner: 'Owner', team: 'CostCenter', environment: 'Stage' } });
    expect(assess(candidate('endpoint', endpoint(1), { Owner: 'a', Stage: 'dev' }), keys)).toMatchObject({ fields: { missingTags: ['CostCenter'] } });
  });
});

describe('run-rate in dollars (estimatedMonthlyCostUsd), never a saving', () => {
  it.each([
    // 2 x 0.7364 USD/h (bundled, us-east-1) x 730 h = 1,075.14
    ['endpoint: instances x hosting price x 730', 'endpoint', endpoint(2), 'InService', 1075.14, 'runs at $1,075.14/month'],
    ['endpoint of an unpriced type: null, with why', 'endpoint', endpoint(1, 'ml.m5.large'), 'InService', null, 'run-rate unknown'],
    [
      'serverless endpoint: no run-rate',
      'endpoint',
      { kind: 'endpoint', variants: [{ name: 'S', instanceType: null, count: 0, serverless: true }] },
      'InService',
      null,
      'billed per request',
    ],
    // 0.526 USD/h x 730 = 383.98
    [
      'running GPU instance: on-demand x 730',
      'instance',
      { kind: 'instance', instanceType: 'g4dn.xlarge', running: true },
      'running',
      383.98,
      'runs at $383.98/month',
    ],
    ['stopped instance: nothing', 'instance', { kind: 'instance', instanceType: 'p3.2xlarge', running: false }, 'stopped', 0, 'costs nothing while stopped'],
    // 500 GiB x 0.08 + (6000 - 3000) IOPS x 0.005 + (250 - 125) MiB/s x 0.04 = 40 + 15 + 5 = 60.00
    [
      'gp3 volume: GB-month, IOPS and throughput above the free baseline',
      'volume',
      { kind: 'volume', volumeType: 'gp3', sizeGiB: 500, iops: 6000, throughputMiBps: 250, instanceId: 'i-1' },
      'in-use',
      60,
      'runs at $60.00/month',
    ],
    [
      'notebook (no bundled notebook price): null',
      'notebook',
      { kind: 'notebook', instanceType: 'ml.t3.medium', running: true },
      'InService',
      null,
      'notebook',
    ],
    ['stopped notebook: nothing', 'notebook', { kind: 'notebook', instanceType: 'ml.t3.medium', running: false }, 'Stopped', 0, 'costs nothing while Stopped'],
    ['Studio domain: null', 'domain', { kind: 'domain' }, 'InService', null, 'Studio domain bills through its apps'],
    [
      'provisioned throughput without a live price: null',
      'provisioned-throughput',
      { kind: 'provisioned-throughput', baseModel: NOVA_LITE, modelUnits: 1, commitment: 'none', billed: true },
      'InService',
      null,
      'no price found',
    ],
    [
      'failed provisioned throughput: nothing',
      'provisioned-throughput',
      { kind: 'provisioned-throughput', baseModel: NOVA_LITE, modelUnits: 1, commitment: 'none', billed: false },
      'Failed',
      0,
      'costs nothing while Failed',
    ],
  ] as const)('%s', (_name, kind, usage: Usage, status, monthly, reason) => {
    const a = assess(candidate(kind, usage, {}, { status }));
    expect(a).toMatchObject({ waste: true, fields: { estimatedMonthlyCostUsd: monthly }, evidence: { estimatedMonthlyCostUsd: monthly } });
    if (!a.waste) throw new Error('waste expected');
    expect(a.reason).toContain(reason);
    // Tagging saves nothing: zero savings, no priced component that would read as a saving.
    expect(a.savings).toEqual({ hourlyUsd: 0, monthlyUsd: 0, components: [], unknown: [] });
  });

  it('running training job: run-rate and cost so far (eu-west-1 ml.p3.2xlarge 4.131 USD/h)', () => {
    const job: Usage = { kind: 'training-job', groups: [{ instanceType: 'ml.p3.2xlarge', count: 2 }], running: true, billedHours: 5 };
    // 2 x 4.131 = 8.262 USD/h: x 730 = 6,031.26 a month; x 5 h = 41.31 so far
    expect(assess(candidate('training-job', job, {}, { region: 'eu-west-1', status: 'InProgress' }))).toMatchObject({
      fields: { estimatedMonthlyCostUsd: 6031.26, jobCostUsd: 41.31 },
      reason: 'missing tags owner, team, env; runs at $6,031.26/month, $41.31 billed so far',
    });
  });

  it('ended training job: nothing more per month, its billed hours priced', () => {
    const job: Usage = { kind: 'training-job', groups: [{ instanceType: 'ml.p3.2xlarge', count: 2 }], running: false, billedHours: 1 };
    const a = assess(candidate('training-job', job, {}, { region: 'eu-west-1', status: 'Completed' }));
    expect(a).toMatchObject({
      fields: { estimatedMonthlyCostUsd: 0, jobCostUsd: 8.26 },
      reason: 'missing tags owner, team, env; costs nothing while Completed, $8.26 billed so far',
    });
    expect(a).toMatchObject({
      evidence: { runRate: expect.stringMatching(/^nothing: the job ended \(it billed at 2 x ml\.p3\.2xlarge SageMaker training at \$4\.131/) },
    });
  });

  it("provisioned throughput: model units x its base model's unit-hour price x 730", () => {
    // A live price of 60.5 USD per model unit-hour (no commitment), as the Price List API gives it for Nova 2 Lite in us-east-1.
    const live = Object.create(defaultPriceBook) as typeof defaultPriceBook;
    live.bedrockProvisionedThroughput = (region, model, commitment) =>
      region === 'us-east-1' && model === NOVA_LITE && commitment === 'none'
        ? {
            found: true,
            quote: {
              usdPerUnit: 60.5,
              unit: 'USD per model unit-hour',
              region,
              item: 'Nova2.0Lite:NoCommit',
              source: 'test',
              sourceDate: '2026-11-01',
              regionBasis: 'stated',
            },
          }
        : { found: false, reason: 'not in this test' };
    const usage: Usage = { kind: 'provisioned-throughput', baseModel: NOVA_LITE, modelUnits: 2, commitment: 'none', billed: true };
    // 2 x 60.5 x 730 = 88,330.00
    expect(assessTagCoverage(candidate('provisioned-throughput', usage), config(), NOW, fresh, live)).toMatchObject({
      fields: { estimatedMonthlyCostUsd: 88330 },
    });
  });

  it('never another region: a region without a price is unknown', () => {
    expect(assess(candidate('endpoint', endpoint(1), {}, { region: 'eu-central-1' }))).toMatchObject({ fields: { estimatedMonthlyCostUsd: null } });
  });
});

describe('who is told', () => {
  const creator: Creator = { known: true, name: 'dev@example.com', source: 'CloudTrail CreateEndpoint at 2026-11-01T00:00:00.000Z' };
  it('the creator gets a copy when the resource has no owner tag', () => {
    const a = assess(candidate('endpoint', endpoint(1), { team: 'x' }, { creator }));
    expect(a).toMatchObject({
      alsoNotify: ['dev@example.com'],
      fields: { creator: 'dev@example.com' },
      evidence: { creator: 'dev@example.com', creatorSource: creator.source },
    });
    if (!a.waste) throw new Error('waste expected');
    expect(a.reason).toContain('created by dev@example.com');
  });

  it('not when it has an owner (the owner is told), nor when the creator is unknown', () => {
    expect(assess(candidate('endpoint', endpoint(1), { owner: 'ana' }, { creator }))).not.toHaveProperty('alsoNotify');
    const unknown = assess(candidate('endpoint', endpoint(1), {}, { creator: { known: false, reason: 'created more than 90 days ago' } }));
    expect(unknown).not.toHaveProperty('alsoNotify');
    expect(unknown).toMatchObject({ fields: { creator: null }, evidence: { creator: 'unknown: created more than 90 days ago' } });
  });

  it('is told again at once when other tags are missing than last time', () => {
    const previous = { status: 'flagged' as const, reason: 'r', firstSeenAt: NOW.toISOString(), evidence: { missing: 'owner, team, env' } };
    expect(assess(candidate('endpoint', endpoint(1), { owner: 'a' }), config(), { watchingSince: null, previous })).toMatchObject({ changed: true });
    expect(assess(candidate('endpoint', endpoint(1)), config(), { watchingSince: null, previous })).toMatchObject({ changed: false });
  });
});

describe('auto-attribution', () => {
  const parents: ParentTags[] = [
    { what: 'endpoint config ranker-config', tags: { team: 'search' } },
    { what: 'model ranker-model', tags: { team: 'other', env: 'staging', project: 'x' } },
  ];
  const on = config({ autoAttribute: true });

  it('off by default: flagged, the plan is not even made', () => {
    expect(assess(candidate('endpoint', endpoint(1), {}, { parents }))).toMatchObject({
      act: false,
      evidence: { autoAttribution: 'off (sweeps.tag-coverage.autoAttribute)' },
    });
  });

  it('copies each missing tag from the first parent that has it, only required tags', () => {
    const a = assess(candidate('endpoint', endpoint(1), {}, { parents }), on);
    expect(a).toMatchObject({
      act: true,
      evidence: {
        copyTags: { team: 'search', env: 'staging' },
        copyFrom: { team: 'endpoint config ranker-config', env: 'model ranker-model' },
        autoAttribution: 'copy team=search from endpoint config ranker-config, env=staging from model ranker-model; no parent has owner',
      },
    });
    if (!a.waste) throw new Error('waste expected');
    expect(a.reason).toMatch(/; will copy team=search from endpoint config ranker-config, env=staging from model ranker-model$/);
  });

  it('flags only when no parent has a missing tag', () => {
    expect(assess(candidate('endpoint', endpoint(1), { team: 'x', env: 'y' }, { parents }), on)).toMatchObject({
      act: false,
      evidence: { autoAttribution: 'nothing to copy: no parent has owner' },
    });
  });

  it('never plans over a tag that is present, even blank', () => {
    expect(assess(candidate('endpoint', endpoint(1), { owner: 'a', team: '', env: 'dev' }, { parents }), on)).toMatchObject({
      act: false,
      fields: { missingTags: ['team'] },
    });
  });

  it('not again once an operator restored the last copy (while the finding stays open)', () => {
    const restored = { watchingSince: null, latest: { status: 'restored' as const, updatedAt: NOW.toISOString(), evidence: {} } };
    const a = assess(candidate('endpoint', endpoint(1), {}, { parents }), on, restored);
    expect(a).toMatchObject({
      act: false,
      evidence: { autoAttributionRestored: true, autoAttribution: 'not again: the tags it copied last time were restored or removed' },
    });
    const later = {
      watchingSince: null,
      previous: { status: 'flagged' as const, reason: 'r', firstSeenAt: NOW.toISOString(), evidence: { autoAttributionRestored: true } },
    };
    expect(assess(candidate('endpoint', endpoint(1), {}, { parents }), on, later)).toMatchObject({ act: false });
  });

  it('not again when tags it copied are missing again (its finding reopened after a partial copy, then restored)', () => {
    // Right after the copy: still missing owner (no parent has it); the copy is remembered.
    const acted = {
      watchingSince: null,
      latest: { status: 'acted' as const, updatedAt: NOW.toISOString(), evidence: { copyTags: { team: 'search', env: 'staging' } } },
    };
    const partial = assess(candidate('endpoint', endpoint(1), { team: 'search', env: 'staging' }, { parents }), on, acted);
    expect(partial).toMatchObject({
      act: false,
      evidence: { copiedEarlier: { team: 'search', env: 'staging' }, autoAttribution: 'nothing to copy: no parent has owner' },
    });
    // Then the copy was restored: team is missing again and a parent has it, but it is not copied again.
    const open = {
      watchingSince: null,
      previous: { status: 'flagged' as const, reason: 'r', firstSeenAt: NOW.toISOString(), evidence: { copiedEarlier: { team: 'search', env: 'staging' } } },
    };
    expect(assess(candidate('endpoint', endpoint(1), { env: 'prod' }, { parents }), on, open)).toMatchObject({
      act: false,
      evidence: { autoAttributionRestored: true },
    });
  });

  it('shows the command that sets the tags, with the copied values where there are', () => {
    expect(
      assess(candidate('volume', { kind: 'volume', volumeType: 'gp2', sizeGiB: 8, iops: null, throughputMiBps: null, instanceId: 'i-1' }, { owner: 'a' })),
    ).toMatchObject({
      evidence: { fix: 'aws ec2 create-tags --region us-east-1 --resources r-1 --tags Key=team,Value=<team> Key=env,Value=<env>' },
    });
  });
});
