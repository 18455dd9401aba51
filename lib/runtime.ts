/**
 * Wiring shared by the Lambda entry points and the CLI: environment variables,
 * clients, ledger and notifier. Nothing sweep-specific lives here.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { AwsClients } from './aws/clients.js';
import { tightenedTeamConfigs } from './budgets/tightening.js';
import type { Clock } from './core/clock.js';
import { runSweep } from './engine/run-sweep.js';
import { ConfigError, MissingEnvironmentError } from './core/errors.js';
import type { SweepMode, SweepReport } from './core/finding.js';
import { restoreAction, type RestoreReport } from './engine/restore.js';
import { pricingFor } from './engine/pricing-for.js';
import type { LoggerLike } from './core/sweep.js';
import { ownershipPolicy, parseConfig, sweepConfig, type FinOpsConfig } from './config.js';
import { DynamoDbLedger } from './ledger/dynamodb-ledger.js';
import { SnsNotifier } from './notices/sns-notifier.js';
import { sweepNamed } from './sweeps/registry.js';

/** Environment variables the Lambdas get from the CDK construct and the CLI reads in apply mode. */
export const ENV = {
  ledgerTable: 'FINOPS_LEDGER_TABLE',
  noticesTopicArn: 'FINOPS_NOTICES_TOPIC_ARN',
  digestTopicArn: 'FINOPS_DIGEST_TOPIC_ARN',
  /** The bucket of the weekly digest reports (the digest Lambda only). */
  digestBucket: 'FINOPS_DIGEST_BUCKET',
  /** The validated configuration as JSON (Lambdas only). */
  config: 'FINOPS_CONFIG',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Where the deployment's ledger and topics are. */
export interface Deployment {
  readonly ledgerTable: string | undefined;
  readonly noticesTopicArn: string | undefined;
  readonly digestTopicArn: string | undefined;
}

/** Reads the deployment variables (absent ones stay `undefined`). */
export function deploymentFromEnv(env: Env = process.env): Deployment {
  const read = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  return { ledgerTable: read(ENV.ledgerTable), noticesTopicArn: read(ENV.noticesTopicArn), digestTopicArn: read(ENV.digestTopicArn) };
}

/** Throws {@link MissingEnvironmentError} for the first variable apply mode needs and lacks. */
export function requireApplyDeployment(deployment: Deployment): asserts deployment is Deployment & { ledgerTable: string; noticesTopicArn: string; digestTopicArn: string } {
  if (!deployment.ledgerTable) throw new MissingEnvironmentError(ENV.ledgerTable, 'in apply mode (the ledger table name)');
  if (!deployment.noticesTopicArn) throw new MissingEnvironmentError(ENV.noticesTopicArn, 'in apply mode (the owner notices topic)');
  if (!deployment.digestTopicArn) throw new MissingEnvironmentError(ENV.digestTopicArn, 'in apply mode (the digest topic)');
}

/** The config a Lambda was deployed with (`FINOPS_CONFIG`), validated again at cold start. */
export function configFromEnv(env: Env = process.env): FinOpsConfig {
  const raw = env[ENV.config];
  if (!raw) throw new MissingEnvironmentError(ENV.config, 'by every finops-ai Lambda (the validated config JSON)');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError([{ field: '', message: `not valid JSON: ${(error as Error).message}` }], `environment variable ${ENV.config}`);
  }
  return parseConfig(json, `environment variable ${ENV.config}`);
}

/** Regions to sweep: explicit ones, else the config's, else the process region. */
export function resolveRegions(config: FinOpsConfig, explicit: readonly string[] | undefined, env: Env = process.env): string[] {
  if (explicit && explicit.length > 0) return [...explicit];
  if (config.regions) return [...config.regions];
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new ConfigError([{ field: 'regions', message: 'no regions configured and AWS_REGION is not set' }]);
  return [region];
}

/** Region of the ledger table and topics: the process region, else the first swept region. */
function homeRegion(regions: readonly string[], env: Env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? regions[0]!;
}

/** Options of {@link runConfiguredSweep}. */
export interface ConfiguredRunOptions {
  readonly sweep: string;
  readonly config: FinOpsConfig;
  readonly mode: SweepMode;
  readonly clock: Clock;
  readonly regions?: readonly string[];
  readonly env?: Env;
  readonly clients?: AwsClients;
  readonly logger?: LoggerLike;
}

/**
 * Runs a registered sweep with the deployment from the environment. Apply mode
 * requires the ledger and topic variables; report mode reads the ledger when
 * `FINOPS_LEDGER_TABLE` is set (to show real deadlines) and records nothing; with
 * the table set, both modes read and refresh its price cache (public list prices).
 */
export async function runConfiguredSweep(options: ConfiguredRunOptions): Promise<SweepReport> {
  const env = options.env ?? process.env;
  const sweep = sweepNamed(options.sweep);
  const regions = resolveRegions(options.config, options.regions, env);
  const deployment = deploymentFromEnv(env);
  if (options.mode === 'apply') requireApplyDeployment(deployment);
  const clients = options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts });
  const home = homeRegion(regions, env);
  const settings = sweepConfig(options.config, sweep.name);
  const ledger = deployment.ledgerTable ? new DynamoDbLedger(deployment.ledgerTable, clients.get(DynamoDBClient, home)) : undefined;
  // Teams over budget get the stricter settings they configured (needs the ledger, where the guard records it).
  const teamConfigs = ledger ? await tightenedTeamConfigs(ledger, options.config, sweep, settings, options.clock.now()) : undefined;
  return runSweep({
    sweep,
    config: settings,
    policy: ownershipPolicy(options.config),
    mode: options.mode,
    regions,
    clock: options.clock,
    clients,
    pricing: pricingFor(options.config.pricing, clients, { ledgerTable: deployment.ledgerTable, homeRegion: home }),
    ...(ledger ? { ledger } : {}),
    ...(teamConfigs && teamConfigs.size > 0 ? { teamConfigs } : {}),
    ...(options.mode === 'apply' && deployment.noticesTopicArn
      ? { notifier: new SnsNotifier(deployment.noticesTopicArn, clients.get(SNSClient, regionOfArn(deployment.noticesTopicArn) ?? home)) }
      : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** Restores one action using the ledger named in the environment. */
export async function restoreFromEnv(options: { actionId: string; clock: Clock; config: FinOpsConfig; env?: Env; clients?: AwsClients }): Promise<RestoreReport> {
  const env = options.env ?? process.env;
  const deployment = deploymentFromEnv(env);
  if (!deployment.ledgerTable) throw new MissingEnvironmentError(ENV.ledgerTable, 'to restore (the ledger table name)');
  const clients = options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts });
  const home = homeRegion(resolveRegions(options.config, undefined, env), env);
  return restoreAction({
    actionId: options.actionId,
    ledger: new DynamoDbLedger(deployment.ledgerTable, clients.get(DynamoDBClient, home)),
    clients,
    clock: options.clock,
    sweepNamed,
  });
}

function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}
