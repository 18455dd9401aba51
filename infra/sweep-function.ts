/**
 * Everything one scheduled sweep needs: its Lambda, role, log group, schedule,
 * dead-letter queue and alarms. Used by {@link FinOpsAi} once per enabled sweep;
 * nothing in here is sweep-specific beyond what the registry declares.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import { FinOpsError } from '../lib/core/errors.js';
import type { SweepSettings } from '../lib/core/settings.js';
import type { AnySweep, IamGrant } from '../lib/core/sweep.js';
import { ENV } from '../lib/runtime.js';
import { grantLedgerAccess } from './ledger-table.js';

/** Powertools `serviceName` of every sweep Lambda (as in `lib/lambda/sweep-handler.ts`). */
export const SERVICE_NAME = 'finops-ai';
/** CloudWatch namespace of the sweeps' custom metrics (as in `lib/lambda/sweep-handler.ts`). */
export const METRICS_NAMESPACE = 'FinOpsAI';

/** The repository root (this file is `infra/sweep-function.ts`). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Period of every alarm: a run's failure shows within minutes of it. */
export const ALARM_PERIOD = Duration.minutes(5);

/** How every finops-ai Lambda is bundled: minified ESM for Node.js 24, the AWS SDK left to the runtime. */
export const LAMBDA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // The Node.js 24 runtime ships the AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
  // Lets CommonJS dependencies bundled into the ESM output call `require`.
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
} as const;

/**
 * The `ResourceErrors` metric of one sweep (resources a run could not inventory
 * or act on), emitted by the handler with dimensions `service` and `sweep`.
 */
export function resourceErrorsMetric(sweep: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: 'ResourceErrors',
    dimensionsMap: { service: SERVICE_NAME, sweep },
    statistic: cloudwatch.Stats.SUM,
    period: ALARM_PERIOD,
    ...props,
  });
}

/** Properties of {@link SweepFunction}. */
export interface SweepFunctionProps {
  /** The registered sweep; its Lambda entry is `functions/<name>.ts`. */
  readonly sweep: AnySweep;
  /** The sweep's resolved settings (`enabled`, `mode`, `schedule`, ...). */
  readonly settings: SweepSettings;
  /** The validated config, passed to the Lambda as `FINOPS_CONFIG`. */
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
  /** Retention of the function's log group. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * One sweep's scheduled Lambda (`functions/<sweep>.ts`, bundled as ESM for
 * Node.js 24 on arm64) with a least-privilege role built from the sweep's
 * declared permissions, and its alarms.
 */
export class SweepFunction extends Construct {
  /** The Lambda. */
  readonly function: NodejsFunction;
  /** Its execution role (no managed policies). */
  readonly role: iam.Role;
  /** Where EventBridge puts schedule events it could not deliver. */
  readonly deadLetterQueue: sqs.Queue;
  /** Errors, throttles, resource errors and undelivered schedule events. */
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly #sweepName: string;

  constructor(scope: Construct, id: string, props: SweepFunctionProps) {
    super(scope, id);
    const { sweep, settings } = props;
    this.#sweepName = sweep.name;
    const entry = join(REPO_ROOT, 'functions', `${sweep.name}.ts`);
    if (!existsSync(entry)) {
      throw new FinOpsError(`Sweep "${sweep.name}" has no Lambda entry: expected ${entry} exporting \`handler\`.`);
    }

    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `finops-ai sweep ${sweep.name} (${settings.mode} mode)`,
    });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      description: `finops-ai: ${sweep.title} (${settings.mode} mode, ${settings.schedule})`,
      entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      role: this.role,
      logGroup,
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.noticesTopicArn]: props.noticesTopic.topicArn,
        [ENV.digestTopicArn]: props.digestTopic.topicArn,
        [ENV.config]: JSON.stringify(props.config),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: { ...LAMBDA_BUNDLING, mainFields: [...LAMBDA_BUNDLING.mainFields], externalModules: [...LAMBDA_BUNDLING.externalModules] },
    });

    this.grantSweepPermissions(sweep, settings);
    grantLedgerAccess(props.ledger, this.role, 'readWrite');
    // Owner notices only: the sweep never publishes the digest or ops alarms.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.noticesTopic.topicArn] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.topicKey.keyArn] }));

    this.deadLetterQueue = new sqs.Queue(this, 'ScheduleDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the EventBridge schedule target; a DLQ of a DLQ adds nothing, and its depth has an alarm.',
    });
    new events.Rule(this, 'Schedule', {
      description: `finops-ai sweep ${sweep.name}`,
      schedule: events.Schedule.expression(settings.schedule),
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    this.alarms = [
      this.alarm('ErrorsAlarm', this.function.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'the Lambda failed (a run with resource errors fails on purpose; see its logs)'),
      this.alarm('ThrottlesAlarm', this.function.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'the Lambda was throttled'),
      this.alarm('ResourceErrorsAlarm', resourceErrorsMetric(sweep.name), 'some resources could not be inventoried or acted on'),
      this.alarm(
        'DeadLetterAlarm',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
        'a scheduled run could not be delivered to the Lambda (messages in its dead-letter queue)',
      ),
    ];
    for (const alarm of this.alarms) alarm.addAlarmAction(props.alarmAction);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, what: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: `finops-ai sweep ${this.#sweepName}: ${what}.`,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The sweep's `inventory` grants always, its `act` grants only in apply mode.
   * Each wildcard they contain is acknowledged for cdk-nag (IAM5), finding by
   * finding, with the reason it cannot be narrower.
   */
  private grantSweepPermissions(sweep: AnySweep, settings: SweepSettings): void {
    const grants: [kind: string, grant: IamGrant][] = [
      ...sweep.permissions.inventory.map((g): [string, IamGrant] => ['inventory', g]),
      ...(settings.mode === 'apply' ? sweep.permissions.act.map((g): [string, IamGrant] => ['act', g]) : []),
    ];
    const needs = new Map<string, string[]>();
    const need = (finding: string, what: string) => needs.set(finding, [...(needs.get(finding) ?? []), what]);
    for (const [kind, grant] of grants) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...grant.actions], resources: grant.resources.map(concreteArn) }));
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
