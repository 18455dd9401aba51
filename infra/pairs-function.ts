/**
 * The Lambda that lists a sweep's (account, region) pairs: the first state of every
 * sweep's state machine when `config.accounts` is set (`lib/lambda/pairs-handler.ts`,
 * event `{ sweep }`). One per deployment, shared by the sweeps; invoked by Step
 * Functions only, so it has no schedule.
 */
import { Stack, Validations, type Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import type { AccountsConfig } from '../lib/config/accounts-config.js';
import { METRICS_NAMESPACE, POWERTOOLS_ENV, SERVICE_NAME } from '../lib/core/deployment-names.js';
import { LIST_ACCOUNTS_GRANT } from '../lib/runtime/organization-permissions.js';
import { bundledConfigOf, LAMBDA_HANDLER, PAIRS_LAMBDA, stageLambdaAsset } from './lambda-assets.js';
import { HUB_ROLE_PATH } from './member-role.js';
import { grantMemberAccess } from './member-access.js';
import { ALARM_PERIOD } from './scheduled-lambda.js';

/** The Organizations calls of `lib/runtime/organization-accounts.ts` (the runtime's `LIST_ACCOUNTS_GRANT`). */
export const ORGANIZATIONS_READS: readonly string[] = LIST_ACCOUNTS_GRANT.actions;

/** Properties of {@link PairsFunction}. */
export interface PairsFunctionProps {
  /** The validated config, with `accounts`. */
  readonly config: FinOpsConfig;
  readonly accounts: AccountsConfig;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly alarmAction: cloudwatch.IAlarmAction;
}

/** The pairs Lambda, its role (under {@link HUB_ROLE_PATH}), log group and errors alarm. */
export class PairsFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: PairsFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'finops-ai: lists the (account, region) pairs of a sweep',
      path: HUB_ROLE_PATH,
    });
    logGroup.grantWrite(this.role);
    const asset = stageLambdaAsset(PAIRS_LAMBDA, bundledConfigOf(PAIRS_LAMBDA, props.config), { bundle: Stack.of(this).bundlingRequired });
    this.function = new lambda.Function(this, 'Function', {
      description: `finops-ai: the (account, region) pairs of a sweep (accounts.source ${props.accounts.source})`,
      code: lambda.Code.fromAsset(asset),
      handler: LAMBDA_HANDLER,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: props.timeout,
      role: this.role,
      logGroup,
      environment: {
        [POWERTOOLS_ENV.serviceName]: SERVICE_NAME,
        [POWERTOOLS_ENV.metricsNamespace]: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    if (props.accounts.source === 'organization') {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ListOrganizationAccounts', actions: [...ORGANIZATIONS_READS], resources: ['*'] }));
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'organizations:ListAccounts supports no resource-level permissions, and the accounts and OUs under the configured OUs (ListAccountsForParent, ListOrganizationalUnitsForParent) are found at run time; ec2:DescribeRegions (the opt-in region check) supports none either.',
      });
    }
    grantMemberAccess(this.role, props.accounts);
    const errors = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: 'finops-ai pairs Lambda: listing the accounts failed (the sweep state machine fails with it; see its logs).',
      metric: this.function.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    errors.addAlarmAction(props.alarmAction);
    this.alarms = [errors];
  }
}
