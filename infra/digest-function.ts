/**
 * The weekly digest: its Lambda, role, log group, schedule, dead-letter queue and
 * alarms. Used by {@link FinOpsAi} when `digest.enabled`.
 *
 * Least privilege: the ledger read-only, exactly what the digest calls
 * ({@link DIGEST_LEDGER_READS}: Query on the table, `openFindings` and `byWeek`,
 * BatchGetItem on the table; never GetItem, Scan or a write), `s3:PutObject` under the bucket's
 * `digests/` prefix only, and `sns:Publish` on the digest topic only (with the
 * topic key). With `spend.enabled`, the spend section's reads and its one write, the
 * month's forecast item (`iam-spend.ts`).
 */
import { Aws, Stack, Validations, type CfnElement, type Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import { ENV } from '../lib/core/deployment-names.js';
import { DIGEST_PREFIX } from '../lib/digest/report-keys.js';
import { bundledConfigOf, DIGEST_LAMBDA } from './lambda-assets.js';
import { DIGEST_LEDGER_READS, grantLedger } from './iam-ledger.js';
import { scheduledLambda } from './scheduled-lambda.js';
import { grantSpendSection } from './iam-spend.js';

/** The only DynamoDB actions the digest needs: it reads with queries and batch reads. */
export const DIGEST_LEDGER_ACTIONS = [...new Set(Object.values(DIGEST_LEDGER_READS).flat())];

/** Properties of {@link DigestFunction}. */
export interface DigestFunctionProps {
  /**
   * The validated config (its `digest.schedule` schedules it). The Lambda gets all of
   * it as its bundled `config.json`: the digest reports on every sweep and team budget.
   */
  readonly config: FinOpsConfig;
  readonly ledger: dynamodb.ITable;
  /** Where the reports go (`digests/<week>/digest.{html,csv,json}`). */
  readonly bucket: s3.IBucket;
  readonly digestTopic: sns.ITopic;
  readonly topicKey: kms.IKey;
  readonly alarmAction: cloudwatch.IAlarmAction;
  readonly timeout: Duration;
  /** @default - none reserved */
  readonly reservedConcurrency?: number | undefined;
  readonly logRetention: logs.RetentionDays;
}

/** The scheduled weekly digest Lambda (`lib/lambda/digest-handler.ts`, bundled by `lambda-assets.ts`). */
export class DigestFunction extends Construct {
  readonly function: lambda.Function;
  /** Its execution role (no managed policies). */
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  /** Where an invocation goes once it failed every retry. */
  readonly failureQueue: sqs.Queue;
  /** Errors, throttles and undelivered schedule events. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DigestFunctionProps) {
    super(scope, id);
    const schedule = props.config.digest.schedule;
    const created = scheduledLambda(this, {
      lambdaName: DIGEST_LAMBDA,
      config: bundledConfigOf(DIGEST_LAMBDA, props.config),
      label: 'finops-ai weekly digest',
      functionDescription: `finops-ai: weekly savings digest (${schedule})`,
      roleDescription: 'finops-ai weekly digest (reads the ledger, writes reports, publishes the digest)',
      schedule,
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.digestTopicArn]: props.digestTopic.topicArn,
        [ENV.digestBucket]: props.bucket.bucketName,
      },
      timeout: props.timeout,
      reservedConcurrency: props.reservedConcurrency,
      logRetention: props.logRetention,
      alarmAction: props.alarmAction,
      errorsMean: 'the Lambda failed (no digest this week; see its logs)',
    });
    this.function = created.function;
    this.role = created.role;
    this.deadLetterQueue = created.deadLetterQueue;
    this.failureQueue = created.failureQueue;
    this.alarms = created.alarms;

    // Ledger: read-only, the queries and batch reads it makes, on the table and the indexes it queries.
    grantLedger(props.ledger, this.role, DIGEST_LEDGER_READS);
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
    // The spend section: Cost Explorer, the endpoints' unit costs, and the month's forecast item (spend.enabled).
    if (props.config.spend.enabled) grantSpendSection(this.role, props.ledger, props.config.spend.unitCosts);
    if (props.config.digest.tokenShowback) grantTokenShowback(this.role, props.config.pricing.live);
    const bucketResource = props.bucket.node.defaultChild as CfnElement | undefined;
    if (bucketResource) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(bucketResource).getLogicalId(bucketResource)}.Arn>/${DIGEST_PREFIX}*]`,
        reason: `s3:PutObject on the digest bucket's ${DIGEST_PREFIX} prefix only: one report per ISO week, whose keys (${DIGEST_PREFIX}<week>/digest.*) are not known at deploy time.`,
      });
    }
  }
}

/**
 * Token showback's reads (`digest.tokenShowback`): token metrics, the application inference
 * profiles and their tags, and live token prices when `pricing.live`. Read-only.
 */
function grantTokenShowback(role: iam.Role, livePrices: boolean): void {
  const list = ['cloudwatch:ListMetrics', 'cloudwatch:GetMetricData', 'bedrock:ListInferenceProfiles', ...(livePrices ? ['pricing:GetProducts'] : [])];
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: list, resources: ['*'] }));
  const profiles = `arn:${Aws.PARTITION}:bedrock:*:${Aws.ACCOUNT_ID}:application-inference-profile/*`;
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['bedrock:ListTagsForResource'], resources: [profiles] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: `Token showback (digest.tokenShowback): ${list.join(', ')} support no resource-level permissions, so IAM only accepts Resource "*". Read-only.`,
  });
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*:<AWS::AccountId>:application-inference-profile/*]',
    reason:
      'Token showback reads the team tag (bedrock:ListTagsForResource, read-only) of each application inference profile with usage, found at run time in every configured region: limited to this account and to application inference profiles.',
  });
}
