/**
 * The member role of an organization (issue 16): its trust (the hub's function roles by
 * path, the external id), its scoping (every sweep's reads, acts and restores only for
 * apply-mode sweeps, the guard), the member stack and the service-managed StackSet,
 * validation of the props, and cdk-nag.
 */
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import nag from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { FinOpsConfigInput } from '../../lib/config.js';
import { ConfigError } from '../../lib/core/errors.js';
import { SWEEPS, sweepNamed } from '../../lib/sweeps/registry.js';
import { changingActions, GUARD_SIDS } from '../../infra/iam-guard.js';
import { FinOpsAiMemberRole, HUB_ROLE_PATH, type FinOpsAiMemberRoleProps } from '../../infra/member-role.js';
import { FinOpsAiMemberStack, FinOpsAiMemberStackSet, HUB_ACCOUNT_PARAMETER } from '../../infra/member-stack.js';

const HUB = '111122223333';
const ORG: FinOpsConfigInput = { accounts: { source: 'organization', externalId: 'finops-ai-prod' } };
const APPLY_ENDPOINTS: FinOpsConfigInput = { ...ORG, sweeps: { 'idle-endpoints': { mode: 'apply' } } };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- policy JSON
type Json = any;

function member(props: Partial<FinOpsAiMemberRoleProps> & Pick<FinOpsAiMemberRoleProps, 'config'>) {
  const stack = new Stack(new App(), 'Member');
  const construct = new FinOpsAiMemberRole(stack, 'Member', { hubAccountId: HUB, ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

/** CloudFormation values with the partition as `aws` and joins joined. */
function flat(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(flat);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(flat(p))).join(sep);
    }
    if ('Ref' in o) return o.Ref === 'AWS::Partition' ? 'aws' : o.Ref === 'AWS::AccountId' ? '<account>' : `<${String(o.Ref)}>`;
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, flat(v)]));
  }
  return value;
}

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnElement);
const roleOf = (m: ReturnType<typeof member>): Json => flat(m.template.toJSON().Resources[logicalId(m.construct.role)].Properties);
const statementsOf = (m: ReturnType<typeof member>): Json[] =>
  Object.values(m.template.findResources('AWS::IAM::ManagedPolicy')).flatMap((p) => flat(p.Properties.PolicyDocument.Statement) as Json[]);
const allowed = (m: ReturnType<typeof member>) =>
  new Set(
    statementsOf(m)
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => [s.Action].flat() as string[]),
  );

function nagFindings(scope: IConstruct): string[] {
  const report = new nag.AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
  return report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

const fields = (create: () => unknown) => {
  try {
    create();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => i.field);
    throw error;
  }
  return [];
};

