/**
 * The strict parts of config validation that a schema alone does not express:
 * known AWS regions (with "did you mean"), each listed once, and protection that is
 * never turned off by an empty list unless that is confirmed.
 */
import * as z from 'zod/mini';
import type { ConfigIssue } from '../core/errors.js';
import { closestRegion, isAwsRegion } from '../core/regions.js';

/** One AWS region code of a known partition (`lib/core/regions.ts`); a near miss gets a suggestion. */
export const RegionSchema = z.string().check(
  z.refine(isAwsRegion, {
    error: (issue) => {
      const value = String(issue.input);
      const suggestion = closestRegion(value);
      return `"${value}" is not an AWS region${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
    },
  }),
);

/** What {@link sharedConfigIssues} reads of a resolved config. */
export interface StrictSharedFields {
  readonly regions?: readonly string[] | undefined;
  readonly protectedEnvironments: readonly string[];
  readonly allowNoProtection: boolean;
}

/**
 * Issues of a config that passed its schema: a region listed twice (it would be
 * swept twice), and an empty `protectedEnvironments` without `allowNoProtection: true`.
 */
export function sharedConfigIssues(config: StrictSharedFields): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  (config.regions ?? []).forEach((region, i) => {
    const first = seen.get(region);
    if (first === undefined) seen.set(region, i);
    else issues.push({ field: `regions.${String(i)}`, message: `"${region}" is already listed at regions.${String(first)}` });
  });
  if (config.protectedEnvironments.length === 0 && !config.allowNoProtection) {
    issues.push({
      field: 'protectedEnvironments',
      message: 'an empty list protects no environment; set "allowNoProtection": true to confirm that no resource is protected',
    });
  }
  return issues;
}

/** `null`, an array or a scalar where the config object belongs: the issue, else `null`. */
export function notAnObjectIssue(value: unknown): ConfigIssue | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return null;
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return { field: '', message: `must be a JSON object, got ${got}` };
}
