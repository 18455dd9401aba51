/**
 * Every error this toolkit throws on purpose. One base class, names ending in
 * `Error`, a stable `code` per class (for alarms, scripts and tests: messages may
 * be reworded, codes never change), the original `cause` kept, and the context
 * (field, resource, variable) attached so that a log line or a CLI message says
 * exactly what is wrong.
 */

/** Base class of every error thrown by finops-ai. */
export class FinOpsError extends Error {
  /**
   * Stable identifier of the kind of error, e.g. `LEDGER_CONFLICT`. Each subclass
   * sets its own constant. @default 'FINOPS_ERROR'
   */
  readonly code: string = 'FINOPS_ERROR';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One invalid configuration field. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `sweeps.idle-endpoints.gracePeriodHours`. */
  readonly field: string;
  readonly message: string;
}

/** The configuration failed validation; `issues` lists every wrong field. */
export class ConfigError extends FinOpsError {
  override readonly code = 'CONFIG_INVALID';

  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly origin = 'config',
  ) {
    super(`Invalid ${origin}:\n` + issues.map((i) => `  - ${i.field || '(root)'}: ${i.message}`).join('\n'));
  }
}

/** A required environment variable is missing or empty. */
export class MissingEnvironmentError extends FinOpsError {
  override readonly code = 'ENV_MISSING';

  constructor(
    readonly variable: string,
    purpose: string,
  ) {
    super(`Environment variable ${variable} is not set; it is required ${purpose}.`);
  }
}

/** A sweep name that is not registered. */
export class UnknownSweepError extends FinOpsError {
  override readonly code = 'SWEEP_UNKNOWN';

  constructor(
    readonly sweep: string,
    readonly valid: readonly string[],
  ) {
    super(`Unknown sweep "${sweep}". Valid sweeps: ${valid.join(', ')}.`);
  }
}

/** A conditional ledger write lost to a concurrent writer (another run got there first). */
export class LedgerConflictError extends FinOpsError {
  override readonly code = 'LEDGER_CONFLICT';

  constructor(
    readonly resourceKey: string,
    operation: string,
    options?: { cause?: unknown },
  ) {
    super(`Ledger write "${operation}" for ${resourceKey} lost to a concurrent run.`, options);
  }
}

/** An action id that the ledger does not know. */
export class ActionNotFoundError extends FinOpsError {
  override readonly code = 'ACTION_NOT_FOUND';

  constructor(readonly actionId: string) {
    super(`No action with id "${actionId}" in the ledger.`);
  }
}

/** A restore that cannot proceed (resource state, missing config/model, already restored). */
export class RestoreError extends FinOpsError {
  override readonly code = 'RESTORE_REFUSED';

