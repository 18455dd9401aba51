/**
 * The reusable CDK construct: the same config the CLI reads becomes a ledger
 * table, three encrypted topics and one scheduled, alarmed Lambda per enabled sweep.
 */
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { parseConfig, sweepConfig, type FinOpsConfig, type FinOpsConfigInput } from '../lib/config.js';
import { ConfigError, UnknownSweepError } from '../lib/core/errors.js';
import { SWEEP_NAMES, SWEEPS } from '../lib/sweeps/registry.js';
import { teamBudgetDefinitions } from '../lib/budgets/team-budgets.js';
import { DigestFunction } from './digest-function.js';
import { grantLedgerAccess, LedgerTable } from './ledger-table.js';
import { TeamBudgets } from './team-budgets.js';
import { resourceErrorsMetric, SweepFunction } from './sweep-function.js';

/** Lambda's own maximum, and safely below the engine's 20-minute action lease. */
const MAX_LAMBDA_TIMEOUT = Duration.minutes(15);

/** Properties of {@link FinOpsAi}. */
export interface FinOpsAiProps {
  /**
   * The finops-ai configuration: the same JSON the CLI reads with `--config`.
   * Validated when the construct is created; an invalid field fails the synth
   * with its path (e.g. `sweeps.idle-endpoints.gracePeriodHours`).
   */
  readonly config: FinOpsConfigInput;
  /**
   * An existing ledger table (for example a {@link LedgerTable} in a stateful
   * stack). It must have the keys and indexes of `LEDGER_KEYS`.
   * @default - a new {@link LedgerTable} with id `Ledger`
   */
  readonly ledgerTable?: dynamodb.ITable;
  /**
   * Timeout of each sweep Lambda; at most 15 minutes, which also keeps it below
   * the engine's 20-minute action lease.
   * @default Duration.minutes(5)
   */
  readonly lambdaTimeout?: Duration;
  /**
   * Reserve a concurrency of 1 for each Lambda (every sweep's and the digest's), which
   * also caps it at 1: a scheduled run never needs two at once, and a run that starts
   * while the previous one still works waits in Lambda's queue instead of racing it
   * for the same resources and API quotas. Set `false` in an account whose Lambda
   * concurrency quota is too low to reserve any (Lambda keeps 100 unreserved).
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Retention of each sweep Lambda's log group.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * A bucket for the digest bucket's server access logs (under `finops-ai-digests/`).
   * @default - no access logs: the bucket holds generated reports, written only by the
   * digest Lambda (every write is in its logs) and read through IAM (CloudTrail data
   * events can audit reads); the finding is acknowledged with that reason
   */
  readonly digestAccessLogsBucket?: s3.IBucket;
}

/**
 * Scheduled FinOps sweeps that find and safely remove AI waste, deployed from
 * the same config the `finops-ai` CLI reads.
 *
 * Creates:
 * - `Ledger`: the DynamoDB ledger ({@link LedgerTable}), unless `ledgerTable` is given;
 * - `NoticesTopic`, `DigestTopic`, `OpsTopic`: SNS topics encrypted with `TopicKey`
 *   and TLS-only, with the email subscriptions of `notices.subscriptions` (filtered on
 *   the `owner`, `team` and `event` message attributes), `digest.emails` and
 *   `ops.alarmEmails`;
 * - `TeamBudgets`: one AWS Budget per team of `budgets.teams`, with actual and
 *   forecast alerts to the team's notice emails and `OpsTopic`;
 * - `Sweep-<name>` for each enabled sweep (the budget guard only when teams are configured): a Node.js 24 arm64 Lambda on the sweep's
 *   `schedule`, allowed the sweep's inventory calls (and its actions only in `apply`
 *   mode), the ledger and publishing owner notices; alarms on errors, throttles,
 *   resource errors and undelivered schedule events, sent to `OpsTopic`.
 * - `DigestBucket` and `WeeklyDigest` (when `digest.enabled`, the default): a private,
 *   encrypted, TLS-only, versioned bucket whose reports expire after
 *   `digest.retentionDays`, and a Lambda on `digest.schedule` (Monday 08:00 UTC) that
 *   reads the ledger (read-only), writes the week's HTML, CSV and JSON reports under
 *   `digests/` and publishes the text digest to `DigestTopic`; alarms to `OpsTopic`.
 *
 * Construct ids are stable; renaming a sweep replaces its resources.
 *
 * @example
 * const finops = new FinOpsAi(this, 'FinOps', {
 *   config: {
 *     notices: { subscriptions: [{ email: 'ml-team@example.com', teams: ['ml'] }] },
 *     ops: { alarmEmails: ['oncall@example.com'] },
 *     sweeps: { 'idle-endpoints': { mode: 'apply', schedule: 'rate(6 hours)' } },
 *   },
 * });
 * finops.grantReadLedger(dashboardRole);
 */
