import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { COUNTED_DECISIONS, SWEEP_METRICS } from '../core/deployment-names.js';
import type { SweepReport } from '../core/finding.js';

/** The custom metrics of one run: findings by counted decision, errors, notices, acted savings. */
export function addRunMetrics(metrics: Metrics, report: SweepReport): void {
  const byDecision: Record<string, number> = {};
  for (const f of report.findings) byDecision[f.decision] = (byDecision[f.decision] ?? 0) + 1;
  for (const decision of COUNTED_DECISIONS) {
    metrics.addMetric(SWEEP_METRICS.findings(decision), MetricUnit.Count, byDecision[decision] ?? 0);
  }
  metrics.addMetric(SWEEP_METRICS.resourceErrors, MetricUnit.Count, report.errors.length);
  metrics.addMetric(SWEEP_METRICS.noticesSent, MetricUnit.Count, report.notices.length);
  const monthly = report.findings.filter((f) => f.decision === 'acted').reduce((sum, f) => sum + (f.estimatedMonthlySavingsUsd ?? 0), 0);
  metrics.addMetric(SWEEP_METRICS.actedMonthlySavingsUsd, MetricUnit.NoUnit, monthly);
}