  constructor(
    readonly actionId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot restore action ${actionId}: ${message}`, options);
  }
}

/** An action refused because what its restore needs is missing. */
export class NotRestorableError extends FinOpsError {
  override readonly code = 'NOT_RESTORABLE';

  constructor(
    readonly resourceId: string,
    message: string,
  ) {
    super(`${resourceId}: ${message}`);
  }
}

/** A local-only operation was pointed at a non-loopback endpoint. */
export class NotLocalEndpointError extends FinOpsError {
  override readonly code = 'ENDPOINT_NOT_LOCAL';

  constructor(readonly endpoint: string | undefined) {
    super(
      endpoint
        ? `Refusing: ${endpoint} is not a loopback address. init-local only creates resources on a local emulator (127.0.0.0/8, ::1 or localhost).`
        : 'Refusing: AWS_ENDPOINT_URL is not set. init-local only creates resources on a local emulator; set AWS_ENDPOINT_URL=http://127.0.0.1:PORT.',
    );
  }
}

/** Returns the message of any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Returns the AWS error name (`ThrottlingException`, ...) or the JS error name. */
export function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string') return error.name;
  return 'Error';
}

/**
 * A sweep assessed a finding as report-only (`act: false`) but neither the
 * assessment nor the sweep says how it reads (`advisory`).
 */
export class AdvisoryWordingMissingError extends FinOpsError {
  override readonly code = 'ADVISORY_WORDING_MISSING';

  constructor(
    readonly sweep: string,
    readonly resourceId: string,
  ) {
    super(`sweep ${sweep} assessed ${resourceId} as report-only (act: false) but defines no advisory wording`);
  }
}

/**
 * A sweep without an action (report-only) assessed a resource as waste to act on
 * (`act` not `false`), or an unfinished action of such a sweep was to be resumed.
 */
export class SweepActionMissingError extends FinOpsError {
  override readonly code = 'SWEEP_ACTION_MISSING';

  constructor(
    readonly sweep: string,
    readonly resourceId: string,
  ) {
    super(`sweep ${sweep} declares no action, but ${resourceId} is to be acted on; ` + 'a sweep without an action must assess waste with act: false');
  }
}

/** A resource's ledger state names an action whose record the ledger does not have. */
export class ActionRecordMissingError extends FinOpsError {
  override readonly code = 'ACTION_RECORD_MISSING';

  constructor(
    readonly resourceKey: string,
    readonly actionId: string,
  ) {
    super(`ledger state of ${resourceKey} is acting with action ${actionId}, but that action record is missing`);
  }
}

/** An item read from the ledger table does not have the shape of its record. */
export class LedgerItemInvalidError extends FinOpsError {
  override readonly code = 'LEDGER_ITEM_INVALID';

  constructor(
    /** The item's key, `<pk> / <sk>`. */
    readonly key: string,
    /** One line per wrong field, `field: problem`. */
    readonly issues: readonly string[],
  ) {
    super(`Ledger item ${key} is malformed: ${issues.join('; ')}`);
  }
}

/** DynamoDB kept returning unprocessed keys of a batch read after every retry. */
export class LedgerUnprocessedKeysError extends FinOpsError {
  override readonly code = 'LEDGER_UNPROCESSED_KEYS';

  constructor(
    readonly tableName: string,
    readonly unprocessed: number,
  ) {
    super(`DynamoDB kept ${unprocessed} keys unprocessed in BatchGetItem on ${tableName}`);
  }
}

/** A command line that cannot run as written (bad option value, missing argument). */
export class UsageError extends FinOpsError {
  override readonly code = 'CLI_USAGE';
}

/**
 * A run stopped before its deadline (its Lambda's timeout was near) without
 * sweeping this region; the next run sweeps it. Resources of a region it had begun
 * are listed as inconclusive instead ("left for the next run").
 */
export class RunDeadlineError extends FinOpsError {
  override readonly code = 'RUN_DEADLINE';

  constructor(readonly region: string) {
    super(`Region ${region} was not swept: the run stopped before its deadline, and the next run sweeps it`);
  }
}

/**
 * A conditional ledger write failed because another run changed the resource
 * first, and reading the ledger back named that run: the step is that run's.
 */
export class ConcurrentRunError extends FinOpsError {
  override readonly code = 'LEDGER_CONCURRENT_RUN';

  constructor(
    readonly resourceKey: string,
    readonly resourceId: string,
    operation: string,
    /** The run whose write is the latest in the resource's history. */
    readonly by: string,
    /** The resource's status (or its action's) as that run left it; `null` when none is recorded. */
    readonly status: string | null,
    options?: { cause?: unknown },
  ) {
    super(`Ledger write "${operation}" for ${resourceKey} lost to run ${by} (now ${status ?? 'unknown'}).`, options);
  }
}

/**
 * A ledger write failed ambiguously (its response lost, a condition failed on
 * retry) and reading the ledger back could not tell whether it was committed.
 */
export class LedgerOutcomeUnknownError extends FinOpsError {
  override readonly code = 'LEDGER_OUTCOME_UNKNOWN';

  constructor(
    readonly resourceKey: string,
    operation: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`Ledger write "${operation}" for ${resourceKey}: outcome unknown (${why}); the next run reconciles it.`, options);
  }
}

/** The sweep's action ran, but the ledger write recording it failed; the next run records it (the action is idempotent). */
export class ActionNotRecordedError extends FinOpsError {
  override readonly code = 'ACTION_NOT_RECORDED';

  constructor(
    readonly resourceId: string,
    readonly actionId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${resourceId}: action ${actionId} ran, but recording it in the ledger failed (${reason}); the next run records it and tells the owner.`, options);
  }
}

/** The ledger table does not exist (DynamoDB `ResourceNotFoundException`). */
export class LedgerTableNotFoundError extends FinOpsError {
  override readonly code = 'LEDGER_TABLE_NOT_FOUND';

  constructor(
    readonly tableName: string,
    readonly region: string,
    options?: { cause?: unknown },
  ) {
    super(`Ledger table "${tableName}" not found in ${region}; check FINOPS_LEDGER_TABLE and the region (AWS_REGION).`, options);
  }
}

/** The owner notices topic does not exist (SNS `NotFound`). */
export class NoticesTopicNotFoundError extends FinOpsError {
  override readonly code = 'NOTICES_TOPIC_NOT_FOUND';

