import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EC2Client, ModifyVolumeCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DeleteEndpointCommand,
  SageMakerClient,
  UpdateEndpointWeightsAndCapacitiesCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { addHours, fixedClock } from '../../lib/core/clock.js';
import type { Finding, SweepReport } from '../../lib/core/finding.js';
import { parseConfig } from '../../lib/config.js';
import { deploymentEnv, initLocal } from '../../lib/local/init-local.js';
import { demoRightsizingEstate, seedRightsizingEstate } from '../../lib/local/seed-rightsizing.js';
import { runConfiguredSweep } from '../../lib/runtime.js';
import { sweepNamed } from '../../lib/sweeps/registry.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CREDENTIALS, emulator, emulatorClients } from '../support/integration.js';

/** eu-west-1: the bundled SageMaker prices there state their region. */
const REGION = 'eu-west-1';
const T0 = new Date('2026-11-23T06:00:00Z');
const days = (n: number) => addHours(T0, n * 24);
const config = parseConfig({ regions: [REGION], sweeps: { rightsizing: { mode: 'apply' } } });

let env: Record<string, string>;
let ledgerTable: string;
let names: Map<string, string>;

function sweep(at: Date, mode: 'report' | 'apply' = 'apply'): Promise<SweepReport> {
  return runConfiguredSweep({ sweep: sweepNamed('rightsizing'), config, mode, clock: fixedClock(at), env, clients: emulatorClients() });
}
const nameOf = (f: { resourceId: string }) => names.get(f.resourceId) ?? f.resourceId;
const byName = (report: SweepReport): Record<string, Finding> => Object.fromEntries(report.findings.map((f) => [nameOf(f), f]));
async function ledgerItems(table: string): Promise<Record<string, unknown>[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS }));
  return ((await client.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? []) as Record<string, unknown>[];
}
const statuses = async () =>
  Object.fromEntries(
    (await ledgerItems(ledgerTable)).filter((i) => i.sk === 'STATE#rightsizing').map((i) => [nameOf({ resourceId: String(i.pk).split('#').pop()! }), i.status]),
  );

beforeEach(async () => {
  const emu = emulator();
  await emu.reset();
  const deployment = await initLocal({ endpoint: emu.endpoint, region: REGION, prefix: 'it' });
  env = { ...deploymentEnv(deployment), AWS_REGION: REGION };
  ledgerTable = deployment.ledgerTable;
  const ids = await seedRightsizingEstate({
    endpoint: emu.endpoint,
    region: REGION,
    control: (p, b) => emu.control(p, b),
    now: T0,
    estate: demoRightsizingEstate(),
  });
  names = new Map([...ids.instances, ...ids.volumes].map(([name, id]) => [id, name]));
});

/** What the demo estate gets, by hand (eu-west-1 list prices x 730 h; EBS per GB/IOPS/MiB/s-month). */
const EXPECTED = {
  // 1 x ml.g4dn.4xlarge $1.678/h -> 1 x ml.g4dn.xlarge $0.821/h: 0.857 x 730.
  'recsys-ranker/AllTraffic': {
    type: 'sagemaker:endpoint-variant',
    current: '1 x ml.g4dn.4xlarge',
    proposed: '1 x ml.g4dn.xlarge',
    saves: 625.61,
    confidence: 'high',
  },
  // 4 -> 1 x ml.m5.xlarge at $0.257/h: 3 x 0.257 x 730.
  'fraud-scorer/AllTraffic': {
    type: 'sagemaker:endpoint-variant',
    current: '4 x ml.m5.xlarge',
    proposed: '1 x ml.m5.xlarge',
    saves: 562.83,
    confidence: 'high',
  },
  // Idle g5.12xlarge at $6.33167/h.
  'train-box': { type: 'ec2:instance', current: 'g5.12xlarge', proposed: 'stopped', saves: 4622.12, confidence: 'high' },
  // g4dn.12xlarge $4.362/h -> g4dn.2xlarge $0.838/h: 3.524 x 730.
  'notebook-gpu': { type: 'ec2:instance', current: 'g4dn.12xlarge', proposed: 'g4dn.2xlarge', saves: 2572.52, confidence: 'high' },
  // gp2 1,000 GiB x 0.11 = 110.00 -> gp3 1,000 x 0.088 + 125 MiB/s x 0.044 = 93.50.
  'feature-store': { type: 'ec2:volume', current: 'gp2 1000 GiB', proposed: 'gp3 1000 GiB, 3000 IOPS, 250 MiB/s', saves: 16.5, confidence: 'high' },
  // io1 500 x 0.138 + 10,000 x 0.072 = 789.00 -> gp3 500 x 0.088 + 7,000 x 0.0055 + 25 x 0.044 = 83.60.
  'vector-index': {
    type: 'ec2:volume',
    current: 'io1 500 GiB, 10000 IOPS',
    proposed: 'gp3 500 GiB, 10000 IOPS, 150 MiB/s',
    saves: 705.4,
    confidence: 'medium',
  },
} as const;

