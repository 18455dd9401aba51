/**
 * What minting and applying owner-action links need from the config and the
 * deployment: the endpoint's base URL, the `ownerActions` section and the tag keys a
 * decision writes.
 */
import { ConfigError } from '../core/errors.js';
import type { TagKeys } from '../core/policy.js';
import type { OwnerActionsConfig } from '../config/owner-actions-config.js';

/** The settings of owner-action links. */
export interface LinkSettings {
  /** The endpoint's absolute URL (`FINOPS_LINKS_BASE_URL`): every link is under it. */
  readonly baseUrl: string;
  readonly ownerActions: OwnerActionsConfig;
  /** The snooze and exempt tag keys (`tagKeys` of the config). */
  readonly tagKeys: Pick<TagKeys, 'exempt' | 'snoozeUntil'>;
}

/**
 * The base URL checked: absolute, `https:` (or `http:` on a loopback host, for the
 * local server), without a query or fragment (links add theirs).
 *
 * @throws ConfigError naming `FINOPS_LINKS_BASE_URL` and the value it got
 */
export function checkedBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError([{ field: 'FINOPS_LINKS_BASE_URL', message: `must be an absolute URL; got "${value}"` }], 'environment');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError([{ field: 'FINOPS_LINKS_BASE_URL', message: `must be https (http only on a loopback host); got "${value}"` }], 'environment');
  }
  if (url.search || url.hash) {
    throw new ConfigError([{ field: 'FINOPS_LINKS_BASE_URL', message: `must have no query or fragment; got "${value}"` }], 'environment');
  }
  return url.href;
}

/** A link: `<base>?choice=<choice>&resource=<resource id>&token=<token>`. */
export function linkUrl(baseUrl: string, choice: string, resourceId: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('choice', choice);
  url.searchParams.set('resource', resourceId);
  url.searchParams.set('token', token);
  return url.href;
}
