/**
 * tag-coverage on Bedrock, with an injected fake of the Bedrock and CloudTrail APIs
 * (moto 5.2.1 serves neither provisioned throughputs nor inference profiles): custom
 * models, provisioned throughputs (their custom model is their parent) and application
 * inference profiles, the creator from CloudTrail, a resource whose tags cannot be read,
 * and a type that cannot be listed (reported in errors, its open findings kept).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, sweepConfig } from '../../../lib/config.js';
import { addHours, fixedClock } from '../../../lib/core/clock.js';
import { silentLogger } from '../../../lib/core/sweep.js';
import { runSweep } from '../../../lib/engine/run-sweep.js';
import { TagCoverageSweep } from '../../../lib/sweeps/tag-coverage/index.js';
import { RecordingNotifier, TEST_POLICY as policy } from '../../support/engine-harness.js';
import { FakeClients } from '../../support/fake-clients.js';
import { MemoryLedger } from '../../support/memory-ledger.js';

const T0 = new Date('2026-11-23T06:00:00Z');
const CREATED = new Date('2026-11-20T10:00:00Z');
const ARN = 'arn:aws:bedrock:us-east-1:123456789012';
const MODEL = `${ARN}:custom-model/amazon.titan-text-express-v1:0:8k/q1w2e3`;
const PT = `${ARN}:provisioned-model/pt9x8y7`;
const TITAN = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k';
const TAGGED_PT = `${ARN}:provisioned-model/ok1`;
const UNREADABLE_PT = `${ARN}:provisioned-model/denied1`;
const PROFILE = `${ARN}:application-inference-profile/chat42`;

const denied = (what: string) => Object.assign(new Error(`not authorized to perform ${what}`), { name: 'AccessDeniedException' });

let profilesFail: boolean;
let tags: Record<string, Record<string, string>> = {};

function bedrock(name: string, input: Record<string, unknown>): unknown {
  switch (name) {
    case 'ListCustomModelsCommand':
      return {
        modelSummaries: [{ modelArn: MODEL, modelName: 'support-llm', creationTime: CREATED, baseModelArn: 'x', baseModelName: 'Titan Text G1 - Express' }],
      };
    case 'ListProvisionedModelThroughputsCommand':
      return {
        provisionedModelSummaries: [
          {
            provisionedModelName: 'support-pt',
            provisionedModelArn: PT,
            modelArn: MODEL,
            foundationModelArn: TITAN,
            modelUnits: 1,
            status: 'InService',
            creationTime: CREATED,
            commitmentDuration: 'OneMonth',
          },
          { provisionedModelName: 'tagged-pt', provisionedModelArn: TAGGED_PT, modelArn: MODEL, modelUnits: 2, status: 'InService', creationTime: CREATED },
          { provisionedModelName: 'denied-pt', provisionedModelArn: UNREADABLE_PT, modelArn: MODEL, modelUnits: 1, status: 'InService', creationTime: CREATED },
        ],
      };
    case 'ListInferenceProfilesCommand':
      if (profilesFail) throw denied('bedrock:ListInferenceProfiles');
      expect(input.typeEquals).toBe('APPLICATION');
      return {
        inferenceProfileSummaries: [
          {
            inferenceProfileName: 'chat',
            inferenceProfileArn: PROFILE,
            models: [{ modelArn: 'm' }],
            status: 'ACTIVE',
            type: 'APPLICATION',
            createdAt: CREATED,
          },
        ],
      };
    case 'ListTagsForResourceCommand': {
      const arn = input.resourceARN as string;
      if (arn === UNREADABLE_PT) throw denied('bedrock:ListTagsForResource');
      return { tags: Object.entries(tags[arn] ?? {}).map(([key, value]) => ({ key, value })) };
    }
    case 'TagResourceCommand': {
      const arn = input.resourceARN as string;
      for (const t of input.tags as { key: string; value: string }[]) tags[arn] = { ...tags[arn], [t.key]: t.value };
      return {};
    }
    case 'UntagResourceCommand': {
      const arn = input.resourceARN as string;
      tags[arn] = Object.fromEntries(Object.entries(tags[arn] ?? {}).filter(([k]) => !(input.tagKeys as string[]).includes(k)));
      return {};
    }
    case 'LookupEventsCommand': {
      const eventName = (input.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue;
      if (eventName !== 'CreateProvisionedModelThroughput') return { Events: [] };
      const record = { requestParameters: { provisionedModelName: 'support-pt', modelId: MODEL, modelUnits: 1 } };
      return { Events: [{ EventName: eventName, EventTime: CREATED, Username: 'ml-lead@example.com', CloudTrailEvent: JSON.stringify(record) }] };
    }
    default:
      throw new Error(`unexpected call ${name}`);
  }
}

const BEDROCK_TYPES = ['bedrock:custom-model', 'bedrock:provisioned-model', 'bedrock:application-inference-profile'];
const config = (section: Record<string, unknown> = {}) =>
  sweepConfig(parseConfig({ sweeps: { 'tag-coverage': { resourceTypes: BEDROCK_TYPES, ...section } } }), 'tag-coverage');

let clients: FakeClients;
let ledger: MemoryLedger;
let notifier: RecordingNotifier;
const run = (at: Date, mode: 'report' | 'apply', section: Record<string, unknown> = {}) =>
  runSweep({
    sweep: TagCoverageSweep,
    config: config({ mode, ...section }),
    policy,
    mode,
    regions: ['us-east-1'],
    clock: fixedClock(at),
    clients,
    ledger,
    notifier,
  });

beforeEach(() => {
  profilesFail = false;
  tags = {
    [MODEL]: { owner: 'sam@example.com', team: 'support' },
    [TAGGED_PT]: { owner: 'sam@example.com', team: 'support', env: 'prod' },
    [PROFILE]: { team: 'chat' },
  };
  clients = new FakeClients(bedrock);
  ledger = new MemoryLedger();
  notifier = new RecordingNotifier();
});

describe('tag-coverage on Bedrock (injected fake)', () => {
  it('flags custom models, provisioned throughputs and inference profiles missing tags, with their creator; an unreadable one is an error', async () => {
    const report = await run(T0, 'report');
    expect(report.findings.map((f) => [f.resourceType, f.resourceId, f.decision, f.missingTags, f.estimatedMonthlyCostUsd, f.creator])).toEqual([
      ['bedrock:custom-model', 'support-llm', 'flagged', ['env'], null, null],
      ['bedrock:provisioned-model', 'support-pt', 'flagged', ['owner', 'team', 'env'], null, 'ml-lead@example.com'],
      ['bedrock:application-inference-profile', 'chat', 'flagged', ['owner', 'env'], null, null],
    ]);
    expect(report.findings[1]).toMatchObject({
      arn: PT,
      owner: 'unassigned',
      alsoNotify: ['ml-lead@example.com'],
      reason: 'missing tags owner, team, env; run-rate unknown (no price found: see runRate); created by ml-lead@example.com',
      evidence: {
        creatorSource: 'CloudTrail CreateProvisionedModelThroughput at 2026-11-20T10:00:00.000Z',
        fix: `aws bedrock tag-resource --region us-east-1 --resource-arn ${PT} --tags key=owner,value=<owner> key=team,value=<team> key=env,value=<env>`,
      },
    });
    expect(report.errors).toEqual([expect.objectContaining({ resourceId: 'denied-pt', stage: 'inventory', error: 'AccessDeniedException' })]);
    // One lookup per resource without an owner tag (the custom model has one).
    expect(
      clients.calls.filter((c) => c.name === 'LookupEvents').map((c) => (c.input.LookupAttributes as { AttributeValue: string }[])[0]!.AttributeValue),
    ).toEqual(['CreateProvisionedModelThroughput', 'CreateInferenceProfile']);
  });

  it('copies tags to a provisioned throughput from its custom model, and the restore removes exactly those', async () => {
    const first = await run(T0, 'apply', { autoAttribute: true, gracePeriodHours: 24 });
    const pt = first.findings.find((f) => f.resourceId === 'support-pt')!;
    expect(pt).toMatchObject({
      decision: 'pending',
      evidence: { copyTags: { owner: 'sam@example.com', team: 'support' }, copyFrom: { owner: 'custom model q1w2e3' } },
    });
    // Notices: the fallback owner and the creator each get the message about it; the custom model's owner hears of it.
    expect(notifier.sent.map((n) => [n.owner, n.events])).toEqual([
      ['ml-lead@example.com', ['pending']],
      ['sam@example.com', ['untagged']],
      ['unassigned', ['pending', 'untagged']],
    ]);
    const later = await run(addHours(T0, 25), 'apply', { autoAttribute: true, gracePeriodHours: 24 });
    const acted = later.findings.find((f) => f.resourceId === 'support-pt' && f.decision === 'acted')!;
    expect(tags[PT]).toEqual({ owner: 'sam@example.com', team: 'support' });
    const action = await ledger.getAction(acted.actionId!);
    expect(action?.restoreData).toEqual({
      resourceType: 'bedrock:provisioned-model',
      resourceId: 'support-pt',
      arn: PT,
      region: 'us-east-1',
      tags: { owner: 'sam@example.com', team: 'support' },
      from: { owner: 'custom model q1w2e3', team: 'custom model q1w2e3' },
    });
    // Someone sets the team tag to another value meanwhile: the restore leaves it.
    tags[PT] = { ...tags[PT], team: 'search', env: 'dev' };
    const restored = await TagCoverageSweep.action.restore(action!.restoreData as never, { region: 'us-east-1', clients, now: T0, logger: silentLogger });
    expect(restored.detail).toBe('removed owner=sam@example.com from support-pt; kept team=search (changed since it was copied)');
    expect(tags[PT]).toEqual({ team: 'search', env: 'dev' });
  });

  it('a type that cannot be listed is an error, and its open findings stay open', async () => {
    await run(T0, 'apply');
    expect(ledger.states.size).toBe(3);
    profilesFail = true;
    const report = await run(addHours(T0, 24), 'apply');
    expect(report.errors).toContainEqual({
      sweep: 'tag-coverage',
      region: 'us-east-1',
      resourceId: 'bedrock:application-inference-profile',
      stage: 'inventory',
      error: 'ResourceTypeUnlistedError',
      message:
        'bedrock:application-inference-profile resources could not be listed in us-east-1 (bedrock:ListInferenceProfiles): AccessDeniedException: not authorized to perform bedrock:ListInferenceProfiles; their tag coverage is unknown this run',
    });
    const profile = [...ledger.states.values()].find((s) => s.ref.resourceId === 'chat')!;
    expect(profile.status).toBe('flagged');
  });
});
