/**
 * The one configuration schema: the CLI reads it from `--config FILE`, the CDK
 * construct validates it at synth and passes the same JSON to every Lambda
 * (`FINOPS_CONFIG`). Unknown keys are rejected, so a typo fails fast with its path.
 */
import { readFileSync } from 'node:fs';
import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';
import { ConfigError } from './core/errors.js';
import type { OwnershipPolicy } from './core/policy.js';
import { ScheduleExpressionSchema } from './core/settings.js';
import { NOTICE_EVENTS } from './notices/owner-notice.js';
import { BudgetsConfigSchema, budgetConfigIssues } from './budgets/budget-config.js';
import { BudgetGuardConfigSchema } from './sweeps/budget-guard/config.js';
import { IdleEndpointsConfigSchema } from './sweeps/idle-endpoints/config.js';
import { OrphanVolumesConfigSchema } from './sweeps/orphan-volumes/config.js';
import { RunawayTrainingConfigSchema } from './sweeps/runaway-training/config.js';
import { RightsizingConfigSchema } from './sweeps/rightsizing/config.js';

// zod/mini (not the full zod) keeps the Lambda bundles small; it needs its English
// messages loaded explicitly.
z.config(en());

const RegionSchema = z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region code such as "us-east-1"'));
const EmailSchema = z.email('must be an email address');
const NoticeEventSchema = z.enum(NOTICE_EVENTS);

/** An email subscription to owner notices, narrowed by an SNS filter policy. */
const NoticeSubscriptionSchema = z.strictObject({
  email: EmailSchema,
  /** Only notices for these owners (values of the owner tag). @default - every owner */
  owners: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  /** Only notices that mention these teams. @default - every team */
  teams: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  /** Only these events. @default - every event */
  events: z.optional(z.array(NoticeEventSchema).check(z.minLength(1))),
});

/** The whole configuration. */
export const FinOpsConfigSchema = z.strictObject({
  /**
   * Regions every sweep covers.
   * @default - the `AWS_REGION` of the process (Lambda: the stack's region)
   */
  regions: z.optional(z.array(RegionSchema).check(z.minLength(1))),
  /** Tag keys the sweeps read. */
  tagKeys: z.prefault(z.strictObject({
      owner: z._default(z.string().check(z.minLength(1)), 'owner'),
      team: z._default(z.string().check(z.minLength(1)), 'team'),
      environment: z._default(z.string().check(z.minLength(1)), 'env'),
      exempt: z._default(z.string().check(z.minLength(1)), 'finops:exempt'),
      snoozeUntil: z._default(z.string().check(z.minLength(1)), 'finops:snooze-until'),
    }), {}),
  /** Environment tag values that protect a resource (case-insensitive). @default ['prod', 'production'] */
  protectedEnvironments: z._default(z.array(z.string().check(z.minLength(1))), ['prod', 'production']),
  /** Owner of resources without an owner tag. @default 'unassigned' */
  fallbackOwner: z._default(z.string().check(z.minLength(1)), 'unassigned'),
  notices: z.prefault(z.strictObject({
      /** Email subscriptions to owner notices. @default [] */
      subscriptions: z._default(z.array(NoticeSubscriptionSchema), []),
    }), {}),
  digest: z.prefault(z.strictObject({
      /** Emails that receive the weekly digest. @default [] */
      emails: z._default(z.array(EmailSchema), []),
      /** Whether the digest Lambda, its schedule and its bucket are deployed. @default true */
      enabled: z._default(z.boolean(), true),
      /** When the digest of the previous ISO week is sent (UTC). @default 'cron(0 8 ? * MON *)' (Monday 08:00) */
      schedule: z._default(ScheduleExpressionSchema, 'cron(0 8 ? * MON *)'),
      /** Days the weekly reports are kept in the bucket before they expire. @default 400 */
      retentionDays: z._default(z.int().check(z.minimum(1), z.maximum(3650)), 400),
    }), {}),
  ops: z.prefault(z.strictObject({
      /** Emails that receive failure alarms. @default [] */
      alarmEmails: z._default(z.array(EmailSchema), []),
    }), {}),
  aws: z.prefault(z.strictObject({
      /** Attempts per AWS call (adaptive retry with backoff). @default 6 */
      maxAttempts: z._default(z.int().check(z.minimum(1), z.maximum(20)), 6),
    }), {}),
  /** Team AI budgets: created by the CDK construct, watched by the `budget-guard` sweep. */
  budgets: z.prefault(BudgetsConfigSchema, {}),
  sweeps: z.prefault(z.strictObject({
      'idle-endpoints': z.prefault(IdleEndpointsConfigSchema, {}),
      'orphan-volumes': z.prefault(OrphanVolumesConfigSchema, {}),
      'budget-guard': z.prefault(BudgetGuardConfigSchema, {}),
      'runaway-training': z.prefault(RunawayTrainingConfigSchema, {}),
      rightsizing: z.prefault(RightsizingConfigSchema, {}),
    }), {}),
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
  if (result.success) {
    const issues = budgetConfigIssues(result.data.budgets);
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
 * (rules that read tags beyond ownership, e.g. the team tag, use the same keys)
 * and the `budgets` section (the budget guard's teams).
 */
export function sweepConfig(
  config: FinOpsConfig,
  sweep: string,
): SweepSection & { readonly tagKeys: FinOpsConfig['tagKeys']; readonly budgets: FinOpsConfig['budgets'] } {
  const section = (config.sweeps as Record<string, SweepSection>)[sweep];
  if (!section) throw new ConfigError([{ field: `sweeps.${sweep}`, message: 'no such sweep section' }]);
  return { ...section, tagKeys: config.tagKeys, budgets: config.budgets };
}
