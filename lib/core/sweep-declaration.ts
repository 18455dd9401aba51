/**
 * A sweep as the registry lists it: the definition the engine runs, and what the
 * rest of the system derives from it.
 */
import type { JsonValue } from './finding.js';
import type { SweepSettings } from './settings.js';
import type { DigestSection, EvidenceSchema, SweepConfigSchema, TightenedSchema } from './sweep-parts.js';
import type { SweepDefinition } from './sweep.js';

/**
 * A sweep as the registry lists it: its {@link SweepDefinition} (what the engine
 * runs) and what the rest of the system derives from it: the config schema,
 * tightening, the digest, the CLI help and the docs table.
 */
export interface SweepDeclaration<Facts, Config extends SweepSettings, RestoreData extends JsonValue> extends SweepDefinition<Facts, Config, RestoreData> {
  /**
   * What it does, one line for the README's sweep table and the CLI help, e.g.
   * "finds SageMaker real-time endpoints with no traffic".
   */
  readonly description: string;
  /**
   * EventBridge schedule it runs on unless `sweeps.<name>.schedule` says otherwise:
   * the one source of the schedule default its `configSchema` applies.
   */
  readonly defaultSchedule: string;
  /** Its section of the config file (`sweeps.<name>`), from which the whole config schema is built. */
  readonly configSchema: SweepConfigSchema;
  /**
   * What a team over its AI budget may make stricter (`budgets.teams[].tightened.<name>`).
   * @default - the sweep cannot be tightened
   */
  readonly tightenedSchema?: TightenedSchema;
  /**
   * The shape of its findings' evidence, for readers outside the sweep (the digest,
   * tightening). @default - untyped evidence
   */
  readonly evidenceSchema?: EvidenceSchema;
  /** A digest section of its own. @default - its findings feed the common sections only */
  readonly digest?: DigestSection;
  /** Its reference page, a path from the repository root (linked from the README). @default - none */
  readonly docs?: string;
}

/** A declaration of any facts, config and restore data (the registry's list). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySweepDeclaration = SweepDeclaration<any, any, any>;