describe('trust', () => {
  it('trusts the hub account only for roles under the hub role path, with the external id', () => {
    const m = member({ config: ORG });
    expect(roleOf(m)).toMatchObject({ RoleName: 'FinOpsAiMember' });
    expect(roleOf(m).AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: `arn:aws:iam::${HUB}:root` },
        Condition: {
          ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${HUB}:role${HUB_ROLE_PATH}*`] },
          StringEquals: { 'sts:ExternalId': 'finops-ai-prod' },
        },
      },
    ]);
  });

  it('without an external id: no sts:ExternalId condition; extra roles trusted by ARN; the role named by accounts.roleName', () => {
    const admin = 'arn:aws:iam::999988887777:role/Admin';
    const m = member({ config: { accounts: { source: 'list', ids: ['444455556666'], roleName: 'FinOpsReader' } }, additionalTrustedRoleArns: [admin] });
    const statements: Json[] = roleOf(m).AssumeRolePolicyDocument.Statement;
    expect(roleOf(m).RoleName).toBe('FinOpsReader');
    for (const statement of statements) {
      expect(statement.Condition).toEqual({ ArnLike: { 'aws:PrincipalArn': [`arn:aws:iam::${HUB}:role${HUB_ROLE_PATH}*`, admin] } });
    }
    expect(statements.flatMap((s) => [s.Principal.AWS].flat()).sort()).toEqual([`arn:aws:iam::${HUB}:root`, 'arn:aws:iam::999988887777:root']);
  });

  it('takes a permissions boundary', () => {
    const stack = new Stack(new App(), 'Member');
    const boundary = iam.ManagedPolicy.fromManagedPolicyName(stack, 'Boundary', 'FinOpsBoundary');
    new FinOpsAiMemberRole(stack, 'Member', { config: ORG, hubAccountId: HUB, permissionsBoundary: boundary });
    const [role] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Role'));
    expect(flat(role!.Properties.PermissionsBoundary)).toBe('arn:aws:iam::<account>:policy/FinOpsBoundary');
  });
});

describe('scoping', () => {
  it('reads for every registered sweep, in report mode nothing that changes a resource', () => {
    const m = member({ config: ORG });
    const actions = allowed(m);
    for (const sweep of SWEEPS) for (const grant of sweep.permissions.inventory) for (const a of grant.actions) expect(actions).toContain(a);
    for (const sweep of SWEEPS) for (const a of changingActions(sweep)) expect(actions).not.toContain(a);
    expect(actions).toContain('ec2:DescribeRegions');
    expect(statementsOf(m).filter((s) => s.Effect === 'Deny')).toEqual([]);
  });

  it('acts and restores only for the sweeps in apply mode, guarded against exempt and protected resources', () => {
    const m = member({ config: APPLY_ENDPOINTS });
    const actions = allowed(m);
    const endpoints = sweepNamed('idle-endpoints');
    for (const grant of [...(endpoints.permissions.act ?? []), ...(endpoints.permissions.restore ?? [])])
      for (const a of grant.actions) expect(actions).toContain(a);
    const ownActions = new Set(
      [...endpoints.permissions.inventory, ...(endpoints.permissions.act ?? []), ...(endpoints.permissions.restore ?? [])].flatMap((g) => g.actions),
    );
    for (const sweep of SWEEPS.filter((s) => s.name !== 'idle-endpoints')) {
      for (const a of changingActions(sweep).filter((x) => !ownActions.has(x))) expect(actions).not.toContain(a);
    }
    const denies = statementsOf(m).filter((s) => s.Effect === 'Deny');
    expect(denies.map((s) => s.Sid)).toEqual([`${GUARD_SIDS.exempt}idleendpoints`, `${GUARD_SIDS.protected}idleendpoints`]);
    for (const deny of denies) expect([deny.Action].flat().sort()).toEqual([...changingActions(endpoints)].sort());
  });

  it('keeps each managed policy under IAM’s 6,144 characters', () => {
    const apply = Object.fromEntries(SWEEPS.map((s) => [s.name, { mode: 'apply' }]));
    const m = member({ config: { ...ORG, budgets: { teams: [{ team: 'nlp', monthlyLimitUsd: 100 }] }, sweeps: apply } });
    const policies = Object.values(m.template.findResources('AWS::IAM::ManagedPolicy'));
    expect(policies.length).toBeLessThanOrEqual(10);
    for (const p of policies) expect(JSON.stringify(flat(p.Properties.PolicyDocument)).length).toBeLessThan(6144);
  });
});

describe('props', () => {
  it('refuses a hub account, a role path or a trusted role ARN that is not one, naming the prop', () => {
    expect(fields(() => member({ config: ORG, hubAccountId: '1234' }))).toEqual(['hubAccountId']);
    expect(fields(() => member({ config: ORG, hubRolePath: 'finops' }))).toEqual(['hubRolePath']);
    expect(fields(() => member({ config: ORG, additionalTrustedRoleArns: ['arn:aws:iam::1:user/x'] }))).toEqual(['additionalTrustedRoleArns.0']);
  });
});

describe('member stack and StackSet', () => {
  it('the member stack takes the hub account as a parameter', () => {
    const stack = new FinOpsAiMemberStack(new App(), 'FinOpsAiMember', { config: ORG, hubAccountId: HUB, permissionsBoundaryName: 'FinOpsBoundary' });
    const template = Template.fromStack(stack);
    template.hasParameter(HUB_ACCOUNT_PARAMETER, { Type: 'String', Default: HUB, AllowedPattern: '^\\d{12}$' });
    const [role] = Object.values(template.findResources('AWS::IAM::Role'));
    expect((flat(role!.Properties.AssumeRolePolicyDocument) as Json).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::<${HUB_ACCOUNT_PARAMETER}>:root` });
    expect(flat(role!.Properties.PermissionsBoundary)).toBe('arn:aws:iam::<account>:policy/FinOpsBoundary');
    expect(nagFindings(stack)).toEqual([]);
  });

  it('a service-managed StackSet auto-deploys the member template to the OUs, with CAPABILITY_NAMED_IAM and the hub account', () => {
    const hub = new Stack(new App(), 'Hub');
    const set = new FinOpsAiMemberStackSet(hub, 'Members', { config: APPLY_ENDPOINTS, organizationalUnitIds: ['ou-ab12-ml000001', 'r-ab12'] });
    const template = Template.fromStack(hub);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      CallAs: 'SELF',
      Parameters: [{ ParameterKey: HUB_ACCOUNT_PARAMETER, ParameterValue: { Ref: 'AWS::AccountId' } }],
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-ml000001', 'r-ab12'] }, Regions: [{ Ref: 'AWS::Region' }] }],
    });
    const body = JSON.parse(set.templateBody);
    expect(Object.keys(body.Parameters)).toEqual([HUB_ACCOUNT_PARAMETER]);
    expect(body.Rules).toBeUndefined();
    const types = Object.values(body.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toContain('AWS::IAM::Role');
    expect(types.filter((t) => t !== 'AWS::IAM::Role' && t !== 'AWS::IAM::ManagedPolicy')).toEqual([]);
    expect(JSON.stringify(body)).toContain('sagemaker:DeleteEndpoint');
    expect(nagFindings(hub)).toEqual([]);
  });

  it('refuses an OU id that is not one', () => {
    const hub = new Stack(new App(), 'Hub');
    expect(fields(() => new FinOpsAiMemberStackSet(hub, 'Members', { config: ORG, organizationalUnitIds: ['ml-team'] }))).toEqual(['organizationalUnitIds.0']);
  });
});
