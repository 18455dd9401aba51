/**
 * The config a Lambda was deployed with: the CDK construct writes it as
 * `config.json` next to the Lambda's bundle (in the same asset), and the handler
 * reads and validates it once per cold start. No environment variable limits its
 * size, and each sweep Lambda carries only what it reads.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.js';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { parseConfigFor, presentationOf } from '../config/parse-config.js';

/** The config file's name in every Lambda asset, next to `index.mjs`. */
export const BUNDLED_CONFIG_FILE = 'config.json';

/** A config as written to an asset: validated, defaults applied, JSON. */
export interface BundledConfig {
  readonly [key: string]: unknown;
}

/**
 * What of a validated config one sweep's Lambda needs: the settings every sweep
 * shares (regions, tag keys, ownership, AWS retries), the team budgets (a team
 * over budget tightens this sweep) and the sweep's own section. Notice
 * subscriptions, digest and ops emails are the construct's business, not the
 * Lambda's, and other sweeps' sections are left out.
 *
 * @example
 * sweepLambdaConfig(finOps.config, 'idle-endpoints').sweeps // { 'idle-endpoints': { enabled: true, mode: 'report', ... } }
 */
export function sweepLambdaConfig(config: AnyFinOpsConfig, sweepName: string): BundledConfig {
  const section = (config.sweeps as Readonly<Record<string, unknown>>)[sweepName];
  if (section === undefined) throw new ConfigError([{ field: `sweeps.${sweepName}`, message: 'no such sweep section' }]);
  return {
    ...(config.regions ? { regions: config.regions } : {}),
    tagKeys: config.tagKeys,
    protectedEnvironments: config.protectedEnvironments,
    fallbackOwner: config.fallbackOwner,
    locale: config.locale,
    timeZone: config.timeZone,
    // The languages owners read notices in (one message per language); the emails stay in the construct.
    notices: { locales: presentationOf(config).noticeLocales },
    aws: config.aws,
    // What owner-action links in pending notices allow; absent (the defaults): no links.
    ...(config.ownerActions.enabled ? { ownerActions: config.ownerActions } : {}),
    // Which accounts, the member role and the accounts' protection (a pair's run reads them).
    ...(config.accounts ? { accounts: config.accounts } : {}),
    budgets: config.budgets,
    sweeps: { [sweepName]: section },
  };
}

/**
 * Reads the config bundled with this Lambda (`config.json` next to the bundle, as
 * `import.meta.url` of the bundle says) and validates it with `parse`. Throws
 * {@link ConfigError} naming the file when it is missing, not JSON or not valid.
 *
 * @example lib/lambda/sweep-handler.ts: only its own sweep's schema, so no other sweep is bundled
 * const config = loadBundledConfig((json, origin) => parseConfigFor(json, [sweep], origin, { otherSweeps: 'keep' }));
 */
export function loadBundledConfig<C>(parse: (json: unknown, origin: string) => C, options: { readonly file?: URL | string; readonly label?: string } = {}): C {
  const file = options.file ?? new URL(`./${BUNDLED_CONFIG_FILE}`, import.meta.url);
  const path = file instanceof URL ? fileURLToPath(file) : file;
  const origin = `bundled config ${path}${options.label ? ` (${options.label})` : ''}`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ field: '', message: `cannot read it as JSON: ${(error as Error).message}` }], origin);
  }
  return parse(json, origin);
}

/**
 * Validates one sweep Lambda's bundled config against that sweep's schema only.
 * Other sweeps' names may appear in `budgets.teams[].tightened` (the budget guard
 * records them); they are kept, not refused.
 */
export function parseSweepLambdaConfig(sweep: AnySweepDeclaration): (json: unknown, origin: string) => AnyFinOpsConfig {
  return (json, origin) => parseConfigFor(json, [sweep], origin, { otherSweeps: 'keep' });
}
