import { describe, expect, it } from 'vitest';
import { runMap } from '../../../lib/runtime/map-runner.js';

describe('runMap, the local stand-in for a Distributed Map', () => {
  it('runs at most `concurrency` items at once and keeps the order of results', async () => {
    let running = 0;
    let peak = 0;
    const results = await runMap([1, 2, 3, 4, 5, 6, 7], {
      concurrency: 3,
      run: async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return n * 10;
      },
      onFailure: () => Promise.resolve(-1),
    });
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  it('retries a failing item with exponential backoff, then hands it to onFailure; the others complete', async () => {
    const waits: number[] = [];
    const attempts = new Map<string, number>();
    const results = await runMap(['ok', 'flaky', 'broken'], {
      concurrency: 2,
      retry: { attempts: 3, intervalMs: 100, backoffRate: 2 },
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      run: (item, attempt) => {
        attempts.set(item, attempt);
        if (item === 'broken' || (item === 'flaky' && attempt < 2)) return Promise.reject(new Error(`${item} failed`));
        return Promise.resolve(`${item}:done`);
      },
      onFailure: (item, error) => Promise.resolve(`${item}:caught ${(error as Error).message}`),
    });
    expect(results).toEqual(['ok:done', 'flaky:done', 'broken:caught broken failed']);
    expect(Object.fromEntries(attempts)).toEqual({ ok: 1, flaky: 2, broken: 3 });
    expect(waits.sort((a, b) => a - b)).toEqual([100, 100, 200]);
  });
});
