/**
 * The CloudWatch agent signal, for notebooks whose lifecycle configuration runs the
 * agent as AWS's samples do (`publish-instance-metrics`, `notebook-instance-monitor` in
 * aws-samples/amazon-sagemaker-notebook-instance-lifecycle-config-samples): namespace
 * `SageMakerNotebookInstances`, metrics `cpu_usage_idle` (dimension `cpu=cpu-total` for
 * the whole instance) and `nvidia_smi_utilization_gpu` (one series per GPU), each with
 * the dimension `notebook_instance_name` the samples append, next to those the agent adds
 * itself (`host`, `index`, ...).
 *
 * Calls: one ListMetrics page set per metric (to learn each series' full dimension set:
 * GetMetricData matches dimensions exactly), then GetMetricData in batches of 500
 * queries, hourly averages. ListMetrics lists series with data in the last 14 days.
 */
import { CloudWatchClient, paginateListMetrics, type Dimension } from '@aws-sdk/client-cloudwatch';
import { getMetricSeries, type MetricQuery } from '../../aws/metric-data.js';
import type { RegionContext } from '../../core/sweep.js';
import type { AgentHour, AgentSignal } from './facts.js';

/** The dimension AWS's lifecycle samples append with the notebook's name. */
export const NOTEBOOK_DIMENSION = 'notebook_instance_name';
const CPU_IDLE = 'cpu_usage_idle';
const GPU_UTILIZATION = 'nvidia_smi_utilization_gpu';

/** Hourly CPU and GPU utilization since `from` of each notebook in `names` that the agent reports on (lower-cased names). */
export async function agentActivity(ctx: RegionContext, namespace: string, names: readonly string[], from: Date): Promise<Map<string, AgentSignal>> {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  if (wanted.size === 0) return new Map();
  const cloudwatch = ctx.clients.get(CloudWatchClient, ctx.region);
  const cpuSeries = await listSeries(cloudwatch, namespace, CPU_IDLE, wanted);
  const gpuSeries = await listSeries(cloudwatch, namespace, GPU_UTILIZATION, wanted);

  const queries: (MetricQuery & { notebook: string; kind: 'cpu' | 'gpu' })[] = [];
  for (const [notebook, sets] of cpuSeries) {
    // The whole instance: the cpu-total series, else a series without a per-core dimension.
    const total = sets.find((d) => d.some((x) => x.Name === 'cpu' && x.Value === 'cpu-total')) ?? sets.find((d) => !d.some((x) => x.Name === 'cpu'));
    if (total) queries.push({ notebook, kind: 'cpu', namespace, metricName: CPU_IDLE, dimensions: total, stat: 'Average' });
  }
  for (const [notebook, sets] of gpuSeries) {
    for (const dimensions of sets) queries.push({ notebook, kind: 'gpu', namespace, metricName: GPU_UTILIZATION, dimensions, stat: 'Average' });
  }
  if (queries.length === 0) return new Map();
  const series = await getMetricSeries(cloudwatch, queries, { start: from, end: ctx.now, periodSeconds: 3600 });

  const hours = new Map<string, Map<number, { cpu: number | null; gpu: number | null }>>();
  queries.forEach((q, i) => {
    const byHour = hours.get(q.notebook) ?? hours.set(q.notebook, new Map()).get(q.notebook)!;
    const s = series[i];
    s?.timestamps.forEach((t, j) => {
      const value = s.values[j]!;
      const hour = byHour.get(t.getTime()) ?? { cpu: null, gpu: null };
      if (q.kind === 'cpu') hour.cpu = Math.max(0, 100 - value);
      else hour.gpu = Math.max(hour.gpu ?? 0, value);
      byHour.set(t.getTime(), hour);
    });
  });
  const signals = new Map<string, AgentSignal>();
  for (const [notebook, byHour] of hours) {
    const list: AgentHour[] = [...byHour].sort(([a], [b]) => a - b).map(([t, h]) => ({ at: new Date(t).toISOString(), cpuPercent: h.cpu, gpuPercent: h.gpu }));
    signals.set(notebook, { namespace, from: from.toISOString(), hours: list });
  }
  return signals;
}

/** Dimension sets of `metric` per wanted notebook (lower-cased), as the agent publishes them. */
async function listSeries(cloudwatch: CloudWatchClient, namespace: string, metric: string, wanted: ReadonlySet<string>): Promise<Map<string, Dimension[][]>> {
  const sets = new Map<string, Dimension[][]>();
  for await (const page of paginateListMetrics({ client: cloudwatch }, { Namespace: namespace, MetricName: metric })) {
    for (const m of page.Metrics ?? []) {
      const notebook = m.Dimensions?.find((d) => d.Name === NOTEBOOK_DIMENSION)?.Value?.toLowerCase();
      if (!notebook || !wanted.has(notebook)) continue;
      (sets.get(notebook) ?? sets.set(notebook, []).get(notebook)!).push(m.Dimensions!);
    }
  }
  return sets;
}
