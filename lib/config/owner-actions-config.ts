/**
 * The `ownerActions` section of the config: one-click answers in pending notices
 * (keep 7 days, keep 30 days, keep until a date, exempt, act now), applied by a small
 * endpoint from a signed, single-use link. See docs/owner-actions.md.
 */
import * as z from 'zod/mini';

const TeamName = z.string().check(z.minLength(1));

/** The `ownerActions` section. */
export const OwnerActionsConfigSchema = z.strictObject({
  /**
   * Deploy the owner-action endpoint (a Lambda function URL and its signing key) and
   * put its signed links in every pending notice. Off: notices print the tag commands
   * only, as before. Sweeps add links only where `FINOPS_LINKS_BASE_URL` is also set
   * (the construct sets it; locally, `init-local` prints it).
   * @default false
   */
  enabled: z._default(z.boolean(), false),
  /** The longest snooze a `keep until` link allows, in days from the notice. @default 90 */
  maxSnoozeDays: z._default(z.int().check(z.minimum(1), z.maximum(365)), 90),
  /**
   * Offer the `exempt` link (exempt for good, with a reason): `true` for every team,
   * or the teams listed (values of the team tag). A permanent exemption is what owners
   * ask for first, so it is off unless allowed.
   * @default false
   */
  allowExempt: z._default(z.union([z.boolean(), z.array(TeamName).check(z.minLength(1))]), false),
  /**
   * Hours a link stays valid after its notice.
   * @default - until the end of the grace period plus 24 hours
   */
  linkTtlHours: z.optional(z.number().check(z.gt(0), z.maximum(24 * 90))),
});

/** The resolved `ownerActions` section. */
export type OwnerActionsConfig = z.output<typeof OwnerActionsConfigSchema>;

/** `true` when the `exempt` link may be offered for a resource of `team`. */
export function exemptAllowed(config: Pick<OwnerActionsConfig, 'allowExempt'>, team: string | null): boolean {
  const allow = config.allowExempt;
  return allow === true || (Array.isArray(allow) && team !== null && allow.includes(team));
}
