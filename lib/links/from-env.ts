/**
 * Owner-action links wired from the deployment's environment: the minter the sweeps
 * use (`FINOPS_LINKS_BASE_URL`, `FINOPS_LINKS_KEY_ID`), and the endpoint the Lambda
 * and `finops-ai serve-links` serve (`FINOPS_LEDGER_TABLE`, `FINOPS_LINKS_KEY_ID`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import { ENV } from '../core/deployment-names.js';
import { MissingEnvironmentError } from '../core/errors.js';
import type { OwnerLinkMinter } from '../core/owner-actions.js';
import type { LoggerLike } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { resolveFormat } from '../format/index.js';
import { DynamoDbOwnerDecisions } from '../ledger/owner-decisions.js';
import type { LinkEndpoint } from './handle-request.js';
import { KmsLinkSigner } from './kms-signer.js';
import { checkedBaseUrl } from './link-settings.js';
import { createLinkMinter } from './minter.js';
import { labelIn, type SweepLabels } from './sweep-labels.js';
import { AwsResourceTagger } from './tagger.js';

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** The link keys of `FINOPS_LINKS_KEY_ID` (comma-separated: the first signs, all verify). */
export function linkKeyIds(env: Env): string[] {
  return (read(env, ENV.linksKeyId) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/**
 * The sweeps' link minter, or `undefined` when notices carry no links: owner actions
 * off in the config, or `FINOPS_LINKS_BASE_URL` not set. With the base URL but no
 * key, it fails: links nobody can verify must not be sent.
 *
 * @throws MissingEnvironmentError `FINOPS_LINKS_KEY_ID` missing while the base URL is set
 * @throws ConfigError a base URL that is not https (or http on loopback)
 */
export function linkMinterFromEnv(config: AnyFinOpsConfig, env: Env, clients: AwsClients, home: string): OwnerLinkMinter | undefined {
  const base = read(env, ENV.linksBaseUrl);
  if (!config.ownerActions.enabled || !base) return undefined;
  const keys = linkKeyIds(env);
  if (keys.length === 0) throw new MissingEnvironmentError(ENV.linksKeyId, `to sign owner-action links (${ENV.linksBaseUrl} is set)`);
  return createLinkMinter(new KmsLinkSigner(clients.get(KMSClient, home), keys), {
    baseUrl: checkedBaseUrl(base),
    ownerActions: config.ownerActions,
    tagKeys: config.tagKeys,
  });
}

/** Options of {@link linkEndpointFromEnv}. */
export interface LinkEndpointOptions {
  readonly config: AnyFinOpsConfig;
  /** The English titles and actions of the sweeps (the registry's). */
  readonly sweepLabels: SweepLabels;
  readonly env: Env;
  readonly clients: AwsClients;
  /** Region of the ledger table and the key. */
  readonly home: string;
  readonly clock: Clock;
  readonly log: LoggerLike;
}

/**
 * The owner-action endpoint of a deployment: the ledger of `FINOPS_LEDGER_TABLE`,
 * the key(s) of `FINOPS_LINKS_KEY_ID`, tags written with `clients`.
 *
 * @throws MissingEnvironmentError `FINOPS_LEDGER_TABLE` or `FINOPS_LINKS_KEY_ID` missing
 */
export function linkEndpointFromEnv(o: LinkEndpointOptions): LinkEndpoint {
  const table = read(o.env, ENV.ledgerTable);
  if (!table) throw new MissingEnvironmentError(ENV.ledgerTable, 'to record owner decisions (the ledger table name)');
  const keys = linkKeyIds(o.env);
  if (keys.length === 0) throw new MissingEnvironmentError(ENV.linksKeyId, 'to verify owner-action links (the KMS HMAC key)');
  const base = read(o.env, ENV.linksBaseUrl);
  const format = resolveFormat({ locale: o.config.locale, timeZone: o.config.timeZone });
  return {
    signer: new KmsLinkSigner(o.clients.get(KMSClient, o.home), keys),
    store: new DynamoDbOwnerDecisions(table, o.clients.get(DynamoDBClient, o.home)),
    tagger: new AwsResourceTagger(o.clients),
    clock: o.clock,
    ownerActions: o.config.ownerActions,
    tagKeys: o.config.tagKeys,
    format,
    sweepLabel: labelIn(o.sweepLabels, format.locale),
    basePath: base ? new URL(checkedBaseUrl(base)).pathname : '/',
    log: o.log,
  };
}
