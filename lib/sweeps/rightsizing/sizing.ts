/**
 * Instance sizing arithmetic shared by endpoint variants and GPU instances. Pure.
 *
 * The load measured at peak is turned into an absolute demand (busy vCPUs, busy
 * GPUs, GiB of memory and GPU memory per instance), which is then laid on a
 * candidate configuration to get its projected peaks. Processing load (CPU, GPU)
 * spreads over every instance; memory does not (each instance holds the model), so
 * memory per instance is assumed to stay what it is.
 */
import type { InstanceSpec } from '../../core/price-port.js';
import { round } from './series.js';

/** Absolute demand at peak, derived from normalized peaks and the current capacity. */
export interface Demand {
  /** vCPUs busy across all instances. */
  readonly vcpus: number | null;
  /** GiB of host memory used per instance. */
  readonly memoryGiB: number | null;
  /** GPUs busy across all instances (1 = one GPU fully used). */
  readonly gpus: number | null;
  /** GiB of GPU memory used per instance. */
  readonly gpuMemoryGiB: number | null;
}

/** Peaks of one configuration, each as a percentage of its capacity (`null`: not measured). */
export interface Peaks {
  readonly cpuPerVcpuPercent: number | null;
  readonly memoryPercent: number | null;
  readonly gpuPerGpuPercent: number | null;
  readonly gpuMemoryPercent: number | null;
}

/** What a spec offers; GPU fields required only when the demand has GPU load. */
export type Capacity = Pick<InstanceSpec, 'vcpu' | 'memoryGiB' | 'gpuCount' | 'gpuMemoryGiB'>;

/**
 * Per-core CPU from a metric that sums cores: SageMaker's `CPUUtilization` is
 * 0-100% per vCPU added up, so 200% on 4 vCPUs is 50% per vCPU. The same holds for
 * `GPUUtilization` and `GPUMemoryUtilization` per GPU.
 *
 * @example normalizePerUnit(200, 4) // 50
 */
export function normalizePerUnit(summedPercent: number, units: number): number {
  return summedPercent / units;
}

/**
 * The peaks `demand` would reach on `count` instances of `capacity`. CPU and GPU
 * load spreads over the instances; memory stays per instance.
 *
 * @example projectPeaks({ vcpus: 2, memoryGiB: 4, gpus: null, gpuMemoryGiB: null }, { vcpu: 4, memoryGiB: 16, ... }, 1)
 * // { cpuPerVcpuPercent: 50, memoryPercent: 25, gpuPerGpuPercent: null, gpuMemoryPercent: null }
 */
export function projectPeaks(demand: Demand, capacity: Capacity, count: number): Peaks {
  const gpus = capacity.gpuCount ?? 0;
  return {
    cpuPerVcpuPercent: demand.vcpus === null ? null : (demand.vcpus / (capacity.vcpu * count)) * 100,
    memoryPercent: demand.memoryGiB === null ? null : (demand.memoryGiB / capacity.memoryGiB) * 100,
    gpuPerGpuPercent: demand.gpus === null ? null : gpus > 0 ? (demand.gpus / (gpus * count)) * 100 : Infinity,
    gpuMemoryPercent: demand.gpuMemoryGiB === null ? null : capacity.gpuMemoryGiB ? (demand.gpuMemoryGiB / capacity.gpuMemoryGiB) * 100 : Infinity,
  };
}

/** Whether every measured peak is at or below `headroomPercent`. */
export function fitsUnder(peaks: Peaks, headroomPercent: number): boolean {
  return Object.values(peaks).every((p) => p === null || p <= headroomPercent + 1e-9);
}

/** Peaks rounded for evidence (one decimal). */
export function roundedPeaks(peaks: Peaks): { readonly [key: string]: number | null } {
  return Object.fromEntries(Object.entries<number | null>({ ...peaks }).map(([k, v]) => [k, v === null ? null : round(v, 1)]));
}

/**
 * Whether `candidate` is a smaller size than `current`: fewer vCPUs, and no more
 * memory, GPUs or GPU memory. A GPU type stays on GPUs (at least one).
 */
export function isSmaller(candidate: Capacity, current: Capacity): boolean {
  if (candidate.vcpu >= current.vcpu || candidate.memoryGiB > current.memoryGiB) return false;
  const gpus = current.gpuCount ?? 0;
  if (gpus === 0) return (candidate.gpuCount ?? 0) === 0;
  if (candidate.gpuCount === undefined || candidate.gpuCount < 1 || candidate.gpuCount > gpus) return false;
  return candidate.gpuMemoryGiB !== undefined && (current.gpuMemoryGiB === undefined || candidate.gpuMemoryGiB <= current.gpuMemoryGiB);
}

/** `metal` sizes are never proposed: they are bought for the hardware, not the size. */
export function isProposable(spec: InstanceSpec): boolean {
  return !spec.instanceType.endsWith('.metal');
}
