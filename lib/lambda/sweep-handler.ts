import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { systemClock, type Clock } from '../core/clock.js';
import { METRIC_DIMENSIONS, METRICS_NAMESPACE, SERVICE_NAME } from '../core/deployment-names.js';
import { FinOpsError } from '../core/errors.js';
import type { SweepReport } from '../core/finding.js';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { sweepSectionOf } from '../config/parse-config.js';
import { runConfiguredSweep } from '../runtime/run-configured-sweep.js';
import type { PairResult } from '../runtime/sweep-pair.js';
import { pairEventOf, runPairEvent } from './pair-event.js';
import { addRunMetrics } from './run-metrics.js';
import { loadBundledConfig, parseSweepLambdaConfig } from './bundled-config.js';

/** Thrown after a run in which some resources failed, so the Lambda's Errors alarm fires and the retry (safe) goes again. */
export class SweepIncompleteError extends FinOpsError {
  constructor(readonly report: SweepReport) {
    super(
      `Sweep ${report.sweep} finished with ${report.errors.length} failure(s): ` +
        report.errors
          .slice(0, 5)
          .map((e) => `${e.region}/${e.resourceId ?? '-'} ${e.stage}: ${e.message}`)
          .join('; '),
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

/** The part of the Lambda context a run needs: the time left before the function's timeout. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number;
}

/** What a pair run reads of the Lambda context besides the deadline: its own ARN (the hub's account). */
interface InvocationContext extends Partial<DeadlineContext> {
  readonly invokedFunctionArn?: string;
}

/** The most time kept for what follows the last resource: owner notices and the run record. */
export const DEADLINE_RESERVE_MS = 60_000;

/**
 * Stops a run before its Lambda's timeout: `true` once less than a quarter of the
 * time the invocation started with (at most {@link DEADLINE_RESERVE_MS}) is left, so
 * the run ends cleanly and reports what it left for the next run instead of being
 * killed mid-resource.
 *
 * @example
 * const shouldStop = stopBeforeDeadline(context); // 5-minute timeout: stops starting new resources at 4:00
 */
export function stopBeforeDeadline(context: DeadlineContext): () => boolean {
  const reserve = Math.min(DEADLINE_RESERVE_MS, context.getRemainingTimeInMillis() / 4);
  return () => context.getRemainingTimeInMillis() < reserve;
}

/** Options of {@link createSweepHandler}. */
export interface SweepHandlerOptions {
  /** @default - the config bundled with the Lambda ({@link loadBundledConfig}), read once, now */
  readonly config?: AnyFinOpsConfig;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * The Lambda handler of one sweep: a thin door into {@link runConfiguredSweep},
 * with Powertools logging and metrics. It gets the sweep's declaration, not its
 * name, so the bundle holds that sweep only. The mode comes from the deployed
 * config (`sweeps.<name>.mode`), so a sweep acts only once it is switched to `apply`.
 *
 * Events: empty or scheduled, every configured region of the deployment's own account
 * (throws {@link SweepIncompleteError} when resources failed); `{ accountId, region }`,
 * that one pair, through the member role unless it is the hub's account (returns a
 * `PairResult`; throws `AccountAccessError` when the role cannot be assumed);
 * `{ accountId, region, failure: { error, cause } }`, records that pair's failed run.
 *
 * @example the entry infra/lambda-assets.ts generates for a sweep
 * export const handler = createSweepHandler(declaredSweep(declarations, 'idle-endpoints'));
 */
export function createSweepHandler(sweep: AnySweepDeclaration, options: SweepHandlerOptions = {}) {
  const logger = new Logger({ serviceName: SERVICE_NAME, persistentKeys: { [METRIC_DIMENSIONS.sweep]: sweep.name } });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, defaultDimensions: { [METRIC_DIMENSIONS.sweep]: sweep.name } });
  const config = options.config ?? loadBundledConfig(parseSweepLambdaConfig(sweep), { label: sweep.name });
  const clock = options.clock ?? systemClock;
  const settings = sweepSectionOf(config, sweep.name);

  const run = async (event: unknown, context?: InvocationContext): Promise<SweepHandlerResult | PairResult> => {
    const shouldStop = context?.getRemainingTimeInMillis ? stopBeforeDeadline(context as DeadlineContext) : undefined;
    const pair = pairEventOf(event);
    if (pair) {
      if (!settings.enabled) return { sweep: sweep.name, accountId: pair.accountId, region: pair.region, status: 'ok', findings: {}, errors: 0 };
      return runPairEvent(pair, { sweep, config, mode: settings.mode, clock, logger, metrics, ...(shouldStop ? { shouldStop } : {}) }, context);
    }
    if (!settings.enabled) {
      logger.info('Sweep disabled in config; nothing to do');
      return { sweep: sweep.name, mode: settings.mode, findings: {}, errors: 0, notices: 0 };
    }
    const report = await runConfiguredSweep({ sweep, config, mode: settings.mode, clock, logger, ...(shouldStop ? { shouldStop } : {}) });
    const byDecision: Record<string, number> = {};
    for (const f of report.findings) byDecision[f.decision] = (byDecision[f.decision] ?? 0) + 1;
    addRunMetrics(metrics, report);
    logger.info('Sweep finished', { mode: report.mode, regions: report.regions, findings: byDecision, errors: report.errors, notices: report.notices });
    if (report.errors.length > 0) throw new SweepIncompleteError(report);
    return { sweep: sweep.name, mode: report.mode, findings: byDecision, errors: 0, notices: report.notices.length };
  };

  return middy(run)
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
