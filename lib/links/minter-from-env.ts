/**
 * The sweeps' owner-action link minter, wired from the deployment's environment
 * (`FINOPS_LINKS_BASE_URL`, `FINOPS_LINKS_KEY_ID`). Kept apart from the endpoint's
 * wiring so that a sweep's bundle holds no page, message or tagger.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { AwsClients } from '../aws/clients.js';
import { ENV } from '../core/deployment-names.js';
import { MissingEnvironmentError } from '../core/errors.js';
import type { OwnerLinkMinter } from '../core/owner-actions.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { KmsLinkSigner } from './kms-signer.js';
import { checkedBaseUrl } from './link-settings.js';
import { createLinkMinter } from './minter.js';

/** A process environment (or a stand-in for one in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The trimmed value of `name`, `undefined` when unset or empty. */
export function readEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

/** The link keys of `FINOPS_LINKS_KEY_ID` (comma-separated: the first signs, all verify). */
export function linkKeyIds(env: Env): string[] {
  return (readEnv(env, ENV.linksKeyId) ?? '')
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
  const base = readEnv(env, ENV.linksBaseUrl);
  if (!config.ownerActions.enabled || !base) return undefined;
  const keys = linkKeyIds(env);
  if (keys.length === 0) throw new MissingEnvironmentError(ENV.linksKeyId, `to sign owner-action links (${ENV.linksBaseUrl} is set)`);
  return createLinkMinter(new KmsLinkSigner(clients.get(KMSClient, home), keys), {
    baseUrl: checkedBaseUrl(base),
    ownerActions: config.ownerActions,
    tagKeys: config.tagKeys,
  });
}
