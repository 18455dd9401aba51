/**
 * Every error this toolkit throws on purpose. One base class, names ending in
 * `Error`, the original `cause` kept, and the context (field, resource, variable)
 * attached so that a log line or a CLI message says exactly what is wrong.
 */

/** Base class of every error thrown by finops-ai. */
export class FinOpsError extends Error {
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
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly origin = 'config',
  ) {
    super(
      `Invalid ${origin}:\n` + issues.map((i) => `  - ${i.field || '(root)'}: ${i.message}`).join('\n'),
    );
  }
}

/** A required environment variable is missing or empty. */
export class MissingEnvironmentError extends FinOpsError {
  constructor(
    readonly variable: string,
    purpose: string,
  ) {
    super(`Environment variable ${variable} is not set; it is required ${purpose}.`);
  }
}

/** A sweep name that is not registered. */
export class UnknownSweepError extends FinOpsError {
  constructor(
    readonly sweep: string,
    readonly valid: readonly string[],
  ) {
    super(`Unknown sweep "${sweep}". Valid sweeps: ${valid.join(', ')}.`);
  }
}

/** A conditional ledger write lost to a concurrent writer (another run got there first). */
export class LedgerConflictError extends FinOpsError {
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
  constructor(readonly actionId: string) {
    super(`No action with id "${actionId}" in the ledger.`);
  }
}

/** A restore that cannot proceed (resource state, missing config/model, already restored). */
export class RestoreError extends FinOpsError {
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
  constructor(
    readonly resourceId: string,
    message: string,
  ) {
    super(`${resourceId}: ${message}`);
  }
}

/** A local-only operation was pointed at a non-loopback endpoint. */
export class NotLocalEndpointError extends FinOpsError {
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

/** A command line that cannot run as written (bad option value, missing argument). */
export class UsageError extends FinOpsError {}
