/**
 * Which config the bundled CDK app (`infra/app.ts`) deploys: the file named by
 * `-c config=FILE` or `FINOPS_CONFIG_FILE`, else every default, which is report-only
 * (no sweep stops or deletes anything), said on stderr with how to write a config.
 */
import { existsSync } from 'node:fs';
import { loadConfigFile, type FinOpsConfig } from '../lib/config.js';
import { ConfigError } from '../lib/core/errors.js';

/** The CLI context key and the environment variable that name the config file. */
export const CONFIG_CONTEXT_KEY = 'config';
export const CONFIG_FILE_ENV = 'FINOPS_CONFIG_FILE';

/** How to start a config of one's own in `file`: from the example, which is report-only everywhere. */
export function createConfigHint(file = 'finops.json'): string {
  return `cp finops.example.json ${file}, edit it, then: npx cdk deploy -c ${CONFIG_CONTEXT_KEY}=${file}`;
}

/** What the app says when it deploys every default. */
export const NO_CONFIG_NOTICE =
  `finops-ai: no config given (-c ${CONFIG_CONTEXT_KEY}=FILE or ${CONFIG_FILE_ENV}=FILE), so every default is deployed: ` +
  `report-only (sweeps find and report waste; none stops or deletes anything), no email subscriptions. ` +
  `To configure: ${createConfigHint()}`;

/**
 * The validated config of `file`, or every default (saying so through `warn`) when
 * there is none. Throws {@link ConfigError} for an invalid file, or a missing one with
 * how to create it.
 */
export function readAppConfig(file: string | undefined, warn: (line: string) => void = console.error): FinOpsConfig {
  if (!file) {
    warn(NO_CONFIG_NOTICE);
    return loadConfigFile(undefined);
  }
  if (!existsSync(file)) {
    throw new ConfigError([{ field: '', message: `${file} does not exist; to create it: ${createConfigHint(file)}` }], `config file ${file}`);
  }
  return loadConfigFile(file);
}
