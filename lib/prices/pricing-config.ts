/**
 * The `pricing` section of the config file: live prices from the AWS Price List
 * API, their cache, and the discounts that turn list prices into effective ones.
 *
 * ```json
 * "pricing": {
 *   "endpointRegion": "us-east-1",
 *   "cacheTtlDays": 7,
 *   "live": true,
 *   "discounts": { "sagemaker": { "percent": 18, "note": "Machine Learning Savings Plan, 1 year" } },
 *   "effectiveRateFromCostExplorer": false
 * }
 * ```
 */
import * as z from 'zod/mini';

/** The services a discount can name (the same names as price keys). */
export const DISCOUNT_SERVICES = ['sagemaker', 'ec2', 'ebs', 'bedrock'] as const;

/** A percentage off list prices for one service, with where it comes from. */
export const DiscountSchema = z.strictObject({
  /** Percent off the list price, 0 to 99.99. */
  percent: z.number().check(z.gte(0), z.lt(100)),
  /** Where the figure comes from, shown next to every effective figure (e.g. "EDP 2026, 12% on all services"). */
  note: z.string().check(z.minLength(1)),
});

/** The `pricing` section. */
export const PricingConfigSchema = z.strictObject({
  /**
   * Region of the Price List Query API endpoint: us-east-1, eu-central-1 or ap-south-1.
   * It prices every region whichever endpoint answers.
   * @default 'us-east-1'
   */
  endpointRegion: z._default(z.enum(['us-east-1', 'eu-central-1', 'ap-south-1']), 'us-east-1'),
  /** Days a cached live price stays fresh; a fresh one costs no API call. @default 7 */
  cacheTtlDays: z._default(z.number().check(z.gt(0), z.lte(90)), 7),
  /** Ask the Price List API. Off: the bundled tables only (no `pricing:GetProducts` needed). @default true */
  live: z._default(z.boolean(), true),
  /** Discounts per service; a service without one is reported at list price. @default {} */
  discounts: z._default(
    z.strictObject({
      sagemaker: z.optional(DiscountSchema),
      ec2: z.optional(DiscountSchema),
      ebs: z.optional(DiscountSchema),
      bedrock: z.optional(DiscountSchema),
    }),
    {},
  ),
  /**
   * Derive SageMaker and EC2 effective rates from Cost Explorer (last full month,
   * amortized vs on-demand equivalent) where `discounts` names none. Needs
   * `ce:GetCostAndUsage`; each call costs USD 0.01.
   * @default false
   */
  effectiveRateFromCostExplorer: z._default(z.boolean(), false),
});

/** One discount. */
export type Discount = z.output<typeof DiscountSchema>;
/** The resolved `pricing` section. */
export type PricingConfig = z.output<typeof PricingConfigSchema>;

/** The defaults (what an absent `pricing` section means). */
export const DEFAULT_PRICING_CONFIG: PricingConfig = PricingConfigSchema.parse({});
