/**
 * The properties of {@link FinOpsAi} and their validation at synth: what the config
 * schema cannot see (the Lambda timeout, the log retention, props that contradict
 * the config) fails with a {@link ConfigError} naming the prop and the value it got.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { FinOpsConfig, FinOpsConfigInput } from '../lib/config.js';
import { ConfigError, type ConfigIssue } from '../lib/core/errors.js';
import { FAN_OUT_DEFAULTS, type FanOutSettings } from './fan-out.js';
import type { OwnerActionsProps } from './owner-links-props.js';

/** Lambda's own maximum, and safely below the engine's 20-minute action lease. */
export const MAX_LAMBDA_TIMEOUT = Duration.minutes(15);

/** Properties of {@link FinOpsAi}. */
export interface FinOpsAiProps {
  /**
   * The finops-ai configuration: the same JSON the CLI reads with `--config`.
   * Validated when the construct is created; an invalid field fails the synth
   * with its path (e.g. `sweeps.idle-endpoints.gracePeriodHours`). Every sweep is
   * report-only unless its section says `"mode": "apply"`.
   */
  readonly config: FinOpsConfigInput;
  /**
   * An existing ledger table (for example a `LedgerTable` in a stateful
   * stack). It must have the keys and indexes of `LEDGER_KEYS`.
   * @default - a new `LedgerTable` with id `Ledger`
   */
  readonly ledgerTable?: dynamodb.ITable;
  /**
   * Timeout of each sweep Lambda and of the digest Lambda; between 1 second and
   * 15 minutes (the Lambda maximum, which also keeps a run below the engine's
   * 20-minute action lease).
   * @default Duration.minutes(5)
   */
  readonly lambdaTimeout?: Duration;
  /**
   * Reserve a concurrency of 1 for each Lambda (every sweep's and the digest's), which
   * also caps it at 1: a scheduled run never needs two at once, and a run that starts
   * while the previous one still works waits in Lambda's queue instead of racing it
   * for the same resources and API quotas. Set `false` in an account whose Lambda
   * concurrency quota is too low to reserve any (Lambda keeps 100 unreserved).
   * @default true
   */
  readonly reserveConcurrency?: boolean;
  /**
   * Retention of each Lambda's log group: one of `logs.RetentionDays`.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * A bucket for the digest bucket's server access logs (under `finops-ai-digests/`).
   * Only when `config.digest.enabled` (the default).
   * @default - no access logs: the bucket holds generated reports, written only by the
   * digest Lambda (every write is in its logs) and read through IAM (CloudTrail data
   * events can audit reads); the finding is acknowledged with that reason
   */
  readonly digestAccessLogsBucket?: s3.IBucket;
  /**
   * Owner actions: the one-click endpoint behind the links in pending notices (keep,
   * exempt, act now), its rate limit, and chat channels for the notices. See
   * docs/owner-actions.md.
   * @default - as `config.ownerActions` says (off), no chat channel
   */
  readonly ownerActions?: OwnerActionsProps;
  /**
   * The Step Functions fan-out over an organization's (account, region) pairs, when
   * `config.accounts` is set (given without it, the synth fails): each sweep's schedule
   * starts a state machine whose Distributed Map sweeps `maxConcurrency` pairs at once
   * (between 1 and 10,000; with `reserveConcurrency`, each sweep Lambda reserves that many)
   * and fails only when more than `toleratedFailurePercentage` (0 to 100) of the pairs
   * fail even to be recorded.
   * @default - { maxConcurrency: 10, toleratedFailurePercentage: 10 } when `config.accounts` is set
   */
  readonly fanOut?: FanOutProps;
}

/** The Step Functions fan-out of {@link FinOpsAiProps.fanOut}. */
export interface FanOutProps {
  /** Pairs swept at once (the Map's `MaxConcurrency`). @default 10 */
  readonly maxConcurrency?: number;
  /** Percentage of pairs that may fail (after retries and their recorded failure) before the execution fails. @default 10 */
  readonly toleratedFailurePercentage?: number;
}

