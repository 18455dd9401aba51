/**
 * Everything one scheduled sweep needs: its Lambda, role, log group, schedule,
 * dead-letter and failure queues, and alarms. Used by {@link FinOpsAi} once per
 * enabled sweep; nothing in here is sweep-specific beyond what the registry declares.
 */
import { Aws, Validations, type Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import { ENV, METRIC_DIMENSIONS, METRICS_NAMESPACE, SERVICE_NAME, SWEEP_METRICS } from '../lib/core/deployment-names.js';
import type { SweepSettings } from '../lib/core/settings.js';
import type { AnySweep, IamGrant } from '../lib/core/sweep.js';
import { bundledConfigOf } from './lambda-assets.js';
import { guardStatements } from './iam-guard.js';
import { grantLedger, grantPriceCacheWrites, ledgerAccess, SWEEP_LEDGER_READS, SWEEP_LEDGER_WRITES } from './iam-ledger.js';
import { ALARM_PERIOD, scheduledLambda } from './scheduled-lambda.js';
import { grantEffectiveRateReads } from './iam-spend.js';

export { METRICS_NAMESPACE, SERVICE_NAME } from '../lib/core/deployment-names.js';
export { LAMBDA_BUNDLING } from './lambda-assets.js';
export { ALARM_PERIOD } from './scheduled-lambda.js';

/**
 * The `ResourceErrors` metric of one sweep (resources a run could not inventory
 * or act on), emitted by the handler with dimensions `service` and `sweep`.
 */
export function resourceErrorsMetric(sweep: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: SWEEP_METRICS.resourceErrors,
    dimensionsMap: { [METRIC_DIMENSIONS.service]: SERVICE_NAME, [METRIC_DIMENSIONS.sweep]: sweep },
    statistic: cloudwatch.Stats.SUM,
    period: ALARM_PERIOD,
    ...props,
  });
}

/** Properties of {@link SweepFunction}. */
export interface SweepFunctionProps {
  /** The registered sweep; its Lambda bundles this sweep's folder only (see `lambda-assets.ts`). */
  readonly sweep: AnySweep;
  /** The sweep's resolved settings (`enabled`, `mode`, `schedule`, ...). */
  readonly settings: SweepSettings;
  /** The validated config; the Lambda gets the part it reads as its bundled `config.json`. */
  readonly config: FinOpsConfig;
  /** The ledger the function reads and writes. */
  readonly ledger: dynamodb.ITable;
  /** Where the function publishes owner notices (its only publish permission). */
  readonly noticesTopic: sns.ITopic;
  /** Passed as `FINOPS_DIGEST_TOPIC_ARN` (apply mode requires it); not published to. */
  readonly digestTopic: sns.ITopic;
  /** The key of the topics; the function may use it to publish notices. */
  readonly topicKey: kms.IKey;
  /** Where every alarm goes. */
  readonly alarmAction: cloudwatch.IAlarmAction;
  /** Lambda timeout, validated by the caller. */
  readonly timeout: Duration;
  /**
   * Concurrency reserved for the Lambda, which is also its cap.
   * @default - none reserved
   */
  readonly reservedConcurrency?: number | undefined;
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * One sweep's scheduled Lambda (a generated entry with only this sweep, bundled as
 * ESM for Node.js 24 on arm64, its config beside it) with a least-privilege role
 * built from the sweep's declared permissions, and its alarms.
 */
