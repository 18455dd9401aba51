/**
 * The owner-action endpoint: the KMS HMAC key that signs the links in pending
 * notices, and the Lambda behind a function URL that answers them (a confirmation
 * page on GET, the decision on POST). Used by {@link FinOpsAi} when owner actions
 * are enabled.
 *
 * Why a function URL with `authType: NONE` and not API Gateway: the owner opens the
 * link from a mail client or a chat message and has no AWS credentials to sign a
 * request with, so IAM auth cannot apply; the signed, single-use token is the
 * authentication, checked by the function on every request. A function URL adds no
 * service, cost or stage to run; the rate limit API Gateway would give is the
 * function's reserved concurrency here (requests beyond it get 429, and an alarm).
 * A WAF or a custom domain can still be put in front with CloudFront.
 *
 * Least privilege: `kms:VerifyMac` on its key (it cannot sign); `dynamodb:GetItem`
 * and `PutItem` on the ledger table, only on the `LINK#` (token use, decision) and
 * `RES#` (history event, act-now's deadline) partitions; the tag action of each
 * resource type the deployed apply-mode sweeps act on, on that type's ARNs, for the
 * snooze and exempt tag keys only.
 */
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FinOpsConfig } from '../lib/config.js';
import { ENV, LINKS_COMPONENT, LINKS_METRICS, METRIC_DIMENSIONS, METRICS_NAMESPACE, POWERTOOLS_ENV, SERVICE_NAME } from '../lib/core/deployment-names.js';
import type { AnySweep } from '../lib/core/sweep.js';
import { tagGrantFor } from '../lib/links/taggable.js';
import { bundledConfigOf, LAMBDA_HANDLER, LINKS_LAMBDA, stageLambdaAsset } from './lambda-assets.js';
import { ALARM_PERIOD } from './scheduled-lambda.js';

/** Properties of {@link OwnerLinks}. */
export interface OwnerLinksProps {
  /** The validated config: tag keys, language, `ownerActions`. */
  readonly config: FinOpsConfig;
  readonly ledger: dynamodb.ITable;
  /** The sweeps whose pending notices carry links (deployed, apply mode, with an action): what the endpoint may tag. */
  readonly sweeps: readonly AnySweep[];
  readonly alarmAction: cloudwatch.IAlarmAction;
  readonly logRetention: logs.RetentionDays;
  /**
   * Concurrent requests reserved for (and the most allowed to) the endpoint.
   * @default - none reserved: no cap
   */
  readonly reservedConcurrency?: number | undefined;
}

/** The owner-action endpoint and its key. */
export class OwnerLinks extends Construct {
  /** The KMS HMAC key (`HMAC_256`) that signs (sweeps) and verifies (the endpoint) every link. */
  readonly key: kms.Key;
  /** The endpoint's Lambda. */
  readonly function: lambda.Function;
  /** Its execution role (no managed policies). */
  readonly role: iam.Role;
  /** The function URL: every link is under it (`FINOPS_LINKS_BASE_URL` of the sweeps). */
  readonly url: lambda.FunctionUrl;
  /** Errors, throttles (the rate limit reached) and failed requests. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: OwnerLinksProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'LinkKey', {
      description: `finops-ai owner-action links of ${this.node.path}`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'KMS cannot rotate HMAC keys automatically. Its material never leaves KMS, links expire within days, and FINOPS_LINKS_KEY_ID takes a list of keys (the first signs, all verify) for a manual rotation.',
    });

    const logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'finops-ai owner-action endpoint (verifies links, records decisions, writes snooze and exempt tags)',
    });
    logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      description: 'finops-ai: owner-action links (keep, exempt, act now) from pending notices',
      code: lambda.Code.fromAsset(stageLambdaAsset(LINKS_LAMBDA, bundledConfigOf(LINKS_LAMBDA, props.config), { bundle: Stack.of(this).bundlingRequired })),
      handler: LAMBDA_HANDLER,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(15),
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      role: this.role,
      logGroup,
      environment: {
        [ENV.ledgerTable]: props.ledger.tableName,
        [ENV.linksKeyId]: this.key.keyArn,
        [POWERTOOLS_ENV.serviceName]: SERVICE_NAME,
        [POWERTOOLS_ENV.metricsNamespace]: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    // The signed token is the authentication (see the class comment).
    this.url = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:VerifyMac'], resources: [this.key.keyArn] }));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'OwnerDecisions',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.ledger.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['LINK#*', 'RES#*'] } },
      }),
    );
    props.ledger.encryptionKey?.grantEncryptDecrypt(this.role);
    this.grantTagging(props);

    const failures = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: LINKS_METRICS.failures,
      dimensionsMap: { [METRIC_DIMENSIONS.service]: SERVICE_NAME, [METRIC_DIMENSIONS.component]: LINKS_COMPONENT },
      statistic: cloudwatch.Stats.SUM,
      period: ALARM_PERIOD,
    });
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, what: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: `finops-ai owner-action endpoint: ${what}.`,
        metric,
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(props.alarmAction);
      return created;
    };
    this.alarms = [
      alarm('ErrorsAlarm', this.function.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }), 'the Lambda failed (see its logs)'),
      alarm(
        'ThrottlesAlarm',
        this.function.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        'requests were throttled: the rate limit (reserved concurrency) was reached',
      ),
      alarm('FailuresAlarm', failures, 'a request failed (a tag or the ledger could not be written; the owner saw an error page)'),
    ];
  }

  /** Lets `grantee` sign links (`kms:GenerateMac` on the key): the apply-mode sweeps. */
  grantSign(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['kms:GenerateMac'], resourceArns: [this.key.keyArn] });
  }

  /** The tag action of each resource type the sweeps act on, only for the snooze and exempt keys. */
  private grantTagging(props: OwnerLinksProps): void {
    const keys = [props.config.tagKeys.snoozeUntil, props.config.tagKeys.exempt];
    const grants = new Map<string, { actions: string[]; resources: string[]; sweeps: string[] }>();
    // A sweep whose findings have several types lists them comma-separated (e.g. `sagemaker:domain,sagemaker:user-profile`).
    for (const sweep of props.sweeps) {
      for (const resourceType of sweep.resourceType.split(',')) {
        const grant = tagGrantFor(resourceType.trim(), keys);
        if (!grant) continue;
        const key = `${grant.actions.join()}|${grant.resources.join()}`;
        const entry = grants.get(key) ?? { actions: [...grant.actions], resources: [...grant.resources], sweeps: [] };
        if (!entry.sweeps.includes(sweep.name)) entry.sweeps.push(sweep.name);
        grants.set(key, entry);
      }
    }
    for (const { actions, resources, sweeps } of grants.values()) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions,
          resources: resources.map((r) => r.replaceAll('{partition}', Aws.PARTITION).replaceAll('{account}', Aws.ACCOUNT_ID)),
          conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': keys } },
        }),
      );
      for (const resource of resources) {
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${resource.replaceAll('{partition}', '<AWS::Partition>').replaceAll('{account}', '<AWS::AccountId>')}]`,
          reason: `${actions.join(', ')} for the tag keys ${keys.join(' and ')} only, on the resources sweeps ${sweeps.join(', ')} warn about: links name resources found at run time in every swept region, so the grant is limited to this account and resource type.`,
        });
      }
    }
  }
}
