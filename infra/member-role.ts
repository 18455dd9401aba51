/**
 * The role the hub's functions assume in each member account of an organization: the
 * reads of every sweep, the actions (and restores) of the sweeps the config switches
 * to apply only, and a trust policy limited to the hub's finops-ai function roles.
 */
import { Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { parseConfig, sweepConfig, type FinOpsConfigInput } from '../lib/config.js';
import { DEFAULT_MEMBER_ROLE_NAME } from '../lib/config/accounts-config.js';
import { ConfigError, type ConfigIssue } from '../lib/core/errors.js';
import { MEMBER_REGION_CHECK_GRANT } from '../lib/runtime/organization-permissions.js';
import { SWEEPS } from '../lib/sweeps/registry.js';
import { guardStatements } from './iam-guard.js';
import { acknowledgeGrants, sweepGrants, type SweepGrants } from './sweep-grants.js';

/**
 * The IAM path of the hub's function roles (sweeps and the pairs Lambda) when
 * `config.accounts` is set: the member role trusts roles under it, and no other.
 */
export const HUB_ROLE_PATH = '/finops-ai/';

/** The most policy characters packed into one managed policy (IAM allows 6,144 without whitespace). */
const POLICY_BUDGET = 5000;

/** Properties of {@link FinOpsAiMemberRole}. */
export interface FinOpsAiMemberRoleProps {
  /**
   * The same finops-ai config the hub's `FinOpsAi` is given: `accounts.roleName` names
   * this role, `accounts.externalId` is required by its trust policy, and a sweep's
   * `mode: "apply"` adds its `act` and `restore` permissions.
   */
  readonly config: FinOpsConfigInput;
  /** The hub's account id (12 digits, or a token such as a stack parameter). */
  readonly hubAccountId: string;
  /**
   * The path of the hub's function roles; only roles under it (in the hub account) may assume this role.
   * @default HUB_ROLE_PATH ('/finops-ai/')
   */
  readonly hubRolePath?: string;
  /**
   * More roles that may assume it (same external id), e.g. an administrator's role for
   * the CLI's `sweep --accounts` and `restore` from a workstation.
   * @default - the hub's function roles only
   */
  readonly additionalTrustedRoleArns?: readonly string[];
  /**
   * A permissions boundary for the role (e.g. `iam.ManagedPolicy.fromManagedPolicyName(this, 'Boundary', 'Boundary')`).
   * @default - none
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_PATH = /^\/([\w+=,.@-]+\/)*$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

/**
 * `FinOpsAiMember` (or `accounts.roleName`) in a member account, assumed by the hub's
 * sweep and pairs Lambdas (`sts:AssumeRole` with `accounts.externalId`).
 *
 * - Trust: the hub account, only for principals whose ARN is under {@link HUB_ROLE_PATH}
 *   there (`aws:PrincipalArn`) or in `additionalTrustedRoleArns`, with `sts:ExternalId`
 *   when the config sets one.
 * - Permissions (customer managed policies, packed under IAM's size limit): every
 *   registered sweep's `inventory`; for each sweep in apply mode its `act` and
 *   `restore` and the guard's `Deny` on exempt and protected resources; and
 *   `ec2:DescribeRegions` (the opt-in region check).
 *
 * Invalid props fail at synth with a `ConfigError` naming the prop.
 *
 * @example
 * new FinOpsAiMemberRole(memberStack, 'Member', { config, hubAccountId: '111122223333' });
 */
export class FinOpsAiMemberRole extends Construct {
  /** The role. */
  readonly role: iam.Role;
  /** Its name (`accounts.roleName`, default `FinOpsAiMember`). */
  readonly roleName: string;
  /** The policies attached to it. */
  readonly policies: readonly iam.ManagedPolicy[];

  constructor(scope: Construct, id: string, props: FinOpsAiMemberRoleProps) {
    super(scope, id);
    const config = parseConfig(props.config, `config of ${this.node.path}`);
    const hubRolePath = props.hubRolePath ?? HUB_ROLE_PATH;
    const additional = props.additionalTrustedRoleArns ?? [];
    validate(this.node.path, props.hubAccountId, hubRolePath, additional);
    this.roleName = config.accounts?.roleName ?? DEFAULT_MEMBER_ROLE_NAME;

    const hubRoles = `arn:${Aws.PARTITION}:iam::${props.hubAccountId}:role${hubRolePath}*`;
    const accounts = [...new Set([props.hubAccountId, ...additional.map((arn) => ROLE_ARN.exec(arn)![1]!)])];
    const externalId = config.accounts?.externalId;
    const principal = new iam.CompositePrincipal(...accounts.map((account) => new iam.AccountPrincipal(account))).withConditions({
      ArnLike: { 'aws:PrincipalArn': [hubRoles, ...additional] },
      ...(externalId ? { StringEquals: { 'sts:ExternalId': externalId } } : {}),
    });
    this.role = new iam.Role(this, 'Role', {
      roleName: this.roleName,
      description: 'finops-ai member role: assumed by the hub account finops-ai functions',
      assumedBy: principal,
      ...(props.permissionsBoundary ? { permissionsBoundary: props.permissionsBoundary } : {}),
    });

    const grants: SweepGrants[] = [];
    const statements: iam.PolicyStatement[] = [
      new iam.PolicyStatement({
        sid: 'OptInRegionCheck',
        actions: [...MEMBER_REGION_CHECK_GRANT.actions],
        resources: [...MEMBER_REGION_CHECK_GRANT.resources],
      }),
    ];
    for (const sweep of SWEEPS) {
      const settings = sweepConfig(config, sweep.name);
      const applies = settings.mode === 'apply' && settings.enabled && sweep.isConfigured?.(settings) !== false;
      const g = sweepGrants(sweep, settings, { act: applies, restore: applies });
      grants.push(g);
      statements.push(...g.statements);
      if (applies) statements.push(...guardStatements(sweep, settings, config).map((s) => withSid(s, sweep.name)));
    }
    this.policies = packPolicies(statements).map(
      (chunk, i) =>
        new iam.ManagedPolicy(this, `Policy${String(i + 1)}`, {
          description: `finops-ai member role (${String(i + 1)})`,
          statements: chunk,
          roles: [this.role],
        }),
    );
    acknowledgeGrants(this, ...grants, {
      statements: [],
      acknowledgements: new Map([
        ['AwsSolutions-IAM5[Resource::*]', 'ec2:DescribeRegions supports no resource-level permissions, so IAM only accepts Resource "*".'],
      ]),
    });
  }
}

/** A guard statement with the sweep in its Sid (the Sids must differ within one policy). */
function withSid(statement: iam.PolicyStatement, sweep: string): iam.PolicyStatement {
  const json = statement.toStatementJson() as { Sid?: string };
  return iam.PolicyStatement.fromJson({ ...json, Sid: `${json.Sid ?? 'Guard'}${sweep.replace(/[^A-Za-z0-9]/g, '')}` });
}

/** Statements packed in order into chunks of at most {@link POLICY_BUDGET} characters each (tokens count as their placeholders). */
function packPolicies(statements: readonly iam.PolicyStatement[]): iam.PolicyStatement[][] {
  const chunks: iam.PolicyStatement[][] = [[]];
  let size = 0;
  for (const statement of statements) {
    const length = JSON.stringify(statement.toStatementJson()).length;
    if (size + length > POLICY_BUDGET && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(statement);
    size += length;
  }
  return chunks;
}

function validate(path: string, hubAccountId: string, hubRolePath: string, additional: readonly string[]): void {
  const issues: ConfigIssue[] = [];
  if (!Token.isUnresolved(hubAccountId) && !ACCOUNT_ID.test(hubAccountId)) {
    issues.push({ field: 'hubAccountId', message: `must be a 12-digit AWS account id; got "${hubAccountId}"` });
  }
  if (!ROLE_PATH.test(hubRolePath)) issues.push({ field: 'hubRolePath', message: `must be an IAM path such as /finops-ai/; got "${hubRolePath}"` });
  additional.forEach((arn, i) => {
    if (!ROLE_ARN.test(arn)) issues.push({ field: `additionalTrustedRoleArns.${String(i)}`, message: `must be an IAM role ARN; got "${arn}"` });
  });
  if (issues.length > 0) throw new ConfigError(issues, `properties of ${path}`);
}