export class FinOpsAi extends Construct {
  /** The validated config, defaults applied (each Lambda gets the part it reads as its bundled `config.json`). */
  readonly config: FinOpsConfig;
  /** The ledger table (created, or the one given as `ledgerTable`). */
  readonly ledger: dynamodb.ITable;
  /** Owner notices: one message per owner per run, with `owner`, `sweep`, `team` and `event` attributes. */
  readonly noticesTopic: sns.ITopic;
  /** The weekly digest. */
  readonly digestTopic: sns.ITopic;
  /** Failure alarms of every sweep. */
  readonly opsTopic: sns.ITopic;
  /** Customer-managed key (with rotation) of the three topics. */
  readonly topicKey: kms.IKey;
  /** One AWS Budget per team of `budgets.teams`, alerting the team's emails and {@link opsTopic}. */
  readonly teamBudgets: TeamBudgets;
  /** Each enabled sweep's Lambda, by sweep name. */
  readonly functions: Readonly<Record<string, lambda.Function>>;
  /** Every alarm, all of which notify {@link opsTopic}. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The weekly reports (`digests/<week>/digest.{html,csv,json}`), when `digest.enabled`. */
  readonly digestBucket: s3.IBucket | undefined;
  /** The weekly digest Lambda, when `digest.enabled`. */
  readonly digestFunction: lambda.Function | undefined;

  constructor(scope: Construct, id: string, props: FinOpsAiProps) {
    super(scope, id);
    this.config = parseConfig(props.config, `config of ${this.node.path}`);
    const timeout = props.lambdaTimeout ?? Duration.minutes(5);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const reservedConcurrency = (props.reserveConcurrency ?? true) ? 1 : undefined;
    validateProps(this.node.path, this.config, timeout);

    this.ledger = props.ledgerTable ?? new LedgerTable(this, 'Ledger');

    const topicKey = new kms.Key(this, 'TopicKey', {
      description: `finops-ai topics of ${this.node.path}`,
      enableKeyRotation: true,
    });
    // Alarms publish to the encrypted ops topic as cloudwatch.amazonaws.com, which the key must allow:
    // for alarms of this account only (confused deputy), as the ops topic's policy does.
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    this.topicKey = topicKey;
    const topic = (topicId: string, displayName: string) =>
      new sns.Topic(this, topicId, { displayName, masterKey: topicKey, enforceSSL: true });
    const notices = topic('NoticesTopic', 'finops-ai owner notices');
    const digest = topic('DigestTopic', 'finops-ai weekly digest');
    const ops = topic('OpsTopic', 'finops-ai alarms');
    ops.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [ops.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
        },
      }),
    );
    this.noticesTopic = notices;
    this.digestTopic = digest;
    this.opsTopic = ops;

    for (const subscription of this.config.notices.subscriptions) {
      notices.addSubscription(new subscriptions.EmailSubscription(subscription.email, { filterPolicy: noticeFilterPolicy(subscription) }));
    }
    for (const email of uniqueEmails(this.config.digest.emails)) digest.addSubscription(new subscriptions.EmailSubscription(email));
    for (const email of uniqueEmails(this.config.ops.alarmEmails)) ops.addSubscription(new subscriptions.EmailSubscription(email));

    const alarmAction = new actions.SnsAction(ops);
    const functions: Record<string, lambda.Function> = {};
    const alarms: cloudwatch.IAlarm[] = [];
    this.teamBudgets = new TeamBudgets(this, 'TeamBudgets', { definitions: teamBudgetDefinitions(this.config), alertTopic: ops, topicKey });

    for (const sweep of SWEEPS) {
      const settings = sweepConfig(this.config, sweep.name);
      if (!settings.enabled || sweep.isConfigured?.(settings) === false) continue;
      const sweepFunction = new SweepFunction(this, `Sweep-${sweep.name}`, {
        sweep,
        settings,
        config: this.config,
        ledger: this.ledger,
        noticesTopic: notices,
        digestTopic: digest,
        topicKey,
        alarmAction,
        timeout,
        reservedConcurrency,
        logRetention,
      });
      functions[sweep.name] = sweepFunction.function;
      alarms.push(...sweepFunction.alarms);
    }
    this.functions = functions;

    if (this.config.digest.enabled) {
      const retention = Duration.days(this.config.digest.retentionDays);
      const bucket = new s3.Bucket(this, 'DigestBucket', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        // A report sent again (a week re-run by hand) keeps the earlier one as a version.
        versioned: true,
        lifecycleRules: [
          { id: 'ExpireReports', expiration: retention, noncurrentVersionExpiration: retention, abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ],
        // Finance records: kept when the stack is deleted, like the ledger.
        removalPolicy: RemovalPolicy.RETAIN,
        ...(props.digestAccessLogsBucket ? { serverAccessLogsBucket: props.digestAccessLogsBucket, serverAccessLogsPrefix: 'finops-ai-digests/' } : {}),
      });
      if (!props.digestAccessLogsBucket) {
        Validations.of(bucket).acknowledge({
          id: 'AwsSolutions-S1',
          reason:
            'The bucket holds generated weekly reports written only by the digest Lambda (each write is in its logs) and read through IAM; pass digestAccessLogsBucket to log access, or use CloudTrail data events.',
        });
      }
      const digestFunction = new DigestFunction(this, 'WeeklyDigest', {
        config: this.config,
        ledger: this.ledger,
        bucket,
        digestTopic: digest,
        topicKey,
        alarmAction,
        timeout,
        reservedConcurrency,
        logRetention,
      });
      alarms.push(...digestFunction.alarms);
      this.digestBucket = bucket;
      this.digestFunction = digestFunction.function;
    } else {
      this.digestBucket = undefined;
      this.digestFunction = undefined;
    }
    this.alarms = alarms;
  }

  /**
   * Lets `grantee` read the ledger (table and its named indexes), e.g. for a
   * dashboard or the CLI's `report`.
   */
  grantReadLedger(grantee: iam.IGrantable): iam.Grant {
    return grantLedgerAccess(this.ledger, grantee, 'read');
  }

  /**
   * The `ResourceErrors` metric of one sweep: resources a run could not inventory
   * or act on (Sum over 5 minutes unless `props` says otherwise).
   * Throws {@link UnknownSweepError} for a name that is not registered.
   */
  metricResourceErrors(sweep: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!SWEEP_NAMES.includes(sweep)) throw new UnknownSweepError(sweep, SWEEP_NAMES);
    return resourceErrorsMetric(sweep, props);
  }
}

