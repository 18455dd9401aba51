/**
 * Under which name the AWS Price List prices a Bedrock model's Provisioned Throughput.
 *
 * A Provisioned Throughput product of `AmazonBedrock` is told apart by its usage type,
 * `<region prefix>-<model>-ProvisionedThroughput-<term>-ModelUnits`, e.g.
 * `USE1-Nova2.0Lite-ProvisionedThroughput-NoCommit-ModelUnits` (60.50 USD per hour in
 * us-east-1, read from `aws pricing get-products --service-code AmazonBedrock`; quoted in
 * a note of the code index, next to the base model id `amazon.nova-2-lite-v1:0:256k`, see
 * `PROVENANCE.md`). Nothing in the API links that `<model>` to the model id a throughput
 * names (`foundationModelArn`), so each pair below is written down with its source; a
 * model that is not listed has no live price (unknown, never another model's).
 *
 * The terms: `NoCommit` is in that usage type; `1Month` and `6Months` are the spellings AWS's
 * own sample matches in Provisioned Throughput usage types
 * (`github:aws-samples/sample-bedrock-migration-and-modernization-tools/bedrock-model-profiler/ui/model_details_modal.py@52836137051406aa230ffe5fe877354a2c0e3063`),
 * not seen in a real usage type.
 */
import type { ThroughputCommitment } from '../core/price-port.js';

/** One model whose Provisioned Throughput usage-type name is known. */
export interface ThroughputModelName {
  /** The base model id without its context-window suffix (`:256k`). */
  readonly modelId: string;
  /** `<model>` of the usage type, e.g. `Nova2.0Lite`. */
  readonly usageModel: string;
  readonly source: string;
}

/** Every known pair (see the module comment). */
export const THROUGHPUT_MODEL_NAMES: readonly ThroughputModelName[] = [
  {
    modelId: 'amazon.nova-2-lite-v1:0',
    usageModel: 'Nova2.0Lite',
    source:
      'a note of the code index quoting the Price List API for us-east-1 (usage types USE1-Nova2.0Lite-*) and the base model amazon.nova-2-lite-v1:0:256k',
  },
];

/** The usage-type spelling of each commitment term. */
export const THROUGHPUT_TERMS: Readonly<Record<ThroughputCommitment, string>> = { none: 'NoCommit', OneMonth: '1Month', SixMonths: '6Months' };

/**
 * The base model id of `model`: an id, or a foundation-model ARN, without the context-window
 * suffix Provisioned Throughput models carry (`amazon.nova-2-lite-v1:0:256k` -> `amazon.nova-2-lite-v1:0`).
 */
export function baseModelId(model: string): string {
  const id = /:foundation-model\/(.+)$/.exec(model.trim())?.[1] ?? model.trim();
  return id.replace(/:\d+k$/i, '');
}

/**
 * The usage-type model name of `model` (an id or foundation-model ARN), or `undefined` when
 * it is not known.
 *
 * @example
 * throughputUsageModel('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-2-lite-v1:0:256k') // 'Nova2.0Lite'
 * throughputUsageModel('anthropic.claude-3-haiku-20240307-v1:0:200k') // undefined
 */
export function throughputUsageModel(model: string): string | undefined {
  const id = baseModelId(model).toLowerCase();
  return THROUGHPUT_MODEL_NAMES.find((m) => m.modelId.toLowerCase() === id)?.usageModel;
}
