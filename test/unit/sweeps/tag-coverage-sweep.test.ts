/**
 * The tag-coverage declaration: its config (defaults, bad input), the price keys it
 * declares against the lookups its rule makes, IAM limited to the required tag keys,
 * the restore data planned as the rule plans, the actions that never overwrite and
 * remove only what they added (SageMaker and EC2, fake clients), and the final record.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import { ConfigError } from '../../../lib/core/errors.js';
import type { PricedStudioAppType } from '../../../lib/prices/price-key.js';
import type { PriceBookPort, PriceKey, PriceLookup, ThroughputCommitment } from '../../../lib/core/price-port.js';
import { silentLogger, type Candidate } from '../../../lib/core/sweep.js';
import type { ResourceState } from '../../../lib/core/ledger-records.js';
import { bedrockTokenPriceKeys } from '../../../lib/prices/bedrock-price-keys.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { priceKeyId, priceKeys } from '../../../lib/prices/price-key.js';
import { copyTags, removeCopiedTags, type AttributionRestoreData } from '../../../lib/sweeps/tag-coverage/actions.js';
import type { TagCoverageConfig } from '../../../lib/sweeps/tag-coverage/config.js';
import { RESOURCE_TYPES, type TagCoverageFacts, type Usage } from '../../../lib/sweeps/tag-coverage/facts.js';
import { TagCoverageSweep } from '../../../lib/sweeps/tag-coverage/index.js';
import { FakeClients } from '../../support/fake-clients.js';

const NOW = new Date('2026-11-23T06:00:00Z');
const config = (section: Record<string, unknown> = {}, shared: Record<string, unknown> = {}) =>
  sweepConfig(parseConfig({ ...shared, sweeps: { 'tag-coverage': section } }), 'tag-coverage') as TagCoverageConfig;

function candidate(
  kind: keyof typeof RESOURCE_TYPES,
  usage: Usage,
  tags: Record<string, string> = {},
  parents: TagCoverageFacts['parents'] = [],
): Candidate<TagCoverageFacts> {
  return {
    ref: { resourceType: RESOURCE_TYPES[kind], resourceId: 'r-1', arn: 'arn:aws:sagemaker:ap-northeast-1:123456789012:endpoint/r-1', region: 'ap-northeast-1' },
    tags,
    facts: {
      name: 'r-1',
      status: 'InService',
      createdAt: null,
      parents,
      creator: { known: false, reason: 'x' },
      usage,
      requiredTags: ['owner', 'team', 'env'],
    },
  };
}

describe('config', () => {
  it('defaults: report-only, daily, no auto-attribution, owner/team/env required, a week between reminders', () => {
    expect(config()).toMatchObject({ mode: 'report', schedule: 'rate(1 day)', autoAttribute: false, lookbackDays: 7, creatorLookups: 25, renotifyHours: 168 });
    expect(config().requiredTags).toBeUndefined();
  });

  it.each([
    ['an empty requiredTags', { requiredTags: [] }, 'sweeps.tag-coverage.requiredTags'],
    ['an unknown resource type', { resourceTypes: ['sagemaker:model'] }, 'sweeps.tag-coverage.resourceTypes.0'],
    ['a family that is not letters', { acceleratorFamilies: ['g5'] }, 'sweeps.tag-coverage.acceleratorFamilies.0'],
    ['a typo', { autoAtribute: true }, 'sweeps.tag-coverage'],
  ])('rejects %s, naming the field', (_name, section, field) => {
    try {
      parseConfig({ sweeps: { 'tag-coverage': section } });
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.field)).toContain(field);
    }
  });
});

/** A book that records every lookup and answers 1 USD where the bundled one has none. */
class RecordingBook implements PriceBookPort {
  readonly asked: PriceKey[] = [];
  instanceSpec = defaultPriceBook.instanceSpec.bind(defaultPriceBook);
  instanceFamily = defaultPriceBook.instanceFamily.bind(defaultPriceBook);
  sageMakerHosting = (r: string, t: string) => this.#answer(priceKeys.sageMakerHosting(r, t));
  sageMakerTraining = (r: string, t: string) => this.#answer(priceKeys.sageMakerTraining(r, t));
  sageMakerNotebook = (r: string, t: string) => this.#answer(priceKeys.sageMakerNotebook(r, t));
  ec2OnDemand = (r: string, t: string) => this.#answer(priceKeys.ec2OnDemand(r, t));
  sageMakerServerless = (r: string, mb: number) => this.#answer(priceKeys.sageMakerServerless(r, mb));
  ebs = (r: string, item: string) => this.#answer(priceKeys.ebs(r, item));
  sageMakerStudio = (r: string, app: string, t: string) => this.#answer(priceKeys.sageMakerStudio(r, app as PricedStudioAppType, t));
  bedrockProvisionedThroughput = (r: string, m: string, c: ThroughputCommitment) => this.#answer(priceKeys.bedrockProvisionedThroughput(r, m, c));
  bedrockTokens = (r: string, id: string, d: 'input' | 'output') => this.#answer(bedrockTokenPriceKeys(r, id).find((k) => k.component === `${d}-tokens`));
  #answer(key: PriceKey | undefined): PriceLookup {
    if (key) this.asked.push(key);
    return {
      found: true,
      quote: {
        usdPerUnit: 1,
        unit: 'USD per hour',
        region: key?.region ?? '',
        item: key?.item ?? '',
        source: 'test',
        sourceDate: 'undated',
        regionBasis: 'stated',
      },
    };
  }
}

