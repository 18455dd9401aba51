/**
 * Each sweep declares the prices its rule looks up (`priceKeys`), so the engine can
 * resolve them live before assessing. Checked here against the rule itself: assessed
 * with a book that records every lookup, a candidate's rule asks only for declared keys.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import type { PriceBookPort, PriceKey, PriceLookup, ThroughputCommitment } from '../../../lib/core/price-port.js';
import type { AnySweepDeclaration } from '../../../lib/core/sweep-declaration.js';
import type { Candidate, ResourceMemory } from '../../../lib/core/sweep.js';
import { bedrockTokenPriceKeys } from '../../../lib/prices/bedrock-price-keys.js';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { priceKeyId, priceKeys, STUDIO_APP_COMPONENTS, type PricedStudioAppType } from '../../../lib/prices/price-key.js';
import { PRICE_LIST_GRANT } from '../../../lib/prices/price-list-grant.js';
import type { ComponentFacts } from '../../../lib/sweeps/idle-endpoints/component-rule.js';
import type { EndpointFacts } from '../../../lib/sweeps/idle-endpoints/rule.js';
import type { VolumeFacts as OrphanFacts } from '../../../lib/sweeps/orphan-volumes/rule.js';
import { SWEEPS, sweepNamed } from '../../../lib/sweeps/registry.js';
import type { EndpointVariantFacts, GpuInstanceFacts, VolumeFacts } from '../../../lib/sweeps/rightsizing/facts.js';
import type { MetricPoints } from '../../../lib/sweeps/rightsizing/series.js';
import type { TrainingJobFacts } from '../../../lib/sweeps/runaway-training/rule.js';
import type { TokenSpendFacts } from '../../../lib/sweeps/token-spend/facts.js';

const NOW = new Date('2026-11-23T06:00:00Z');
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
const fresh: ResourceMemory = { watchingSince: null };

/** A book that records every price lookup and answers each (bundled, else 1 USD) so every path is priced. */
class RecordingBook implements PriceBookPort {
  readonly asked: PriceKey[] = [];
  instanceSpec = defaultPriceBook.instanceSpec.bind(defaultPriceBook);
  instanceFamily = defaultPriceBook.instanceFamily.bind(defaultPriceBook);
  sageMakerHosting = (r: string, t: string) => this.#answer(priceKeys.sageMakerHosting(r, t), defaultPriceBook.sageMakerHosting(r, t));
  sageMakerTraining = (r: string, t: string) => this.#answer(priceKeys.sageMakerTraining(r, t), defaultPriceBook.sageMakerTraining(r, t));
  sageMakerNotebook = (r: string, t: string) => this.#answer(priceKeys.sageMakerNotebook(r, t), defaultPriceBook.sageMakerNotebook(r, t));
  sageMakerStudio = (r: string, app: string, t: string) =>
    Object.hasOwn(STUDIO_APP_COMPONENTS, app)
      ? this.#answer(priceKeys.sageMakerStudio(r, app as PricedStudioAppType, t), defaultPriceBook.sageMakerStudio(r, app, t))
      : defaultPriceBook.sageMakerStudio(r, app, t);
  ec2OnDemand = (r: string, t: string) => this.#answer(priceKeys.ec2OnDemand(r, t), defaultPriceBook.ec2OnDemand(r, t));
  sageMakerServerless = (r: string, mb: number) => this.#answer(priceKeys.sageMakerServerless(r, mb), defaultPriceBook.sageMakerServerless(r, mb));
  ebs = (r: string, item: string) => this.#answer(priceKeys.ebs(r, item), defaultPriceBook.ebs(r, item));
  bedrockTokens = (r: string, id: string, d: 'input' | 'output') =>
    this.#answer(
      bedrockTokenPriceKeys(r, id).find((k) => k.component === `${d}-tokens`),
      defaultPriceBook.bedrockTokens(r, id, d),
    );
  bedrockProvisionedThroughput = (r: string, model: string, commitment: ThroughputCommitment) =>
    this.#answer(priceKeys.bedrockProvisionedThroughput(r, model, commitment), defaultPriceBook.bedrockProvisionedThroughput(r, model, commitment));

  #answer(key: PriceKey | undefined, bundled: PriceLookup): PriceLookup {
    if (key) this.asked.push(key);
    if (bundled.found) return bundled;
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

/** Assesses `candidate` with a recording book; returns the lookups the declaration did not declare, and the assessment. */
function undeclaredLookups(sweepName: string, candidate: Candidate<unknown>, section: Record<string, unknown> = {}, memory = fresh) {
  const sweep = sweepNamed(sweepName);
  const config = sweepConfig(parseConfig({ sweeps: { [sweepName]: section } }), sweepName);
  const declared = new Set((sweep.priceKeys?.(candidate, config, defaultPriceBook) ?? []).map(priceKeyId));
  const book = new RecordingBook();
  const assessment = sweep.assess(candidate, config, NOW, memory, book);
  return { undeclared: book.asked.filter((k) => !declared.has(priceKeyId(k))).map(priceKeyId), asked: book.asked.length, declared: declared.size, assessment };
}