/** Rejects what the config schema cannot see: the Lambda timeout and duplicate subscriptions. */
function validateProps(path: string, config: FinOpsConfig, timeout: Duration): void {
  const issues: { field: string; message: string }[] = [];
  const seconds = timeout.toMilliseconds({ integral: false }) / 1000;
  if (!(seconds >= 1 && seconds <= MAX_LAMBDA_TIMEOUT.toSeconds())) {
    issues.push({
      field: 'lambdaTimeout',
      message: `must be between 1 second and 15 minutes (the Lambda maximum, below the engine's 20-minute action lease); got ${timeout.toHumanString()}`,
    });
  }
  const seen = new Map<string, number>();
  config.notices.subscriptions.forEach((s, i) => {
    const first = seen.get(s.email.toLowerCase());
    if (first !== undefined) {
      issues.push({
        field: `config.notices.subscriptions.${i}.email`,
        message: `"${s.email}" is already subscribed by notices.subscriptions.${first}; SNS allows one subscription per address, so merge their owners/teams/events`,
      });
    } else seen.set(s.email.toLowerCase(), i);
  });
  if (issues.length > 0) throw new ConfigError(issues, `properties of ${path}`);
}

/** The SNS filter policy of a notice subscription: only the attributes it narrows on. */
function noticeFilterPolicy(subscription: FinOpsConfig['notices']['subscriptions'][number]): Record<string, sns.SubscriptionFilter> | undefined {
  const policy: Record<string, sns.SubscriptionFilter> = {};
  if (subscription.owners) policy.owner = sns.SubscriptionFilter.stringFilter({ allowlist: [...subscription.owners] });
  if (subscription.teams) policy.team = sns.SubscriptionFilter.stringFilter({ allowlist: [...subscription.teams] });
  if (subscription.events) policy.event = sns.SubscriptionFilter.stringFilter({ allowlist: [...subscription.events] });
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/** Emails without case-insensitive duplicates (one subscription per address). */
function uniqueEmails(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => !seen.has(email.toLowerCase()) && seen.add(email.toLowerCase()));
}
