/**
 * How EBS bills provisioned performance, beyond the per-unit prices in the price book:
 * what gp3 includes at no charge and where the io2 IOPS tiers change. Both come from
 * the AWS EBS pricing page (the bundled price feed prices the tiers but does not state
 * these boundaries).
 */

/** gp3 includes this many IOPS at no charge. */
export const GP3_FREE_IOPS = 3_000;
/** gp3 includes this throughput (MiB/s) at no charge. */
export const GP3_FREE_THROUGHPUT_MIBPS = 125;
/**
 * io2 provisioned IOPS tiers: the first 32,000 IOPS at the tier 1 price, the next
 * 32,000 at tier 2, the rest at tier 3.
 */
export const IO2_TIER_LIMITS = [32_000, 64_000] as const;
