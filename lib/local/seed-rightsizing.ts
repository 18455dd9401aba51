/**
 * Seeds what the rightsizing sweep reads on the local emulator, for the demo, the
 * integration tests and the benchmark: endpoints with hourly utilization per
 * variant, GPU instances with CPU and CloudWatch agent GPU metrics, and attached
 * EBS volumes with their throughput. Dimensions are put in the order the sweep
 * reads them (moto matches them in order).
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum, type StandardUnit } from '@aws-sdk/client-cloudwatch';
import { DescribeImagesCommand, EC2Client, RunInstancesCommand, type _InstanceType } from '@aws-sdk/client-ec2';
import { ENDPOINT_NAMESPACE, variantDimensions } from '../sweeps/rightsizing/endpoint-variant-inventory.js';
import type { EndpointMetric } from '../sweeps/rightsizing/facts.js';
import { seedEndpoints, type EmulatorControl, type SeedEndpoint } from './seed-endpoints.js';
import { attachVolume, seedVolumes, type SeedVolume } from './seed-volumes.js';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const HOUR = 3_600_000;

/** One hourly metric: `valueAt(hoursAgo)` for each of the `hours` before `now` (`null`: no datapoint that hour). */
export interface HourlyMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly { readonly Name: string; readonly Value: string }[];
  readonly hours: number;
  readonly valueAt: (hoursAgo: number) => number | null;
  readonly unit?: StandardUnit;
}

/** A utilization profile: `peak` once (30 hours before `now`), half of it in every other hour. */
export function peakProfile(peak: number): (hoursAgo: number) => number {
  return (h) => (h === 30 ? peak : peak / 2);
}