/** The props of {@link FinOpsAi} with their defaults applied. */
export interface ResolvedFinOpsAiProps {
  readonly timeout: Duration;
  readonly logRetention: logs.RetentionDays;
  /** 1, or undefined when `reserveConcurrency` is false. */
  readonly reservedConcurrency: 1 | undefined;
  /** The fan-out's settings when `config.accounts` is set, else `undefined`. */
  readonly fanOut: FanOutSettings | undefined;
}

const RETENTION_DAYS: ReadonlySet<unknown> = new Set(Object.values(logs.RetentionDays));

/**
 * Applies the defaults of the props beside `config` and rejects what the config
 * schema cannot see, every problem at once, as a {@link ConfigError} whose fields are
 * the props' names (`lambdaTimeout`, `config.notices.subscriptions.1.email`, ...).
 */
export function resolveProps(path: string, props: FinOpsAiProps, config: FinOpsConfig): ResolvedFinOpsAiProps {
  const timeout = props.lambdaTimeout ?? Duration.minutes(5);
  const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
  const reservedConcurrency = (props.reserveConcurrency ?? true) ? 1 : undefined;
  const issues: ConfigIssue[] = [];
  const seconds = timeout.toMilliseconds({ integral: false }) / 1000;
  if (!(seconds >= 1 && seconds <= MAX_LAMBDA_TIMEOUT.toSeconds())) {
    issues.push({
      field: 'lambdaTimeout',
      message: `must be between 1 second and 15 minutes (the Lambda maximum, below the engine's 20-minute action lease); got ${timeout.toHumanString()}`,
    });
  }
  if (!RETENTION_DAYS.has(logRetention)) {
    issues.push({
      field: 'logRetention',
      message: `must be one of logs.RetentionDays (a number of days CloudWatch Logs accepts); got ${String(logRetention)}`,
    });
  }
  if (props.digestAccessLogsBucket && !config.digest.enabled) {
    issues.push({ field: 'digestAccessLogsBucket', message: 'is given, but config.digest.enabled is false, so there is no digest bucket to log access to' });
  }
  const seen = new Map<string, number>();
  config.notices.subscriptions.forEach((s, i) => {
    const first = seen.get(s.email.toLowerCase());
    if (first !== undefined) {
      issues.push({
        field: `config.notices.subscriptions.${i}.email`,
        message: `"${s.email}" is already subscribed by notices.subscriptions.${first}; SNS allows one subscription per address, so merge their owners/teams/events`,
      });
    } else seen.set(s.email.toLowerCase(), i);
  });
  const fanOut = config.accounts ? { ...FAN_OUT_DEFAULTS, ...definedOf(props.fanOut) } : undefined;
  if (props.fanOut && !config.accounts) {
    issues.push({ field: 'fanOut', message: 'is given, but config.accounts is not set, so every sweep runs in its own account without a state machine' });
  }
  if (fanOut && !(Number.isInteger(fanOut.maxConcurrency) && fanOut.maxConcurrency >= 1 && fanOut.maxConcurrency <= 10_000)) {
    issues.push({
      field: 'fanOut.maxConcurrency',
      message: `must be an integer from 1 to 10000 (the Distributed Map's limit); got ${String(fanOut.maxConcurrency)}`,
    });
  }
  if (fanOut && !(fanOut.toleratedFailurePercentage >= 0 && fanOut.toleratedFailurePercentage <= 100)) {
    issues.push({ field: 'fanOut.toleratedFailurePercentage', message: `must be from 0 to 100; got ${String(fanOut.toleratedFailurePercentage)}` });
  }
  if (issues.length > 0) throw new ConfigError(issues, `properties of ${path}`);
  return { timeout, logRetention, reservedConcurrency, fanOut };
}

/** The fields of `props` that are not `undefined`. */
function definedOf<T extends object>(props: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