describe('rightsizing against the emulator', () => {
  it('report mode: one recommendation per over-provisioned resource with its dollars, the rest not assessed or right-sized, in few calls', async () => {
    const emu = emulator();
    await emu.startRecording();
    const report = await sweep(T0, 'report');
    await emu.stopRecording();
    expect(report.errors).toEqual([]);
    const found = byName(report);
    expect(Object.keys(found).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, e] of Object.entries(EXPECTED)) {
      expect(found[name], name).toMatchObject({
        resourceType: e.type,
        decision: 'recommend',
        actAfter: null,
        current: { config: e.current },
        proposed: { config: e.proposed },
        estimatedMonthlySavingsUsd: e.saves,
        confidence: e.confidence,
        evidence: { currentConfig: e.current, proposedConfig: e.proposed },
      });
    }
    // Protected environments still get recommendations (this sweep never acts).
    expect(found['fraud-scorer/AllTraffic']).toMatchObject({ owner: 'lee@example.com', team: 'risk' });
    expect(Object.fromEntries((report.inconclusive ?? []).map((r) => [nameOf(r), r.reason]))).toEqual({
      'new-model-rc/AllTraffic': expect.stringMatching(/^insufficient data: the endpoint was created or last modified 2 days ago/),
      'legacy-gpu': expect.stringContaining('nvidia_smi_utilization_gpu absent'),
    });
    const calls = await emu.recordedCalls();
    expect(calls).toMatchObject({
      'SageMaker.ListEndpoints': 1,
      'SageMaker.DescribeEndpoint': 5,
      'SageMaker.DescribeEndpointConfig': 5,
      'SageMaker.ListTags': 5,
      'EC2.DescribeInstances': 1,
      'EC2.DescribeVolumes': 1,
      'CloudWatch.ListMetrics': 4,
      'CloudWatch.GetMetricData': 3,
    });
    expect(Object.keys(calls).filter((op) => /Create|Delete|Modify|Stop|Update|Put|Publish|TransactWrite/.test(op))).toEqual([]);
  });

  it('apply: recommends and notifies once per owner; a week later the applied ones are adopted and the rest not re-notified', async () => {
    const emu = emulator();
    const first = await sweep(T0);
    expect(first.errors).toEqual([]);
    expect(first.notices.map((n) => [n.owner, n.events, n.resources])).toEqual([
      ['ana@example.com', ['recommendation'], 2],
      ['lee@example.com', ['recommendation'], 1],
      ['mia@example.com', ['recommendation'], 2],
      ['raj@example.com', ['recommendation'], 1],
    ]);
    const sent = await emu.publishedMessages();
    expect(sent).toHaveLength(4);
    expect(sent.find((m) => m.messageAttributes.owner?.value === 'mia@example.com')?.message).toContain('proposedConfig: stopped');
    expect(Object.values(await statuses()).every((s) => s === 'flagged')).toBe(true);

    // The owners apply four of the six recommendations.
    const client = { region: REGION, endpoint: emu.endpoint, credentials: CREDENTIALS };
    const sagemaker = new SageMakerClient(client);
    const ec2 = new EC2Client(client);
    await sagemaker.send(
      new UpdateEndpointWeightsAndCapacitiesCommand({
        EndpointName: 'fraud-scorer',
        DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredInstanceCount: 1 }],
      }),
    );
    await sagemaker.send(new DeleteEndpointCommand({ EndpointName: 'recsys-ranker' }));
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'recsys-ranker-small',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'recsys-ranker-config-model', InstanceType: 'ml.g4dn.xlarge', InitialInstanceCount: 1 }],
      }),
    );
    await sagemaker.send(
      new CreateEndpointCommand({
        EndpointName: 'recsys-ranker',
        EndpointConfigName: 'recsys-ranker-small',
        Tags: [
          { Key: 'owner', Value: 'ana@example.com' },
          { Key: 'team', Value: 'recsys' },
        ],
      }),
    );
    await emu.control('sagemaker/endpoint-times', { name: 'recsys-ranker', region: REGION, creationTime: days(1).toISOString() });
    const id = (name: string) => [...names].find(([, n]) => n === name)![0];
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id('train-box')] }));
    await ec2.send(new ModifyVolumeCommand({ VolumeId: id('feature-store'), VolumeType: 'gp3', Iops: 3000, Throughput: 250 }));
    sagemaker.destroy();
    ec2.destroy();

    const second = await sweep(days(7));
    expect(second.errors).toEqual([]);
    expect(second.notices).toEqual([]);
    expect(await emu.publishedMessages()).toHaveLength(4);
    expect(Object.keys(byName(second)).sort()).toEqual(['notebook-gpu', 'vector-index']);
    expect(await statuses()).toEqual({
      'fraud-scorer/AllTraffic': 'adopted',
      'recsys-ranker/AllTraffic': 'adopted',
      'train-box': 'adopted',
      'feature-store': 'adopted',
      'notebook-gpu': 'flagged',
      'vector-index': 'flagged',
    });
    const adopted = (await ledgerItems(ledgerTable)).filter((i) => String(i.sk).startsWith('EVENT#') && i.type === 'adopted');
    expect(adopted).toHaveLength(4);
    expect(adopted.every((e) => e.at === days(7).toISOString())).toBe(true);
    expect(adopted.map((e) => e.detail)).toContain('recommendation adopted: variant now runs 1 x ml.m5.xlarge, as recommended (1 x ml.m5.xlarge)');
  });
});

