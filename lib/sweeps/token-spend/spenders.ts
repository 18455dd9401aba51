/**
 * Who spends (pure): the resource a token-spend finding is about, its time windows, and
 * the command that tags it. A team's finding covers all of its profiles in the region.
 */
import type { ResourceRef } from '../../core/finding.js';
import type { TokenSpendConfig } from './config.js';
import type { TokenSpendFacts } from './facts.js';

/** The `resourceType` of token-spend findings. */
export const TOKEN_SPEND_RESOURCE = 'bedrock:token-spend';

const HOUR = 3_600_000;

/**
 * A spender's identity: `team/<team>` (its `arn` lists the team's profile ARNs, space
 * separated), an application profile's id (its ARN), or `model/<model id>` (a
 * foundation-model ARN, or the system profile's for a `us.`-style id).
 */
export function spenderRef(
  kind: TokenSpendFacts['kind'],
  label: string,
  region: string,
  arns: readonly string[],
  usageId: string,
): Omit<ResourceRef, 'resourceType'> {
  if (kind === 'team') return { resourceId: `team/${label}`, arn: [...arns].sort().join(' '), region };
  if (kind === 'profile') return { resourceId: usageId.split('/').pop() ?? usageId, arn: arns[0] ?? usageId, region };
  const type = /^(us|eu|apac|us-gov|global)\./.test(label) ? 'inference-profile' : 'foundation-model';
  return { resourceId: `model/${label}`, arn: `arn:aws:bedrock:${region}::${type}/${label}`, region };
}

/** The instants a run compares: the window of complete hours, today so far (UTC), and what to read. */
export interface SpendWindow {
  /** End of the window: the start of the current hour. */
  readonly end: Date;
  readonly windowStart: Date;
  /** UTC midnight of today: "so far today" counts from here to now. */
  readonly dayStart: Date;
  /** The earliest of `windowStart` and `dayStart`. */
  readonly readFrom: Date;
}

/** The windows of a run at `now`. */
export function windowOf(now: Date, config: Pick<TokenSpendConfig, 'windowHours'>): SpendWindow {
  const end = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
  const windowStart = new Date(end.getTime() - config.windowHours * HOUR);
  const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { end, windowStart, dayStart, readFrom: new Date(Math.min(windowStart.getTime(), dayStart.getTime())) };
}

/**
 * Shell command that sets tag `key=value` on what the finding is about: each of a team's
 * profiles, or the profile; a model invoked directly cannot be tagged (a comment says so).
 */
export function tokenSpendTagCommand(ref: ResourceRef, key: string, value: string): string {
  const tag = (arn: string) => `aws bedrock tag-resource --region ${ref.region} --resource-arn ${arn} --tags key=${key},value=${value}`;
  if (ref.resourceId.startsWith('team/')) return `for arn in ${ref.arn}; do ${tag('"$arn"')}; done`;
  if (ref.resourceId.startsWith('model/'))
    return `# direct calls to ${ref.resourceId.slice(6)} cannot be tagged: invoke it through an application inference profile tagged ${key}=${value}`;
  return tag(ref.arn);
}
