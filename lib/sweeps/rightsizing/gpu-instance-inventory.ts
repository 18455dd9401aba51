/**
 * AWS side of GPU instance rightsizing.
 *
 * Calls per region: DescribeInstances pages of every instance not terminated (1,000
 * a page; the families are picked here, since the emulator does not apply
 * `instance-type` wildcards); when some running GPU instance is old
 * enough to have `minDataDays` of data: ListMetrics pages for each of the four
 * CloudWatch agent metrics read (to learn the dimension sets the agent uses, in
 * its order: GetMetricData matches them exactly), then GetMetricData in batches of
 * 500 queries (CPU per instance, and one query per GPU per agent metric).
 */
import { CloudWatchClient, paginateListMetrics, type Dimension } from '@aws-sdk/client-cloudwatch';
import { EC2Client, paginateDescribeInstances, type Instance } from '@aws-sdk/client-ec2';
import type { MetricQuery } from '../../aws/metric-data.js';
import { tagsFromList } from '../../core/policy.js';
import type { Candidate, Inventory, RegionContext } from '../../core/sweep.js';
import type { RightsizingConfig } from './config.js';
import { RESOURCE_TYPES, type GpuInstanceFacts } from './facts.js';
import { hourlySeries } from './metric-window.js';
import { sumByTimestamp, zipByTimestamp, type MetricPoints } from './series.js';

/** Instance families with accelerators: p*, g*, inf*, trn* (e.g. p4d, g5, inf2, trn1). */
export const GPU_INSTANCE_TYPE = /^(p|g|inf|trn)\d/;

/** The CloudWatch agent metrics read, in namespace `CWAgent`. */
export const AGENT_METRICS = {
  gpuUtilization: 'nvidia_smi_utilization_gpu',
  gpuMemoryUsed: 'nvidia_smi_memory_used',
  gpuMemoryTotal: 'nvidia_smi_memory_total',
  hostMemoryPercent: 'mem_used_percent',
} as const;

type AgentMetric = keyof typeof AGENT_METRICS;
type Config = Pick<RightsizingConfig, 'lookbackDays' | 'minDataDays'>;

