import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../../lib/config.js';
import { MissingEnvironmentError } from '../../../lib/core/errors.js';
import { formOf, functionUrlResult, linkRequestOf, type FunctionUrlEvent } from '../../../lib/links/function-url.js';
import { PAGE_HEADERS } from '../../../lib/links/handle-request.js';
import { createLinksHandler } from '../../../lib/lambda/links-handler.js';
import { linksLambdaConfig, parseLinksLambdaConfig } from '../../../lib/lambda/links-config.js';
import { SWEEPS } from '../../../lib/sweeps/registry.js';

const context = { functionName: 'finops-ai-owner-links', awsRequestId: 'req-1' } as unknown as Context;
const ENV = { AWS_REGION: 'us-east-1', FINOPS_LEDGER_TABLE: 'ledger', FINOPS_LINKS_KEY_ID: 'arn:aws:kms:us-east-1:1:key/k' };

function event(patch: Partial<FunctionUrlEvent> = {}): FunctionUrlEvent {
  return {
    rawPath: '/',
    rawQueryString: 'choice=keep-7d&resource=churn&token=nope',
    headers: {},
    requestContext: { requestId: 'r-1', http: { method: 'GET' } },
    ...patch,
  };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('owner-links Lambda', () => {
  const bundled = JSON.parse(JSON.stringify(linksLambdaConfig(parseConfig({ locale: 'ja', ownerActions: { enabled: true } }), SWEEPS))) as unknown;

  it('reads its bundled config: the shared settings and the sweeps’ English titles', () => {
    const { config, sweepLabels } = parseLinksLambdaConfig(bundled, 'test');
    expect(config.locale).toBe('ja');
    expect(config.ownerActions).toEqual({ enabled: true, maxSnoozeDays: 90, allowExempt: false });
    expect(sweepLabels['orphan-volumes']).toEqual({ title: 'Orphan EBS volumes', description: expect.stringContaining('snapshot the volume') });
    expect(() => parseLinksLambdaConfig({ ...(bundled as object), sweepLabels: { x: { title: 1 } } }, 'test')).toThrow(/sweepLabels/);
  });

  it('answers a function URL request: a link that is not one is refused (403) before any AWS call', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    const handler = createLinksHandler({ config: parseLinksLambdaConfig(bundled, 'test'), env: ENV });
    const refused = await handler(event(), context);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers).toEqual(PAGE_HEADERS);
    expect(refused.body).toContain('このリンクは使用できません');
    expect((await handler(event({ rawPath: '/favicon.ico' }), context)).statusCode).toBe(404);
  });

  it('a missing variable fails the invocation (the Errors alarm), not the import', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'CRITICAL');
    const handler = createLinksHandler({ config: parseLinksLambdaConfig(bundled, 'test'), env: { AWS_REGION: 'us-east-1' } });
    await expect(handler(event(), context)).rejects.toThrow(MissingEnvironmentError);
  });

  it('reads form bodies, base64 or not, only when they say they are forms and are small', () => {
    const body = Buffer.from('reason=not%20needed&until=2026-12-24').toString('base64');
    const request = linkRequestOf(
      event({ body, isBase64Encoded: true, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, requestContext: { http: { method: 'post' } } }),
    );
    expect(request.method).toBe('POST');
    expect(request.form?.get('reason')).toBe('not needed');
    expect(request.requestId).toBeUndefined();
    expect(formOf('application/json', '{"reason":"x"}')).toBeNull();
    expect(formOf('application/x-www-form-urlencoded', `reason=${'x'.repeat(20_000)}`)).toBeNull();
    expect(functionUrlResult({ status: 200, headers: { a: 'b' }, body: 'ok' })).toEqual({ statusCode: 200, headers: { a: 'b' }, body: 'ok' });
  });
});
