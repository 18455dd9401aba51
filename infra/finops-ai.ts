/**
 * The reusable CDK construct: the same config the CLI reads becomes a ledger
 * table, three encrypted topics and one scheduled, alarmed Lambda per enabled sweep.
 */
import { presentationOf } from '../lib/config/parse-config.js';
import { Aws, Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { parseConfig, sweepConfig, type FinOpsConfig } from '../lib/config.js';
import { ConfigError, UnknownSweepError } from '../lib/core/errors.js';
import { DIGEST_PREFIX } from '../lib/digest/report-keys.js';
import { SWEEP_NAMES, SWEEPS } from '../lib/sweeps/registry.js';
import { teamBudgetDefinitions } from '../lib/budgets/team-budgets.js';
import { DigestFunction } from './digest-function.js';
import { resolveProps, type FinOpsAiProps } from './finops-ai-props.js';
import { grantLedgerAccess, LedgerTable } from './ledger-table.js';
import { PairsFunction } from './pairs-function.js';
import { TeamBudgets } from './team-budgets.js';
import type { NoticesChat } from './notices-chat.js';
import { deployOwnerActions } from './owner-actions.js';
import type { OwnerLinks } from './owner-links.js';
import { resolveOwnerActions } from './owner-links-props.js';
import { resourceErrorsMetric, SweepFunction } from './sweep-function.js';
import type { NoticingSweep } from './owner-actions.js';

export type { FinOpsAiProps } from './finops-ai-props.js';
export type { OwnerActionsChatProps, OwnerActionsProps, SlackChannelProps, TeamsChannelProps } from './owner-links-props.js';

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
 *   resource errors and undelivered schedule events, sent to `OpsTopic`. With
 *   `config.accounts`, the schedule starts the sweep's state machine (`FanOut`, see
 *   `infra/fan-out.ts`) over every (account, region) pair instead, which the `Pairs`
 *   Lambda lists, and the Lambda (its role under `/finops-ai/`) assumes each member
 *   account's `FinOpsAiMemberRole`;
 * - `DigestBucket` and `WeeklyDigest` (when `digest.enabled`, the default): a private,
 *   encrypted, TLS-only, versioned bucket whose reports expire after
 *   `digest.retentionDays`, and a Lambda on `digest.schedule` (Monday 08:00 UTC) that
 *   reads the ledger (read-only), writes the week's HTML, CSV and JSON reports under
 *   `digests/` and publishes the text digest to `DigestTopic`; alarms to `OpsTopic`.
 * - `OwnerLinks` (when owner actions are enabled: `ownerActions.enabled` or
 *   `config.ownerActions.enabled`): a KMS HMAC key and a Lambda behind a function URL
 *   that answers the signed links of pending notices; the apply-mode sweeps get its
 *   URL (`FINOPS_LINKS_BASE_URL`) and may sign with the key. `NoticesChat` (with
 *   `ownerActions.chat`): AWS Chatbot channels on `NoticesTopic`.
 *
 * Construct ids are stable; renaming a sweep replaces its resources. Invalid props or
 * config fail at synth with a `ConfigError` naming the field and the value.
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
 * finops.grantReadDigests(financeRole);
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
  /**
   * Each enabled sweep's state machine over the organization's (account, region) pairs,
   * by sweep name, when `config.accounts` is set (see `infra/fan-out.ts`); else empty.
   */
  readonly stateMachines: Readonly<Record<string, sfn.StateMachine>>;
  /** The Lambda listing a sweep's (account, region) pairs, when `config.accounts` is set. */
  readonly pairsFunction: lambda.Function | undefined;
  /** Every alarm, all of which notify {@link opsTopic}. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The weekly reports (`digests/<week>/digest.{html,csv,json}`), when `digest.enabled`. */
  readonly digestBucket: s3.IBucket | undefined;
  /** The weekly digest Lambda, when `digest.enabled`. */
  readonly digestFunction: lambda.Function | undefined;
  /** The owner-action endpoint (function URL, key, Lambda), when owner actions are enabled. */
  readonly ownerLinks: OwnerLinks | undefined;
  /** The chat channels of the owner notices, when `ownerActions.chat` is given. */
  readonly noticesChat: NoticesChat | undefined;

  constructor(scope: Construct, id: string, props: FinOpsAiProps) {
    super(scope, id);
    const parsed = parseConfig(props.config, `config of ${this.node.path}`);
    const ownerActions = resolveOwnerActions(this.node.path, props.ownerActions, parsed);
    // The prop decides; the Lambdas' bundled config says the same.
    this.config = { ...parsed, ownerActions: { ...parsed.ownerActions, enabled: ownerActions.enabled } };
    const { timeout, logRetention, reservedConcurrency, fanOut } = resolveProps(this.node.path, props, this.config);

    // The casts (here and on the digest bucket): aws-cdk-lib's classes declare some optional
    // members of their interfaces as `T | undefined`, which the build's exactOptionalPropertyTypes
    // (tsconfig.build.json, kept on for consumers) rejects; the lint's tsconfig does not see it.

    this.ledger = props.ledgerTable ?? (new LedgerTable(this, 'Ledger') as dynamodb.ITable);

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
    const topic = (topicId: string, displayName: string) => new sns.Topic(this, topicId, { displayName, masterKey: topicKey, enforceSSL: true });
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
      const filterPolicy = noticeFilterPolicy(subscription, this.config);
      notices.addSubscription(new subscriptions.EmailSubscription(subscription.email, filterPolicy ? { filterPolicy } : {}));
    }
    for (const email of uniqueEmails(this.config.digest.emails)) digest.addSubscription(new subscriptions.EmailSubscription(email));
    for (const email of uniqueEmails(this.config.ops.alarmEmails)) ops.addSubscription(new subscriptions.EmailSubscription(email));

    const alarmAction = new actions.SnsAction(ops);
    const functions: Record<string, lambda.Function> = {};
    /** The deployed apply-mode sweeps that act: their pending notices may carry links. */
    const noticing: NoticingSweep[] = [];
    const alarms: cloudwatch.IAlarm[] = [];
    this.teamBudgets = new TeamBudgets(this, 'TeamBudgets', { definitions: teamBudgetDefinitions(this.config), alertTopic: ops, topicKey });
    const accounts = this.config.accounts;
    const pairs = accounts && fanOut ? new PairsFunction(this, 'Pairs', { config: this.config, accounts, timeout, logRetention, alarmAction }) : undefined;
    if (pairs) alarms.push(...pairs.alarms);
    this.pairsFunction = pairs?.function;
    const stateMachines: Record<string, sfn.StateMachine> = {};

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
        // The Map invokes up to maxConcurrency pairs at once: reserve (and cap at) that many.
        reservedConcurrency: reservedConcurrency && fanOut ? fanOut.maxConcurrency : reservedConcurrency,
        logRetention,
        ...(accounts && fanOut && pairs ? { fanOut: { ...fanOut, accounts, pairsFunction: pairs.function } } : {}),
      });
      functions[sweep.name] = sweepFunction.function;
      if (sweepFunction.stateMachine) stateMachines[sweep.name] = sweepFunction.stateMachine;
      alarms.push(...sweepFunction.alarms);
      if (settings.mode === 'apply') noticing.push({ sweep, sweepFunction });
    }
    this.functions = functions;
    this.stateMachines = stateMachines;

    ({ ownerLinks: this.ownerLinks, noticesChat: this.noticesChat } = deployOwnerActions(this, ownerActions, {
      config: this.config,
      ledger: this.ledger,
      noticesTopic: notices,
      noticing,
      alarmAction,
      logRetention,
      reserve: reservedConcurrency !== undefined,
    }));
    alarms.push(...(this.ownerLinks?.alarms ?? []));

    if (this.config.digest.enabled) {
      const retention = Duration.days(this.config.digest.retentionDays);

      const bucket: s3.IBucket = new s3.Bucket(this, 'DigestBucket', {
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
      }) as s3.IBucket;
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
   * Lets `grantee` read the weekly reports: `s3:GetObject` on `digests/*` and
   * `s3:ListBucket` of that prefix only (no write, no delete), e.g. for a finance
   * dashboard. The report keys (`digests/<week>/digest.*`) are not known at deploy
   * time, so the object grant has a wildcard; when `grantee` is a construct (a role,
   * a function) its cdk-nag finding for exactly that resource is acknowledged with
   * this reason. Throws {@link ConfigError} when `config.digest.enabled` is false.
   */
  grantReadDigests(grantee: iam.IGrantable): iam.Grant {
    const bucket = this.digestBucket;
    if (!bucket) {
      throw new ConfigError(
        [{ field: 'config.digest.enabled', message: 'is false, so there is no digest bucket to read' }],
        `grantReadDigests of ${this.node.path}`,
      );
    }
    const objects = iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [bucket.arnForObjects(`${DIGEST_PREFIX}*`)] });
    const listing = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${DIGEST_PREFIX}*`] } },
    });
    const principal = grantee.grantPrincipal;
    const bucketResource = bucket.node.defaultChild as CfnElement | undefined;
    if (bucketResource && Construct.isConstruct(principal)) {
      Validations.of(principal).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(bucketResource).getLogicalId(bucketResource)}.Arn>/${DIGEST_PREFIX}*]`,
        reason: `s3:GetObject on the finops-ai digest bucket's ${DIGEST_PREFIX} prefix only (granted by grantReadDigests): one report per ISO week, whose keys are not known at deploy time.`,
      });
    }
    return objects.combine(listing);
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

/** The SNS filter policy of a notice subscription: only the attributes it narrows on. */
function noticeFilterPolicy(
  subscription: FinOpsConfig['notices']['subscriptions'][number],
  config: FinOpsConfig,
): Record<string, sns.SubscriptionFilter> | undefined {
  const policy: Record<string, sns.SubscriptionFilter> = {};
  // Each notice goes out once per language: with more than one, a subscription takes its own.
  const { noticeLocales } = presentationOf(config);
  if (noticeLocales.length > 1) policy.locale = sns.SubscriptionFilter.stringFilter({ allowlist: [subscription.locale ?? config.locale] });
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
