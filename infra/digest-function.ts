/**
 * The weekly digest: its Lambda, role, log group, schedule, dead-letter queue and
 * alarms. Used by {@link FinOpsAi} when `digest.enabled`.
 *
 * Least privilege: the ledger read-only (Query, GetItem, BatchGetItem on the table
 * and its named indexes; never Scan or a write), `s3:PutObject` under the bucket's
 * `digests/` prefix only, and `sns:Publish` on the digest topic only (with the
 * topic key).
 */
import { join } from 'node:path';
import { Aws, Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import { DIGEST_PREFIX } from '../lib/digest/report-keys.js';
import { LEDGER_KEYS } from '../lib/ledger/table-design.js';
import { ENV } from '../lib/runtime.js';
import { ALARM_PERIOD, LAMBDA_BUNDLING, METRICS_NAMESPACE, REPO_ROOT, SERVICE_NAME } from './sweep-function.js';

/** The only DynamoDB actions the digest needs: it reads with queries and point reads. */
export const DIGEST_LEDGER_ACTIONS = ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'] as const;

/** Properties of {@link DigestFunction}. */
export interface DigestFunctionProps {
  /** The validated config, passed to the Lambda as `FINOPS_CONFIG` (its `digest.schedule` schedules it). */
  readonly config: FinOpsConfig;
  readonly ledger: dynamodb.ITable;
  /** Where the reports go (`digests/<week>/digest.{html,csv,json}`). */
  readonly bucket: s3.IBucket;
  readonly digestTopic: sns.ITopic;
  readonly topicKey: kms.IKey;
  readonly alarmAction: cloudwatch.IAlarmAction;
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
}

/** The scheduled weekly digest Lambda (`functions/weekly-digest.ts`). */
export class DigestFunction extends Construct {
  readonly function: NodejsFunction;
  /** Its execution role (no managed policies). */
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  /** Errors, throttles and undelivered schedule events. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DigestFunctionProps) {
    super(scope, id);
    const schedule = props.config.digest.schedule;
    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'finops-ai weekly digest (reads the ledger, writes reports, publishes the digest)',
    });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      description: `finops-ai: weekly savings digest (${schedule})`,
      entry: join(REPO_ROOT, 'functions', 'weekly-digest.ts'),
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
        [ENV.digestTopicArn]: props.digestTopic.topicArn,
        [ENV.digestBucket]: props.bucket.bucketName,
        [ENV.config]: JSON.stringify(props.config),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: { ...LAMBDA_BUNDLING, mainFields: [...LAMBDA_BUNDLING.mainFields], externalModules: [...LAMBDA_BUNDLING.externalModules] },
    });

    // Ledger: read-only, by query and point reads, on the table and its indexes by name.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...DIGEST_LEDGER_ACTIONS],
        resources: [props.ledger.tableArn, ...LEDGER_KEYS.indexes.map((index) => `${props.ledger.tableArn}/index/${index.name}`)],
      }),
    );
    props.ledger.encryptionKey?.grantDecrypt(this.role);
    // Reports: new objects under the digest prefix only (no read, no delete, no list).
    const objects = props.bucket.arnForObjects(`${DIGEST_PREFIX}*`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }));
    props.bucket.encryptionKey?.grantEncrypt(this.role);
    // The digest topic only, with its key.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [props.digestTopic.topicArn] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.topicKey.keyArn] }));
    if (props.config.budgets.teams.length > 0) {
      // The budget section reads the team budgets live (DescribeBudgets); STS needs no permission.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['budgets:ViewBudget'], resources: [`arn:${Aws.PARTITION}:budgets::${Aws.ACCOUNT_ID}:budget/*`] }),
      );
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:budgets::<AWS::AccountId>:budget/*]',
        reason: 'budgets:ViewBudget (read only) on the budgets of this account: DescribeBudgets lists them all, the team budgets among them.',
      });
    }
    const bucketResource = props.bucket.node.defaultChild as CfnElement | undefined;
    if (bucketResource) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(bucketResource).getLogicalId(bucketResource)}.Arn>/${DIGEST_PREFIX}*]`,
        reason: `s3:PutObject on the digest bucket's ${DIGEST_PREFIX} prefix only: one report per ISO week, whose keys (${DIGEST_PREFIX}<week>/digest.*) are not known at deploy time.`,
      });
    }

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
      description: 'finops-ai weekly digest',
      schedule: events.Schedule.expression(schedule),
      targets: [
        new targets.LambdaFunction(this.function, {
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    const alarm = (alarmId: string, metric: cloudwatch.IMetric, what: string) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `finops-ai weekly digest: ${what}.`,
        metric,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    this.alarms = [
      alarm('ErrorsAlarm', this.function.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'the Lambda failed (no digest this week; see its logs)'),
      alarm('ThrottlesAlarm', this.function.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'the Lambda was throttled'),
      alarm(
        'DeadLetterAlarm',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
        'a scheduled run could not be delivered to the Lambda (messages in its dead-letter queue)',
      ),
    ];
    for (const a of this.alarms) a.addAlarmAction(props.alarmAction);
  }
}
