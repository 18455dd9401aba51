/**
 * EBS facts shared by every sweep that lists volumes: DescribeVolumes' page size and
 * how a volume's ARN is built (DescribeVolumes returns no ARN).
 */

/** DescribeVolumes' largest page. */
export const DESCRIBE_VOLUMES_PAGE = 500;

/**
 * The ARN of a volume. DescribeVolumes returns neither the ARN nor the owner: the
 * account is the swept account when the run knows it (`RegionContext.accountId`),
 * else the volume's KMS key ARN's, else left empty
 * (`arn:aws:ec2:us-east-1::volume/vol-1`), which no consumer parses.
 *
 * @example
 * volumeArn('us-east-1', 'vol-1', '123456789012') // => 'arn:aws:ec2:us-east-1:123456789012:volume/vol-1'
 */
export function volumeArn(region: string, volumeId: string, account = ''): string {
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ec2:${region}:${account}:volume/${volumeId}`;
}

/**
 * The 12-digit account id an ARN names (e.g. a volume's KMS key ARN), or `''`.
 *
 * @example
 * accountOfArn('arn:aws:kms:us-east-1:123456789012:key/k') // => '123456789012'
 */
export function accountOfArn(arn: string | undefined): string {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1] ?? '';
}
