/**
 * Where a deployment's ledger and topics are, read from the environment the CDK
 * construct gives the Lambdas (and the operator exports for the CLI), and which
 * regions a run covers.
 */
import { ConfigError, MissingEnvironmentError } from '../core/errors.js';
import { ENV } from '../core/deployment-names.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';

/** A process environment (or a stand-in for one in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where the deployment's ledger and topics are. */
export interface Deployment {
  readonly ledgerTable: string | undefined;
  readonly noticesTopicArn: string | undefined;
  readonly digestTopicArn: string | undefined;
}

/** Reads the deployment variables (absent ones stay `undefined`). */
export function deploymentFromEnv(env: Env = process.env): Deployment {
  const read = (name: string) => (env[name]?.trim() ? env[name].trim() : undefined);
  return { ledgerTable: read(ENV.ledgerTable), noticesTopicArn: read(ENV.noticesTopicArn), digestTopicArn: read(ENV.digestTopicArn) };
}

/** Throws {@link MissingEnvironmentError} for the first variable apply mode needs and lacks. */
export function requireApplyDeployment(
  deployment: Deployment,
): asserts deployment is Deployment & { ledgerTable: string; noticesTopicArn: string; digestTopicArn: string } {
  if (!deployment.ledgerTable) throw new MissingEnvironmentError(ENV.ledgerTable, 'in apply mode (the ledger table name)');
  if (!deployment.noticesTopicArn) throw new MissingEnvironmentError(ENV.noticesTopicArn, 'in apply mode (the owner notices topic)');
  if (!deployment.digestTopicArn) throw new MissingEnvironmentError(ENV.digestTopicArn, 'in apply mode (the digest topic)');
}

/** Regions to sweep: explicit ones, else the config's, else the process region. */
export function resolveRegions(config: Pick<AnyFinOpsConfig, 'regions'>, explicit: readonly string[] | undefined, env: Env = process.env): string[] {
  if (explicit && explicit.length > 0) return [...explicit];
  if (config.regions) return [...config.regions];
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new ConfigError([{ field: 'regions', message: 'no regions configured and AWS_REGION is not set' }]);
  return [region];
}

/** Region of the ledger table and topics: the process region, else the first swept region. */
export function homeRegion(regions: readonly string[], env: Env): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? regions[0]!;
}

/** The region of an ARN (`arn:partition:service:region:...`), `undefined` when it has none. */
export function regionOfArn(arn: string): string | undefined {
  const region = arn.split(':')[3];
  return region === '' ? undefined : region;
}
