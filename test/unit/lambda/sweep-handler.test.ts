import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../lib/config.js';
import { fixedClock } from '../../../lib/core/clock.js';
import { createSweepHandler } from '../../../lib/lambda/sweep-handler.js';
import { OrphanVolumeSweep } from '../../../lib/sweeps/orphan-volumes/index.js';

const context = { functionName: 'finops-ai-orphan-volumes', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createSweepHandler', () => {
  it('takes the sweep declaration and a config; a sweep disabled in it does nothing', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    const config = parseConfig({ sweeps: { 'orphan-volumes': { enabled: false } } });
    const handler = createSweepHandler(OrphanVolumeSweep, { config, clock: fixedClock(new Date('2026-01-01T00:00:00Z')) });
    expect(await handler({}, context)).toEqual({ sweep: 'orphan-volumes', mode: 'report', findings: {}, errors: 0, notices: 0 });
  });

  it('without a config, reads the one bundled beside it and names the file it missed', () => {
    // From source there is no config.json next to lib/lambda: only a built asset has one.
    expect(() => createSweepHandler(OrphanVolumeSweep)).toThrow(/bundled config .*lib[/\\]lambda[/\\]config\.json \(orphan-volumes\)/);
  });
});
