/**
 * The declarative parts of a sweep definition: what the rest of the system derives
 * from (config schema, tightening, digest, docs, IAM) and how its notices read.
 * Re-exported by `sweep.ts`; `SweepDefinition` and `SweepDeclaration` put them together.
 */
import type { ZodMiniType } from 'zod/mini';
import type { NoticeEvent } from './notice-port.js';
import type { Decision, JsonValue } from './finding.js';
import type { SweepSettings } from './settings.js';

/**
 * One IAM statement a sweep needs. `resources` are ARN templates where `{partition}`
 * and `{account}` are replaced by the deploying stack's values.
 */
export interface IamGrant {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /**
   * IAM conditions of the grant, as in a policy's `Condition` element, e.g.
   * `{ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['finops:runaway'] } }` to let a
   * tagging action write only the tag keys the sweep writes. @default - none
   */
  readonly conditions?: IamConditions;
}

/** A policy statement's `Condition` element: operator -> condition key -> value(s). */
export type IamConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * How a sweep's findings that are only reported read ({@link Assessment} `act: false`):
 * their decision, their notice event and its section heading.
 */
export interface AdvisoryWording {
  readonly decision: Extract<Decision, 'flagged' | 'recommend'>;
  readonly event: Extract<NoticeEvent, 'runaway' | 'recommendation' | 'budget' | 'untagged'>;
  /** Marks the notice's subject `URGENT`. @default false */
  readonly urgent?: boolean;
}

/** How a sweep's action reads in notices. */
export interface ActionWording {
  /** e.g. `stop` (a verb). */
  readonly verb: string;
  /** What the action does and keeps, e.g. "delete the endpoint, keeping its endpoint config and model". */
  readonly description: string;
  /** Past tense for the acted notice, e.g. "stopped". */
  readonly done: string;
}

/**
 * A sweep's section of the config file (`sweeps.<name>`): a zod/mini strict object
 * that spreads `sweepSettingsShape(defaultSchedule)` and defaults every field, so
 * `{}` parses.
 */
export type SweepConfigSchema = ZodMiniType<SweepSettings>;

/**
 * Stricter settings a team over its AI budget may configure for a sweep
 * (`budgets.teams[].tightened.<name>`): a zod/mini strict object without defaults,
 * so only what is given replaces the sweep's own settings.
 */
export type TightenedSchema = ZodMiniType<{ readonly [key: string]: unknown }>;

/** The shape of a sweep's findings' `evidence`, for readers outside the sweep. */
export type EvidenceSchema = ZodMiniType<{ readonly [key: string]: unknown }>;

/** Figures of one line of the digest's runaway section (`null`: unknown, never guessed). */
export interface RunawayFigures {
  readonly costSoFarUsd: number | null;
  readonly elapsedHours: number | null;
}

/**
 * A section of the weekly digest that a sweep's findings make, besides the sections
 * every sweep's findings feed (actions, pending, protected, flags, recommendations).
 */
export interface DigestSection {
  /**
   * `runaway`: the sweep's flags and actions (not its recommendations) are listed as
   * runaway jobs with their cost so far, instead of among the other flags.
   */
  readonly section: 'runaway';
  /** The line's figures, read from a finding's evidence (through the sweep's evidence schema). */
  figures(evidence: { readonly [key: string]: JsonValue }): RunawayFigures;
}
