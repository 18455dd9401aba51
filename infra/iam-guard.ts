/**
 * The guard of a sweep's role: explicit `Deny` statements that keep the sweep's
 * actions off resources tagged exempt and, unless the sweep sets `actOnProtected`,
 * off resources of a protected environment, whatever the code decides. The engine
 * (`standingOf` in lib/core/policy.ts) is the first line of defence; this is the
 * second. What IAM can and cannot match (snooze dates, whitespace, tag key case)
 * is written down in docs/iam.md.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type { TagKeys } from '../lib/core/policy.js';
import type { SweepSettings } from '../lib/core/settings.js';
import type { AnySweep } from '../lib/core/sweep.js';

/** Actions whose name says they only read (`ec2:DescribeSnapshots`, `sagemaker:DescribeModel`, ...). */
const READ_ONLY = /^[a-z0-9-]+:(Describe|List|Get|BatchGet)/i;

/** The value of the exempt tag that exempts a resource (any case, as the code reads it). */
export const EXEMPT_TAG_VALUE = 'true';

/** Sids of the guard's statements. */
export const GUARD_SIDS = {
  exempt: 'DenyActingOnExemptResources',
  protected: 'DenyActingOnProtectedEnvironments',
} as const;

/** What the guard needs of the config: the tag keys and the protected environment values. */
export interface GuardPolicy {
  readonly tagKeys: Pick<TagKeys, 'exempt' | 'environment'>;
  readonly protectedEnvironments: readonly string[];
}

/**
 * The actions of a sweep's declared `act` permissions that change something
 * (everything but Describe/List/Get), in declaration order, each once.
 *
 * @example
 * changingActions(OrphanVolumeSweep) // ['ec2:CreateSnapshot', 'ec2:CreateTags', 'ec2:DeleteVolume']
 */
export function changingActions(sweep: AnySweep): string[] {
  const actions = (sweep.permissions.act ?? []).flatMap((grant) => grant.actions).filter((action) => !READ_ONLY.test(action));
  return [...new Set(actions)];
}

/**
 * The `Deny` statements of a sweep's role: none in report mode or for a sweep
 * that declares no action; otherwise one on exempt resources
 * (`StringEqualsIgnoreCase` `aws:ResourceTag/<exempt key>` = `true`) and, unless
 * `actOnProtected`, one on protected environments (`aws:ResourceTag/<environment
 * key>` in `protectedEnvironments`, any case). `Resource` is `*`: whatever
 * resource an action is authorized on (the volume and the new snapshot of
 * `CreateSnapshot`), a tagged one is refused; a resource being created has no
 * `aws:ResourceTag` yet, so the snapshot itself never matches.
 */
export function guardStatements(sweep: AnySweep, settings: SweepSettings, policy: GuardPolicy): iam.PolicyStatement[] {
  if (settings.mode !== 'apply') return [];
  const actions = changingActions(sweep);
  if (actions.length === 0) return [];
  const deny = (sid: string, key: string, values: string | string[]) =>
    new iam.PolicyStatement({
      sid,
      effect: iam.Effect.DENY,
      actions,
      resources: ['*'],
      conditions: { StringEqualsIgnoreCase: { [`aws:ResourceTag/${key}`]: values } },
    });
  const statements = [deny(GUARD_SIDS.exempt, policy.tagKeys.exempt, EXEMPT_TAG_VALUE)];
  if (!settings.actOnProtected && policy.protectedEnvironments.length > 0) {
    statements.push(deny(GUARD_SIDS.protected, policy.tagKeys.environment, [...policy.protectedEnvironments]));
  }
  return statements;
}