describe('finops-ai CLI: sweep rightsizing --json', () => {
  const exec = promisify(execFile);
  it('prints the JSON contract: decision recommend, resourceType, current, proposed, estimatedMonthlySavingsUsd, evidence', async () => {
    const r = await exec(process.execPath, ['bin/finops-ai.mjs', 'sweep', 'rightsizing', '--json', '--region', REGION, '--now', T0.toISOString()], {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: inject('emulatorEndpoint'),
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      },
    });
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ sweep: 'rightsizing', mode: 'report', regions: [REGION], errors: [] });
    expect(doc.findings).toHaveLength(Object.keys(EXPECTED).length);
    for (const f of doc.findings) {
      expect(f).toMatchObject({
        decision: 'recommend',
        resourceType: expect.stringMatching(/^(sagemaker:endpoint-variant|ec2:instance|ec2:volume)$/),
        current: { config: expect.any(String), monthlyUsd: expect.any(Number) },
        proposed: { config: expect.any(String), monthlyUsd: expect.any(Number) },
        estimatedMonthlySavingsUsd: expect.any(Number),
        confidence: expect.stringMatching(/^(high|medium|low)$/),
        evidence: expect.objectContaining({
          metrics: expect.any(String),
          statistic: expect.any(String),
          currentConfig: expect.any(String),
          proposedConfig: expect.any(String),
        }),
      });
    }
    expect(doc.inconclusive.map((i: { reason: string }) => i.reason)).toHaveLength(2);
  });
});
