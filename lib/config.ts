/**
 * The one configuration, over every registered sweep: the CLI reads it from
 * `--config FILE`, the CDK construct validates it at synth and deploys it with
 * the Lambdas. Built by `lib/config/` from the sweep declarations of the registry;
 * a Lambda that knows only its own sweep uses `parseConfigFor` from there instead.
 * Unknown keys are rejected, so a typo fails fast with its path.
 */
import { configSchemaFor, type FinOpsConfigFor, type FinOpsConfigInputFor } from './config/config-schema.js';
import { parseConfigWith, sweepSectionOf, type SweepConfigSection } from './config/parse-config.js';
import { readConfigFile } from './config/read-config-file.js';
import { SWEEP_DECLARATIONS } from './sweeps/registry.js';

export { ownershipPolicy, sweepConfigOf, type ConfigOf } from './config/parse-config.js';

/** The whole configuration's schema: the shared sections, `budgets` and a section per registered sweep. */
export const FinOpsConfigSchema = configSchemaFor(SWEEP_DECLARATIONS);

/** The configuration as written (before defaults). */
export type FinOpsConfigInput = FinOpsConfigInputFor<typeof SWEEP_DECLARATIONS>;
/** The resolved configuration (defaults applied). */
export type FinOpsConfig = FinOpsConfigFor<typeof SWEEP_DECLARATIONS>;

/**
 * Validates a configuration value; throws {@link ConfigError} naming every wrong field.
 *
 * @example
 * parseConfig({ sweeps: { 'idle-endpoints': { gracePeriodHours: -1 } } })
 * // ConfigError: Invalid config:
 * //   - sweeps.idle-endpoints.gracePeriodHours: Too small: expected number to be >=0
 */
export function parseConfig(value: unknown, origin = 'config'): FinOpsConfig {
  return parseConfigWith(FinOpsConfigSchema, value, origin);
}

/**
 * Reads and validates a JSON config file; no file means all defaults. The file must
 * be a regular file of at most 1 MiB holding a JSON object (see `readConfigFile`).
 *
 * @throws ConfigError naming the file and every wrong field
 */
export function loadConfigFile(path: string | undefined): FinOpsConfig {
  if (!path) return parseConfig({});
  return parseConfig(readConfigFile(path), `config file ${path}`);
}

/** One sweep's section of a resolved config. */
export type SweepSection = FinOpsConfig['sweeps'][keyof FinOpsConfig['sweeps']];

/**
 * The sweep section of a config, by sweep name, with the shared `tagKeys` added
 * (rules that read tags beyond ownership, e.g. the team tag, use the same keys)
 * and the `budgets` section (the budget guard's teams). For a typed section, see
 * `sweepConfigOf(config, sweep)`.
 */
export function sweepConfig(config: FinOpsConfig, sweep: string): SweepConfigSection<SweepSection> {
  return sweepSectionOf(config, sweep) as SweepConfigSection<SweepSection>;
}
