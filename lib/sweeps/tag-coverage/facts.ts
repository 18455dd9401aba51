/**
 * What the tag-coverage adapters hand to the rule: one shape for every AI resource
 * (its name, status, parents' tags and creator) and its usage, told apart by `kind`.
 */
import type { Tags } from '../../core/finding.js';
import type { ThroughputCommitment } from '../../core/price-port.js';

/**
 * The `resourceType` of each kind's findings; also the Resource Groups Tagging API
 * resource type (`service:type`) the kind is listed under.
 */
export const RESOURCE_TYPES = {
  endpoint: 'sagemaker:endpoint',
  notebook: 'sagemaker:notebook-instance',
  'training-job': 'sagemaker:training-job',
  'processing-job': 'sagemaker:processing-job',
  domain: 'sagemaker:domain',
  instance: 'ec2:instance',
  volume: 'ec2:volume',
  'custom-model': 'bedrock:custom-model',
  'provisioned-throughput': 'bedrock:provisioned-model',
  'inference-profile': 'bedrock:application-inference-profile',
} as const;

/** A kind of AI resource the sweep covers. */
export type ResourceKind = keyof typeof RESOURCE_TYPES;
/** A `resourceType` the sweep covers. */
export type CoveredResourceType = (typeof RESOURCE_TYPES)[ResourceKind];

/** A resource the tags of a candidate may be copied from, in order of preference. */
export interface ParentTags {
  /** What it is, for people: `endpoint config churn-cfg`, `instance i-0abc`, `role ml-training`. */
  readonly what: string;
  readonly tags: Tags;
}

/** Who created the resource, when it can be known. */
export type Creator =
  | {
      readonly known: true;
      /** The CloudTrail `Username` (IAM user name, or the session name of an assumed role, often an email). */
      readonly name: string;
      /** How it was found, e.g. `CloudTrail CreateEndpoint at 2026-11-20T08:00:00Z`. */
      readonly source: string;
    }
  | { readonly known: false; readonly reason: string };

/** One instance type of a job or endpoint with its count. */
export interface InstanceGroup {
  readonly instanceType: string;
  readonly count: number;
}

/** What the resource runs, for its run-rate. */
export type Usage =
  | {
      readonly kind: 'endpoint';
      /** `null` instance type: serverless, or the endpoint config could not be read. */
      readonly variants: readonly { readonly name: string; readonly instanceType: string | null; readonly count: number; readonly serverless: boolean }[];
    }
  | { readonly kind: 'notebook'; readonly instanceType: string | null; readonly running: boolean }
  | {
      readonly kind: 'training-job';
      readonly groups: readonly InstanceGroup[];
      readonly running: boolean;
      /** Instance-hours billed per instance so far (`BillableTimeInSeconds`, or the time since `TrainingStartTime` while it runs); `null`: unknown. */
      readonly billedHours: number | null;
    }
  | { readonly kind: 'processing-job'; readonly groups: readonly InstanceGroup[]; readonly running: boolean }
  | { readonly kind: 'domain' }
  | { readonly kind: 'instance'; readonly instanceType: string; readonly running: boolean }
  | {
      readonly kind: 'volume';
      readonly volumeType: string;
      readonly sizeGiB: number;
      readonly iops: number | null;
      readonly throughputMiBps: number | null;
      readonly instanceId: string;
    }
  | { readonly kind: 'custom-model'; readonly baseModel: string | null }
  | {
      readonly kind: 'provisioned-throughput';
      /** The base model it is priced by: its `foundationModelArn` (for a custom model, the model it was customized from). */
      readonly baseModel: string | null;
      readonly modelUnits: number | null;
      readonly commitment: ThroughputCommitment;
      /** `false` for a throughput that failed (it bills nothing). */
      readonly billed: boolean;
    }
  | { readonly kind: 'inference-profile'; readonly models: readonly string[] };

/** Facts of one AI resource missing a required tag. */
export interface TagCoverageFacts {
  /** The name people know it by (the endpoint name, the domain's name, the instance's Name tag or id). */
  readonly name: string;
  /** Its status as its service reports it, e.g. `InService`, `running`, `Completed`. */
  readonly status: string;
  /** ISO-8601; `null` when the service does not say. */
  readonly createdAt: string | null;
  /** Where missing tags may be copied from, in order of preference (read only when `autoAttribute` is on, but an instance's tags for its volumes). */
  readonly parents: readonly ParentTags[];
  readonly creator: Creator;
  readonly usage: Usage;
  /** The required tags it was checked against (`requiredTags` of the run's config); the action's restore data is planned from them. */
  readonly requiredTags: readonly string[];
}