function ref(resourceType: string, region = 'us-east-1') {
  return { resourceType, resourceId: 'r-1', arn: `arn:aws:x:${region}:1:r/r-1`, region };
}
const hourly = (hours: number, value: number, peak = value): MetricPoints => {
  const timestamps = Array.from({ length: hours }, (_, i) => NOW.getTime() - (hours - i) * HOUR);
  return { timestamps, values: timestamps.map((_, i) => (i === Math.floor(hours / 2) ? peak : value)) };
};

describe('declared price keys cover every lookup of the rule', () => {
  it('idle-endpoints: hosting of each billed variant; nothing for a busy endpoint', () => {
    const facts: EndpointFacts = {
      endpointName: 'ep',
      endpointConfigName: 'ep-config',
      status: 'InService',
      creationTime: ago(30 * 24),
      lastModifiedTime: ago(30 * 24),
      variants: [
        { variantName: 'A', instanceType: 'ml.g4dn.xlarge', instanceCount: 2, serverless: false },
        { variantName: 'B', instanceType: 'ml.c5.xlarge', instanceCount: 1, serverless: false },
        { variantName: 'S', instanceType: null, instanceCount: 0, serverless: true },
      ],
      invocationsByVariant: {},
    };
    const idle = undeclaredLookups('idle-endpoints', { ref: ref('sagemaker:endpoint', 'ap-northeast-1'), tags: {}, facts });
    expect(idle).toMatchObject({ undeclared: [], asked: 2, declared: 2, assessment: { waste: true } });
    const busy = undeclaredLookups('idle-endpoints', { ref: ref('sagemaker:endpoint'), tags: {}, facts: { ...facts, invocationsByVariant: { A: 500 } } });
    expect(busy).toMatchObject({ undeclared: [], asked: 0, declared: 0, assessment: { waste: false } });
  });

  it('idle-endpoints: hosting of the instance type an idle inference component holds a share of', () => {
    const facts: ComponentFacts = {
      kind: 'inference-component',
      componentName: 'ic',
      endpointName: 'host',
      variantName: 'AllTraffic',
      status: 'InService',
      creationTime: ago(30 * 24),
      lastModifiedTime: ago(30 * 24),
      desiredCopyCount: 1,
      currentCopyCount: 1,
      compute: { acceleratorDevices: 1, cpuCores: null, minMemoryMb: 1024 },
      host: { instanceType: 'ml.g4dn.12xlarge', instanceCount: 1, managedScaling: null },
      componentsOnVariant: 2,
      invocations: 0,
    };
    const idle = undeclaredLookups('idle-endpoints', { ref: ref('sagemaker:inference-component', 'ap-northeast-1'), tags: {}, facts });
    expect(idle).toMatchObject({ undeclared: [], asked: 1, declared: 1, assessment: { waste: true } });
    const busy = undeclaredLookups('idle-endpoints', { ref: ref('sagemaker:inference-component'), tags: {}, facts: { ...facts, invocations: 9 } });
    expect(busy).toMatchObject({ undeclared: [], asked: 0, declared: 0, assessment: { waste: false } });
  });

  it('runaway-training: training of each instance group', () => {
    const facts: TrainingJobFacts = {
      jobName: 'job',
      status: 'InProgress',
      secondaryStatus: 'Training',
      creationTime: ago(31),
      trainingStartTime: ago(30),
      instanceGroups: [
        { instanceType: 'ml.p4d.24xlarge', count: 2, name: 'gpu' },
        { instanceType: 'ml.m5.xlarge', count: 1, name: 'cpu' },
      ],
      maxRuntimeSeconds: 48 * 3600,
      managedSpot: false,
      checkpointS3Uri: null,
      outputS3Path: null,
      utilization: null,
    };
    const result = undeclaredLookups('runaway-training', { ref: ref('sagemaker:training-job'), tags: {}, facts });
    expect(result).toMatchObject({ undeclared: [], declared: 2, assessment: { waste: true } });
    expect(result.asked).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['gp3 with IOPS and throughput above the free baseline, snapshot kept', { volumeType: 'gp3', iops: 6000, throughputMiBps: 250 }, {}, 4],
    ['gp3 at the free baseline: storage and snapshot only', { volumeType: 'gp3', iops: 3000, throughputMiBps: 125 }, {}, 2],
    ['io2 over the three IOPS tiers, no snapshot', { volumeType: 'io2', iops: 70_000 }, { snapshots: { enabled: false } }, 4],
    ['st1', { volumeType: 'st1' }, {}, 2],
  ] as const)('orphan-volumes: %s', (_name, facts: Partial<OrphanFacts> & { volumeType: string }, section, declared) => {
    const volume: OrphanFacts = {
      volumeId: 'vol-1',
      state: 'available',
      sizeGiB: 500,
      iops: null,
      throughputMiBps: null,
      availabilityZone: 'us-east-1a',
      encrypted: false,
      kmsKeyId: null,
      createTime: ago(90 * 24),
      ...facts,
    };
    const result = undeclaredLookups('orphan-volumes', { ref: ref('ec2:volume'), tags: {}, facts: volume }, { minUnattachedDays: 0, ...section });
    expect(result).toMatchObject({ undeclared: [], declared, asked: declared, assessment: { waste: true } });
  });

  it.each([
    ['a CPU variant with sporadic traffic (fewer, smaller, serverless)', 'ml.c5.4xlarge', 2, { CPUUtilization: 40, MemoryUtilization: 10 }, true],
    ['a GPU variant', 'ml.g5.12xlarge', 1, { CPUUtilization: 20, MemoryUtilization: 10, GPUUtilization: 40, GPUMemoryUtilization: 30 }, false],
  ])('rightsizing: %s', (_name, instanceType, instanceCount, peaks, sporadic) => {
    const hours = 14 * 24;
    const facts: EndpointVariantFacts = {
      kind: 'endpoint-variant',
      endpointName: 'ep',
      variantName: 'AllTraffic',
      endpointConfigName: 'ep-config',
      endpointStatus: 'InService',
      instanceType,
      instanceCount,
      serverlessMemoryMb: null,
      creationTime: ago(30 * 24),
      lastModifiedTime: ago(30 * 24),
      metrics: Object.fromEntries(Object.entries(peaks).map(([m, p]) => [m, hourly(hours, p / 2, p)])),
      ...(sporadic ? { invocations: hourly(hours, 0, 3), modelLatencyMicros: hourly(hours, 200_000) } : {}),
    };
    const result = undeclaredLookups('rightsizing', { ref: ref('sagemaker:endpoint-variant'), tags: {}, facts });
    expect(result.undeclared).toEqual([]);
    expect(result.asked).toBeGreaterThan(1);
  });

  it('rightsizing: a GPU instance (stop, or a smaller size) and gp2/io1 volumes', () => {
    const hours = 14 * 24;
    const gpu = (gpuSum: number): GpuInstanceFacts => ({
      kind: 'gpu-instance',
      instanceId: 'i-1',
      instanceType: 'g5.12xlarge',
      state: 'running',
      launchTime: ago(60 * 24),
      cpu: hourly(hours, 5, 10),
      gpuUtilization: hourly(hours, gpuSum / 2, gpuSum),
      gpuMemoryUsedFraction: hourly(hours, 0.2, 0.4),
      gpusReporting: 4,
      hostMemoryPercent: hourly(hours, 10, 20),
    });
    for (const gpuSum of [8, 120]) {
      const result = undeclaredLookups('rightsizing', { ref: ref('ec2:instance'), tags: {}, facts: gpu(gpuSum) });
      expect(result.undeclared).toEqual([]);
      expect(result.asked).toBeGreaterThan(0);
    }
    const volume = (volumeType: string, iops: number | null): VolumeFacts => ({
      kind: 'volume',
      volumeId: 'vol-1',
      state: 'in-use',
      volumeType,
      sizeGiB: 1000,
      iops,
      throughputMiBps: null,
      createTime: ago(90 * 24),
      throughput: hourly(hours, 1, 50),
    });
    for (const [type, iops] of [
      ['gp2', null],
      ['io1', 4000],
      ['io2', 5000],
    ] as const) {
      const result = undeclaredLookups('rightsizing', { ref: ref('ec2:volume'), tags: {}, facts: volume(type, iops) });
      expect(result).toMatchObject({ undeclared: [], assessment: { waste: true } });
    }
  });
  it('idle-notebooks: the notebook component of its instance type', () => {
    const facts = {
      notebookName: 'nb',
      status: 'InService',
      instanceType: 'ml.t3.medium',
      creationTime: ago(30 * 24),
      lastModifiedTime: ago(30 * 24),
      volumeSizeInGB: 5,
      opened: { known: true, lastAt: null, searchedFrom: ago(12) },
      agent: null,
    } as const;
    const idle = undeclaredLookups('idle-notebooks', { ref: ref('sagemaker:notebook-instance', 'ap-northeast-1'), tags: {}, facts });
    expect(idle).toMatchObject({ undeclared: [], asked: 1, declared: 1, assessment: { waste: true } });
  });

  it('idle-provisioned-throughput: the base model for its commitment; nothing for a busy one', () => {
    const model = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k';
    const facts = {
      provisionedModelName: 'pt',
      status: 'InService',
      modelArn: model,
      foundationModelArn: model,
      modelUnits: 2,
      commitmentDuration: null,
      commitmentExpirationTime: null,
      creationTime: ago(30 * 24),
      lastModifiedTime: ago(30 * 24),
      invocations: 0,
      tagList: [],
    };
    const pt = (f: object) => ({ ref: ref('bedrock:provisioned-model'), tags: {}, facts: { ...facts, ...f } });
    expect(undeclaredLookups('idle-provisioned-throughput', pt({}))).toMatchObject({ undeclared: [], asked: 1, declared: 1, assessment: { waste: true } });
    const committed = pt({ commitmentDuration: 'OneMonth', commitmentExpirationTime: new Date(NOW.getTime() + 100 * HOUR).toISOString() });
    expect(undeclaredLookups('idle-provisioned-throughput', committed)).toMatchObject({ undeclared: [], asked: 1, declared: 1, assessment: { act: false } });
    expect(undeclaredLookups('idle-provisioned-throughput', pt({ invocations: 3 }))).toMatchObject({ asked: 0, declared: 0 });
  });

  it('idle-studio-apps: the Studio component of its app type and instance; nothing for a JupyterServer on the system instance', () => {
    const app = (appType: string, instanceType: string | null) => ({
      domainId: 'd-lab',
      owner: { kind: 'space', name: 'lab-1', ownerProfile: 'ana', sharing: 'Private' },
      appType,
      appName: 'default',
      status: 'InService',
      creationTime: ago(72),
      instanceType,
      resourceSpec: instanceType ? { InstanceType: instanceType } : {},
      opened: { known: true, lastAt: null, matched: 'space lab-1 or its owner ana', searchedFrom: ago(24) },
      lastUserActivityAt: null,
      described: true,
    });
    for (const appType of ['JupyterLab', 'CodeEditor', 'KernelGateway']) {
      const idle = undeclaredLookups('idle-studio-apps', { ref: ref('sagemaker:app', 'ap-northeast-1'), tags: {}, facts: app(appType, 'ml.g5.xlarge') });
      expect(idle, appType).toMatchObject({ undeclared: [], asked: 1, declared: 1, assessment: { waste: true } });
    }
    const server = undeclaredLookups('idle-studio-apps', { ref: ref('sagemaker:app'), tags: {}, facts: app('JupyterServer', 'system') });
    expect(server).toMatchObject({ undeclared: [], asked: 0, declared: 0, assessment: { waste: true, savings: { monthlyUsd: 0 } } });
  });
});

