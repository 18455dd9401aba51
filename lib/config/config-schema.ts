/**
 * The configuration schema, built from the sweep declarations it is given and
 * importing no registry: the CLI and the CDK construct build it over every
 * registered sweep (`lib/config.ts`), a Lambda over its own sweep only, so it
 * bundles no other. Unknown keys are rejected, so a typo fails fast with its path.
 */
import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';
import { budgetsConfigSchema, type BudgetsConfig, type BudgetsConfigInput, type OtherSweeps } from '../budgets/budget-config.js';
import { ScheduleExpressionSchema } from '../core/settings.js';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';
import { NOTICE_EVENTS } from '../core/notice-port.js';
import { DEFAULT_LOCALE, DEFAULT_TIME_ZONE, LocaleSchema, TimeZoneSchema } from '../format/locale-config.js';
import { RegionSchema } from './config-inputs.js';
import { OwnerActionsConfigSchema } from './owner-actions-config.js';
import { AccountsConfigSchema } from './accounts-config.js';
import { PricingConfigSchema } from '../prices/pricing-config.js';
import { SpendConfigSchema } from './spend-config.js';

// zod/mini (not the full zod) keeps the Lambda bundles small; it needs its English
// messages loaded explicitly.
z.config(en());

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
  /** The language of the notices this subscription receives. @default - the config's `locale` */
  locale: z.optional(LocaleSchema),
});

/** The sections every config has, whatever its sweeps. */
const SharedShape = {
  /**
   * Regions every sweep covers.
   * @default - the `AWS_REGION` of the process (Lambda: the stack's region)
   */
  regions: z.optional(z.array(RegionSchema).check(z.minLength(1))),
  /** Tag keys the sweeps read. */
  tagKeys: z.prefault(
    z.strictObject({
      owner: z._default(z.string().check(z.minLength(1)), 'owner'),
      team: z._default(z.string().check(z.minLength(1)), 'team'),
      environment: z._default(z.string().check(z.minLength(1)), 'env'),
      exempt: z._default(z.string().check(z.minLength(1)), 'finops:exempt'),
      snoozeUntil: z._default(z.string().check(z.minLength(1)), 'finops:snooze-until'),
    }),
    {},
  ),
  /** Environment tag values that protect a resource (case-insensitive). @default ['prod', 'production'] */
  protectedEnvironments: z._default(z.array(z.string().check(z.minLength(1))), ['prod', 'production']),
  /** Confirms an empty `protectedEnvironments` (no resource protected by its environment); required for one. @default false */
  allowNoProtection: z._default(z.boolean(), false),
  /** Owner of resources without an owner tag. @default 'unassigned' */
  fallbackOwner: z._default(z.string().check(z.minLength(1)), 'unassigned'),
  /** Language of owner notices, the digest and CLI tables: `en` or `ja`. Money stays USD. @default 'en' */
  locale: z._default(LocaleSchema, DEFAULT_LOCALE),
  /** IANA time zone that notices, the digest and CLI tables show dates in, named beside each date. @default 'UTC' */
  timeZone: z._default(TimeZoneSchema, DEFAULT_TIME_ZONE),
  notices: z.prefault(
    z.strictObject({
      /** Email subscriptions to owner notices. @default [] */
      subscriptions: z._default(z.array(NoticeSubscriptionSchema), []),
      /**
       * Languages every owner notice is sent in, one message each (subscriptions filter
       * on the message's `locale`). @default - `locale`, plus each subscription's `locale`
       */
      locales: z.optional(z.array(LocaleSchema).check(z.minLength(1))),
    }),
    {},
  ),
  digest: z.prefault(
    z.strictObject({
      /** Emails that receive the weekly digest. @default [] */
      emails: z._default(z.array(EmailSchema), []),
      /** Whether the digest Lambda, its schedule and its bucket are deployed. @default true */
      enabled: z._default(z.boolean(), true),
      /** When the digest of the previous ISO week is sent (UTC). @default 'cron(0 8 ? * MON *)' (Monday 08:00) */
      schedule: z._default(ScheduleExpressionSchema, 'cron(0 8 ? * MON *)'),
      /** Days the weekly reports are kept in the bucket before they expire. @default 400 */
      retentionDays: z._default(z.int().check(z.minimum(1), z.maximum(3650)), 400),
      /**
       * Token showback: Bedrock tokens and dollars by team and model, read from CloudWatch
       * (`AWS/Bedrock`) and Bedrock (inference profiles and their tags) in every region.
       * Gives the digest's role those read permissions. Absent: off. @default - off
       */
      tokenShowback: z.optional(z.boolean()),
    }),
    {},
  ),
  ops: z.prefault(
    z.strictObject({
      /** Emails that receive failure alarms. @default [] */
      alarmEmails: z._default(z.array(EmailSchema), []),
    }),
    {},
  ),
  /** Live AWS Price List prices, their cache, and discounts (list vs effective figures). */
  pricing: z.prefault(PricingConfigSchema, {}),
  /** AI spend from Cost Explorer and unit costs in the digest (off by default). */
  spend: z.prefault(SpendConfigSchema, {}),
  /** One-click answers in pending notices (signed links to a small endpoint): see docs/owner-actions.md. */
  ownerActions: z.prefault(OwnerActionsConfigSchema, {}),
  aws: z.prefault(
    z.strictObject({
      /** Attempts per AWS call (adaptive retry with backoff). @default 6 */
      maxAttempts: z._default(z.int().check(z.minimum(1), z.maximum(20)), 6),
    }),
    {},
  ),
  /**
   * The accounts every sweep covers (an organization's, through a member role).
   * @default - the deployment's own account only
   */
  accounts: z.optional(AccountsConfigSchema),
};
/** The sections every config has (`regions`, `tagKeys`, `aws`, ...). */
export const SharedSchema = z.strictObject(SharedShape);

