/**
 * Fault injection for the chaos tests: SDK v3 middleware placed below the retry
 * middleware (step `deserialize`), so each injected failure is seen by the SDK's
 * retry strategy exactly as a real one would be. Added after the client's own
 * deserializer, they see the raw HTTP response (an AWS error is a 4xx/5xx response
 * there, not yet an exception). Deterministic: which request fails is chosen by a
 * seeded generator or a counter, never by the wall clock.
 */
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { HttpRequest } from '@smithy/types';

/** A client whose middleware stack can be extended (every SDK v3 client). */
interface StackClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- SDK middleware signatures differ per client
  readonly middlewareStack: { add(middleware: any, options: { step: 'deserialize'; name: string }): void };
}

/**
 * Client config for chaos runs: the SDK's standard retry strategy (its retry quota
 * included) with `maxAttempts` and no backoff delay, so that a storm of retried
 * faults takes milliseconds. Production clients retry in `adaptive` mode, whose
 * client-side rate limiter slows a throttled run to 0.5 requests/s (what made a run
 * of issue 19 take 447 s): that is a question of timing, not of what a run reports.
 */
export function fastRetries(maxAttempts = 3): Record<string, unknown> {
  return { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 0) };
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 500 the SDK retries (a server fault). */
export function serverError(): Error {
  return Object.assign(new Error('We encountered an internal error. Please try again.'), {
    name: 'InternalServerError',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
  });
}

/** A throttling error the SDK retries with backoff. */
export function throttlingError(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** What a fault middleware did, for the test's assertions. */
export interface FaultLog {
  /** Requests (attempts included) that reached the middleware, by command name. */
  readonly attempts: Record<string, number>;
  /** Injected faults, one line each (`<command> <detail>`). */
  readonly injected: string[];
  /** The most attempts any one call made. */
  maxAttemptsPerCall: number;
}

/** `true` for a raw HTTP response of 2xx (what a middleware below the deserializer gets back). */
function succeeded(output: unknown): boolean {
  const status = (output as { response?: { statusCode?: number } } | undefined)?.response?.statusCode;
  return status === undefined || (status >= 200 && status < 300);
}

function newLog(): FaultLog {
  return { attempts: {}, injected: [], maxAttemptsPerCall: 0 };
}

/** The DynamoDB operation of a request (`TransactWriteItems`, ...), from its `X-Amz-Target` header. */
function dynamoOperation(request: HttpRequest): string {
  const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'] ?? '';
  return target.split('.').pop() ?? '';
}

/** The JSON body of a DynamoDB request. */
export function dynamoBody(request: HttpRequest): { ClientRequestToken?: string; TransactItems?: { Put?: { Item: Record<string, { S?: string }> } }[] } {
  // The SDK's body is a string adapter; its string form is the JSON sent.
  return request.body == null ? {} : JSON.parse(String(request.body));
}

/** The ledger event types a `TransactWriteItems` body writes (e.g. `['acting']`). */
export function eventTypesOf(request: HttpRequest): string[] {
  return (dynamoBody(request).TransactItems ?? [])
    .map((t) => t.Put?.Item)
    .filter((item) => item?.kind?.S === 'event')
    .map((item) => item!.type?.S ?? '');
}

/** Options of {@link loseCommitResponses}. */
export interface LoseResponsesOptions {
  /** Share of transactions whose first response is lost. */
  readonly rate: number;
  readonly seed: number;
  /**
   * Behave as DynamoDB does with `ClientRequestToken` (moto ignores it): a retry
   * carrying the token of a committed transaction gets that transaction's success
   * and writes nothing again. @default false (moto's behaviour: the retry runs again)
   */
  readonly honourTokens?: boolean;
}

/**
 * On a DynamoDB client: a `TransactWriteItems` that committed loses its response
 * (a 500 after the commit), on its first attempt only, for `rate` of transactions;
 * the SDK retries it. Records the tokens of every attempt in `tokens`.
 */
export function loseCommitResponses(client: StackClient, options: LoseResponsesOptions): FaultLog & { tokens: Map<string, number> } {
  const log = { ...newLog(), tokens: new Map<string, number>() };
  const random = seededRandom(options.seed);
  const attemptsOf = new WeakMap<object, number>();
  const committed = new Map<string, unknown>();
  client.middlewareStack.add(
    (next: (args: { request: HttpRequest }) => Promise<unknown>, context: object) => async (args: { request: HttpRequest }) => {
      if (dynamoOperation(args.request) !== 'TransactWriteItems') return next(args);
      const attempt = (attemptsOf.get(context) ?? 0) + 1;
      attemptsOf.set(context, attempt);
      log.attempts.TransactWriteItems = (log.attempts.TransactWriteItems ?? 0) + 1;
      log.maxAttemptsPerCall = Math.max(log.maxAttemptsPerCall, attempt);
      const token = dynamoBody(args.request).ClientRequestToken ?? '';
      log.tokens.set(token, (log.tokens.get(token) ?? 0) + 1);
      if (options.honourTokens && committed.has(token)) return committed.get(token);
      const output = await next(args);
      if (!succeeded(output)) return output;
      committed.set(token, output);
      if (attempt === 1 && random() < options.rate) {
        log.injected.push(`TransactWriteItems ${eventTypesOf(args.request).join(',')}`);
        throw serverError();
      }
      return output;
    },
    { step: 'deserialize', name: 'chaosLoseCommitResponses' },
  );
  return log;
}

/**
 * Throttles half of a client's requests: the first attempt of each call fails, its
 * retry passes, unless `always` picks the call (by command name, e.g.
 * `DeleteEndpointCommand`, and input): then every attempt fails.
 */
export function throttleEveryOther(client: StackClient, options: { always?: (command: string, input: Record<string, unknown>) => boolean } = {}): FaultLog {
  const log = newLog();
  const attemptsOf = new WeakMap<object, number>();
  client.middlewareStack.add(
    (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const command = context.commandName ?? 'unknown';
        const attempt = (attemptsOf.get(context) ?? 0) + 1;
        attemptsOf.set(context, attempt);
        log.attempts[command] = (log.attempts[command] ?? 0) + 1;
        log.maxAttemptsPerCall = Math.max(log.maxAttemptsPerCall, attempt);
        if (attempt === 1 || options.always?.(command, args.input)) {
          log.injected.push(`${command} throttled`);
          throw throttlingError();
        }
        return next(args);
      },
    { step: 'deserialize', name: 'chaosThrottle' },
  );
  return log;
}

/** Fails every request of `command` while `failing()` says so (e.g. SNS `PublishCommand`), without sending it. */
export function failCommand(client: StackClient, command: string, failing: () => boolean, error: () => Error = serverError): FaultLog {
  const log = newLog();
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (context.commandName !== command) return next(args);
      log.attempts[command] = (log.attempts[command] ?? 0) + 1;
      if (!failing()) return next(args);
      log.injected.push(`${command} failed`);
      throw error();
    },
    { step: 'deserialize', name: `chaosFail${command}` },
  );
  return log;
}

