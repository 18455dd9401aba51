/**
 * What the rightsizing adapters hand to the rules: one fact shape per resource
 * kind, told apart by `kind`.
 */
import type { MetricPoints } from './series.js';

/** Finding `resourceType` of each kind. */
export const RESOURCE_TYPES = {
  'endpoint-variant': 'sagemaker:endpoint-variant',
  'gpu-instance': 'ec2:instance',
  volume: 'ec2:volume',
} as const;

/** The utilization metrics of `/aws/sagemaker/Endpoints` read per variant (hourly Average). */
export const ENDPOINT_METRICS = ['CPUUtilization', 'MemoryUtilization', 'GPUUtilization', 'GPUMemoryUtilization'] as const;
export type EndpointMetric = (typeof ENDPOINT_METRICS)[number];

/** One production variant of a SageMaker endpoint. Its id is `<endpoint>/<variant>`. */
export interface EndpointVariantFacts {
  readonly kind: 'endpoint-variant';
  readonly endpointName: string;
  readonly variantName: string;
  readonly endpointConfigName: string;
  /** `InService`, `Updating`, ... */
  readonly endpointStatus: string;
  /** `null` for a serverless variant, or when the endpoint config could not be read (see `configProblem`). */
  readonly instanceType: string | null;
  /** Current instance count (0 for serverless). */
  readonly instanceCount: number;
  /** Memory of a serverless variant (MB). */
  readonly serverlessMemoryMb: number | null;
  /** Why the instance type is unknown (e.g. the endpoint config was deleted). */
  readonly configProblem?: string;
  /** ISO-8601. */
  readonly creationTime: string;
  /** ISO-8601; older datapoints describe an earlier configuration and are not used. */
  readonly lastModifiedTime: string;
  /** Hourly Average of each utilization metric over the lookback (absent: not queried). */
  readonly metrics: Partial<Record<EndpointMetric, MetricPoints>>;
  /** `AWS/SageMaker` `Invocations`, hourly Sum (no datapoint: no traffic that hour). */
  readonly invocations?: MetricPoints;
  /** `AWS/SageMaker` `ModelLatency`, hourly Average, microseconds. */
  readonly modelLatencyMicros?: MetricPoints;
}

/** One p*, g*, inf* or trn* EC2 instance (any state but terminated). */
export interface GpuInstanceFacts {
  readonly kind: 'gpu-instance';
  readonly instanceId: string;
  readonly instanceType: string;
  /** `running`, `stopped`, `pending`, `stopping`. */
  readonly state: string;
  /** ISO-8601; resets at every start, so a resized instance starts a fresh window. */
  readonly launchTime: string;
  /** `AWS/EC2` `CPUUtilization` (% of all vCPUs), hourly Average. */
  readonly cpu?: MetricPoints;
  /** Sum over GPUs of CWAgent `nvidia_smi_utilization_gpu` (%), hourly Average; `null`: the agent publishes none. */
  readonly gpuUtilization?: MetricPoints | null;
  /** Sum over GPUs of `nvidia_smi_memory_used / nvidia_smi_memory_total`, hourly Average; `null`: not published. */
  readonly gpuMemoryUsedFraction?: MetricPoints | null;
  /** GPUs the agent reports on. */
  readonly gpusReporting?: number;
  /** CWAgent `mem_used_percent`, hourly Average; `null`: not published. */
  readonly hostMemoryPercent?: MetricPoints | null;
}

/** One EBS volume. */
export interface VolumeFacts {
  readonly kind: 'volume';
  readonly volumeId: string;
  /** `in-use`, `available`, ... */
  readonly state: string;
  readonly volumeType: string;
  readonly sizeGiB: number;
  readonly iops: number | null;
  readonly throughputMiBps: number | null;
  /** ISO-8601. */
  readonly createTime: string;
  /** `AWS/EBS` `VolumeReadBytes + VolumeWriteBytes` as MiB/s, hourly (io1/io2 only). */
  readonly throughput?: MetricPoints;
}

/** Facts of any rightsizing candidate. */
export type RightsizingFacts = EndpointVariantFacts | GpuInstanceFacts | VolumeFacts;
