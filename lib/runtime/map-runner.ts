/**
 * A local stand-in for a Step Functions Distributed Map: runs one function over every
 * item with at most `concurrency` at once (`MaxConcurrency`), retries an item that
 * throws with exponential backoff (a `Retry` of `IntervalSeconds`, `BackoffRate`,
 * `MaxAttempts`), and hands an item that still fails to `onFailure` (the `Catch`), so
 * one item's failure never stops the others. The CLI and the benches run account and
 * region pairs through it with the same per-pair function the Lambda runs.
 */

/** Retry of a failed item, as a Step Functions `Retry` states it. */
export interface MapRetry {
  /** Attempts in all, the first included (`MaxAttempts` + 1). @default 3 */
  readonly attempts?: number;
  /** Wait before the first retry, in ms (`IntervalSeconds` x 1000). @default 1000 */
  readonly intervalMs?: number;
  /** Each wait is the previous one times this (`BackoffRate`). @default 2 */
  readonly backoffRate?: number;
}

/** Options of {@link runMap}. */
export interface MapOptions<I, R> {
  /** Items run at once (`MaxConcurrency`); at least 1. */
  readonly concurrency: number;
  readonly retry?: MapRetry;
  /** The item's work; `attempt` counts from 1. */
  readonly run: (item: I, attempt: number) => Promise<R>;
  /** What an item that failed every attempt gives (the `Catch`), from its last error. */
  readonly onFailure: (item: I, error: unknown) => Promise<R>;
  /** @default - a timer */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `options.run` over `items`; the results in the items' order.
 *
 * @example
 * const results = await runMap(pairs, { concurrency: 10, run: (p) => runSweepPair(p, o), onFailure: (p, e) => recordPairFailure(p, failureOf(e), o) });
 */
export async function runMap<I, R>(items: readonly I[], options: MapOptions<I, R>): Promise<R[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const attempts = Math.max(1, options.retry?.attempts ?? 3);
  const interval = options.retry?.intervalMs ?? 1000;
  const rate = options.retry?.backoffRate ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      let lastError: unknown;
      let done = false;
      for (let attempt = 1; attempt <= attempts && !done; attempt++) {
        if (attempt > 1) await sleep(interval * rate ** (attempt - 2));
        try {
          results[index] = await options.run(item, attempt);
          done = true;
        } catch (error) {
          lastError = error;
        }
      }
      if (!done) results[index] = await options.onFailure(item, lastError);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
