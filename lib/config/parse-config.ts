/**
 * Validating a config and reading a sweep's part of it, for any set of sweep
 * declarations (no registry import; see `lib/config.ts` for the registered sweeps).
 */
import type { Locale } from '../format/locale-config.js';
import type { ZodMiniType } from 'zod/mini';
import { budgetConfigIssues } from '../budgets/budget-config.js';
import { ConfigError } from '../core/errors.js';
import type { OwnershipPolicy } from '../core/policy.js';
import type { SweepSettings } from '../core/settings.js';
import type { AnySweep } from '../core/sweep.js';
import { accountsConfigIssues } from './accounts-config.js';
import { notAnObjectIssue, sharedConfigIssues } from './config-inputs.js';
import { configSchemaFor, type AnyFinOpsConfig, type ConfigSchemaOptions, type ConfigurableSweep, type FinOpsConfigFor } from './config-schema.js';

/**
 * Validates `value` with a schema from {@link configSchemaFor}; throws
 * {@link ConfigError} naming every wrong field (`origin` says where the value came from).
 * `undefined` (no config given) means all defaults; `null` or any non-object is refused.
 */
export function parseConfigWith<C extends AnyFinOpsConfig>(schema: ZodMiniType<C>, value: unknown, origin = 'config'): C {
  const notObject = value === undefined ? null : notAnObjectIssue(value);
  if (notObject) throw new ConfigError([notObject], origin);
  const result = schema.safeParse(value ?? {});
  if (result.success) {
    const issues = [...sharedConfigIssues(result.data), ...budgetConfigIssues(result.data.budgets), ...accountsConfigIssues(result.data.accounts)];
    if (issues.length > 0) throw new ConfigError(issues, origin);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message,
    })),
    origin,
  );
}

/**
 * Validates a config over the given sweeps only (a Lambda passes its own sweep, and
 * `{ otherSweeps: 'keep' }` when the value is the whole config).
 *
 * @example
 * const config = parseConfigFor(json, [IdleEndpointSweep], 'config asset', { otherSweeps: 'keep' });
 * sweepConfigOf(config, IdleEndpointSweep).lookbackDays // 7
 */
export function parseConfigFor<const S extends readonly ConfigurableSweep[]>(
  value: unknown,
  sweeps: S,
  origin = 'config',
  options: ConfigSchemaOptions = {},
): FinOpsConfigFor<S> {
  return parseConfigWith(configSchemaFor(sweeps, options), value, origin);
}

/** The ownership policy part of a config. */
export function ownershipPolicy(config: AnyFinOpsConfig): OwnershipPolicy {
  return { tagKeys: config.tagKeys, protectedEnvironments: config.protectedEnvironments, fallbackOwner: config.fallbackOwner };
}

/** How notices, the digest and CLI tables read: the default language and time zone, and every language a notice subscription reads. */
export interface Presentation {
  readonly locale: Locale;
  readonly timeZone: string;
  /** The default language first, then each other language some subscription asks for. */
  readonly noticeLocales: readonly Locale[];
}

/** The {@link Presentation} of a config. */
export function presentationOf(config: AnyFinOpsConfig): Presentation {
  const locales = [config.locale, ...(config.notices.locales ?? config.notices.subscriptions.map((s) => s.locale ?? config.locale))];
  return { locale: config.locale, timeZone: config.timeZone, noticeLocales: [...new Set(locales)] };
}

/** A sweep's section with what every sweep's config gets besides. */
export type SweepConfigSection<Section> = Section & { readonly tagKeys: AnyFinOpsConfig['tagKeys']; readonly budgets: AnyFinOpsConfig['budgets'] };

/**
 * The section of sweep `name`, with the shared `tagKeys` added (rules that read
 * tags beyond ownership, e.g. the team tag, use the same keys) and the `budgets`
 * section (the budget guard's teams). Throws {@link ConfigError} when the config
 * has no such section.
 */
export function sweepSectionOf(config: AnyFinOpsConfig, name: string): SweepConfigSection<SweepSettings> {
  const section = (config.sweeps as { readonly [name: string]: SweepSettings | undefined })[name];
  if (!section) throw new ConfigError([{ field: `sweeps.${name}`, message: 'no such sweep section' }]);
  return { ...section, tagKeys: config.tagKeys, budgets: config.budgets };
}

/** The resolved config a sweep's adapters and rule take (the `config` of its `inventory`). */
export type ConfigOf<D extends AnySweep> = Parameters<D['inventory']>[1];

/**
 * A sweep's config, typed as its declaration takes it.
 *
 * @example
 * sweepConfigOf(parseConfig({}), IdleEndpointSweep).maxInvocations // 0
 */
export function sweepConfigOf<D extends AnySweep>(config: AnyFinOpsConfig, sweep: D): ConfigOf<D> {
  return sweepSectionOf(config, sweep.name);
}