/** Puts hourly datapoints (each in the middle of its hour), 500 per call, `concurrency` calls at a time. Returns the datapoints put. */
export async function putHourlyMetrics(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly now: Date;
  readonly metrics: readonly HourlyMetric[];
  readonly concurrency?: number;
}): Promise<number> {
  const cloudwatch = new CloudWatchClient({ region: options.region, endpoint: options.endpoint, credentials: CREDENTIALS, disableRequestCompression: true });
  const batches: { namespace: string; data: MetricDatum[] }[] = [];
  const byNamespace = new Map<string, MetricDatum[]>();
  let count = 0;
  for (const m of options.metrics) {
    const data = byNamespace.get(m.namespace) ?? byNamespace.set(m.namespace, []).get(m.namespace)!;
    for (let h = 0; h < m.hours; h++) {
      const value = m.valueAt(h);
      if (value === null) continue;
      data.push({
        MetricName: m.metricName,
        Dimensions: m.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
        Timestamp: new Date(options.now.getTime() - (h + 0.5) * HOUR),
        Value: value,
        Unit: m.unit ?? 'None',
      });
      count++;
    }
  }
  for (const [namespace, data] of byNamespace) for (let i = 0; i < data.length; i += 500) batches.push({ namespace, data: data.slice(i, i + 500) });
  try {
    const worker = async () => {
      for (let b = batches.shift(); b; b = batches.shift()) await cloudwatch.send(new PutMetricDataCommand({ Namespace: b.namespace, MetricData: b.data }));
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  } finally {
    cloudwatch.destroy();
  }
  return count;
}

/** Hourly utilization of one endpoint variant, and optionally its traffic. */
export interface SeedVariantUtilization {
  readonly endpoint: string;
  readonly variant: string;
  /** Peak hourly value of each metric (half of it in every other hour). */
  readonly peaks: Partial<Record<EndpointMetric, number>>;
  /** Hours of data before `now`. */
  readonly hours: number;
  /** `count` invocations every `everyHours` hours, each taking `latencyMs` (AWS/SageMaker Invocations and ModelLatency). */
  readonly traffic?: { readonly count: number; readonly everyHours: number; readonly latencyMs: number };
}

/** The hourly metrics of variants' utilization (and traffic). */
export function variantMetrics(variants: readonly SeedVariantUtilization[]): HourlyMetric[] {
  return variants.flatMap((v) => {
    const dimensions = variantDimensions(v.endpoint, v.variant);
    const utilization = Object.entries(v.peaks).map(([metricName, peak]) => ({
      namespace: ENDPOINT_NAMESPACE,
      metricName,
      dimensions,
      hours: v.hours,
      valueAt: peakProfile(peak),
      unit: 'Percent' as const,
    }));
    const t = v.traffic;
    const busy = (h: number) => (t && h % t.everyHours === 0 ? 1 : null);
    const traffic = t
      ? [
          { namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions, hours: v.hours, valueAt: (h: number) => busy(h) && t.count },
          {
            namespace: 'AWS/SageMaker',
            metricName: 'ModelLatency',
            dimensions,
            hours: v.hours,
            valueAt: (h: number) => busy(h) && t.latencyMs * 1000,
            unit: 'Microseconds' as const,
          },
        ]
      : [];
    return [...utilization, ...traffic];
  });
}

/** One GPU EC2 instance to seed. */
export interface SeedGpuInstance {
  readonly name: string;
  readonly instanceType: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Days since it last started (LaunchTime). */
  readonly ageDays: number;
  /** Peak hourly AWS/EC2 CPUUtilization (% of all vCPUs). */
  readonly cpuPeak: number;
  /** CloudWatch agent GPU metrics; absent: the agent publishes none. */
  readonly agent?: {
    readonly gpus: number;
    /** Peak hourly nvidia_smi_utilization_gpu of each GPU (%). */
    readonly gpuPeak: number;
    /** Peak share of each GPU's memory used (0-1), and its total (MiB). */
    readonly memoryUsedPeak: number;
    readonly memoryTotalMiB: number;
    /** Peak mem_used_percent; absent: not published. */
    readonly hostMemoryPeak?: number;
  };
}

/** The metrics of GPU instances (CPU, and the agent's per-GPU metrics with dimensions InstanceId, index, name). */
export function gpuInstanceMetrics(instances: readonly (SeedGpuInstance & { readonly instanceId: string })[], maxHours: number): HourlyMetric[] {
  return instances.flatMap((i) => {
    const hours = Math.min(maxHours, Math.round(i.ageDays * 24));
    const id = [{ Name: 'InstanceId', Value: i.instanceId }];
    const cpu: HourlyMetric = { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: id, hours, valueAt: peakProfile(i.cpuPeak), unit: 'Percent' };
    const a = i.agent;
    if (!a) return [cpu];
    const perGpu = Array.from({ length: a.gpus }, (_, g) => {
      const dims = [...id, { Name: 'index', Value: String(g) }, { Name: 'name', Value: 'NVIDIA GPU' }];
      return [
        { namespace: 'CWAgent', metricName: 'nvidia_smi_utilization_gpu', dimensions: dims, hours, valueAt: peakProfile(a.gpuPeak), unit: 'Percent' as const },
        {
          namespace: 'CWAgent',
          metricName: 'nvidia_smi_memory_used',
          dimensions: dims,
          hours,
          valueAt: (h: number) => peakProfile(a.memoryUsedPeak)(h) * a.memoryTotalMiB,
        },
        { namespace: 'CWAgent', metricName: 'nvidia_smi_memory_total', dimensions: dims, hours, valueAt: () => a.memoryTotalMiB },
      ];
    }).flat();
    const host: HourlyMetric[] =
      a.hostMemoryPeak === undefined
        ? []
        : [{ namespace: 'CWAgent', metricName: 'mem_used_percent', dimensions: id, hours, valueAt: peakProfile(a.hostMemoryPeak), unit: 'Percent' }];
    return [cpu, ...perGpu, ...host];
  });
}

/** Starts GPU instances with their tags and backdates their LaunchTime; returns their ids by name. */
export async function seedGpuInstances(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly now: Date;
  readonly instances: readonly SeedGpuInstance[];
}): Promise<Map<string, string>> {
  const ec2 = new EC2Client({ region: options.region, endpoint: options.endpoint, credentials: CREDENTIALS });
  const ids = new Map<string, string>();
  try {
    // A name filter keeps moto from serializing its ~1,200 default images (seconds).
    const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }] }));
    const image = images.Images?.[0]?.ImageId;
    if (!image) throw new Error('seedGpuInstances: the emulator lists no image to start an instance from');
    for (const i of options.instances) {
      const run = await ec2.send(
        new RunInstancesCommand({
          ImageId: image,
          MinCount: 1,
          MaxCount: 1,
          InstanceType: i.instanceType as _InstanceType,
          Placement: { AvailabilityZone: `${options.region}a` },
          TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries({ Name: i.name, ...i.tags }).map(([Key, Value]) => ({ Key, Value })) }],
        }),
      );
      const id = run.Instances![0]!.InstanceId!;
      ids.set(i.name, id);
      const launchTime = new Date(options.now.getTime() - i.ageDays * 24 * HOUR).toISOString();
      await options.control('ec2/instance-launch-time', { instanceId: id, launchTime, region: options.region });
    }
  } finally {
    ec2.destroy();
  }
  return ids;
}