describe('declared price keys cover every lookup of the rule', () => {
  it.each([
    [
      'endpoint',
      {
        kind: 'endpoint',
        variants: [
          { name: 'A', instanceType: 'ml.g5.xlarge', count: 2, serverless: false },
          { name: 'S', instanceType: null, count: 0, serverless: true },
        ],
      },
      1,
    ],
    ['notebook', { kind: 'notebook', instanceType: 'ml.t3.medium', running: true }, 1],
    [
      'training-job',
      {
        kind: 'training-job',
        groups: [
          { instanceType: 'ml.p4d.24xlarge', count: 2 },
          { instanceType: 'ml.m5.xlarge', count: 1 },
        ],
        running: true,
        billedHours: 3,
      },
      2,
    ],
    ['instance', { kind: 'instance', instanceType: 'g5.xlarge', running: true }, 1],
    ['volume', { kind: 'volume', volumeType: 'io2', sizeGiB: 100, iops: 70_000, throughputMiBps: null, instanceId: 'i-1' }, 4],
    ['domain', { kind: 'domain' }, 0],
  ] as const)('%s', (kind, usage: Usage, declared) => {
    const c = candidate(kind, usage);
    const keys = new Set(TagCoverageSweep.priceKeys(c).map(priceKeyId));
    const book = new RecordingBook();
    expect(TagCoverageSweep.assess(c, config(), NOW, { watchingSince: null }, book)).toMatchObject({ waste: true });
    expect(book.asked.map(priceKeyId).filter((k) => !keys.has(k))).toEqual([]);
    expect(keys.size).toBe(declared);
  });
});

describe('IAM', () => {
  const conditionsOf = (grants: readonly { actions: readonly string[]; conditions?: unknown }[]) =>
    grants.filter((g) => g.actions.some((a) => /:(AddTags|CreateTags|TagResource|DeleteTags|UntagResource)$/.test(a))).map((g) => [g.actions[0], g.conditions]);

  it('the tagging calls may write only the required tag keys, as configured', () => {
    const only = (keys: string[]) => ({ 'ForAllValues:StringEquals': { 'aws:TagKeys': keys } });
    const defaults = TagCoverageSweep.permissionsFor(config());
    expect(conditionsOf(defaults.act!)).toEqual([
      ['sagemaker:AddTags', only(['owner', 'team', 'env'])],
      ['ec2:CreateTags', only(['owner', 'team', 'env'])],
      ['bedrock:TagResource', only(['owner', 'team', 'env'])],
    ]);
    expect(conditionsOf(TagCoverageSweep.permissionsFor(config({ requiredTags: ['cost-center', 'team'] })).restore!)).toEqual([
      ['sagemaker:DeleteTags', only(['cost-center', 'team'])],
      ['ec2:DeleteTags', only(['cost-center', 'team'])],
      ['bedrock:UntagResource', only(['cost-center', 'team'])],
    ]);
    // The declaration's static permissions are those of the default config.
    expect(TagCoverageSweep.permissions).toEqual(defaults);
  });

  it('inventory is read-only', () => {
    const actions = TagCoverageSweep.permissions.inventory.flatMap((g) => g.actions);
    expect(actions.filter((a) => !/:(List|Describe|Get|LookupEvents)/.test(a))).toEqual([]);
    expect(actions).toContain('tag:GetResources');
  });
});