/** The ARN of an instance (DescribeInstances gives the owner account per reservation). */
export function instanceArn(region: string, account: string, instanceId: string): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ec2:${region}:${account}:instance/${instanceId}`;
}

/** Lists GPU-family instances; running ones old enough get their CPU and agent GPU series. */
export async function inventoryGpuInstances(ctx: RegionContext, config: Config): Promise<Inventory<GpuInstanceFacts>> {
  const ec2 = ctx.clients.get(EC2Client, ctx.region);
  const found: { instance: Instance; account: string }[] = [];
  const filters = [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] }];
  for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, { Filters: filters })) {
    for (const r of page.Reservations ?? [])
      for (const instance of r.Instances ?? []) {
        if (instance.InstanceId && GPU_INSTANCE_TYPE.test(instance.InstanceType ?? '')) found.push({ instance, account: r.OwnerId ?? ctx.accountId ?? '' });
      }
  }
  const seen = new Set(found.map((f) => f.instance.InstanceId!));
  const oldEnough = ctx.now.getTime() - config.minDataDays * 86_400_000;
  const measured = found
    .filter(({ instance: i }) => i.State?.Name === 'running' && i.LaunchTime && i.LaunchTime.getTime() <= oldEnough)
    .map(({ instance: i }) => i.InstanceId!);
  const metrics = await readMetrics(ctx, config, measured);

  const candidates = found.map(({ instance: i, account }): Candidate<GpuInstanceFacts> => {
    const id = i.InstanceId!;
    const m = metrics.get(id);
    return {
      ref: { resourceType: RESOURCE_TYPES['gpu-instance'], resourceId: id, arn: instanceArn(ctx.region, account, id), region: ctx.region },
      tags: tagsFromList(i.Tags),
      facts: {
        kind: 'gpu-instance',
        instanceId: id,
        instanceType: i.InstanceType ?? 'unknown',
        state: i.State?.Name ?? 'unknown',
        launchTime: (i.LaunchTime ?? new Date(0)).toISOString(),
        ...(m ?? {}),
      },
    };
  });
  return { candidates, seen };
}

type Measured = Pick<GpuInstanceFacts, 'cpu' | 'gpuUtilization' | 'gpuMemoryUsedFraction' | 'gpusReporting' | 'hostMemoryPercent'>;

async function readMetrics(ctx: RegionContext, config: Config, instanceIds: readonly string[]): Promise<Map<string, Measured>> {
  const result = new Map<string, Measured>();
  if (instanceIds.length === 0) return result;
  const cloudwatch = ctx.clients.get(CloudWatchClient, ctx.region);
  const wantedIds = new Set(instanceIds);

  // The agent's dimension sets per instance and metric (one set per GPU for the nvidia_smi metrics).
  const agent = new Map<string, Map<AgentMetric, Dimension[][]>>();
  for (const [key, metricName] of Object.entries(AGENT_METRICS) as [AgentMetric, string][]) {
    for await (const page of paginateListMetrics({ client: cloudwatch }, { Namespace: 'CWAgent', MetricName: metricName })) {
      for (const metric of page.Metrics ?? []) {
        const id = metric.Dimensions?.find((d) => d.Name === 'InstanceId')?.Value;
        if (!id || !wantedIds.has(id)) continue;
        const byMetric = agent.get(id) ?? agent.set(id, new Map()).get(id)!;
        const sets = byMetric.get(key) ?? [];
        if (!sets.some((d) => gpuKey(d) === gpuKey(metric.Dimensions!))) byMetric.set(key, [...sets, metric.Dimensions!]);
      }
    }
  }

  const queries: MetricQuery[] = [];
  const index: { id: string; key: AgentMetric | 'cpu'; dims: Dimension[] }[] = [];
  for (const id of instanceIds) {
    queries.push({ namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: [{ Name: 'InstanceId', Value: id }], stat: 'Average' });
    index.push({ id, key: 'cpu', dims: [] });
    for (const [key, sets] of agent.get(id) ?? []) {
      // Host memory: one series is enough (the agent may publish it under several dimension sets).
      for (const dims of key === 'hostMemoryPercent' ? sets.slice(0, 1) : sets) {
        queries.push({ namespace: 'CWAgent', metricName: AGENT_METRICS[key], dimensions: dims, stat: 'Average' });
        index.push({ id, key, dims });
      }
    }
  }
  const series = await hourlySeries(cloudwatch, queries, ctx.now, config.lookbackDays);

  const perInstance = new Map<
    string,
    { cpu: MetricPoints; util: MetricPoints[]; used: Map<string, MetricPoints>; total: Map<string, MetricPoints>; host: MetricPoints | null }
  >();
  index.forEach(({ id, key, dims }, i) => {
    const entry =
      perInstance.get(id) ?? perInstance.set(id, { cpu: { timestamps: [], values: [] }, util: [], used: new Map(), total: new Map(), host: null }).get(id)!;
    const points = series[i]!;
    if (key === 'cpu') entry.cpu = points;
    else if (key === 'gpuUtilization') entry.util.push(points);
    else if (key === 'gpuMemoryUsed') entry.used.set(gpuKey(dims), points);
    else if (key === 'gpuMemoryTotal') entry.total.set(gpuKey(dims), points);
    else entry.host = points;
  });
  for (const [id, e] of perInstance) {
    const fractions = [...e.used].flatMap(([gpu, used]) => {
      const total = e.total.get(gpu);
      return total ? [zipByTimestamp(used, total, (u, t) => (t > 0 ? u / t : null))] : [];
    });
    result.set(id, {
      cpu: e.cpu,
      gpuUtilization: e.util.length > 0 ? sumByTimestamp(e.util) : null,
      gpusReporting: e.util.length,
      gpuMemoryUsedFraction: fractions.length > 0 ? sumByTimestamp(fractions) : null,
      hostMemoryPercent: e.host,
    });
  }
  return result;
}

/** Identifies one GPU across the agent's metrics: its dimension set, order-free. */
function gpuKey(dims: readonly Dimension[]): string {
  return JSON.stringify([...dims].map((d) => [d.Name, d.Value]).sort());
}
