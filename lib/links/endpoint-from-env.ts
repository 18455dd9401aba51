/**
 * The owner-action endpoint wired from the deployment's environment, as the Lambda
 * and `finops-ai serve-links` serve it: the ledger of `FINOPS_LEDGER_TABLE`, the
 * key(s) of `FINOPS_LINKS_KEY_ID`, tags written with the given clients.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../core/clock.js';
import { ENV } from '../core/deployment-names.js';
import { MissingEnvironmentError } from '../core/errors.js';
import type { LoggerLike } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { resolveFormat } from '../format/index.js';
import { DynamoDbOwnerDecisions } from '../ledger/owner-decisions.js';
import type { LinkEndpoint } from './handle-request.js';
import { KmsLinkSigner } from './kms-signer.js';
import { checkedBaseUrl } from './link-settings.js';
import { linkKeyIds, readEnv, type Env } from './minter-from-env.js';
import { labelIn, type SweepLabels } from './sweep-labels.js';
import { AwsResourceTagger } from './tagger.js';

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
  const table = readEnv(o.env, ENV.ledgerTable);
  if (!table) throw new MissingEnvironmentError(ENV.ledgerTable, 'to record owner decisions (the ledger table name)');
  const keys = linkKeyIds(o.env);
  if (keys.length === 0) throw new MissingEnvironmentError(ENV.linksKeyId, 'to verify owner-action links (the KMS HMAC key)');
  const base = readEnv(o.env, ENV.linksBaseUrl);
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