describe('auto-attribution action', () => {
  const parents = [
    { what: 'endpoint config c', tags: { team: 'search' } },
    { what: 'model m', tags: { env: 'staging', project: 'p' } },
  ];

  it('plans the restore data as the rule plans the copy', () => {
    const c = candidate('endpoint', { kind: 'endpoint', variants: [] }, { owner: 'ana', env: '' }, parents);
    const assessment = TagCoverageSweep.assess(c, config({ autoAttribute: true }), NOW, { watchingSince: null }, defaultPriceBook);
    expect(assessment).toMatchObject({ act: true, evidence: { copyTags: { team: 'search' } } });
    expect(TagCoverageSweep.action.restoreData(c)).toEqual({ ...c.ref, tags: { team: 'search' }, from: { team: 'endpoint config c' } });
  });

  /** A SageMaker resource and an EBS volume whose tags the fake keeps. */
  function fakeTagged(initial: Record<string, string>) {
    const tags = new Map(Object.entries(initial));
    const clients = new FakeClients((name, input) => {
      switch (name) {
        case 'ListTagsCommand':
          return { Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) };
        case 'DescribeVolumesCommand':
          return { Volumes: [{ VolumeId: 'vol-1', Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) }] };
        case 'AddTagsCommand':
        case 'CreateTagsCommand':
          for (const t of input.Tags as { Key: string; Value: string }[]) tags.set(t.Key, t.Value);
          return {};
        case 'DeleteTagsCommand':
          if (input.TagKeys) for (const k of input.TagKeys as string[]) tags.delete(k);
          // EC2: a tag given with a value is deleted only while it has that value.
          else for (const t of input.Tags as { Key: string; Value: string }[]) if (tags.get(t.Key) === t.Value) tags.delete(t.Key);
          return {};
        default:
          throw new Error(`unexpected ${name}`);
      }
    });
    return { tags: () => Object.fromEntries(tags), clients, ctx: { region: 'us-east-1', clients, now: NOW, logger: silentLogger } };
  }
  const data = (resourceType: string, resourceId: string): AttributionRestoreData => ({
    resourceType,
    resourceId,
    arn: `arn:aws:x:us-east-1:1:${resourceId}`,
    region: 'us-east-1',
    tags: { team: 'search', env: 'staging' },
    from: { team: 'endpoint config c', env: 'model m' },
  });

  it.each([
    ['SageMaker', 'sagemaker:endpoint', 'ranker'],
    ['EC2', 'ec2:volume', 'vol-1'],
  ])('%s: adds only the tags still absent, never overwriting one set meanwhile; restore removes only unchanged copies', async (_name, type, id) => {
    const { tags, ctx, clients } = fakeTagged({ owner: 'ana', env: 'prod' });
    const acted = await copyTags(data(type, id), ctx);
    expect(acted).toEqual({
      status: 'done',
      detail: `tagged ${id} with team=search (copied from endpoint config c); kept env=prod (set meanwhile, never overwritten)`,
    });
    expect(tags()).toEqual({ owner: 'ana', env: 'prod', team: 'search' });
    // A resumed action finds its tags there: done, nothing added twice.
    expect((await copyTags(data(type, id), ctx)).detail).toBe(`nothing added to ${id}; kept team=search, env=prod (set meanwhile, never overwritten)`);
    const restored = await removeCopiedTags(data(type, id), ctx);
    expect(restored).toEqual({ restoredResourceId: id, detail: `removed team=search from ${id}; kept env=prod (changed since it was copied)` });
    expect(tags()).toEqual({ owner: 'ana', env: 'prod' });
    expect(clients.calls.filter((c) => /Add|Create|Delete/.test(c.name)).length).toBe(2);
  });
});

describe('final record', () => {
  const state = (resourceType: string) => ({ ref: { resourceType }, evidence: { missing: 'team' } }) as unknown as ResourceState;
  it('a job that left the lookback ended; anything else gone is gone', async () => {
    expect(await TagCoverageSweep.finalRecord(state('sagemaker:training-job'))).toEqual({
      status: 'ended',
      detail: 'the job ended more than the lookback ago with tags still missing (team)',
    });
    expect(await TagCoverageSweep.finalRecord(state('sagemaker:endpoint'))).toBeNull();
  });
});