/** The sections every config has, resolved. */
export type SharedConfig = z.output<typeof SharedSchema>;
/** The sections every config has, as written. */
export type SharedConfigInput = z.input<typeof SharedSchema>;

/** What the config needs of a sweep declaration. */
export type ConfigurableSweep = Pick<AnySweepDeclaration, 'name' | 'configSchema' | 'tightenedSchema'>;

/** The `sweeps` section of the given declarations, resolved: one section per sweep name. */
export type SweepSections<S extends readonly ConfigurableSweep[]> = { [D in S[number] as D['name']]: z.output<D['configSchema']> };
/** The `sweeps` section as written. */
export type SweepSectionsInput<S extends readonly ConfigurableSweep[]> = { [D in S[number] as D['name']]?: z.input<D['configSchema']> };

/** A resolved config over the sweeps `S`. */
export type FinOpsConfigFor<S extends readonly ConfigurableSweep[]> = SharedConfig & {
  /** Team AI budgets: created by the CDK construct, watched by the budget guard. */
  budgets: BudgetsConfig;
  sweeps: SweepSections<S>;
};
/** A config over the sweeps `S`, as written (before defaults). */
export type FinOpsConfigInputFor<S extends readonly ConfigurableSweep[]> = SharedConfigInput & {
  budgets?: BudgetsConfigInput;
  sweeps?: SweepSectionsInput<S>;
};

/** Any resolved config, whatever sweeps it was built over. */
export type AnyFinOpsConfig = SharedConfig & { readonly budgets: BudgetsConfig; readonly sweeps: object };

/** Options of {@link configSchemaFor}. */
export interface ConfigSchemaOptions {
  /**
   * Sections (`sweeps.<name>`) and stricter settings (`budgets.teams[].tightened.<name>`)
   * of sweeps not given: `reject` them as unknown keys, or `keep` them unvalidated
   * (a Lambda that knows only its own sweep, reading the whole config validated at synth).
   * @default 'reject'
   */
  readonly otherSweeps?: OtherSweeps;
}

/**
 * The configuration schema over `sweeps`: the shared sections, `budgets` (whose
 * `tightened` settings are those the sweeps' `tightenedSchema` accept) and one
 * `sweeps.<name>` section per sweep, from its `configSchema`.
 *
 * @example
 * const schema = configSchemaFor([IdleEndpointSweep]);
 * schema.parse({}).sweeps['idle-endpoints'].lookbackDays // 7
 */
export function configSchemaFor<const S extends readonly ConfigurableSweep[]>(
  sweeps: S,
  options: ConfigSchemaOptions = {},
): ZodMiniType<FinOpsConfigFor<S>, FinOpsConfigInputFor<S>> {
  const others = options.otherSweeps ?? 'reject';
  const sections = Object.fromEntries(sweeps.map((s) => [s.name, z.prefault(s.configSchema, {})]));
  return z.strictObject({
    ...SharedShape,
    budgets: z.prefault(budgetsConfigSchema(sweeps, others), {}),
    sweeps: z.prefault(others === 'keep' ? z.looseObject(sections) : z.strictObject(sections), {}),
  }) as unknown as ZodMiniType<FinOpsConfigFor<S>, FinOpsConfigInputFor<S>>;
}
