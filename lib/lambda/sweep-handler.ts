import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { systemClock } from '../core/clock.js';
import { FinOpsError } from '../core/errors.js';
import type { SweepReport } from '../core/finding.js';
import { sweepConfig } from '../config.js';
import { configFromEnv, runConfiguredSweep } from '../runtime.js';

/** Thrown after a run in which some resources failed, so the Lambda's Errors alarm fires and the retry (safe) goes again. */
export class SweepIncompleteError extends FinOpsError {
  constructor(readonly report: SweepReport) {
    super(
      `Sweep ${report.sweep} finished with ${report.errors.length} failure(s): ` +
        report.errors.slice(0, 5).map((e) => `${e.region}/${e.resourceId ?? '-'} ${e.stage}: ${e.message}`).join('; '),
    );
  }
}

/** What the Lambda returns (the full report is in the logs and the ledger). */
export interface SweepHandlerResult {
  readonly sweep: string;
  readonly mode: string;
  readonly findings: Record<string, number>;
  readonly errors: number;
  readonly notices: number;
}

/**
 * The Lambda handler of one sweep: a thin door into {@link runConfiguredSweep},
 * with Powertools logging and metrics. The mode comes from the deployed config
 * (`sweeps.<name>.mode`), so a sweep acts only once it is switched to `apply`.
 *
 * @example functions/idle-endpoints.ts
 * export const handler = createSweepHandler('idle-endpoints');
 */
export function createSweepHandler(sweepName: string) {
  const logger = new Logger({ serviceName: 'finops-ai', persistentKeys: { sweep: sweepName } });
  const metrics = new Metrics({ namespace: 'FinOpsAI', serviceName: 'finops-ai', defaultDimensions: { sweep: sweepName } });
  const config = configFromEnv();
  const settings = sweepConfig(config, sweepName);

  const run = async (): Promise<SweepHandlerResult> => {
    if (!settings.enabled) {
      logger.info('Sweep disabled in config; nothing to do');
      return { sweep: sweepName, mode: settings.mode, findings: {}, errors: 0, notices: 0 };
    }
    const report = await runConfiguredSweep({ sweep: sweepName, config, mode: settings.mode, clock: systemClock, logger });
    const byDecision: Record<string, number> = {};
    for (const f of report.findings) byDecision[f.decision] = (byDecision[f.decision] ?? 0) + 1;
    for (const decision of ['acted', 'pending', 'protected', 'exempt']) {
      metrics.addMetric(`Findings_${decision}`, MetricUnit.Count, byDecision[decision] ?? 0);
    }
    metrics.addMetric('ResourceErrors', MetricUnit.Count, report.errors.length);
    metrics.addMetric('NoticesSent', MetricUnit.Count, report.notices.length);
    const monthly = report.findings.filter((f) => f.decision === 'acted').reduce((sum, f) => sum + (f.estimatedMonthlySavingsUsd ?? 0), 0);
    metrics.addMetric('ActedMonthlySavingsUsd', MetricUnit.NoUnit, monthly);
    logger.info('Sweep finished', { mode: report.mode, regions: report.regions, findings: byDecision, errors: report.errors, notices: report.notices });
    if (report.errors.length > 0) throw new SweepIncompleteError(report);
    return { sweep: sweepName, mode: report.mode, findings: byDecision, errors: 0, notices: report.notices.length };
  };

  return middy(run).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
}