/** Everything the rightsizing demo seeds. */
export interface RightsizingEstate {
  readonly endpoints: readonly SeedEndpoint[];
  readonly utilization: readonly SeedVariantUtilization[];
  readonly instances: readonly SeedGpuInstance[];
  /** Volumes, attached to the first instance; io1/io2 ones get `peakMiBps` of throughput. At least one instance. */
  readonly volumes: readonly (SeedVolume & { readonly peakMiBps?: number })[];
}

/** Seeds an estate as of `now`; returns instance and volume ids by name. */
export async function seedRightsizingEstate(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly now: Date;
  readonly estate: RightsizingEstate;
  /** Hours of metrics before `now`. @default 14 days */
  readonly hours?: number;
}): Promise<{ readonly instances: Map<string, string>; readonly volumes: Map<string, string> }> {
  const { estate, now, region, endpoint, control } = options;
  const hours = options.hours ?? 14 * 24;
  await seedEndpoints({ endpoint, region, control, endpoints: estate.endpoints, now });
  const instances = await seedGpuInstances({ endpoint, region, control, now, instances: estate.instances });
  const volumes = await seedVolumes({ endpoint, region, control, now, volumes: estate.volumes.map((v) => ({ ...v, attached: false })) });
  // Attached to the first GPU instance (every volume here is in use).
  const host = instances.get(estate.instances[0]!.name)!;
  const ec2 = new EC2Client({ region, endpoint, credentials: CREDENTIALS });
  try {
    let device = 0;
    for (const v of estate.volumes) await attachVolume(ec2, volumes.get(v.name)!, host, device++);
  } finally {
    ec2.destroy();
  }
  const metrics = estateMetrics(estate, { instances, volumes }, hours);
  await putHourlyMetrics({ endpoint, region, now, metrics });
  return { instances, volumes };
}

/**
 * Every hourly metric of an estate over at most `hours` (less for younger
 * resources), given the instance and volume ids it was seeded with.
 */
export function estateMetrics(
  estate: RightsizingEstate,
  ids: { readonly instances: ReadonlyMap<string, string>; readonly volumes: ReadonlyMap<string, string> },
  hours: number,
): HourlyMetric[] {
  return [
    ...variantMetrics(estate.utilization.map((u) => ({ ...u, hours: Math.min(u.hours, hours) }))),
    ...gpuInstanceMetrics(
      estate.instances.map((i) => ({ ...i, instanceId: ids.instances.get(i.name)! })),
      hours,
    ),
    ...estate.volumes
      .filter((v) => v.peakMiBps !== undefined)
      .flatMap((v) =>
        ['VolumeReadBytes', 'VolumeWriteBytes'].map((metricName) => ({
          namespace: 'AWS/EBS',
          metricName,
          dimensions: [{ Name: 'VolumeId', Value: ids.volumes.get(v.name)! }],
          hours: Math.min(hours, (v.ageDays ?? 14) * 24),
          // Half the peak throughput each way, as bytes per hour.
          valueAt: (h: number) => (peakProfile(v.peakMiBps!)(h) / 2) * 1_048_576 * 3600,
          unit: 'Bytes' as const,
        })),
      ),
  ];
}

/**
 * The demo's estate (eu-west-1, where the bundled SageMaker prices state their
 * region): over-provisioned, right-sized, hot, young and prod endpoints; an idle,
 * an under-used and an unmonitored GPU instance; a gp2, an io1 and a gp3 volume.
 */
