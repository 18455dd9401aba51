/**
 * Names the deployed Lambdas and the infrastructure that deploys them must agree
 * on: environment variables, the Powertools service name, the metric namespace,
 * and the names and dimensions of the custom metrics that alarms watch. Both the
 * handlers (`lib/lambda`) and the CDK constructs (`infra`) import them from here,
 * so a rename cannot leave an alarm watching a metric nobody emits.
 */

/** Environment variables the Lambdas get from the CDK construct and the CLI reads in apply mode. */
export const ENV = {
  ledgerTable: 'FINOPS_LEDGER_TABLE',
  noticesTopicArn: 'FINOPS_NOTICES_TOPIC_ARN',
  digestTopicArn: 'FINOPS_DIGEST_TOPIC_ARN',
  /** The bucket of the weekly digest reports (the digest Lambda only). */
  digestBucket: 'FINOPS_DIGEST_BUCKET',
  /** The owner-action endpoint's URL (the Lambda function URL); pending notices carry links under it. */
  linksBaseUrl: 'FINOPS_LINKS_BASE_URL',
  /** The KMS HMAC key that signs the links (sweeps: GenerateMac) and checks them (the endpoint: VerifyMac). */
  linksKeyId: 'FINOPS_LINKS_KEY_ID',
  /** `true`: owner notices also carry an AWS Chatbot custom notification, for a chat channel on the notices topic. */
  noticesChat: 'FINOPS_NOTICES_CHAT',
} as const;

/** Powertools' own variables, set on every Lambda to the values below. */
export const POWERTOOLS_ENV = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** Powertools `serviceName` of every Lambda; also the `service` dimension of every custom metric. */
export const SERVICE_NAME = 'finops-ai';

/** CloudWatch namespace of the custom metrics. */
export const METRICS_NAMESPACE = 'FinOpsAI';

/** Dimension names of the custom metrics (`service` is added by Powertools from {@link SERVICE_NAME}). */
export const METRIC_DIMENSIONS = {
  service: 'service',
  /** The sweep's registry name, on every sweep Lambda metric. */
  sweep: 'sweep',
  /** `weekly-digest`, on the digest Lambda's metrics. */
  component: 'component',
} as const;

/** Decisions whose findings each sweep run counts as `Findings_<decision>`. */
export const COUNTED_DECISIONS = ['acted', 'pending', 'protected', 'exempt'] as const;

/** Metrics every sweep Lambda emits once per run. */
export const SWEEP_METRICS = {
  /** Resources the run could not inventory or act on (an alarm watches it). Count. */
  resourceErrors: 'ResourceErrors',
  /** Owner notices published. Count. */
  noticesSent: 'NoticesSent',
  /** Monthly savings of the resources acted on in this run, in USD. */
  actedMonthlySavingsUsd: 'ActedMonthlySavingsUsd',
  /** Findings of one decision, e.g. `Findings_pending`. Count. */
  findings: (decision: (typeof COUNTED_DECISIONS)[number]) => `Findings_${decision}` as const,
} as const;

/** The `component` dimension value of the digest Lambda's metrics and logs. */
export const DIGEST_COMPONENT = 'weekly-digest';

/** Metrics the digest Lambda emits once per run. */
export const DIGEST_METRICS = {
  realizedSavingsUsd: 'DigestRealizedSavingsUsd',
  projectedMonthlySavingsUsd: 'DigestProjectedMonthlySavingsUsd',
  messageBytes: 'DigestMessageBytes',
} as const;

/** The `component` dimension value of the owner-action endpoint's metrics and logs. */
export const LINKS_COMPONENT = 'owner-links';

/** Metrics the owner-action endpoint emits once per request. */
export const LINKS_METRICS = {
  /** Requests answered. Count. */
  requests: 'OwnerLinkRequests',
  /** Requests answered with a 5xx page (nothing recorded; an alarm watches it). Count. */
  failures: 'OwnerLinkFailures',
} as const;
