/**
 * Where the AWS SDK would send requests other than to AWS: every endpoint
 * override it honours (`AWS_ENDPOINT_URL`, any `AWS_ENDPOINT_URL_<SERVICE>`, and
 * `endpoint_url` in the active profile of the shared config file or in its
 * `services` section). Used to keep "as of another time" runs (`--apply --now`)
 * on a local emulator: one override left pointing elsewhere would act on real
 * resources with a fake clock.
 */
import { getProfileName, loadSharedConfigFiles } from '@smithy/core/config';

/** One endpoint override and where it was set. */
export interface EndpointOverride {
  /** e.g. `AWS_ENDPOINT_URL_SAGEMAKER` or `config file profile "dev" endpoint_url`. */
  readonly source: string;
  readonly url: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `true` for http(s) URLs on 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Every endpoint override set in the environment, in name order. */
export function environmentEndpointOverrides(env: Env): EndpointOverride[] {
  return Object.keys(env)
    .filter((name) => (name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_')) && env[name])
    .sort()
    .map((name) => ({ source: name, url: env[name]! }));
}

/** Every `endpoint_url` of the active profile in the shared config files (and its `services` section). */
export async function configFileEndpointOverrides(env: Env): Promise<EndpointOverride[]> {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return [];
  const profileName = getProfileName(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {});
  const { configFile } = await loadSharedConfigFiles({
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
  });
  const profile = configFile[profileName] ?? {};
  const found: EndpointOverride[] = [];
  if (profile.endpoint_url) found.push({ source: `config file profile "${profileName}" endpoint_url`, url: profile.endpoint_url });
  const services = profile.services ? configFile[`services.${profile.services}`] : undefined;
  for (const [key, url] of Object.entries(services ?? {})) {
    if (key.endsWith('.endpoint_url') && url) found.push({ source: `config file services "${profile.services}" ${key}`, url });
  }
  return found;
}

/**
 * The overrides that are not loopback, plus a missing `AWS_ENDPOINT_URL` (without
 * it, services with no override of their own go to AWS). Empty: every request the
 * SDK makes stays on this machine.
 */
export async function nonLocalEndpoints(env: Env): Promise<EndpointOverride[]> {
  const overrides = [...environmentEndpointOverrides(env), ...(await configFileEndpointOverrides(env))];
  const bad = overrides.filter((o) => !isLoopbackEndpoint(o.url));
  if (!isLoopbackEndpoint(env.AWS_ENDPOINT_URL)) {
    if (!env.AWS_ENDPOINT_URL) bad.unshift({ source: 'AWS_ENDPOINT_URL', url: '(not set: AWS)' });
  }
  return bad;
}
