import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { systemClock, type Clock } from '../core/clock.js';
import { previousIsoWeek } from '../core/iso-week.js';
import { publishDigestFromEnv } from '../digest/run-digest.js';
import { configFromEnv } from '../runtime.js';

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

/**
 * The weekly digest Lambda (`functions/weekly-digest.ts`): reads the ledger,
 * writes the HTML, CSV and JSON reports to `FINOPS_DIGEST_BUCKET` under
 * `digests/<week>/`, and publishes the text to `FINOPS_DIGEST_TOPIC_ARN`.
 * Powertools logging and metrics (`DigestRealizedSavingsUsd`, ...).
 *
 * @example functions/weekly-digest.ts
 * export const handler = createDigestHandler();
 */
export function createDigestHandler(clock: Clock = systemClock) {
  const logger = new Logger({ serviceName: 'finops-ai', persistentKeys: { component: 'weekly-digest' } });
  const metrics = new Metrics({ namespace: 'FinOpsAI', serviceName: 'finops-ai', defaultDimensions: { component: 'weekly-digest' } });
  const config = configFromEnv();

  const run = async (event: DigestEvent = {}): Promise<DigestHandlerResult> => {
    const now = clock.now();
    const scheduled = event.time ? new Date(event.time) : now;
    const week = event.week ?? previousIsoWeek(Number.isNaN(scheduled.getTime()) ? now : scheduled);
    const { digest, delivery } = await publishDigestFromEnv({ config, now, week });
    metrics.addMetric('DigestRealizedSavingsUsd', MetricUnit.NoUnit, digest.totals.realizedUsd);
    metrics.addMetric('DigestProjectedMonthlySavingsUsd', MetricUnit.NoUnit, digest.totals.projectedMonthlyUsd);
    metrics.addMetric('DigestMessageBytes', MetricUnit.Bytes, delivery.messageBytes);
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

  return middy(run).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
}
