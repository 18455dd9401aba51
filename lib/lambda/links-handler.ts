import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { AwsClients } from '../aws/clients.js';
import { systemClock, type Clock } from '../core/clock.js';
import { LINKS_COMPONENT, LINKS_METRICS, METRIC_DIMENSIONS, METRICS_NAMESPACE, SERVICE_NAME } from '../core/deployment-names.js';
import { MissingEnvironmentError } from '../core/errors.js';
import { linkEndpointFromEnv } from '../links/endpoint-from-env.js';
import { functionUrlResult, linkRequestOf, type FunctionUrlEvent, type FunctionUrlResult } from '../links/function-url.js';
import { handleLinkRequest, type LinkEndpoint } from '../links/handle-request.js';
import { loadBundledConfig } from './bundled-config.js';
import { parseLinksLambdaConfig, type LinksLambdaConfig } from './links-config.js';

/** Options of {@link createLinksHandler}. */
export interface LinksHandlerOptions {
  /** @default - the config bundled with the Lambda, read once, now */
  readonly config?: LinksLambdaConfig;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default - new clients with the config's `aws.maxAttempts` */
  readonly clients?: AwsClients;
}

/**
 * The owner-action endpoint's Lambda, behind its function URL: a thin door into
 * {@link handleLinkRequest}, with Powertools logging (one line per request, never
 * the token) and the `OwnerLinkRequests` and `OwnerLinkFailures` metrics.
 *
 * @example the entry infra/lambda-assets.ts generates for it
 * export const handler = createLinksHandler();
 */
export function createLinksHandler(options: LinksHandlerOptions = {}) {
  const logger = new Logger({ serviceName: SERVICE_NAME, persistentKeys: { [METRIC_DIMENSIONS.component]: LINKS_COMPONENT } });
  const metrics = new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: SERVICE_NAME,
    defaultDimensions: { [METRIC_DIMENSIONS.component]: LINKS_COMPONENT },
  });
  const { config, sweepLabels } = options.config ?? loadBundledConfig(parseLinksLambdaConfig, { label: LINKS_COMPONENT });
  // Wired at the first request: a missing variable fails that invocation (the Errors alarm), not the import.
  let endpoint: LinkEndpoint | undefined;
  const endpointNow = (): LinkEndpoint => {
    if (endpoint) return endpoint;
    const env = options.env ?? process.env;
    const home = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!home) throw new MissingEnvironmentError('AWS_REGION', 'to find the ledger table and the link key');
    const clients = options.clients ?? new AwsClients({ maxAttempts: config.aws.maxAttempts });
    endpoint = linkEndpointFromEnv({ config, sweepLabels, env, clients, home, clock: options.clock ?? systemClock, log: logger });
    return endpoint;
  };

  const run = async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const response = await handleLinkRequest(linkRequestOf(event), endpointNow());
    metrics.addMetric(LINKS_METRICS.requests, MetricUnit.Count, 1);
    metrics.addMetric(LINKS_METRICS.failures, MetricUnit.Count, response.status >= 500 ? 1 : 0);
    return functionUrlResult(response);
  };

  // The event holds the token in its query string: Powertools never logs the event unless told to.
  return middy(run)
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics));
}