export class SweepFunction extends Construct {
  /** The Lambda. */
  readonly function: lambda.Function;
  /** Its execution role (no managed policies). */
  readonly role: iam.Role;
  /** Where EventBridge puts schedule events it could not deliver. */
  readonly deadLetterQueue: sqs.Queue;
  /** Where an invocation goes once it failed every retry (the event and the error). */
  readonly failureQueue: sqs.Queue;
  /**
   * The `Deny` statements that keep the sweep's actions off exempt and protected
   * resources (apply mode, sweeps with an action; see `iam-guard.ts`), or `undefined`.
   */
  readonly guard: iam.Policy | undefined;
  /** Errors, throttles, resource errors and undelivered schedule events. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SweepFunctionProps) {
    super(scope, id);
    const { sweep, settings } = props;

    const created = scheduledLambda(this, {
      lambdaName: sweep.name,
      config: bundledConfigOf(sweep.name, props.config),
      label: `finops-ai sweep ${sweep.name}`,
      functionDescription: `finops-ai: ${sweep.title} (${settings.mode} mode, ${settings.schedule})`,
      roleDescription: `finops-ai sweep ${sweep.name} (${settings.mode} mode)`,
      schedule: settings.schedule,
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.noticesTopicArn]: props.noticesTopic.topicArn,
        [ENV.digestTopicArn]: props.digestTopic.topicArn,
      },
      timeout: props.timeout,
      reservedConcurrency: props.reservedConcurrency,
      logRetention: props.logRetention,
      alarmAction: props.alarmAction,
      errorsMean: 'the Lambda failed (a run with resource errors fails on purpose; see its logs)',
      extraAlarms: [['ResourceErrorsAlarm', resourceErrorsMetric(sweep.name), 'some resources could not be inventoried or acted on']],
    });
    this.function = created.function;
    this.role = created.role;
    this.deadLetterQueue = created.deadLetterQueue;
    this.failureQueue = created.failureQueue;
    this.alarms = created.alarms;

    this.grantSweepPermissions(sweep, settings);
    const guard = guardStatements(sweep, settings, props.config);
    this.guard = guard.length > 0 ? new iam.Policy(this, 'Guard', { statements: guard, roles: [this.role] }) : undefined;
    // Exactly what the engine calls on the ledger; writes only in apply mode (report mode writes nothing).
    grantLedger(props.ledger, this.role, settings.mode === 'apply' ? ledgerAccess(SWEEP_LEDGER_READS, SWEEP_LEDGER_WRITES) : SWEEP_LEDGER_READS);
    if (sweep.priceKeys) grantPriceCacheWrites(props.ledger, this.role);
    // Effective rates measured in Cost Explorer, for the sweeps that price.
    if (sweep.priceKeys && props.config.pricing.effectiveRateFromCostExplorer) grantEffectiveRateReads(this.role);
    // Owner notices only: the sweep never publishes the digest or ops alarms.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.noticesTopic.topicArn] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.topicKey.keyArn] }));
  }

  /**
   * The sweep's `inventory` grants always, its `act` grants only in apply mode (as
   * `permissionsFor` gives them for its settings, when it depends on them).
   * Each wildcard they contain is acknowledged for cdk-nag (IAM5), finding by
   * finding, with the reason it cannot be narrower.
   */
  private grantSweepPermissions(sweep: AnySweep, settings: SweepSettings): void {
    const permissions = sweep.permissionsFor?.(settings) ?? sweep.permissions;
    const grants: [kind: string, grant: IamGrant][] = [
      ...permissions.inventory.map((g): [string, IamGrant] => ['inventory', g]),
      ...(settings.mode === 'apply' ? (permissions.act ?? []).map((g): [string, IamGrant] => ['act', g]) : []),
    ];
    const needs = new Map<string, string[]>();
    const need = (finding: string, what: string) => needs.set(finding, [...(needs.get(finding) ?? []), what]);
    for (const [kind, grant] of grants) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: grant.resources.map(concreteArn),
          ...(grant.conditions ? { conditions: structuredClone(grant.conditions) } : {}),
        }),
      );
      for (const action of grant.actions.filter((a) => a.includes('*'))) need(`Action::${action}`, `${action} (${kind})`);
      for (const resource of grant.resources.filter((r) => r.includes('*'))) need(`Resource::${flatArn(resource)}`, `${grant.actions.join(', ')} (${kind})`);
    }
    const reasons = new Map<string, string>();
    for (const [finding, what] of needs) {
      const declared = `Declared by sweep ${sweep.name} in lib/sweeps: ${what.join('; ')}.`;
      reasons.set(
        finding,
        finding === 'Resource::*'
          ? `${declared} These calls support no resource-level permissions, so IAM only accepts Resource "*".`
          : finding.startsWith('Resource::')
            ? `${declared} The sweep works on resources it discovers at run time in every swept region, so the grant is limited to this account and resource type, not to names or regions.`
            : declared,
      );
    }
    for (const [finding, reason] of reasons) Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** An ARN template of the registry with the deploying account and partition. */
function concreteArn(template: string): string {
  return template.replaceAll('{partition}', Aws.PARTITION).replaceAll('{account}', Aws.ACCOUNT_ID);
}

/** The same ARN as cdk-nag prints it in a finding id (pseudo parameters as `<AWS::...>`). */
function flatArn(template: string): string {
  return template.replaceAll('{partition}', '<AWS::Partition>').replaceAll('{account}', '<AWS::AccountId>');
}
