/**
 * The one configuration schema: the CLI reads it from `--config FILE`, the CDK
 * construct validates it at synth and passes the same JSON to every Lambda
 * (`FINOPS_CONFIG`). Unknown keys are rejected, so a typo fails fast with its path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './core/errors.js';
import type { OwnershipPolicy } from './core/policy.js';
import { IdleEndpointsConfigSchema } from './sweeps/idle-endpoints/config.js';
import { OrphanVolumesConfigSchema } from './sweeps/orphan-volumes/config.js';

const RegionSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region code such as "us-east-1"');
const EmailSchema = z.email('must be an email address');
const NoticeEventSchema = z.enum(['pending', 'acted', 'protected']);

/** An email subscription to owner notices, narrowed by an SNS filter policy. */
const NoticeSubscriptionSchema = z.strictObject({
  email: EmailSchema,
  /** Only notices for these owners (values of the owner tag). @default - every owner */
  owners: z.array(z.string().min(1)).min(1).optional(),
  /** Only notices that mention these teams. @default - every team */
  teams: z.array(z.string().min(1)).min(1).optional(),
  /** Only these events. @default - every event */
  events: z.array(NoticeEventSchema).min(1).optional(),
});

/** The whole configuration. */
export const FinOpsConfigSchema = z.strictObject({
  /**
   * Regions every sweep covers.
   * @default - the `AWS_REGION` of the process (Lambda: the stack's region)
   */
  regions: z.array(RegionSchema).min(1).optional(),
  /** Tag keys the sweeps read. */
  tagKeys: z
    .strictObject({
      owner: z.string().min(1).default('owner'),
      team: z.string().min(1).default('team'),
      environment: z.string().min(1).default('env'),
      exempt: z.string().min(1).default('finops:exempt'),
      snoozeUntil: z.string().min(1).default('finops:snooze-until'),
    })
    .prefault({}),
  /** Environment tag values that protect a resource (case-insensitive). @default ['prod', 'production'] */
  protectedEnvironments: z.array(z.string().min(1)).default(['prod', 'production']),
  /** Owner of resources without an owner tag. @default 'unassigned' */
  fallbackOwner: z.string().min(1).default('unassigned'),
  notices: z
    .strictObject({
      /** Email subscriptions to owner notices. @default [] */
      subscriptions: z.array(NoticeSubscriptionSchema).default([]),
    })
    .prefault({}),
  digest: z
    .strictObject({
      /** Emails that receive the weekly digest. @default [] */
      emails: z.array(EmailSchema).default([]),
    })
    .prefault({}),
  ops: z
    .strictObject({
      /** Emails that receive failure alarms. @default [] */
      alarmEmails: z.array(EmailSchema).default([]),
    })
    .prefault({}),
  aws: z
    .strictObject({
      /** Attempts per AWS call (adaptive retry with backoff). @default 6 */
      maxAttempts: z.number().int().min(1).max(20).default(6),
    })
    .prefault({}),
  sweeps: z
    .strictObject({
      'idle-endpoints': IdleEndpointsConfigSchema.prefault({}),
      'orphan-volumes': OrphanVolumesConfigSchema.prefault({}),
    })
    .prefault({}),
});

/** The configuration as written (before defaults). */
export type FinOpsConfigInput = z.input<typeof FinOpsConfigSchema>;
/** The resolved configuration (defaults applied). */
export type FinOpsConfig = z.output<typeof FinOpsConfigSchema>;

/**
 * Validates a configuration value; throws {@link ConfigError} naming every wrong field.
 *
 * @example
 * parseConfig({ sweeps: { 'idle-endpoints': { gracePeriodHours: -1 } } })
 * // ConfigError: Invalid config:
 * //   - sweeps.idle-endpoints.gracePeriodHours: Too small: expected number to be >=0
 */
export function parseConfig(value: unknown, origin = 'config'): FinOpsConfig {
  const result = FinOpsConfigSchema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      message: issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message,
    })),
    origin,
  );
}

/** Reads and validates a JSON config file; no file means all defaults. */
export function loadConfigFile(path: string | undefined): FinOpsConfig {
  if (!path) return parseConfig({});
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ field: '', message: `cannot read ${path}: ${(error as Error).message}` }], `config file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ field: '', message: `not valid JSON: ${(error as Error).message}` }], `config file ${path}`);
  }
  return parseConfig(json, `config file ${path}`);
}

/** The ownership policy part of a config. */
export function ownershipPolicy(config: FinOpsConfig): OwnershipPolicy {
  return { tagKeys: config.tagKeys, protectedEnvironments: config.protectedEnvironments, fallbackOwner: config.fallbackOwner };
}

/** One sweep's section of a resolved config. */
export type SweepSection = FinOpsConfig['sweeps'][keyof FinOpsConfig['sweeps']];

/**
 * The sweep section of a config, by sweep name, with the shared `tagKeys` added
 * (rules that read tags beyond ownership, e.g. the team tag, use the same keys).
 */
export function sweepConfig(config: FinOpsConfig, sweep: string): SweepSection & { readonly tagKeys: FinOpsConfig['tagKeys'] } {
  const section = (config.sweeps as Record<string, SweepSection>)[sweep];
  if (!section) throw new ConfigError([{ field: `sweeps.${sweep}`, message: 'no such sweep section' }]);
  return { ...section, tagKeys: config.tagKeys };
}