/** The error a "killed" process's calls get: nothing after the kill reaches AWS. */
export class ProcessKilled extends Error {
  override readonly name = 'ProcessKilled';
}

/**
 * Simulates `kill -9` at one point: once `killsAt` matches a DynamoDB request, that
 * request and every later one on the given clients fail without being sent, as if
 * the process had died just before it.
 */
export function killProcessAt(dynamo: StackClient, others: readonly StackClient[], killsAt: (request: HttpRequest) => boolean): { killed: boolean } {
  const state = { killed: false };
  const dead = (next: (args: { request: HttpRequest }) => Promise<unknown>) => async (args: { request: HttpRequest }) => {
    if (state.killed) throw new ProcessKilled('the process was killed');
    return next(args);
  };
  dynamo.middlewareStack.add(
    (next: (args: { request: HttpRequest }) => Promise<unknown>) => async (args: { request: HttpRequest }) => {
      if (!state.killed && killsAt(args.request)) state.killed = true;
      return dead(next)(args);
    },
    { step: 'deserialize', name: 'chaosKill' },
  );
  for (const client of others) client.middlewareStack.add(dead, { step: 'deserialize', name: 'chaosKilled' });
  return state;
}

/** Counts the calls that succeeded, by command name (e.g. `DeleteEndpointCommand`), attempts that failed excluded. */
export function countSuccessfulCalls(client: StackClient): Record<string, number> {
  const counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const output = await next(args);
      const command = context.commandName ?? 'unknown';
      if (succeeded(output)) counts[command] = (counts[command] ?? 0) + 1;
      return output;
    },
    { step: 'deserialize', name: 'chaosCountCalls' },
  );
  return counts;
}
