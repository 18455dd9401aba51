/** What the idle Provisioned Throughput rule knows about one throughput, as its inventory reads it. */

/** A tag as Bedrock lists it. */
export interface BedrockTag {
  readonly key: string;
  readonly value: string;
}

/** One Bedrock Provisioned Throughput (`GetProvisionedModelThroughput`, its tags and its invocations). */
export interface ThroughputFacts {
  readonly provisionedModelName: string;
  /** `Creating`, `InService`, `Updating` or `Failed`. */
  readonly status: string;
  /** The model it serves (a foundation model or a custom model). */
  readonly modelArn: string;
  /** The base model: of `modelArn` itself, or the one a custom model was customized from (its price). */
  readonly foundationModelArn: string;
  readonly modelUnits: number;
  /** `null`: no commitment. */
  readonly commitmentDuration: 'OneMonth' | 'SixMonths' | null;
  /** When the commitment term ends (ISO-8601); `null` without a commitment. */
  readonly commitmentExpirationTime: string | null;
  readonly creationTime: string;
  readonly lastModifiedTime: string;
  /** `AWS/Bedrock` `Invocations` (Sum) with `ModelId` = the throughput's ARN over the lookback. */
  readonly invocations: number;
  readonly tagList: readonly BedrockTag[];
}
