/**
 * Whether a region is enabled in an account. The regions AWS launched before
 * 20 March 2019 are enabled in every account and cannot be disabled; a later one is
 * enabled only once the account opts in (AWS Account Management guide, "Enable or
 * disable AWS Regions in your account"). So only opt-in regions are checked: one EC2
 * `DescribeRegions` per account (with `AllRegions` and those regions' names), whose
 * `OptInStatus` says `opted-in`, `opt-in-not-required` or `not-opted-in`.
 */
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { ClientFactory } from '../core/sweep.js';
import { partitionOfRegion } from '../core/regions.js';

/** The commercial regions enabled in every account (launched before 20 March 2019). */
export const DEFAULT_ENABLED_REGIONS: ReadonlySet<string> = new Set([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
]);

/** `true` when `region` may be disabled in an account (a commercial region launched since 20 March 2019). */
export function isOptInRegion(region: string): boolean {
  return partitionOfRegion(region) === 'aws' && !DEFAULT_ENABLED_REGIONS.has(region);
}

/**
 * The opt-in regions among `regions` that are not enabled in the account `clients`
 * signs for, with their `OptInStatus`. No call when none of `regions` is opt-in.
 *
 * @example
 * await disabledRegions(memberClients, ['us-east-1', 'me-south-1']) // Map { 'me-south-1' => 'not-opted-in' }
 */
export async function disabledRegions(clients: ClientFactory, regions: readonly string[]): Promise<Map<string, string>> {
  const optIn = regions.filter(isOptInRegion);
  const disabled = new Map<string, string>();
  if (optIn.length === 0) return disabled;
  const out = await clients.get(EC2Client, 'us-east-1').send(new DescribeRegionsCommand({ AllRegions: true, RegionNames: optIn }));
  const status = new Map((out.Regions ?? []).map((r) => [r.RegionName, r.OptInStatus]));
  for (const region of optIn) {
    const s = status.get(region);
    if (s !== 'opted-in' && s !== 'opt-in-not-required') disabled.set(region, s ?? 'not listed');
  }
  return disabled;
}
