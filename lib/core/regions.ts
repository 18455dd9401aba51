/**
 * AWS region codes by partition, as the AWS SDK for JavaScript v3 ships them
 * (`partitionsInfo` in `@aws-sdk/core` 3.981.1, the endpoint rules' partitions
 * data). A region added later is accepted once this list is refreshed from a
 * newer SDK; until then it is refused with its name, never swept by guesswork.
 */
export const AWS_REGIONS_BY_PARTITION = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'me-west-1',
    'mx-central-1',
    'sa-east-1',
    'sa-west-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-eusc': ['eusc-de-east-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1', 'us-isob-west-1'],
  'aws-iso-e': ['eu-isoe-west-1'],
  'aws-iso-f': ['us-isof-east-1', 'us-isof-south-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const satisfies Record<string, readonly string[]>;

/** Every known region code. */
export const AWS_REGIONS: ReadonlySet<string> = new Set(Object.values(AWS_REGIONS_BY_PARTITION).flat());

/** `true` when `value` is a region code of some AWS partition. */
export function isAwsRegion(value: string): boolean {
  return AWS_REGIONS.has(value);
}

/** The partition of a known region (`aws`, `aws-cn`, ...), or `undefined`. */
export function partitionOfRegion(region: string): string | undefined {
  return Object.entries(AWS_REGIONS_BY_PARTITION).find(([, regions]) => (regions as readonly string[]).includes(region))?.[0];
}

/** The known region closest to a mistyped one (at most 2 edits away), for "did you mean". */
export function closestRegion(value: string): string | undefined {
  let best: { region: string; distance: number } | undefined;
  for (const region of AWS_REGIONS) {
    const distance = editDistance(value.toLowerCase(), region);
    if (distance <= 2 && (!best || distance < best.distance)) best = { region, distance };
  }
  return best?.region;
}

/** Levenshtein distance (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
