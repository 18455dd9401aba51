/**
 * A sweep's declared permissions as IAM statements, for whichever role runs its calls:
 * the hub's sweep Lambda (its own account) or the member role (every other account).
 * Each wildcard they contain is acknowledged for cdk-nag (IAM5), finding by finding,
 * with the reason it cannot be narrower.
 */
import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { SweepSettings } from '../lib/core/settings.js';
import type { AnySweep, IamGrant } from '../lib/core/sweep.js';

/** A sweep's statements and the cdk-nag findings (`AwsSolutions-IAM5[...]` ids) their wildcards raise, with reasons. */
export interface SweepGrants {
  readonly statements: readonly iam.PolicyStatement[];
  readonly acknowledgements: ReadonlyMap<string, string>;
}

/** Which of a sweep's capabilities besides `inventory` to grant. */
export interface SweepGrantOptions {
  /** The `act` grants (apply mode only). */
  readonly act: boolean;
  /** The `restore` grants (where `restore` runs: the member role of an apply-mode sweep). @default false */
  readonly restore?: boolean;
}

/**
 * The sweep's `inventory` grants always, its `act` (and `restore`) grants only when asked (apply mode),
 * as `permissionsFor` gives them for its settings when it depends on them. ARN
 * templates get the partition and account of the stack the statements land in.
 *
 * @example
 * const { statements } = sweepGrants(sweepNamed('idle-endpoints'), settings, { act: settings.mode === 'apply' });
 */
export function sweepGrants(sweep: AnySweep, settings: SweepSettings, options: SweepGrantOptions): SweepGrants {
  const permissions = sweep.permissionsFor?.(settings) ?? sweep.permissions;
  const grants: [kind: string, grant: IamGrant][] = [
    ...permissions.inventory.map((g): [string, IamGrant] => ['inventory', g]),
    ...(options.act ? (permissions.act ?? []).map((g): [string, IamGrant] => ['act', g]) : []),
    ...(options.restore ? (permissions.restore ?? []).map((g): [string, IamGrant] => ['restore', g]) : []),
  ];
  const statements: iam.PolicyStatement[] = [];
  const needs = new Map<string, string[]>();
  const need = (finding: string, what: string) => needs.set(finding, [...(needs.get(finding) ?? []), what]);
  for (const [kind, grant] of grants) {
    statements.push(
      new iam.PolicyStatement({
        actions: [...grant.actions],
        resources: grant.resources.map(concreteArn),
        ...(grant.conditions ? { conditions: structuredClone(grant.conditions) } : {}),
      }),
    );
    for (const action of grant.actions.filter((a) => a.includes('*'))) need(`Action::${action}`, `${action} (${kind})`);
    for (const resource of grant.resources.filter((r) => r.includes('*'))) need(`Resource::${flatArn(resource)}`, `${grant.actions.join(', ')} (${kind})`);
  }
  const acknowledgements = new Map<string, string>();
  for (const [finding, what] of needs) {
    const declared = `Declared by sweep ${sweep.name} in lib/sweeps: ${what.join('; ')}.`;
    acknowledgements.set(
      `AwsSolutions-IAM5[${finding}]`,
      finding === 'Resource::*'
        ? `${declared} These calls support no resource-level permissions, so IAM only accepts Resource "*".`
        : finding.startsWith('Resource::')
          ? `${declared} The sweep works on resources it discovers at run time in every swept region, so the grant is limited to this account and resource type, not to names or regions.`
          : declared,
    );
  }
  return { statements, acknowledgements };
}

/** Acknowledges on `scope` the cdk-nag findings of one or more {@link sweepGrants} (reasons of the same finding joined). */
export function acknowledgeGrants(scope: IConstruct, ...grants: readonly SweepGrants[]): void {
  const reasons = new Map<string, string[]>();
  for (const g of grants) for (const [id, reason] of g.acknowledgements) reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  for (const [id, reason] of reasons) Validations.of(scope).acknowledge({ id, reason: reason.join(' ') });
}

/** An ARN template of the registry with the deploying account and partition. */
function concreteArn(template: string): string {
  return template.replaceAll('{partition}', Aws.PARTITION).replaceAll('{account}', Aws.ACCOUNT_ID);
}

/** The same ARN as cdk-nag prints it in a finding id (pseudo parameters as `<AWS::...>`). */
function flatArn(template: string): string {
  return template.replaceAll('{partition}', '<AWS::Partition>').replaceAll('{account}', '<AWS::AccountId>');
}
