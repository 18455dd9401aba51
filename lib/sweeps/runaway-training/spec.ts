/**
 * The recreatable part of a training job: what CreateTrainingJob takes back from
 * DescribeTrainingJob as it is. Read by the inventory, kept by the restore data.
 */
import type { CreateTrainingJobCommandInput, DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import type { JsonValue } from '../../core/finding.js';

/** What CreateTrainingJob needs, as DescribeTrainingJob reported it (no name, tags or environment values). */
export interface TrainingJobSpec {
  readonly [key: string]: JsonValue;
}

/** Fields of DescribeTrainingJob that CreateTrainingJob takes back as they are. */
const SPEC_FIELDS = [
  'AlgorithmSpecification',
  'RoleArn',
  'HyperParameters',
  'InputDataConfig',
  'OutputDataConfig',
  'ResourceConfig',
  'VpcConfig',
  'StoppingCondition',
  'EnableNetworkIsolation',
  'EnableInterContainerTrafficEncryption',
  'EnableManagedSpotTraining',
  'CheckpointConfig',
  'DebugHookConfig',
  'DebugRuleConfigurations',
  'TensorBoardOutputConfig',
  'ProfilerConfig',
  'ProfilerRuleConfigurations',
  'RetryStrategy',
  'RemoteDebugConfig',
  'InfraCheckConfig',
] as const satisfies readonly (keyof DescribeTrainingJobCommandOutput & keyof CreateTrainingJobCommandInput)[];

/** Fields a spec cannot do without. */
export const REQUIRED_SPEC_FIELDS = ['AlgorithmSpecification', 'RoleArn', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition'] as const;

/** The recreatable part of a job's description, as plain JSON for the ledger. */
export function specOf(job: DescribeTrainingJobCommandOutput): TrainingJobSpec {
  const spec: Record<string, JsonValue> = {};
  for (const field of SPEC_FIELDS) {
    // Parsed from the API's JSON: a field can be null whatever the SDK's types say.
    const value: unknown = job[field];
    if (value !== undefined && value !== null) spec[field] = JSON.parse(JSON.stringify(value)) as JsonValue;
  }
  return spec;
}
