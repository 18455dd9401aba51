import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { systemClock, type Clock } from '../core/clock.js';
import { DIGEST_COMPONENT, DIGEST_METRICS, METRIC_DIMENSIONS, METRICS_NAMESPACE, SERVICE_NAME } from '../core/deployment-names.js';
import { previousIsoWeek } from '../core/iso-week.js';
import { parseConfig, type FinOpsConfig } from '../config.js';
import { publishDigestFromEnv } from '../digest/run-digest.js';
import { loadBundledConfig } from './bundled-config.js';

/**
 * The event: EventBridge's scheduled event (its `time` picks the week: the last
 * one complete at that time, so a retry an hour later still sends the same week),
 * or `{ "week": "2026-W47" }` to send one week again by hand.
 */
export interface DigestEvent {
  readonly time?: string;
  readonly week?: string;
}

/** What the Lambda returns (the digest itself is in S3). */
export interface DigestHandlerResult {
  readonly week: string;
  readonly html: string;
  readonly csv: string;
  readonly json: string;
  readonly messageId: string | undefined;
  readonly realizedUsd: number;
  readonly projectedMonthlyUsd: number;
}

/** Options of {@link createDigestHandler}. */
export interface DigestHandlerOptions {
  /** @default - the config bundled with the Lambda ({@link loadBundledConfig}), read once, now */
  readonly config?: FinOpsConfig;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * The weekly digest Lambda: reads the ledger,
 * writes the HTML, CSV and JSON reports to `FINOPS_DIGEST_BUCKET` under
 * `digests/<week>/`, and publishes the text to `FINOPS_DIGEST_TOPIC_ARN`.
 * Powertools logging and metrics (`DigestRealizedSavingsUsd`, ...).
 *
 * The digest reports on every registered sweep, so its bundle holds the registry.
 *
 * @example the entry infra/lambda-assets.ts generates for the digest
 * export const handler = createDigestHandler();
 */
export function createDigestHandler(options: DigestHandlerOptions = {}) {
  const logger = new Logger({ serviceName: SERVICE_NAME, persistentKeys: { [METRIC_DIMENSIONS.component]: DIGEST_COMPONENT } });
  const metrics = new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: SERVICE_NAME,
    defaultDimensions: { [METRIC_DIMENSIONS.component]: DIGEST_COMPONENT },
  });
  const config = options.config ?? loadBundledConfig(parseConfig);
  const clock = options.clock ?? systemClock;

  const run = async (event: DigestEvent = {}): Promise<DigestHandlerResult> => {
    const now = clock.now();
    const scheduled = event.time ? new Date(event.time) : now;
    const week = event.week ?? previousIsoWeek(Number.isNaN(scheduled.getTime()) ? now : scheduled);
    const { digest, delivery } = await publishDigestFromEnv({ config, now, week });
    metrics.addMetric(DIGEST_METRICS.realizedSavingsUsd, MetricUnit.NoUnit, digest.totals.realizedUsd);
    metrics.addMetric(DIGEST_METRICS.projectedMonthlySavingsUsd, MetricUnit.NoUnit, digest.totals.projectedMonthlyUsd);
    metrics.addMetric(DIGEST_METRICS.messageBytes, MetricUnit.Bytes, delivery.messageBytes);
    logger.info('Weekly digest delivered', { week, html: delivery.html, csv: delivery.csv, messageId: delivery.messageId, totals: digest.totals });
    return {
      week,
      html: delivery.html,
      csv: delivery.csv,
      json: delivery.json,
      messageId: delivery.messageId,
      realizedUsd: digest.totals.realizedUsd,
      projectedMonthlyUsd: digest.totals.projectedMonthlyUsd,
    };
  };

  return middy(run)
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