export function demoRightsizingEstate(): RightsizingEstate {
  const hours = 14 * 24;
  const owner = (o: string, team: string, env = 'staging') => ({ owner: o, team, env });
  return {
    endpoints: [
      {
        name: 'recsys-ranker',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.4xlarge', instanceCount: 1 }],
        ageDays: 40,
        tags: owner('ana@example.com', 'recsys'),
      },
      {
        name: 'fraud-scorer',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.m5.xlarge', instanceCount: 4 }],
        ageDays: 90,
        tags: owner('lee@example.com', 'risk', 'prod'),
      },
      {
        name: 'search-embedder',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.xlarge', instanceCount: 1 }],
        ageDays: 60,
        tags: owner('raj@example.com', 'search'),
      },
      {
        name: 'chat-llm',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.12xlarge', instanceCount: 2 }],
        ageDays: 30,
        tags: owner('raj@example.com', 'nlp', 'prod'),
      },
      {
        name: 'new-model-rc',
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g4dn.4xlarge', instanceCount: 1 }],
        ageDays: 2,
        tags: owner('ana@example.com', 'recsys', 'dev'),
      },
    ],
    utilization: [
      // 16 vCPUs at 80% summed = 5%/vCPU; 1 GPU at 30%, 40% of its memory: fits ml.g4dn.xlarge under 60%.
      {
        endpoint: 'recsys-ranker',
        variant: 'AllTraffic',
        hours,
        peaks: { CPUUtilization: 80, MemoryUtilization: 10, GPUUtilization: 30, GPUMemoryUtilization: 40 },
      },
      // 4 x 4 vCPUs at 60% summed = 15%/vCPU: the load of 4 fits on 1 at 60%.
      { endpoint: 'fraud-scorer', variant: 'AllTraffic', hours, peaks: { CPUUtilization: 60, MemoryUtilization: 40 } },
      {
        endpoint: 'search-embedder',
        variant: 'AllTraffic',
        hours,
        peaks: { CPUUtilization: 120, MemoryUtilization: 35, GPUUtilization: 45, GPUMemoryUtilization: 50 },
      },
      // 4 GPUs at 300% summed = 75%/GPU: hot.
      {
        endpoint: 'chat-llm',
        variant: 'AllTraffic',
        hours,
        peaks: { CPUUtilization: 960, MemoryUtilization: 50, GPUUtilization: 300, GPUMemoryUtilization: 280 },
      },
      {
        endpoint: 'new-model-rc',
        variant: 'AllTraffic',
        hours: 48,
        peaks: { CPUUtilization: 40, MemoryUtilization: 10, GPUUtilization: 5, GPUMemoryUtilization: 20 },
      },
    ],
    instances: [
      {
        name: 'train-box',
        instanceType: 'g5.12xlarge',
        ageDays: 30,
        cpuPeak: 2,
        tags: owner('mia@example.com', 'research', 'dev'),
        agent: { gpus: 4, gpuPeak: 3, memoryUsedPeak: 0.05, memoryTotalMiB: 23028, hostMemoryPeak: 8 },
      },
      {
        name: 'notebook-gpu',
        instanceType: 'g4dn.12xlarge',
        ageDays: 20,
        cpuPeak: 10,
        tags: owner('mia@example.com', 'research', 'dev'),
        agent: { gpus: 4, gpuPeak: 10, memoryUsedPeak: 0.1, memoryTotalMiB: 15360, hostMemoryPeak: 10 },
      },
      { name: 'legacy-gpu', instanceType: 'p3.2xlarge', ageDays: 200, cpuPeak: 15, tags: owner('lee@example.com', 'risk') },
    ],
    volumes: [
      { name: 'feature-store', volumeType: 'gp2', sizeGiB: 1000, ageDays: 100, tags: owner('ana@example.com', 'recsys') },
      { name: 'vector-index', volumeType: 'io1', sizeGiB: 500, iops: 10_000, ageDays: 60, peakMiBps: 90, tags: owner('raj@example.com', 'search') },
      { name: 'model-cache', volumeType: 'gp3', sizeGiB: 200, ageDays: 30, tags: owner('raj@example.com', 'search') },
    ],
  };
}
