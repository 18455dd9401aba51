/**
 * The custom metrics the sweep handler emits and the alarms infra builds on them
 * agree on namespace, name and dimensions (both read lib/core/deployment-names.ts):
 * checked on the handler's real EMF output.
 */
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resourceErrorsMetric } from '../../infra/sweep-function.js';
import { parseConfig } from '../../lib/config.js';
import { fixedClock } from '../../lib/core/clock.js';
import { COUNTED_DECISIONS, ENV, SWEEP_METRICS } from '../../lib/core/deployment-names.js';
import { createSweepHandler } from '../../lib/lambda/sweep-handler.js';
import { OrphanVolumeSweep } from '../../lib/sweeps/orphan-volumes/index.js';

const context = { functionName: 'finops-ai-orphan-volumes', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the metrics the alarms watch', () => {
  it('are emitted under the names and dimensions infra alarms on (one module defines both)', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv(ENV.ledgerTable, '');
    // The real declaration, finding nothing: only the metrics it emits matter here.
    const sweep = { ...OrphanVolumeSweep, inventory: async () => ({ candidates: [], seen: new Set<string>() }) };
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const handler = createSweepHandler(sweep, { config: parseConfig({}), clock: fixedClock(new Date('2026-01-01T00:00:00Z')) });
      await handler({}, context);
    } finally {
      write.mockRestore();
    }
    const emf = written
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('CloudWatchMetrics'))
      .map((line) => JSON.parse(line));
    const directives = emf.flatMap((e) => e._aws.CloudWatchMetrics as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[]);
    const run = directives.find((d) => d.Metrics.some((m) => m.Name === SWEEP_METRICS.resourceErrors))!;
    const alarmed = resourceErrorsMetric('orphan-volumes');
    expect(run.Namespace).toBe(alarmed.namespace);
    expect(run.Metrics.map((m) => m.Name)).toContain(alarmed.metricName);
    expect(run.Dimensions.flat().sort()).toEqual(Object.keys(alarmed.dimensions!).sort());
    const record = emf.find((e) => SWEEP_METRICS.resourceErrors in e)!;
    expect(Object.fromEntries(Object.keys(alarmed.dimensions!).map((key) => [key, record[key]]))).toEqual(alarmed.dimensions);
    expect(run.Metrics.map((m) => m.Name).sort()).toEqual(
      [
        ...COUNTED_DECISIONS.map((d) => SWEEP_METRICS.findings(d)),
        SWEEP_METRICS.resourceErrors,
        SWEEP_METRICS.noticesSent,
        SWEEP_METRICS.actedMonthlySavingsUsd,
      ].sort(),
    );
  });
});
