/**
 * Team AI budgets in the config file (`budgets`). Which sweeps a team over budget
 * can tighten comes from the sweep declarations given to {@link budgetsConfigSchema}
 * (their `tightenedSchema`); this module knows no sweep by name.
 */
import * as z from 'zod/mini';
import type { ZodMiniType } from 'zod/mini';
import type { AnySweepDeclaration } from '../core/sweep-declaration.js';

const TeamNameSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9 _.+=@-]*$/, 'must be letters, digits and " _.+=@-" (a budget name and a construct id)'),
  );
const PercentSchema = z.number().check(z.gt(0), z.maximum(1000));

/** What budgets need of a sweep declaration: its name and what a team over budget may tighten. */
export type TightenableSweep = Pick<AnySweepDeclaration, 'name' | 'tightenedSchema'>;

/** Stricter settings of a team over its budget, by sweep name (`budgets.teams[].tightened`). */
export interface TightenedSettings {
  readonly [sweep: string]: { readonly [key: string]: unknown } | undefined;
}

/**
 * What a schema does with a key naming a sweep it was not given: `reject` it as
 * unknown (the whole config, every sweep known), or `keep` it unvalidated (a Lambda
 * that knows only its own sweep, reading a config validated in full at synth).
 */
export type OtherSweeps = 'reject' | 'keep';

/**
 * Stricter settings for a team over its budget, one optional entry per sweep that
 * declares a `tightenedSchema`. Only the fields given replace the sweep's own;
 * nothing here can switch a sweep to apply mode.
 */
export function tightenedSettingsSchema(
  sweeps: readonly TightenableSweep[],
  others: OtherSweeps = 'reject',
): ZodMiniType<TightenedSettings, TightenedSettings> {
  const shape = Object.fromEntries(sweeps.flatMap((s) => (s.tightenedSchema ? [[s.name, z.optional(s.tightenedSchema)]] : [])));
  return (others === 'keep' ? z.looseObject(shape) : z.strictObject(shape)) as ZodMiniType<TightenedSettings, TightenedSettings>;
}

/** One team's monthly AI budget (`budgets.teams[]`), with the stricter settings its sweeps accept. */
function teamBudgetSchema(tightened: ZodMiniType<TightenedSettings, TightenedSettings>) {
  return z.strictObject({
    /** The team, as in the team tag of its resources and its cost allocation tag. */
    team: TeamNameSchema,
    /** Monthly limit in USD. */
    monthlyLimitUsd: z.number().check(z.gt(0)),
    /**
     * AWS Budgets service names the budget counts, e.g. "Amazon SageMaker",
     * "Amazon Bedrock", "Amazon Elastic Compute Cloud - Compute".
     * @default - every service (the team tag alone selects the spend)
     */
    services: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
    /** Actual spend above this percentage of the limit is a warning. @default 80 */
    warningPercent: z._default(PercentSchema, 80),
    /** Forecast spend above this percentage of the limit is a breach. @default 100 */
    forecastPercent: z._default(PercentSchema, 100),
    /**
     * What the budget guard does when the team is over: `notify` the team, or also
     * `tighten` (after the grace period, the sweeps apply `tightened` to the team's
     * resources until the end of the month). A budget alone never deletes anything.
     * @default 'notify'
     */
    response: z._default(z.enum(['notify', 'tighten']), 'notify'),
    /** Also tighten when only the forecast is over. @default false */
    tightenOnForecast: z._default(z.boolean(), false),
    /** Stricter settings per sweep, applied while the team's budget is breached. Required with `response: "tighten"`. */
    tightened: z.optional(tightened),
    /** Owner named in the guard's findings and notices. @default - `fallbackOwner` */
    owner: z.optional(z.string().check(z.minLength(1))),
    /** Extra emails for the AWS budget's own alerts (besides the team's notice subscriptions; 10 at most in all). @default [] */
    alertEmails: z._default(z.array(z.email('must be an email address')), []),
  });
}

/** Team AI budgets (`budgets` in the config file). */
export function budgetsConfigSchema(sweeps: readonly TightenableSweep[], others: OtherSweeps = 'reject') {
  return z.strictObject({
    /** @default [] */
    teams: z._default(z.array(teamBudgetSchema(tightenedSettingsSchema(sweeps, others))), []),
    /** Prefix of the AWS budget names (`<prefix><team>`). @default 'finops-ai-' */
    namePrefix: z._default(z.string().check(z.minLength(1), z.maxLength(36), z.regex(/^[^:\\]+$/, 'must not contain ":" or "\\"')), 'finops-ai-'),
    /**
     * The cost allocation tag that selects a team's spend (activated in Billing).
     * @default - `tagKeys.team`
     */
    costTagKey: z.optional(z.string().check(z.minLength(1))),
  });
}

/** A team's budget, resolved. */
export type TeamBudgetConfig = z.output<ReturnType<typeof teamBudgetSchema>>;
/** The `budgets` section, resolved. */
export type BudgetsConfig = z.output<ReturnType<typeof budgetsConfigSchema>>;
/** The `budgets` section as written. */
export type BudgetsConfigInput = z.input<ReturnType<typeof budgetsConfigSchema>>;

/** Cross-field rules the schema cannot state; each issue names its field. */
export function budgetConfigIssues(budgets: BudgetsConfig): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  budgets.teams.forEach((team, i) => {
    const first = seen.get(team.team);
    if (first !== undefined) issues.push({ field: `budgets.teams.${i}.team`, message: `"${team.team}" already has a budget at budgets.teams.${first}` });
    else seen.set(team.team, i);
    if (team.response === 'tighten' && !Object.values(team.tightened ?? {}).some(Boolean)) {
      issues.push({ field: `budgets.teams.${i}.tightened`, message: 'response "tighten" needs stricter settings for at least one sweep' });
    }
    if (`${budgets.namePrefix}${team.team}`.length > 100) {
      issues.push({ field: `budgets.teams.${i}.team`, message: 'namePrefix + team must be at most 100 characters (AWS budget name)' });
    }
  });
  return issues;
}
