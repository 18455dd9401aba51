/**
 * What every finops-ai Lambda shares, sweep or digest: its own log group and role,
 * a Node.js 24 arm64 ESM bundle, an EventBridge schedule with retries and an
 * encrypted dead-letter queue, and alarms on errors, throttles and undelivered
 * schedule events. Created in the caller's scope with fixed ids, so the callers'
 * construct paths (and logical ids) stay as they are.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Powertools `serviceName` of every Lambda (as in `lib/lambda/sweep-handler.ts`). */
export const SERVICE_NAME = 'finops-ai';
/** CloudWatch namespace of the custom metrics (as in `lib/lambda/sweep-handler.ts`). */
export const METRICS_NAMESPACE = 'FinOpsAI';
/** The repository root (this file is `infra/scheduled-lambda.ts`). */
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

/** What {@link scheduledLambda} needs. */
export interface ScheduledLambdaProps {
  /** Entry file under `functions/`, e.g. `idle-endpoints.ts`. */
  readonly entryFile: string;
  /** Names it in descriptions and alarm texts, e.g. "finops-ai sweep idle-endpoints". */
  readonly label: string;
  readonly functionDescription: string;
  readonly roleDescription: string;
  /** EventBridge schedule expression. */
  readonly schedule: string;
  /** Environment besides the Powertools settings and source maps. */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly alarmAction: cloudwatch.IAlarmAction;
  /** What a failed invocation means, for the errors alarm. */
  readonly errorsMean: string;
  /** More alarms (id, metric, what it means), after errors and throttles. */
  readonly extraAlarms?: readonly (readonly [id: string, metric: cloudwatch.IMetric, what: string])[];
}

/** What {@link scheduledLambda} created. */
export interface ScheduledLambda {
  readonly function: NodejsFunction;
  /** The execution role (no managed policies): the caller adds what the function may do. */
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  /** Errors, throttles, the extra alarms, then undelivered schedule events. */
  readonly alarms: readonly cloudwatch.Alarm[];
}

/** Creates a scheduled Lambda with its role, log group, schedule, dead-letter queue and alarms in `scope`. */
export function scheduledLambda(scope: Construct, props: ScheduledLambdaProps): ScheduledLambda {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', { retention: props.logRetention });
  const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: props.roleDescription });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, 'Function', {
    description: props.functionDescription,
    entry: join(REPO_ROOT, 'functions', props.entryFile),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 512,
    timeout: props.timeout,
    role,
    logGroup,
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    },
    bundling: { ...LAMBDA_BUNDLING, mainFields: [...LAMBDA_BUNDLING.mainFields], externalModules: [...LAMBDA_BUNDLING.externalModules] },
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
    targets: [new targets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.hours(1), deadLetterQueue })],
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
  return { function: fn, role, deadLetterQueue, alarms };
}