describe('declared price keys cover every lookup of the rule (token-spend)', () => {
  it('token-spend: input and output tokens of each model with a Price List name; others are bundled-only', () => {
    const hours = 15 * 24 + 3;
    const series = (value: number) => Array.from({ length: hours }, (_, i) => (i >= hours - 4 ? value * 40 : value));
    const member = (usageId: string, pricedModelId: string | null) => ({ usageId, pricedModelId, inputTokens: series(100_000), outputTokens: series(20_000) });
    const facts: TokenSpendFacts = {
      kind: 'team',
      label: 'nlp',
      profiles: ['nlp-chat', 'nlp-batch'],
      hourStart: new Date(Math.floor(NOW.getTime() / HOUR) * HOUR - (hours - 1) * HOUR).toISOString(),
      members: [member('abcdefabcdef', 'amazon.nova-micro-v1:0'), member('fedcbafedcba', 'anthropic.claude-3-haiku-20240307-v1:0')],
    };
    const { undeclared, declared, assessment } = undeclaredLookups('token-spend', { ref: ref('bedrock:token-spend'), tags: {}, facts });
    expect(undeclared).toEqual([]);
    expect(declared).toBe(2);
    expect(assessment.waste).toBe(true);
  });
});

describe('declarations', () => {
  it('every sweep that declares price keys may call pricing:GetProducts (Resource *); budget-guard declares none', () => {
    const pricing = (s: AnySweepDeclaration) => s.permissions.inventory.filter((g) => g.actions.includes('pricing:GetProducts'));
    for (const sweep of SWEEPS) {
      expect(pricing(sweep), sweep.name).toEqual(sweep.priceKeys ? [PRICE_LIST_GRANT] : []);
    }
    expect(SWEEPS.filter((s) => s.priceKeys).map((s) => s.name)).toEqual([
      'idle-endpoints',
      'orphan-volumes',
      'runaway-training',
      'rightsizing',
      'idle-notebooks',
      'tag-coverage',
      'idle-provisioned-throughput',
      'idle-studio-apps',
      'token-spend',
    ]);
    expect(PRICE_LIST_GRANT).toEqual({ actions: ['pricing:GetProducts'], resources: ['*'] });
  });
});
