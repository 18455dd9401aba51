/**
 * The member role as a stack of its own, and a service-managed StackSet that deploys
 * it to every account of chosen organizational units (and to accounts that join them
 * later), from the hub.
 */
import { App, Aws, BootstraplessSynthesizer, CfnParameter, Stack, Token, type IStackSynthesizer, type StackProps } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { FinOpsConfigInput } from '../lib/config.js';
import { ConfigError, type ConfigIssue } from '../lib/core/errors.js';
import { FinOpsAiMemberRole, type FinOpsAiMemberRoleProps } from './member-role.js';

/** The member stack's parameter holding the hub's account id. */
export const HUB_ACCOUNT_PARAMETER = 'HubAccountId';

/** What the member role needs, besides the hub's account (a stack parameter here). */
export interface FinOpsAiMemberTemplateProps extends Omit<FinOpsAiMemberRoleProps, 'hubAccountId' | 'permissionsBoundary'> {
  /**
   * The name of a managed policy in each member account to use as the role's permissions boundary.
   * @default - none
   */
  readonly permissionsBoundaryName?: string;
}

/** Properties of {@link FinOpsAiMemberStack}. */
export interface FinOpsAiMemberStackProps extends StackProps, FinOpsAiMemberTemplateProps {
  /**
   * The default of the `HubAccountId` parameter.
   * @default - none: the parameter must be given at deployment (the StackSet gives it)
   */
  readonly hubAccountId?: string;
}

/**
 * A stack holding one {@link FinOpsAiMemberRole} (construct id `Member`), the hub's
 * account id its `HubAccountId` parameter. Deploy it to a member account yourself, or
 * let {@link FinOpsAiMemberStackSet} deploy it to OUs.
 */
export class FinOpsAiMemberStack extends Stack {
  readonly member: FinOpsAiMemberRole;

  constructor(scope: Construct, id: string, props: FinOpsAiMemberStackProps) {
    super(scope, id, props);
    const hub = new CfnParameter(this, HUB_ACCOUNT_PARAMETER, {
      type: 'String',
      description: 'The finops-ai hub account, whose finops-ai function roles may assume the member role',
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'a 12-digit AWS account id',
      ...(props.hubAccountId ? { default: props.hubAccountId } : {}),
    });
    const { permissionsBoundaryName, hubAccountId, ...roleProps } = props;
    if (hubAccountId !== undefined) validateAccountId(this.node.path, 'hubAccountId', hubAccountId);
    this.member = new FinOpsAiMemberRole(this, 'Member', {
      config: roleProps.config,
      hubAccountId: hub.valueAsString,
      ...(roleProps.hubRolePath ? { hubRolePath: roleProps.hubRolePath } : {}),
      ...(roleProps.additionalTrustedRoleArns ? { additionalTrustedRoleArns: roleProps.additionalTrustedRoleArns } : {}),
      ...(permissionsBoundaryName ? { permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyName(this, 'Boundary', permissionsBoundaryName) } : {}),
    });
  }
}

/** Properties of {@link FinOpsAiMemberStackSet}. */
export interface FinOpsAiMemberStackSetProps extends FinOpsAiMemberTemplateProps {
  /** The same config the hub's `FinOpsAi` is given. */
  readonly config: FinOpsConfigInput;
  /** The OUs (`ou-...`) or root (`r-...`) whose accounts, present and future, get the member role. */
  readonly organizationalUnitIds: readonly string[];
  /**
   * The hub's account id.
   * @default - the account of the stack this construct is in
   */
  readonly hubAccountId?: string;
  /**
   * The region each account's stack is deployed in (IAM is global: one is enough).
   * @default - the region of the stack this construct is in
   */
  readonly region?: string;
  /**
   * `DELEGATED_ADMIN` when the hub is a delegated administrator for StackSets, not the management account.
   * @default 'SELF'
   */
  readonly callAs?: 'SELF' | 'DELEGATED_ADMIN';
  /**
   * The StackSet's name.
   * @default 'FinOpsAiMember'
   */
  readonly stackSetName?: string;
}

