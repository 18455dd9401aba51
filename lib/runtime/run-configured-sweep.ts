/**
 * Runs one sweep with the deployment from the environment: the path every sweep
 * Lambda takes. It gets the sweep declaration itself and never looks a sweep up by
 * name, so a Lambda bundle built from it carries its own sweep and no other.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { AwsClients } from '../aws/clients.js';
import { tightenedTeamConfigs } from '../budgets/tightening.js';
import type { Clock } from '../core/clock.js';
import { pricingFor } from '../engine/pricing-for.js';
import { runSweep } from '../engine/run-sweep.js';
import type { SweepMode, SweepReport } from '../core/finding.js';
import type { AnySweep, LoggerLike } from '../core/sweep.js';
import type { SweptAccount } from '../core/swept-account.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { ownershipPolicy, presentationOf, sweepSectionOf } from '../config/parse-config.js';
import { DynamoDbLedger } from '../ledger/dynamodb-ledger.js';
import { linkMinterFromEnv } from '../links/minter-from-env.js';
import { SnsNotifier } from '../notices/sns-notifier.js';
import { ENV } from '../core/deployment-names.js';
import { deploymentFromEnv, homeRegion, regionOfArn, requireApplyDeployment, resolveRegions, type Env } from './deployment.js';

/** Options of {@link runConfiguredSweep}. */
export interface ConfiguredRunOptions {
  /** The sweep's declaration (the CLI finds it with `sweepNamed`; a Lambda imports its own). */
  readonly sweep: AnySweep;
  readonly config: AnyFinOpsConfig;
  readonly mode: SweepMode;
  readonly clock: Clock;
  /** @default - the config's regions, else the process region */
  readonly regions?: readonly string[];
  /** @default process.env */
  readonly env?: Env;
  /** @default - new clients with the config's `aws.maxAttempts` */
  readonly clients?: AwsClients;
  readonly logger?: LoggerLike;
  /** See `RunSweepOptions.shouldStop` (a Lambda stops before its deadline). @default - never stops */
  readonly shouldStop?: () => boolean;
  /** The account swept (`clients` are that account's). @default - the own account, not looked up */
  readonly account?: SweptAccount;
  /** The hub's clients: the ledger, the notices topic and prices. @default - `clients` */
  readonly hubClients?: AwsClients;
  /** Region of the ledger table and topics. @default - AWS_REGION, else the first region swept */
  readonly homeRegion?: string;
}

/**
 * Runs a sweep with the deployment from the environment. Apply mode requires the
 * ledger and topic variables; report mode reads the ledger when
 * `FINOPS_LEDGER_TABLE` is set (to show real deadlines) and writes nothing.
 *
 * @example
 * const report = await runConfiguredSweep({ sweep: IdleEndpointSweep, config, mode: 'report', clock: systemClock });
 */
export async function runConfiguredSweep(options: ConfiguredRunOptions): Promise<SweepReport> {
  const { sweep } = options;
  const env = options.env ?? process.env;
  const regions = resolveRegions(options.config, options.regions, env);
  const deployment = deploymentFromEnv(env);
  if (options.mode === 'apply') requireApplyDeployment(deployment);
  const clients = options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts });
  const hub = options.hubClients ?? clients;
  const home = options.homeRegion ?? homeRegion(regions, env);
  const settings = sweepSectionOf(options.config, sweep.name);
  const ledger = deployment.ledgerTable ? new DynamoDbLedger(deployment.ledgerTable, hub.get(DynamoDBClient, home)) : undefined;
  // Teams over budget get the stricter settings they configured (needs the ledger, where the guard records it).
  const teamConfigs = ledger ? await tightenedTeamConfigs(ledger, options.config, sweep, settings, options.clock.now()) : undefined;
  // Owner-action links in pending notices, where the deployment has the endpoint (FINOPS_LINKS_BASE_URL).
  const links = options.mode === 'apply' ? linkMinterFromEnv(options.config, env, hub, home) : undefined;
  return runSweep({
    sweep,
    config: settings,
    policy: ownershipPolicy(options.config),
    presentation: presentationOf(options.config),
    mode: options.mode,
    regions,
    clock: options.clock,
    clients,
    pricing: pricingFor(options.config.pricing, hub, { ledgerTable: deployment.ledgerTable, homeRegion: home }),
    ...(ledger ? { ledger } : {}),
    ...(teamConfigs && teamConfigs.size > 0 ? { teamConfigs } : {}),
    ...(options.mode === 'apply' && deployment.noticesTopicArn
      ? {
          notifier: new SnsNotifier(deployment.noticesTopicArn, hub.get(SNSClient, regionOfArn(deployment.noticesTopicArn) ?? home), {
            // A chat channel on the topic (AWS Chatbot) gets its own rendering of each notice.
            chat: env[ENV.noticesChat] === 'true',
            timeZone: options.config.timeZone,
          }),
        }
      : {}),
    ...(links ? { links } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.account ? { account: options.account } : {}),
  });
}