  constructor(
    readonly topicArn: string,
    options?: { cause?: unknown },
  ) {
    super(`SNS topic ${topicArn} not found; check FINOPS_NOTICES_TOPIC_ARN.`, options);
  }
}

/**
 * A sweep's action refused to run on a resource in a state it must not touch (e.g. a
 * notebook instance that is not `InService`); nothing was changed, and the next run
 * looks at the resource again.
 */
export class ActionRefusedError extends FinOpsError {
  override readonly code = 'ACTION_REFUSED';

  constructor(
    readonly resourceId: string,
    why: string,
  ) {
    super(`${resourceId}: not acted on: ${why}`);
  }
}

/** An AWS read that a whole inventory depends on failed (e.g. CloudTrail LookupEvents in a region). */
export class InventorySourceError extends FinOpsError {
  override readonly code = 'INVENTORY_SOURCE_FAILED';

  constructor(
    readonly source: string,
    readonly region: string,
    why: string,
  ) {
    super(`${source} failed in ${region}: ${why}`);
  }
}

/**
 * Resources of one type could not be listed, or their tags not read, in a region (the
 * service or the tagging API refused, e.g. AccessDenied, or does not serve the type):
 * what they would report is unknown this run, never taken as "nothing to report".
 */
export class ResourceTypeUnlistedError extends FinOpsError {
  override readonly code = 'RESOURCE_TYPE_UNLISTED';

  constructor(
    readonly resourceType: string,
    readonly region: string,
    readonly call: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`${resourceType} resources could not be listed in ${region} (${call}): ${why}; their tag coverage is unknown this run`, options);
  }
}

/**
 * A restore that would create a Bedrock Provisioned Throughput for a model the region no
 * longer offers (or no longer offers for Provisioned Throughput). Nothing was created; the
 * action stays in force and its finding is held, so the restore can be tried again once the
 * model is offered, or the throughput bought for another model by hand.
 */
export class BedrockModelNotOfferedError extends FinOpsError {
  override readonly code = 'BEDROCK_MODEL_NOT_OFFERED';

  constructor(
    readonly actionId: string,
    readonly modelId: string,
    readonly provisionedModelName: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot restore action ${actionId}: model ${modelId} of Provisioned Throughput "${provisionedModelName}" is no longer offered in this region, so it cannot be created again; the action stays in force`,
      options,
    );
  }
}

/**
 * Why an owner-action link is refused: `tampered` (bad signature or shape),
 * `choice-mismatch` (the URL's choice is not the token's), `wrong-resource` (the URL
 * names another resource than the token), `not-allowed` (the config no longer allows
 * the choice), `expired`, `used` (single use), `no-longer-applies` (the finding moved
 * on: acted, closed, warned again).
 */
export type LinkRefusal = 'tampered' | 'choice-mismatch' | 'wrong-resource' | 'not-allowed' | 'expired' | 'used' | 'no-longer-applies';

/**
 * An owner-action link was refused; nothing was changed. `status` is the HTTP status
 * the endpoint answers: 403 for a link that was never valid here, 410 for one that
 * was and is no more. The message never names another resource than the token's.
 */
export class OwnerLinkRefusedError extends FinOpsError {
  override readonly code = 'OWNER_LINK_REFUSED';
  readonly status: 403 | 410;

  constructor(
    readonly refusal: LinkRefusal,
    detail: string,
  ) {
    super(`Owner-action link refused (${refusal}): ${detail}`);
    this.status = refusal === 'expired' || refusal === 'used' || refusal === 'no-longer-applies' ? 410 : 403;
  }
}

/** A resource type whose owner-action tags finops-ai cannot write (no tagger for its service). */
export class LinkTaggingUnsupportedError extends FinOpsError {
  override readonly code = 'LINK_TAGGING_UNSUPPORTED';

  constructor(readonly resourceType: string) {
    super(`Owner-action links cannot tag resources of type ${resourceType}: only SageMaker and EC2 resources are supported.`);
  }
}

/**
 * The hub could not reach a member account: assuming its role failed (the role is
 * missing, its trust policy does not trust the hub, the external id differs, or an
 * SCP denies). That account's pairs fail, named; the others go on.
 */
export class AccountAccessError extends FinOpsError {
  override readonly code = 'ACCOUNT_ACCESS_FAILED';

  constructor(
    readonly accountId: string,
    readonly roleArn: string,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`Account ${accountId}: cannot assume ${roleArn}: ${why}`, options);
  }
}
