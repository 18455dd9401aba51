/**
 * The `spend` section of the config file: AI spend read from Cost Explorer for the
 * weekly digest (by team, by service, twelve weeks, month to date and forecast), and
 * the cost per 1,000 inferences of each SageMaker endpoint.
 *
 * ```json
 * "spend": {
 *   "enabled": true,
 *   "metric": "AmortizedCost",
 *   "aiInstanceFamilies": ["p4d", "p5", "g5", "inf2", "trn1"],
 *   "services": ["Amazon SageMaker", "Amazon Bedrock", "Claude 3.5 Sonnet (Amazon Bedrock Edition)"]
 * }
 * ```
 */
import * as z from 'zod/mini';

/** The Cost Explorer metrics the digest can report. */
export const SPEND_METRICS = ['UnblendedCost', 'AmortizedCost', 'NetAmortizedCost'] as const;
export type SpendMetric = (typeof SPEND_METRICS)[number];

/** Cost Explorer `SERVICE` values counted whole as AI spend. */
export const DEFAULT_AI_SERVICES: readonly string[] = ['Amazon SageMaker', 'Amazon Bedrock'];

/**
 * EC2 instance families (Cost Explorer `INSTANCE_TYPE_FAMILY`) counted as AI spend:
 * the GPU, Inferentia, Trainium and Gaudi families.
 */
export const DEFAULT_AI_INSTANCE_FAMILIES: readonly string[] = [
  'p2',
  'p3',
  'p3dn',
  'p4d',
  'p4de',
  'p5',
  'p5e',
  'p5en',
  'p6-b200',
  'g3',
  'g3s',
  'g4dn',
  'g4ad',
  'g5',
  'g5g',
  'g6',
  'g6e',
  'g6f',
  'gr6',
  'inf1',
  'inf2',
  'trn1',
  'trn1n',
  'trn2',
  'dl1',
  'dl2q',
];

const Name = z.string().check(z.minLength(1), z.maxLength(1024));

/** The `spend` section. */
export const SpendConfigSchema = z.strictObject({
  /**
   * Read AI spend from Cost Explorer for the digest (3 to 5 requests a week at USD 0.01
   * each) and the endpoints' cost per 1,000 inferences. Needs Cost Explorer enabled and,
   * for the team rows, the team tag activated as a cost allocation tag.
   * @default false
   */
  enabled: z._default(z.boolean(), false),
  /** The Cost Explorer metric: `AmortizedCost` or `NetAmortizedCost` spread Savings Plans and RIs. @default 'UnblendedCost' */
  metric: z._default(z.enum(SPEND_METRICS), 'UnblendedCost'),
  /** The cost allocation tag the team rows are grouped by. @default - `tagKeys.team` */
  costAllocationTag: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /** Cost Explorer services counted whole (add Bedrock's Marketplace model services here). @default ['Amazon SageMaker', 'Amazon Bedrock'] */
  services: z._default(z.array(Name).check(z.minLength(1)), [...DEFAULT_AI_SERVICES]),
  /** EC2 instance families counted as AI (`INSTANCE_TYPE_FAMILY`); `[]` counts no EC2. @default - GPU and accelerator families */
  aiInstanceFamilies: z._default(z.array(Name), [...DEFAULT_AI_INSTANCE_FAMILIES]),
  /** Cost per 1,000 inferences of each SageMaker endpoint (SageMaker describes and one batched CloudWatch read per region). @default true */
  unitCosts: z._default(z.boolean(), true),
});

/** The resolved `spend` section. */
export type SpendConfig = z.output<typeof SpendConfigSchema>;

/** The defaults (what an absent `spend` section means). */
export const DEFAULT_SPEND_CONFIG: SpendConfig = SpendConfigSchema.parse({});
