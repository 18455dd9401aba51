/**
 * The bundled config of the owner-action endpoint's Lambda: the shared settings it
 * reads (tag keys, language, time zone, `ownerActions`, AWS retries) and the English
 * titles and actions of the sweeps (`sweepLabels`), so its bundle holds no sweep.
 */
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { parseConfigFor } from '../config/parse-config.js';
import { sweepLabelsOf, SweepLabelsSchema, type SweepLabels } from '../links/sweep-labels.js';
import { ConfigError } from '../core/errors.js';
import type { BundledConfig } from './bundled-config.js';

/** What the endpoint's Lambda gets as its `config.json`. */
export function linksLambdaConfig(config: AnyFinOpsConfig, sweeps: readonly Pick<AnySweepDeclaration, 'name' | 'title' | 'wording'>[]): BundledConfig {
  return {
    ...(config.regions ? { regions: config.regions } : {}),
    tagKeys: config.tagKeys,
    locale: config.locale,
    timeZone: config.timeZone,
    ownerActions: config.ownerActions,
    aws: config.aws,
    sweepLabels: sweepLabelsOf(sweeps),
  };
}

/** The endpoint's config, read back: the shared settings validated, and the sweep labels. */
export interface LinksLambdaConfig {
  readonly config: AnyFinOpsConfig;
  readonly sweepLabels: SweepLabels;
}

/** Validates the endpoint's bundled config. @throws ConfigError naming the field */
export function parseLinksLambdaConfig(json: unknown, origin: string): LinksLambdaConfig {
  const { sweepLabels, ...rest } = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const labels = SweepLabelsSchema.safeParse(sweepLabels ?? {});
  if (!labels.success) throw new ConfigError([{ field: 'sweepLabels', message: labels.error.issues[0]?.message ?? 'invalid' }], origin);
  return { config: parseConfigFor(rest, [], origin, { otherSweeps: 'keep' }), sweepLabels: labels.data };
}