const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
/** CloudFormation's limit on a `TemplateBody`. */
const MAX_TEMPLATE_BODY = 51_200;

/**
 * A service-managed StackSet (`AWS::CloudFormation::StackSet`, permission model
 * `SERVICE_MANAGED`) of {@link FinOpsAiMemberStack}'s template, auto-deployed to every
 * account of `organizationalUnitIds` (stacks removed with an account that leaves them),
 * with `CAPABILITY_NAMED_IAM` (the role has a fixed name). Create it in the hub (the
 * management account, or a StackSets delegated administrator with `callAs`). The
 * management account itself never gets a stack from a service-managed StackSet: the hub
 * sweeps its own account with its own roles.
 *
 * @example
 * new FinOpsAiMemberStackSet(hubStack, 'MemberRoles', { config, organizationalUnitIds: ['ou-ab12-ml000001'] });
 */
export class FinOpsAiMemberStackSet extends Construct {
  readonly stackSet: cloudformation.CfnStackSet;
  /** The member stack's template, as deployed. */
  readonly templateBody: string;

  constructor(scope: Construct, id: string, props: FinOpsAiMemberStackSetProps) {
    super(scope, id);
    const issues: ConfigIssue[] = [];
    if (props.organizationalUnitIds.length === 0) issues.push({ field: 'organizationalUnitIds', message: 'must name at least one OU or root' });
    props.organizationalUnitIds.forEach((ou, i) => {
      if (!Token.isUnresolved(ou) && !PARENT_ID.test(ou))
        issues.push({ field: `organizationalUnitIds.${String(i)}`, message: `must be an OU id (ou-...) or root id (r-...); got "${ou}"` });
    });
    if (issues.length > 0) throw new ConfigError(issues, `properties of ${this.node.path}`);
    if (props.hubAccountId !== undefined) validateAccountId(this.node.path, 'hubAccountId', props.hubAccountId);

    const { organizationalUnitIds, hubAccountId, region, callAs, stackSetName, ...template } = props;
    this.templateBody = memberTemplateBody(template);
    if (this.templateBody.length > MAX_TEMPLATE_BODY) {
      throw new ConfigError(
        [
          {
            field: 'config',
            message: `gives a member template of ${String(this.templateBody.length)} bytes, over CloudFormation's ${String(MAX_TEMPLATE_BODY)}`,
          },
        ],
        `properties of ${this.node.path}`,
      );
    }
    this.stackSet = new cloudformation.CfnStackSet(this, 'StackSet', {
      stackSetName: stackSetName ?? 'FinOpsAiMember',
      description: 'finops-ai member role, assumed by the hub account finops-ai functions',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      callAs: callAs ?? 'SELF',
      managedExecution: { Active: true },
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: 'PARALLEL' },
      parameters: [{ parameterKey: HUB_ACCOUNT_PARAMETER, parameterValue: hubAccountId ?? Aws.ACCOUNT_ID }],
      stackInstancesGroup: [{ deploymentTargets: { organizationalUnitIds: [...organizationalUnitIds] }, regions: [region ?? Stack.of(this).region] }],
      templateBody: this.templateBody,
    });
  }
}

/** The member stack's template alone (no bootstrap parameter, no metadata), as JSON. */
export function memberTemplateBody(props: FinOpsAiMemberTemplateProps): string {
  const app = new App({ analyticsReporting: false });
  const stack = new FinOpsAiMemberStack(app, 'FinOpsAiMember', {
    ...props,
    // A cast for exactOptionalPropertyTypes, as in finops-ai.ts.
    synthesizer: new BootstraplessSynthesizer() as IStackSynthesizer,
    analyticsReporting: false,
  });
  return JSON.stringify(app.synth().getStackByName(stack.stackName).template);
}

function validateAccountId(path: string, field: string, value: string): void {
  if (!Token.isUnresolved(value) && !/^\d{12}$/.test(value)) {
    throw new ConfigError([{ field, message: `must be a 12-digit AWS account id; got "${value}"` }], `properties of ${path}`);
  }
}
