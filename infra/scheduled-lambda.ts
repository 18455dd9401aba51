/**
 * What every finops-ai Lambda shares, sweep or digest: its own log group and role,
 * a Node.js 24 arm64 ESM bundle with its config beside it (see `lambda-assets.ts`),
 * an EventBridge schedule with retries and an encrypted dead-letter queue, an
 * encrypted on-failure queue for invocations that failed every retry, optionally a
 * reserved concurrency, and alarms on errors, throttles and undelivered schedule
 * events. Created in the caller's scope with fixed ids, so the callers' construct
 * paths (and logical ids) stay as they are.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, POWERTOOLS_ENV, SERVICE_NAME } from '../lib/core/deployment-names.js';
import type { BundledConfig } from '../lib/lambda/bundled-config.js';
import { LAMBDA_HANDLER, stageLambdaAsset } from './lambda-assets.js';

/** Period of every alarm: a run's failure shows within minutes of it. */
export const ALARM_PERIOD = Duration.minutes(5);

/**
 * Retries of a failed asynchronous invocation (EventBridge invokes asynchronously)
 * before it goes to the failure queue: a run is idempotent, so a retry is safe.
 */
export const ASYNC_RETRY_ATTEMPTS = 2;
/** How long an invocation may wait (throttled behind a running one, or between retries) before it is dropped to the failure queue. */
export const ASYNC_MAX_EVENT_AGE = Duration.hours(6);

/** What {@link scheduledLambda} needs. */
export interface ScheduledLambdaProps {
  /** The Lambda's name in `lambda-assets.ts`: a registered sweep's, or `weekly-digest`. */
  readonly lambdaName: string;
  /** What the Lambda reads at cold start, deployed as `config.json` beside its bundle. */
  readonly config: BundledConfig;
  /** Names it in descriptions and alarm texts, e.g. "finops-ai sweep idle-endpoints". */
  readonly label: string;
  readonly functionDescription: string;
  readonly roleDescription: string;
  /** EventBridge schedule expression. */
  readonly schedule: string;
  /** Environment besides the Powertools settings and source maps. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  /**
   * Concurrent executions reserved for (and the most allowed to) the Lambda.
   * @default - none reserved: the account's unreserved pool, no cap
   */
  readonly reservedConcurrency?: number | undefined;
  readonly logRetention: logs.RetentionDays;
  readonly alarmAction: cloudwatch.IAlarmAction;
  /** What a failed invocation means, for the errors alarm. */
  readonly errorsMean: string;
  /** More alarms (id, metric, what it means), after errors and throttles. */
  readonly extraAlarms?: readonly (readonly [id: string, metric: cloudwatch.IMetric, what: string])[];
  /**
   * The IAM path of the execution role.
   * @default '/'
   */
  readonly rolePath?: string;
  /**
   * What the schedule starts, given the function and the schedule's dead-letter queue
   * (e.g. a sweep's state machine over an organization).
   * @default - the function itself, with 2 retries within an hour and the dead-letter queue
   */
  readonly scheduleTarget?: (fn: lambda.Function, deadLetterQueue: sqs.IQueue) => events.IRuleTarget;
}

/** What {@link scheduledLambda} created. */
export interface ScheduledLambda {
  readonly function: lambda.Function;
  /** The execution role (no managed policies): the caller adds what the function may do. */
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  /** The on-failure destination of asynchronous invocations: each holds the event and the error of a run that failed every retry. */
  readonly failureQueue: sqs.Queue;
  /** Errors, throttles, the extra alarms, then undelivered schedule events. */
  readonly alarms: readonly cloudwatch.Alarm[];
}

/** Creates a scheduled Lambda with its role, log group, schedule, dead-letter queue and alarms in `scope`. */
export function scheduledLambda(scope: Construct, props: ScheduledLambdaProps): ScheduledLambda {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', { retention: props.logRetention });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
    ...(props.rolePath ? { path: props.rolePath } : {}),
  });
  logGroup.grantWrite(role);

  const failureQueue = new sqs.Queue(scope, 'FailureQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  // Lambda sends there with the execution role; SqsDestination would also grant GetQueueAttributes and GetQueueUrl, which it never calls.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [failureQueue.queueArn] }));
  Validations.of(failureQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      "This queue is itself the on-failure destination of the Lambda's asynchronous invocations; a DLQ of a DLQ adds nothing, and each failure already raises the Lambda's errors alarm.",
  });

  // Stacks left out of bundling (`cdk deploy OtherStack`) get the config without the bundle, as NodejsFunction does.
  const asset = stageLambdaAsset(props.lambdaName, props.config, { bundle: Stack.of(scope).bundlingRequired });
  const fn = new lambda.Function(scope, 'Function', {
    description: props.functionDescription,
    code: lambda.Code.fromAsset(asset),
    handler: LAMBDA_HANDLER,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
    onFailure: { bind: () => ({ destination: failureQueue.queueArn }) },
    retryAttempts: ASYNC_RETRY_ATTEMPTS,
    maxEventAge: ASYNC_MAX_EVENT_AGE,
    role,
    logGroup,
    environment: {
      ...props.environment,
      [POWERTOOLS_ENV.serviceName]: SERVICE_NAME,
      [POWERTOOLS_ENV.metricsNamespace]: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    },
  });

  const deadLetterQueue = new sqs.Queue(scope, 'ScheduleDlq', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(deadLetterQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is itself the dead-letter queue of the EventBridge schedule target; a DLQ of a DLQ adds nothing, and its depth has an alarm.',
  });
  new events.Rule(scope, 'Schedule', {
    description: props.label,
    schedule: events.Schedule.expression(props.schedule),
    targets: [
      props.scheduleTarget?.(fn, deadLetterQueue) ?? new targets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue }),
    ],
  });

  const alarm = (id: string, metric: cloudwatch.IMetric, what: string) =>
    new cloudwatch.Alarm(scope, id, {
      alarmDescription: `${props.label}: ${what}.`,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  const alarms = [
    alarm('ErrorsAlarm', fn.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), props.errorsMean),
    alarm('ThrottlesAlarm', fn.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'the Lambda was throttled'),
    ...(props.extraAlarms ?? []).map(([id, metric, what]) => alarm(id, metric, what)),
    alarm(
      'DeadLetterAlarm',
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      'a scheduled run could not be delivered to the Lambda (messages in its dead-letter queue)',
    ),
  ];
  for (const a of alarms) a.addAlarmAction(props.alarmAction);
  return { function: fn, role, deadLetterQueue, failureQueue, alarms };
}
